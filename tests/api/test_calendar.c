/*
 * test_calendar.c: reminder settings and the private calendar feed over
 * HTTP (api/reminders.c, records/calendar.c), read back by libical's own
 * parser and recurrence expander, with the checks RFC 5545 asks of every
 * line (CRLF, at most 75 octets) and of every event (UID, DTSTAMP).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>
#include <sqlite3.h>

#include "harness.h"

static struct server srv;
static struct world w;

static int setup(void **state)
{
    (void)state;
    server_prepare(&srv);
    server_start(&srv, NULL);
    world_build(&srv, &w);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    server_stop(&srv, false);
    return 0;
}

static void path_of(char *out, size_t size, const char *patient, const char *what)
{
    snprintf(out, size, "/api/v1/patients/%s/%s", patient, what);
}

static long call(const struct client *c, const char *method, const char *path, const char *body,
                 struct response *r)
{
    http_do(&srv, c, method, path, body, NULL, r);
    return r->status;
}

/* A 400 naming the field. */
static void refused(const char *body, const char *field)
{
    struct response r;
    char path[128];

    path_of(path, sizeof(path), w.patient_a, "reminders");
    assert_int_equal(call(&w.who[PATIENT_A], "PATCH", path, body, &r), 400);
    const char *named =
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field"));
    if (!named || strcmp(named, field) != 0)
        fail_msg("%s: expected the field %s named: %s", body, field, r.body);
    response_free(&r);
}

static void settings_are_the_patients_own(void **state)
{
    struct response r;
    char path[128];
    (void)state;

    path_of(path, sizeof(path), w.patient_a, "reminders");
    assert_int_equal(call(&w.who[PATIENT_A], "GET", path, NULL, &r), 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "time")), "18:00");
    assert_int_equal(json_integer_value(json_object_get(r.json, "revision")), 0);
    response_free(&r);

    assert_int_equal(call(&w.who[PATIENT_A], "PATCH", path,
                          "{\"time\":\"07:30\",\"time_zone\":\"Europe/London\","
                          "\"days\":[\"mon\",\"wed\",\"fri\"],"
                          "\"quiet_hours\":{\"start\":\"22:00\",\"end\":\"07:00\"}}",
                          &r),
                     200);
    assert_string_equal(json_string_value(json_object_get(r.json, "time_zone")), "Europe/London");
    assert_int_equal(json_array_size(json_object_get(r.json, "days")), 3);
    assert_int_equal(json_integer_value(json_object_get(r.json, "revision")), 1);
    response_free(&r);

    /* a time that could never be sent, a zone or day that is not one, a field that is not one */
    refused("{\"time\":\"23:15\"}", "time");
    refused("{\"time\":\"24:00\"}", "time");
    refused("{\"time_zone\":\"Mars/Olympus_Mons\"}", "time_zone");
    refused("{\"time_zone\":\"../../etc/passwd\"}", "time_zone");
    refused("{\"days\":[\"mon\",\"mon\"]}", "days");
    refused("{\"days\":[\"someday\"]}", "days");
    refused("{\"quiet_hours\":{\"start\":\"22:00\"}}", "quiet_hours");
    refused("{\"sms\":true}", "sms");

    /* null clears the quiet hours (a merge patch), and nothing else moves */
    assert_int_equal(call(&w.who[PATIENT_A], "PATCH", path, "{\"quiet_hours\":null}", &r), 200);
    assert_true(json_is_null(json_object_get(r.json, "quiet_hours")));
    assert_string_equal(json_string_value(json_object_get(r.json, "time")), "07:30");
    assert_int_equal(json_integer_value(json_object_get(r.json, "revision")), 2);
    response_free(&r);
}

/* Every line ends in CRLF and holds at most 75 octets (RFC 5545 3.1). */
static void lines_are_folded(const char *ics, size_t len)
{
    size_t start = 0;

    for (size_t i = 0; i < len; i++) {
        if (ics[i] == '\n') {
            if (i == 0 || ics[i - 1] != '\r')
                fail_msg("a bare LF at octet %zu", i);
            if (i - 1 - start > 75)
                fail_msg("a line of %zu octets: %.80s", i - 1 - start, ics + start);
            start = i + 1;
        }
    }
    assert_int_equal(start, len); /* the last line ends in CRLF too */
}

