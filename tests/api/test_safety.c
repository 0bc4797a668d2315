/*
 * test_safety.c: red-flag triage, rule set v2, over the API (CONTRACT.md
 * "Red-flag triage (rule set v2)"): warning signs before the intake is
 * finished, one meaning of "paused", a rule firing again adding to its open
 * alert, the standing history and the record's age merged into later
 * triages, under-16s, a session's and a check-up's red flags, and the
 * organization's emergency number and crisis line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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

static const char *jstr(const json_t *j, const char *key)
{
    const char *s = json_string_value(json_object_get(j, key));
    return s ? s : "";
}

/* A new patient of org 1 born in `year`, on clinician 1's team, signed in. */
static void new_patient(const char *name, const char *year, char *id, struct client *c)
{
    char email[128], user[40];
    json_t *j;

    snprintf(email, sizeof(email), "%s@example.org", name);
    for (char *p = email; *p; p++)
        if (*p == ' ')
            *p = '.';
    server_cli_id(
        &srv, NULL,
        CLI_ARGS("patient", "add", "--name", name, "--birth-year", year, "--org", w.org1, "--json"),
        id);
    server_cli_id(&srv, WORLD_PASSWORD "\n",
                  CLI_ARGS("user", "add", "--org", w.org1, "--role", "patient", "--email", email,
                           "--patient", id, "--password-stdin", "--json"),
                  user);
    j = server_cli(
        &srv, NULL,
        CLI_ARGS("care", "add", "--patient", id, "--clinician", w.user[CLIN_A], "--json"));
    json_decref(j);
    json_decref(login(&srv, c, email, WORLD_PASSWORD));
}

/* {"intake": examples/intake.json with its red_flags replaced by `flags` and
 * its age left out, "date": today}. */
static char *intake_with(const char *flags)
{
    char path[512], *text;
    json_t *doc, *body;

    snprintf(path, sizeof(path), "%s/examples/intake.json", MOVERX_SOURCE_DIR);
    text = read_whole_file(path, NULL);
    assert_non_null(text);
    doc = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(doc);
    json_object_del(doc, "age");
    json_object_set_new(doc, "red_flags", json_loads(flags, 0, NULL));
    /* dated like the entries that follow, even across midnight UTC */
    body = json_pack("{so, ss}", "intake", doc, "date", w.today);
    text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    return text;
}

/* POST path under the patient, as c; the response is the caller's to free. */
static void post_as(const struct client *c, const char *id, const char *what, const char *body,
                    struct response *r)
{
    char path[160];
    snprintf(path, sizeof(path), "/api/v1/patients/%s/%s", id, what);
    http_do(&srv, c, "POST", path, body, NULL, r);
}

static void get_as(const struct client *c, const char *id, const char *what, struct response *r)
{
    char path[160];
    snprintf(path, sizeof(path), "/api/v1/patients/%s/%s", id, what);
    http_do(&srv, c, "GET", path, NULL, NULL, r);
}

/* The open alerts of a patient as the care team sees them (a new reference). */
static json_t *alerts_of(const char *id)
{
    struct response r;
    json_t *mine = json_array(), *a;
    size_t i;

    http_do(&srv, &w.who[CLIN_A], "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "alerts"), i,
                       a) if (strcmp(jstr(a, "patient"), id) == 0) json_array_append(mine, a);
    response_free(&r);
    return mine;
}

static json_t *alert_of_rule(json_t *alerts, const char *rule)
{
    json_t *a;
    size_t i;
    json_array_foreach(alerts, i, a) if (strcmp(jstr(a, "rule"), rule) == 0) return a;
    return NULL;
}

/* A patient with no intake ticks numbness around the bottom at a check-in:
 * what to do now, an emergency alert, and a stopped program that only the
 * care team restarts. Without a warning sign, the check-in waits for the intake. */
static void no_intake_yet_an_emergency_still_acts(void **state)
{
    struct client pc;
    struct response r;
    char id[40], body[256];
    json_t *alerts, *a;
    char *intake = intake_with("{}");
    (void)state;

    new_patient("Ada Early", "1985", id, &pc);
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":3}", w.today);
    post_as(&pc, id, "checkins", body, &r);
    assert_int_equal(r.status, 409);
    assert_string_equal(jstr(json_object_get(r.json, "error"), "code"), "no_program");
    response_free(&r);
    alerts = alerts_of(id);
    assert_int_equal(json_array_size(alerts), 0); /* nothing stored */
    json_decref(alerts);

    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain\":6,\"red_flags\":{\"saddle_numbness\":true}}", w.today);
    post_as(&pc, id, "checkins", body, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "recorded"), "triage");
    assert_string_equal(jstr(r.json, "status"), "stopped");
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "tier"), "emergency");
    assert_true(strncmp(jstr(json_array_get(
                                 json_object_get(json_object_get(r.json, "triage"), "reasons"), 0),
                             "message"),
                        "Call your emergency number now", 30) == 0);
    response_free(&r);

    alerts = alerts_of(id);
    a = alert_of_rule(alerts, "saddle_numbness");
    assert_non_null(a);
    assert_string_equal(jstr(a, "tier"), "emergency");
    assert_true(strstr(jstr(a, "detail"), "check-in: saddle numbness") != NULL);
    json_decref(alerts);

    get_as(&pc, id, "today", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "stopped");
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    assert_string_equal(jstr(json_array_get(json_object_get(r.json, "reasons"), 0), "rule"),
                        "saddle_numbness");
    response_free(&r);

    /* the patient may not start a program now; the care team may, after review */
    post_as(&pc, id, "intake", intake, &r);
    assert_int_equal(r.status, 409); /* a stopped program: a conflict */
    assert_true(strstr(r.body, "review") != NULL);
    response_free(&r);
    intake[strlen(intake) - 1] = '\0';
    {
        char *again = malloc(strlen(intake) + 32);
        sprintf(again, "%s,\"after_review\":true}", intake);
        post_as(&w.who[CLIN_A], id, "intake", again, &r);
        free(again);
    }
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "status"), "active");
    response_free(&r);
    free(intake);
}

/* Warning signs any time, on their own route: urgent before any intake is an
 * alert of no episode; the export holds it. */
static void warning_signs_reported_any_time(void **state)
{
    struct client pc;
    struct response r;
    char id[40];
    json_t *alerts, *a;
    (void)state;

    new_patient("Bo Before", "1990", id, &pc);
    post_as(&pc, id, "triage", "{\"red_flags\":{\"fever_or_chills\":true}}", &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "status"), "no_program");
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "program"), "pause");
    response_free(&r);
    alerts = alerts_of(id);
    a = alert_of_rule(alerts, "fever");
    assert_non_null(a);
    assert_true(json_is_null(json_object_get(a, "episode")));
    json_decref(alerts);
    get_as(&pc, id, "export", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(json_array_get(json_object_get(r.json, "alerts"), 0), "rule"),
                        "fever");
    response_free(&r);
    /* bad input names the field and stores nothing */
    post_as(&pc, id, "triage", "{\"red_flags\":{\"fever\":true}}", &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(jstr(json_object_get(r.json, "error"), "field"), "red_flags.fever");
    response_free(&r);
    post_as(&pc, id, "triage", "{}", &r);
    assert_int_equal(r.status, 400);
    response_free(&r);
}

/* Paused: no exercises, no session; check-ins go on; the same urgent sign
 * again adds to its one open alert; a clinician's resume lets sessions go on. */