/* The feed parsed by libical: the zone, and each event's UID, DTSTAMP, alarm and occurrences. */
static icalcomponent *parse_feed(const char *ics)
{
    icalcomponent *cal = icalparser_parse_string(ics), *c;
    int events = 0;

    assert_non_null(cal);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    c = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
    assert_non_null(c);
    assert_string_equal(
        icalproperty_get_tzid(icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY)),
        "Europe/London");
    for (c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
         c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        icalproperty *start = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
        struct icaltimetype dt = icalproperty_get_dtstart(start);
        events++;
        assert_non_null(strstr(icalcomponent_get_uid(c), "@moverx"));
        assert_non_null(icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY));
        assert_true(icaltime_is_utc(icalcomponent_get_dtstamp(c)));
        assert_non_null(icalcomponent_get_first_component(c, ICAL_VALARM_COMPONENT));
        assert_string_equal(
            icalparameter_get_tzid(icalproperty_get_first_parameter(start, ICAL_TZID_PARAMETER)),
            "Europe/London");
        assert_int_equal(dt.hour, 7);
        assert_int_equal(dt.minute, 30);
    }
    assert_true(events >= 1);
    return cal;
}

/* The first occurrences of the feed's open-ended event: all on Mon, Wed or Fri at 07:30
 * London time, which is 07:30 UTC in winter and 06:30 UTC in summer. */
static void occurrences_follow_the_days(icalcomponent *cal)
{
    icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT), *last = NULL;
    icaltimezone *london = icaltimezone_get_builtin_timezone("Europe/London");
    struct icalrecurrencetype rule;
    icalrecur_iterator *it;
    struct icaltimetype t, start;
    int n = 0;

    for (; ev; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
        last = ev;
    rule = icalproperty_get_rrule(icalcomponent_get_first_property(last, ICAL_RRULE_PROPERTY));
    assert_true(icaltime_is_null_time(rule.until)); /* the plan in force has no end */
    start = icalcomponent_get_dtstart(last);
    it = icalrecur_iterator_new(rule, start);
    assert_non_null(it);
    while (n < 40 && !icaltime_is_null_time(t = icalrecur_iterator_next(it))) {
        int wd = icaltime_day_of_week(t); /* 1 Sunday .. 7 Saturday */
        struct icaltimetype utc;
        assert_true(wd == 2 || wd == 4 || wd == 6);
        t.zone = london;
        utc = icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
        assert_true((utc.hour == 7 || utc.hour == 6) && utc.minute == 30);
        n++;
    }
    icalrecur_iterator_free(it);
    assert_int_equal(n, 40);
}

static long audit_count(const char *action, const char *actor)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long n;

    assert_int_equal(sqlite3_open_v2(srv.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM audit_events WHERE action = ?1 AND "
                                        "actor = ?2 AND patient_id = ?3",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, w.patient_a, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* The path of a feed address ("http://host:port/cal/T.ics" -> "/cal/T.ics"). */
static const char *feed_path(const json_t *links)
{
    const char *url = json_string_value(json_object_get(links, "url"));
    assert_non_null(url);
    return strstr(url, "/cal/");
}

static void the_feed_is_private_and_revocable(void **state)
{
    struct response r, feed;
    char path[128], first[160], second[160], uid[160], header[128];
    icalcomponent *cal;
    int seq;
    (void)state;

    path_of(path, sizeof(path), w.patient_a, "reminders");
    assert_int_equal(call(&w.who[PATIENT_A], "PATCH", path,
                          "{\"time\":\"07:30\",\"time_zone\":\"Europe/London\","
                          "\"days\":[\"mon\",\"wed\",\"fri\"]}",
                          &r),
                     200);
    response_free(&r);

    /* a clinician may not make the patient's feed; the patient may, once shown */
    path_of(path, sizeof(path), w.patient_a, "calendar");
    assert_int_equal(call(&w.who[CLIN_A], "POST", path, NULL, &r), 403);
    response_free(&r);
    assert_int_equal(call(&w.who[PATIENT_A], "POST", path, NULL, &r), 201);
    snprintf(first, sizeof(first), "%s", feed_path(r.json));
    assert_int_equal(strlen(first), strlen("/cal/") + 64 + strlen(".ics"));
    assert_non_null(strstr(json_string_value(json_object_get(r.json, "webcal")), "webcal://"));
    assert_non_null(
        strstr(json_string_value(json_object_get(r.json, "google")), "calendar.google.com"));
    assert_non_null(strstr(json_string_value(json_object_get(r.json, "outlook")),
                           "url=http%3A%2F%2F127.0.0.1"));
    response_free(&r);

    /* a calendar app fetches it with no session at all */
    assert_int_equal(call(NULL, "GET", first, NULL, &feed), 200);
    assert_true(response_header(&feed, "Content-Type", header, sizeof(header)));
    assert_non_null(strstr(header, "text/calendar"));
    assert_true(response_header(&feed, "Cache-Control", header, sizeof(header)));
    assert_non_null(strstr(header, "no-store"));
    lines_are_folded(feed.body, feed.len);
    assert_null(strstr(feed.body, w.patient_a)); /* no record id, no name: only the episode's */
    cal = parse_feed(feed.body);
    occurrences_follow_the_days(cal);
    snprintf(uid, sizeof(uid), "%s",
             icalcomponent_get_uid(icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)));
    seq = icalcomponent_get_sequence(icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT));
    icalcomponent_free(cal);
    response_free(&feed);
    assert_true(audit_count("calendar.read", "calendar-feed") >= 1);

    /* a new time is a change to the same event: same UID, a higher SEQUENCE */
    path_of(path, sizeof(path), w.patient_a, "reminders");
    assert_int_equal(call(&w.who[PATIENT_A], "PATCH", path, "{\"time\":\"08:15\"}", &r), 200);
    response_free(&r);
    assert_int_equal(call(NULL, "GET", first, NULL, &feed), 200);
    cal = icalparser_parse_string(feed.body);
    assert_string_equal(
        icalcomponent_get_uid(icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)), uid);
    assert_true(icalcomponent_get_sequence(
                    icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)) > seq);
    assert_non_null(strstr(feed.body, "T081500"));
    icalcomponent_free(cal);
    response_free(&feed);

    /* the download, for a signed-in caller */
    path_of(path, sizeof(path), w.patient_a, "calendar.ics");
    assert_int_equal(call(&w.who[CLIN_A], "GET", path, NULL, &feed), 200);
    assert_true(response_header(&feed, "Content-Disposition", header, sizeof(header)));
    assert_non_null(strstr(header, "attachment"));
    response_free(&feed);

    /* a second address replaces the first */
    path_of(path, sizeof(path), w.patient_a, "calendar");
    assert_int_equal(call(&w.who[PATIENT_A], "POST", path, NULL, &r), 201);
    snprintf(second, sizeof(second), "%s", feed_path(r.json));
    response_free(&r);
    assert_string_not_equal(first, second);
    assert_int_equal(call(NULL, "GET", first, NULL, &feed), 404);
    response_free(&feed);
    assert_int_equal(call(NULL, "GET", second, NULL, &feed), 200);
    response_free(&feed);

    /* the care team stops it (a lost phone): it answers as if it never was */
    assert_int_equal(call(&w.who[CLIN_A], "DELETE", path, NULL, &r), 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "revoked")), 1);
    response_free(&r);
    assert_int_equal(call(NULL, "GET", second, NULL, &feed), 404);
    response_free(&feed);
    assert_int_equal(call(NULL, "GET", "/cal/not-a-token.ics", NULL, &feed), 404);
    response_free(&feed);
    path_of(path, sizeof(path), w.patient_a, "reminders");
    assert_int_equal(call(&w.who[PATIENT_A], "GET", path, NULL, &r), 200);
    assert_false(json_is_true(json_object_get(json_object_get(r.json, "calendar"), "active")));
    response_free(&r);
}