static void paused_means_no_exercises_and_one_alert(void **state)
{
    struct client pc;
    struct response r;
    char id[40], body[256], path[160];
    json_t *alerts, *a;
    char *intake = intake_with("{}");
    (void)state;

    new_patient("Cy Paused", "1980", id, &pc);
    post_as(&pc, id, "intake", intake, &r);
    assert_int_equal(r.status, 201);
    response_free(&r);
    free(intake);
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain\":4,\"red_flags\":{\"unexplained_weight_loss\":true}}",
             w.today);
    post_as(&pc, id, "checkins", body, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "status"), "paused");
    response_free(&r);

    get_as(&pc, id, "today", &r);
    assert_string_equal(jstr(r.json, "status"), "paused");
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
    assert_true(json_is_null(json_object_get(r.json, "walking")));
    assert_true(strstr(jstr(r.json, "message"), "keep gently active") != NULL);
    assert_string_equal(jstr(json_array_get(json_object_get(r.json, "reasons"), 0), "rule"),
                        "weight_loss");
    response_free(&r);

    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain_during\":2}", w.today);
    post_as(&pc, id, "sessions", body, &r);
    assert_int_equal(r.status, 409);
    assert_true(strstr(jstr(json_object_get(r.json, "error"), "message"), "paused") != NULL);
    response_free(&r);

    /* the same sign again on a flare report, the day's check-in already taken:
     * the flare is not recorded, its warning sign is (one alert, a second
     * occurrence, no second pause); a flare without a sign is refused */
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain\":7,\"red_flags\":{\"unexplained_weight_loss\":true}}",
             w.today);
    post_as(&pc, id, "flare", body, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "recorded"), "triage");
    assert_string_equal(jstr(r.json, "status"), "paused");
    assert_int_equal(json_array_size(json_object_get(r.json, "decisions")), 0);
    response_free(&r);
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":7}", w.today);
    post_as(&pc, id, "flare", body, &r);
    assert_int_equal(r.status, 409);
    assert_string_equal(jstr(json_object_get(r.json, "error"), "field"), "date");
    response_free(&r);
    alerts = alerts_of(id);
    assert_int_equal(json_array_size(alerts), 1);
    a = json_array_get(alerts, 0);
    assert_string_equal(jstr(a, "rule"), "weight_loss");
    assert_int_equal(json_integer_value(json_object_get(a, "occurrences")), 2);
    assert_true(strstr(jstr(a, "detail"), "\n") != NULL); /* a line an occurrence */

    snprintf(path, sizeof(path), "/api/v1/alerts/%s/resolve", jstr(a, "id"));
    http_do(&srv, &w.who[CLIN_A], "POST", path,
            "{\"note\":\"Seen today; weight stable, bloods normal.\",\"resume_program\":true}",
            NULL, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    json_decref(alerts);
    get_as(&pc, id, "today", &r);
    assert_string_equal(jstr(r.json, "status"), "active");
    assert_true(json_array_size(json_object_get(r.json, "items")) > 0);
    response_free(&r);
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain_during\":2}", w.today);
    post_as(&pc, id, "sessions", body, &r);
    assert_int_equal(r.status, 201);
    response_free(&r);
}

/* The intake's standing history is merged into a check-in that does not ask
 * it again: immunosuppressed and 37.6 C is urgent. What the history fires on
 * its own was acted on at the intake and is not raised again. */
static void standing_history_is_merged_into_a_check_in(void **state)
{
    struct client pc;
    struct response r;
    char id[40], body[256];
    json_t *alerts, *a;
    char *intake = intake_with("{\"immunosuppressed\":true}");
    (void)state;

    new_patient("Di Standing", "1980", id, &pc);
    post_as(&pc, id, "intake", intake, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "tier"), "routine");
    response_free(&r);
    free(intake);
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain\":4,\"red_flags\":{\"temperature_c\":37.6}}", w.today);
    post_as(&pc, id, "checkins", body, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "tier"), "urgent");
    assert_string_equal(
        jstr(json_array_get(json_object_get(json_object_get(r.json, "triage"), "reasons"), 0),
             "rule"),
        "infection_risk");
    assert_int_equal(json_array_size(json_object_get(json_object_get(r.json, "triage"), "reasons")),
                     1);
    assert_string_equal(jstr(r.json, "status"), "paused");
    response_free(&r);
    alerts = alerts_of(id);
    a = alert_of_rule(alerts, "infection_risk");
    assert_non_null(a);
    assert_true(strstr(jstr(a, "detail"), "temperature 37.6 \u00b0C; immunosuppressed (intake)"));
    a = alert_of_rule(alerts, "risk_factor");
    assert_non_null(a);
    assert_int_equal(json_integer_value(json_object_get(a, "occurrences")), 1);
    json_decref(alerts);
}

/* Without an age in the intake, the record's birth year gives it: a minor
 * knock at 66 is a possible fragility fracture (urgent, not an emergency). */
static void the_records_age_is_used_at_intake(void **state)
{
    struct client pc;
    struct response r;
    char id[40];
    char *intake = intake_with("{\"trauma\":\"minor\"}");
    (void)state;

    new_patient("Ed Older", "1960", id, &pc);
    post_as(&pc, id, "intake", intake, &r);
    free(intake);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "tier"), "urgent");
    assert_string_equal(
        jstr(json_array_get(json_object_get(json_object_get(r.json, "triage"), "reasons"), 0),
             "rule"),
        "fragility_fracture");
    assert_string_equal(jstr(r.json, "status"), "paused");
    response_free(&r);
}

/* Under 16: no program is made; the person is sent to a doctor. */
static void under_16_starts_no_program(void **state)
{
    struct client pc;
    struct response r;
    char id[40], body[160];
    char *intake = intake_with("{}");
    (void)state;

    new_patient("Flo Young", "2014", id, &pc);
    post_as(&pc, id, "intake", intake, &r);
    free(intake);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "status"), "not_started");
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "program"), "not_started");
    assert_true(json_is_null(json_object_get(r.json, "plan")));
    response_free(&r);
    get_as(&pc, id, "today", &r);
    assert_string_equal(jstr(r.json, "status"), "not_started");
    assert_true(strstr(jstr(json_array_get(json_object_get(r.json, "reasons"), 0), "message"),
                       "see a doctor") != NULL);
    response_free(&r);
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain_during\":2}", w.today);
    post_as(&pc, id, "sessions", body, &r);
    assert_int_equal(r.status, 409);
    response_free(&r);
}

/* A session's warning signs and the check-up's weeks without improvement are
 * triaged as a check-in's are. */
static void sessions_and_check_ups_are_triaged(void **state)
{
    struct client pc;
    struct response r;
    char id[40], body[256];
    json_t *alerts;
    char *intake = intake_with("{}");
    (void)state;

    new_patient("Gus Session", "1980", id, &pc);
    post_as(&pc, id, "intake", intake, &r);
    assert_int_equal(r.status, 201);
    response_free(&r);
    free(intake);
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"rmdq\":[2,5],\"red_flags\":{\"weeks_without_improvement\":4}}",
             w.today);
    post_as(&pc, id, "assessments", body, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "tier"), "routine");
    response_free(&r);
    alerts = alerts_of(id);
    assert_non_null(alert_of_rule(alerts, "no_improvement"));
    json_decref(alerts);

    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain_during\":3,\"red_flags\":{\"chest_pain\":true}}", w.today);
    post_as(&pc, id, "sessions", body, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "recorded"), "session");
    assert_string_equal(jstr(r.json, "status"), "stopped");
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "tier"), "emergency");
    response_free(&r);
}

/* The organization's numbers: admins set them, checked as a phone would dial
 * them; every signed-in user reads them. */