/* A program paused for a warning sign gets no alarm to exercise; a disabled account's feed
 * stops. */
static void no_reminder_while_paused_or_disabled(void **state)
{
    struct response r, feed;
    char path[128], addr[160], body[256];
    (void)state;

    path_of(path, sizeof(path), w.patient_a, "calendar");
    assert_int_equal(call(&w.who[PATIENT_A], "POST", path, NULL, &r), 201);
    snprintf(addr, sizeof(addr), "%s", feed_path(r.json));
    response_free(&r);
    assert_int_equal(call(NULL, "GET", addr, NULL, &feed), 200);
    assert_non_null(strstr(feed.body, "RRULE:FREQ=WEEKLY;BYDAY=")); /* an open-ended one */
    response_free(&feed);

    /* an urgent sign pauses the program until the care team has checked */
    path_of(path, sizeof(path), w.patient_a, "checkins");
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain\":5,\"red_flags\":{\"unexplained_weight_loss\":true}}",
             w.today);
    assert_int_equal(call(&w.who[PATIENT_A], "POST", path, body, &r), 201);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "paused");
    response_free(&r);
    assert_int_equal(call(NULL, "GET", addr, NULL, &feed), 200);
    for (const char *p = feed.body; (p = strstr(p, "RRULE:FREQ=WEEKLY")); p++) {
        const char *end = strstr(p, "\r\n");
        char line[256];
        assert_non_null(end);
        snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
        if (!strstr(line, "UNTIL="))
            fail_msg("a paused program's feed still has an open-ended event: %s", line);
    }
    response_free(&feed);

    /* the account disabled: the feed answers as if it never was */
    snprintf(path, sizeof(path), "/api/v1/users/%s", w.user[PATIENT_A]);
    assert_int_equal(call(&w.who[ADMIN], "PATCH", path, "{\"disabled\":true}", &r), 200);
    response_free(&r);
    assert_int_equal(call(NULL, "GET", addr, NULL, &feed), 404);
    response_free(&feed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(settings_are_the_patients_own),
        cmocka_unit_test(the_feed_is_private_and_revocable),
        cmocka_unit_test(no_reminder_while_paused_or_disabled),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