static void emergency_number_and_crisis_line(void **state)
{
    struct response r;
    (void)state;

    http_do(&srv, &w.who[ADMIN], "PATCH", "/api/v1/org", "{\"emergency_number\":\"nine9nine\"}",
            NULL, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(jstr(json_object_get(r.json, "error"), "field"), "emergency_number");
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "PATCH", "/api/v1/org",
            "{\"emergency_number\":\"999\",\"crisis_line\":\"116 123\"}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "emergency_number"), "999");
    response_free(&r);
    http_do(&srv, &w.who[PATIENT_A], "GET", "/api/v1/org", NULL, NULL, &r);
    assert_string_equal(jstr(r.json, "emergency_number"), "999");
    assert_string_equal(jstr(r.json, "crisis_line"), "116 123");
    response_free(&r);
    http_do(&srv, &w.who[CLIN_A], "PATCH", "/api/v1/org", "{\"emergency_number\":\"911\"}", NULL,
            &r);
    assert_int_equal(r.status, 403);
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "PATCH", "/api/v1/org", "{\"crisis_line\":null}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(json_is_null(json_object_get(r.json, "crisis_line")));
    assert_string_equal(jstr(r.json, "emergency_number"), "999"); /* left as it was */
    response_free(&r);
    /* the clinic's phone for the handouts: set, refused when it is no number, removed */
    http_do(&srv, &w.who[ADMIN], "PATCH", "/api/v1/org", "{\"phone\":\"call us\"}", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(jstr(json_object_get(r.json, "error"), "field"), "phone");
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "PATCH", "/api/v1/org", "{\"phone\":\"01632 960 555\"}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "phone"), "01632 960 555");
    assert_string_equal(jstr(r.json, "emergency_number"), "999");
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "PATCH", "/api/v1/org", "{\"phone\":null}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(json_is_null(json_object_get(r.json, "phone")));
    response_free(&r);
    /* the other organization keeps its own */
    http_do(&srv, &w.who[ADMIN_OTHER], "GET", "/api/v1/org", NULL, NULL, &r);
    assert_string_equal(jstr(r.json, "emergency_number"), "112");
    assert_true(json_is_null(json_object_get(r.json, "phone")));
    response_free(&r);
}

/* The check-in asks only what can change; the intake asks the standing history. */
static void check_ins_ask_only_what_can_change(void **state)
{
    struct response r;
    json_t *q;
    size_t i;
    bool fever = false, cancer_at_intake = false;
    (void)state;

    http_do(&srv, &w.who[PATIENT_A], "GET", "/api/v1/checkin-questions", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "red_flags"), i, q)
    {
        const char *f = jstr(q, "field");
        assert_true(strcmp(f, "cancer_history") && strcmp(f, "iv_drug_use") &&
                    strcmp(f, "immunosuppressed") && strcmp(f, "osteoporosis") &&
                    strcmp(f, "long_term_steroids"));
        fever |= strcmp(f, "fever_or_chills") == 0;
    }
    json_array_foreach(json_object_get(r.json, "intake_red_flags"), i, q) cancer_at_intake |=
        strcmp(jstr(q, "field"), "cancer_history") == 0;
    assert_true(fever);
    assert_true(cancer_at_intake);
    response_free(&r);
}

/* A fever reported before the intake, then again at the intake: the one
 * alert joins the episode the intake starts, and resolving it lifts the
 * pause. A pause whose alerts were all resolved without resuming it is
 * lifted by the care team's resume, never by the patient. */
static void a_pause_can_always_be_lifted(void **state)
{
    struct client pc;
    struct response r;
    char id[40], path[160], alert[64];
    json_t *alerts, *a;
    char *intake = intake_with("{\"temperature_c\":38.5}");
    (void)state;

    new_patient("Hal Fever", "1980", id, &pc);
    post_as(&pc, id, "triage", "{\"red_flags\":{\"fever_or_chills\":true}}", &r);
    assert_int_equal(r.status, 201);
    response_free(&r);
    post_as(&pc, id, "intake", intake, &r);
    free(intake);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "status"), "paused");
    response_free(&r);
    alerts = alerts_of(id);
    assert_int_equal(json_array_size(alerts), 1);
    a = json_array_get(alerts, 0);
    assert_int_equal(json_integer_value(json_object_get(a, "occurrences")), 2);
    assert_true(json_is_string(json_object_get(a, "episode"))); /* it joined the episode */
    snprintf(alert, sizeof(alert), "%s", jstr(a, "id"));
    json_decref(alerts);
    snprintf(path, sizeof(path), "/api/v1/alerts/%s/resolve", alert);
    http_do(&srv, &w.who[CLIN_A], "POST", path,
            "{\"note\":\"Seen; a urinary infection, treated.\",\"resume_program\":true}", NULL, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    get_as(&pc, id, "today", &r);
    assert_string_equal(jstr(r.json, "status"), "active");
    response_free(&r);

    /* paused again; the alert resolved without resuming; then resumed */
    post_as(&pc, id, "triage", "{\"red_flags\":{\"unexplained_weight_loss\":true}}", &r);
    assert_string_equal(jstr(r.json, "status"), "paused");
    snprintf(alert, sizeof(alert), "%s",
             jstr(json_array_get(json_object_get(r.json, "alerts"), 0), "id"));
    response_free(&r);
    snprintf(path, sizeof(path), "/api/v1/alerts/%s/resolve", alert);
    http_do(&srv, &w.who[CLIN_A], "POST", path, "{\"note\":\"Booked with the GP.\"}", NULL, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    get_as(&pc, id, "today", &r);
    assert_string_equal(jstr(r.json, "status"), "paused");
    response_free(&r);
    post_as(&pc, id, "resume", "{\"note\":\"I feel fine\"}", &r);
    assert_int_equal(r.status, 403);
    response_free(&r);
    post_as(&w.who[CLIN_A], id, "resume", "{\"note\":\"GP saw her; weight steady.\"}", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "active");
    response_free(&r);
    post_as(&w.who[CLIN_A], id, "resume", "{\"note\":\"again\"}", &r);
    assert_int_equal(r.status, 409); /* not paused: a clash with what is stored */
    assert_string_equal(jstr(json_object_get(r.json, "error"), "field"), "patient");
    response_free(&r);
    get_as(&pc, id, "plan", &r);
    assert_true(strstr(r.body, "GP saw her; weight steady.") != NULL); /* the note is kept */
    response_free(&r);
}

/* A check-in dated before the program started (queued offline before the
 * intake, say) is refused, but not its warning signs; the triage route gives
 * a patient's answers the record's age, as the intake does. */
static void dates_and_ages_never_hide_a_sign(void **state)
{
    struct client pc, teen;
    struct response r;
    char id[40], teen_id[40], body[256], year[8];
    char *intake = intake_with("{}");
    (void)state;

    new_patient("Ida Dated", "1980", id, &pc);
    post_as(&pc, id, "intake", intake, &r);
    free(intake);
    assert_int_equal(r.status, 201);
    response_free(&r);
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":5}", w.start); /* a week before */
    post_as(&pc, id, "checkins", body, &r);
    assert_int_equal(r.status, 400);
    response_free(&r);
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain\":5,\"red_flags\":{\"bowel_incontinence\":true}}", w.start);
    post_as(&pc, id, "checkins", body, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "recorded"), "triage");
    assert_string_equal(jstr(r.json, "status"), "stopped");
    response_free(&r);

    /* 16 this year by the birth year may still be 15 */
    snprintf(year, sizeof(year), "%d", (int)strtol(w.today, NULL, 10) - 16);
    new_patient("Jo Teen", year, teen_id, &teen);
    http_do(&srv, &teen, "POST", "/api/v1/triage", "{\"red_flags\":{}}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "program"), "not_started");
    response_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_intake_yet_an_emergency_still_acts),
        cmocka_unit_test(warning_signs_reported_any_time),
        cmocka_unit_test(paused_means_no_exercises_and_one_alert),
        cmocka_unit_test(a_pause_can_always_be_lifted),
        cmocka_unit_test(dates_and_ages_never_hide_a_sign),
        cmocka_unit_test(standing_history_is_merged_into_a_check_in),
        cmocka_unit_test(the_records_age_is_used_at_intake),
        cmocka_unit_test(under_16_starts_no_program),
        cmocka_unit_test(sessions_and_check_ups_are_triaged),
        cmocka_unit_test(emergency_number_and_crisis_line),
        cmocka_unit_test(check_ins_ask_only_what_can_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
