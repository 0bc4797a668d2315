/*
 * test_program.c: starting and changing a program over the API: an intake
 * (an emergency answer stops the program and alerts the care team), a
 * clinician's plan change that the patient then reads with its reason,
 * lessons, invitations that set a password once, a cached view of today
 * that is never stale, and cohort outcomes with the program's completion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

/* {"intake": <examples/NAME>} */
static char *intake_body(const char *name)
{
    char path[512], *doc, *body;

    snprintf(path, sizeof(path), "%s/examples/%s", MOVERX_SOURCE_DIR, name);
    doc = read_whole_file(path, NULL);
    assert_non_null(doc);
    body = malloc(strlen(doc) + 32);
    sprintf(body, "{\"intake\":%s}", doc);
    free(doc);
    return body;
}

/* A new patient of org 1 on clinician 1's team, with an account; returns its client. */
static void new_patient(const char *name, const char *email, char *id, struct client *c)
{
    char user[40];
    json_t *j;

    server_cli_id(&srv, NULL,
                  CLI_ARGS("patient", "add", "--name", name, "--birth-year", "1970", "--org",
                           w.org1, "--json"),
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

static void emergency_intake_stops_and_alerts(void **state)
{
    struct client pc;
    struct response r;
    char id[40], path[128];
    char *body = intake_body("intake-emergency.json");
    bool found = false;
    size_t i;
    json_t *a;
    (void)state;

    new_patient("Eve Emergency", "eve@example.org", id, &pc);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/intake", id);
    http_do(&srv, &pc, "POST", path, body, NULL, &r);
    free(body);
    assert_int_equal(r.status, 201);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "triage"), "tier")), "emergency");
    assert_true(json_is_null(json_object_get(r.json, "plan")));
    response_free(&r);

    snprintf(path, sizeof(path), "/api/v1/patients/%s/today", id);
    http_do(&srv, &pc, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "stopped");
    response_free(&r);

    /* The care team sees an emergency alert first in its queue. */
    http_do(&srv, &w.who[CLIN_A], "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "alerts"), i,
                       a) if (strcmp(json_string_value(json_object_get(a, "patient")), id) == 0)
        found = strcmp(json_string_value(json_object_get(a, "tier")), "emergency") == 0;
    assert_true(found);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(r.json, "alerts"), 0), "tier")),
                        "emergency");
    response_free(&r);

    /* A patient may not restart it after review; that is the care team's call. */
    body = intake_body("intake.json");
    body[strlen(body) - 1] = '\0';
    char *again = malloc(strlen(body) + 32);
    sprintf(again, "%s,\"after_review\":true}", body);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/intake", id);
    http_do(&srv, &pc, "POST", path, again, NULL, &r);
    assert_int_equal(r.status, 403);
    response_free(&r);
    http_do(&srv, &w.who[CLIN_A], "POST", path, again, NULL, &r);
    assert_int_equal(r.status, 201);
    assert_true(json_is_object(json_object_get(r.json, "plan")));
    response_free(&r);
    free(again);
    free(body);
}

static void clinician_changes_plan_and_patient_reads_why(void **state)
{
    struct client pc;
    struct response r, before, after;
    char id[40], path[128], today[128];
    const char *reason = "Your knees felt sore, so we swap to a gentler set for now.";
    char body[1024];
    char *intake = intake_body("intake.json");
    json_t *changes;
    (void)state;

    new_patient("Paul Plan", "paul@example.org", id, &pc);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/intake", id);
    http_do(&srv, &pc, "POST", path, intake, NULL, &r);
    free(intake);
    assert_int_equal(r.status, 201);
    response_free(&r);

    snprintf(path, sizeof(path), "/api/v1/patients/%s/plan", id);
    snprintf(body, sizeof(body),
             "{\"reason\":\"%s\",\"items\":[{\"exercise\":\"pelvic-tilt\",\"dose\":{\"sets\":2,"
             "\"reps\":10,\"hold_s\":3},\"days_per_week\":5},{\"exercise\":\"single-knee-hug\","
             "\"dose\":{\"reps\":3,\"hold_s\":20},\"days_per_week\":5}],\"walking\":{\"minutes\":"
             "10,\"bouts\":2,\"days_per_week\":5}}",
             reason);

    /* A patient may not change their own plan; a dose outside its safe range is refused. */
    http_do(&srv, &pc, "POST", path, body, NULL, &r);
    assert_int_equal(r.status, 403);
    response_free(&r);
    http_do(&srv, &w.who[CLIN_SAME], "POST", path, body, NULL, &r);
    assert_int_equal(r.status, 404);
    response_free(&r);
    snprintf(today, sizeof(today), "/api/v1/patients/%s/plan", id);
    http_do(&srv, &pc, "GET", today, NULL, NULL, &before);
    http_do(&srv, &w.who[CLIN_A], "POST", path,
            "{\"reason\":\"more\",\"items\":[{\"exercise\":\"pelvic-tilt\",\"dose\":{\"sets\":9,"
            "\"reps\":10,\"hold_s\":3},\"days_per_week\":5}]}",
            NULL, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "items");
    response_free(&r);
    http_do(&srv, &w.who[CLIN_A], "POST", path,
            "{\"items\":[{\"exercise\":\"pelvic-tilt\",\"dose\":{\"sets\":2,\"reps\":10,"
            "\"hold_s\":3},\"days_per_week\":5}]}",
            NULL, &r);
    assert_int_equal(r.status, 400);
    response_free(&r);
    http_do(&srv, &pc, "GET", today, NULL, NULL, &after);
    assert_string_equal(before.body, after.body); /* nothing written */
    response_free(&before);
    response_free(&after);

    http_do(&srv, &w.who[CLIN_A], "POST", path, body, NULL, &r);
    assert_int_equal(r.status, 201);
    assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 2);
    response_free(&r);

    /* The patient's today shows the change, who made it and why. */
    snprintf(today, sizeof(today), "/api/v1/patients/%s/today", id);
    http_do(&srv, &pc, "GET", today, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    changes = json_object_get(r.json, "changes");
    assert_int_equal(json_array_size(changes), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(changes, 0), "reason")),
                        reason);
    assert_string_equal(json_string_value(json_object_get(json_array_get(changes, 0), "author")),
                        w.user[CLIN_A]);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(r.json, "items"), 1), "exercise")),
                        "single-knee-hug");
    response_free(&r);
}

static void lessons_are_readable(void **state)
{
    struct response r;
    char path[128];
    const char *id;
    (void)state;

    http_do(&srv, &w.who[PATIENT_A], "GET", "/api/v1/lessons", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(json_array_size(json_object_get(r.json, "lessons")) >= 10);
    id = json_string_value(
        json_object_get(json_array_get(json_object_get(r.json, "lessons"), 0), "id"));
    snprintf(path, sizeof(path), "/api/v1/lessons/%s", id);
    response_free(&r);
    http_do(&srv, &w.who[PATIENT_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(json_string_value(json_object_get(r.json, "html")), "<h1>"));
    response_free(&r);
    http_do(&srv, &w.who[PATIENT_A], "GET", "/api/v1/lessons/no-such-lesson", NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    response_free(&r);
    http_do(&srv, NULL, "GET", "/api/v1/lessons", NULL, NULL, &r);
    assert_int_equal(r.status, 401);
    response_free(&r);
}

static void invitation_sets_a_password_once(void **state)
{
    struct response r;
    struct client c;
    char body[512], token[80], nina[40];
    size_t i;
    json_t *u;
    (void)state;

    /* a clinician invites their own patients, never staff */
    http_do(&srv, &w.who[CLIN_A], "POST", "/api/v1/invitations",
            "{\"email\":\"staff.new@example.org\",\"role\":\"clinician\"}", NULL, &r);
    assert_int_equal(r.status, 403);
    response_free(&r);
    /* one account a patient: a second for Bea (who has hers) is refused */
    snprintf(body, sizeof(body),
             "{\"email\":\"second.bea@example.org\",\"role\":\"patient\",\"patient\":\"%s\"}",
             w.patient_b);
    http_do(&srv, &w.who[CLIN_A], "POST", "/api/v1/invitations", body, NULL, &r);
    assert_int_equal(r.status, 409);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "patient");
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "POST", "/api/v1/patients",
            "{\"name\":\"Nina New\",\"birth_year\":1988}", NULL, &r);
    assert_int_equal(r.status, 201);
    snprintf(nina, sizeof(nina), "%s", json_string_value(json_object_get(r.json, "id")));
    response_free(&r);
    snprintf(body, sizeof(body),
             "{\"email\":\"Nina.New@example.org\",\"role\":\"patient\",\"patient\":\"%s\"}", nina);
    http_do(&srv, &w.who[ADMIN_OTHER], "POST", "/api/v1/invitations", body, NULL, &r);
    assert_int_equal(r.status, 404); /* not their organization's patient */
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "POST", "/api/v1/invitations", body, NULL, &r);
    assert_int_equal(r.status, 201);
    snprintf(token, sizeof(token), "%s", json_string_value(json_object_get(r.json, "token")));
    assert_int_equal(strlen(token), 64);
    response_free(&r);

    /* No password yet: signing in fails the same way as a wrong password. */
    http_do(&srv, NULL, "POST", "/api/v1/login",
            "{\"email\":\"nina.new@example.org\",\"password\":\"a new password 1\"}", NULL, &r);
    assert_int_equal(r.status, 401);
    response_free(&r);

    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"short\"}", token);
    http_do(&srv, NULL, "POST", "/api/v1/invitations/accept", body, NULL, &r);
    assert_int_equal(r.status, 400); /* too short: the invitation still works */
    response_free(&r);
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"a new password 1\"}", token);
    http_do(&srv, NULL, "POST", "/api/v1/invitations/accept", body, NULL, &r);
    assert_int_equal(r.status, 200); /* and says which address signs in */
    assert_string_equal(json_string_value(json_object_get(r.json, "email")),
                        "nina.new@example.org");
    response_free(&r);
    http_do(&srv, NULL, "POST", "/api/v1/invitations/accept", body, NULL, &r);
    assert_int_equal(r.status, 400); /* once only */
    response_free(&r);
    json_decref(login(&srv, &c, "nina.new@example.org", "a new password 1"));

    /* The admin's list shows the account, never a password hash. */
    http_do(&srv, &w.who[ADMIN], "GET", "/api/v1/users", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "argon2"));
    bool seen = false;
    json_array_foreach(json_object_get(r.json, "users"), i, u) seen |=
        strcmp(json_string_value(json_object_get(u, "email")), "nina.new@example.org") == 0 &&
        json_is_true(json_object_get(u, "password_set"));
    assert_true(seen);
    response_free(&r);
}

static void outcomes_cover_the_callers_patients(void **state)
{
    struct response r;
    json_t *adh;
    (void)state;

    /* Org 2 holds patient C alone, on clinician 3's team: a week, no sessions yet. */
    for (int who = CLIN_OTHER; who <= ADMIN_OTHER; who += ADMIN_OTHER - CLIN_OTHER) {
        http_do(&srv, &w.who[who], "GET", "/api/v1/outcomes", NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        assert_int_equal(json_integer_value(json_object_get(r.json, "patients")), 1);
        adh = json_object_get(r.json, "adherence");
        assert_true(json_integer_value(json_object_get(adh, "planned_days")) > 0);
        assert_int_equal(json_integer_value(json_object_get(adh, "sessions")), 0);
        assert_true(json_number_value(json_object_get(adh, "percent")) == 0.0);
        response_free(&r);
    }
    /* A week in, nobody has reached the end of the 12-week program yet. */
    http_do(&srv, &w.who[ADMIN_OTHER], "GET", "/api/v1/outcomes", NULL, NULL, &r);
    adh = json_object_get(r.json, "completion");
    assert_int_equal(json_integer_value(json_object_get(adh, "eligible")), 0);
    assert_int_equal(json_integer_value(json_object_get(adh, "completed")), 0);
    assert_true(json_is_null(json_object_get(adh, "percent")));
    response_free(&r);
    /* Clinician 2 is on no care team: an empty cohort, not the organization's. */
    http_do(&srv, &w.who[CLIN_SAME], "GET", "/api/v1/outcomes", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "patients")), 0);
    assert_true(json_is_null(json_object_get(json_object_get(r.json, "pain"), "mean_change")));
    response_free(&r);
}

/* The date k days from today (UTC). */
static void days_from_today(long k, char out[16])
{
    time_t t = time(NULL) + (time_t)k * 86400;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* A patient of `org` whose program started `ago` days before today, with
 * sessions on the episode's days given (-1 ends the list) and, with
 * stop_day >= 0, an emergency answer at a check-in on that episode day. */
static void past_patient(const char *org, const char *name, long ago, const long *session_days,
                         long stop_day)
{
    char id[40], start[16], date[16];
    json_t *j;

    server_cli_id(
        &srv, NULL,
        CLI_ARGS("patient", "add", "--name", name, "--birth-year", "1970", "--org", org, "--json"),
        id);
    days_from_today(-ago, start);
    j = server_cli(&srv, NULL,
                   CLI_ARGS("intake", id, MOVERX_SOURCE_DIR "/examples/intake.json", "--date",
                            start, "--json"));
    json_decref(j);
    for (const long *d = session_days; *d >= 0; d++) {
        days_from_today(*d - ago, date);
        j = server_cli(&srv, NULL,
                       CLI_ARGS("log", id, "--date", date, "--pain-during", "2", "--json"));
        json_decref(j);
    }
    if (stop_day >= 0) {
        days_from_today(stop_day - ago, date);
        j = server_cli(&srv, NULL,
                       CLI_ARGS("checkin", id, "--date", date, "--pain", "5", "--red-flag",
                                "saddle_numbness", "--json"));
        assert_string_equal(json_string_value(json_object_get(j, "status")), "stopped");
        json_decref(j);
    }
}

/*
 * Completion of the 12-week program (CLINICAL.md section 7, as the Hinge
 * cohort counted it): of the patients whose program started at least 84
 * days ago, those not stopped with a session in its final 4 weeks (episode
 * days 56..83).
 */
static void outcomes_count_completion(void **state)
{
    static const long day_60[] = {60, -1}, day_10[] = {10, -1}, day_83[] = {83, -1},
                      day_84[] = {84, -1}, none[] = {-1};
    struct client admin;
    struct response r;
    const json_t *co;
    char org[40], user[40], id[40];
    (void)state;

    server_cli_id(&srv, NULL, CLI_ARGS("org", "add", "--name", "Completion Clinic", "--json"), org);
    past_patient(org, "Dana Done", 100, day_60, -1);   /* completed */
    past_patient(org, "Eli Early", 100, day_10, -1);   /* stopped coming after day 10 */
    past_patient(org, "Sue Stopped", 100, day_60, 70); /* an emergency stopped the program */
    past_patient(org, "Ed Edge", 84, day_83, -1);      /* the last day of the final month */
    past_patient(org, "Lou Late", 100, day_84, -1);    /* a session after the program ended */
    past_patient(org, "Nia New", 83, day_60, -1);      /* not at the end yet */
    past_patient(org, "Quinn Quiet", 100, none, -1);   /* never a session */
    server_cli_id(&srv, NULL,
                  CLI_ARGS("patient", "add", "--name", "Ida Intake-less", "--birth-year", "1970",
                           "--org", org, "--json"),
                  id);
    server_cli_id(&srv, WORLD_PASSWORD "\n",
                  CLI_ARGS("user", "add", "--org", org, "--role", "admin", "--email",
                           "admin@completion.example.org", "--password-stdin", "--json"),
                  user);
    json_decref(login(&srv, &admin, "admin@completion.example.org", WORLD_PASSWORD));

    http_do(&srv, &admin, "GET", "/api/v1/outcomes", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "patients")), 7);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(r.json, "engagement"), "stopped")), 1);
    co = json_object_get(r.json, "completion");
    assert_int_equal(json_integer_value(json_object_get(co, "eligible")), 6);
    assert_int_equal(json_integer_value(json_object_get(co, "completed")), 2);
    assert_true(json_number_value(json_object_get(co, "percent")) == 33.3);
    response_free(&r);
}

static void admin_renames_the_organization(void **state)
{
    struct response r;
    (void)state;

    http_do(&srv, &w.who[ADMIN], "PATCH", "/api/v1/org", "{\"name\":\"\"}", NULL, &r);
    assert_int_equal(r.status, 400);
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "PATCH", "/api/v1/org", "{\"name\":\"Riverside Physio North\"}",
            NULL, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    http_do(&srv, &w.who[PATIENT_A], "GET", "/api/v1/org", NULL, NULL, &r);
    assert_string_equal(json_string_value(json_object_get(r.json, "name")),
                        "Riverside Physio North");
    response_free(&r);
    http_do(&srv, &w.who[CLIN_OTHER], "GET", "/api/v1/org", NULL, NULL, &r);
    assert_string_equal(json_string_value(json_object_get(r.json, "name")), "Hillside Clinic");
    response_free(&r);
}

/* A cross-site form can post only form encodings or text/plain: the API takes JSON alone,
 * so no other site can sign a browser in (login CSRF) or write through it. */
static void only_json_bodies_are_taken(void **state)
{
    static const char *const text_plain[] = {"Content-Type: text/plain", NULL};
    static const char *const form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    static const char *const json_utf8[] = {"Content-Type: application/json; charset=utf-8", NULL};
    const char *body = "{\"email\":\"a@example.org\",\"password\":\"" WORLD_PASSWORD "\"}";
    struct response r;
    char cookie[256];
    (void)state;

    http_do(&srv, NULL, "POST", "/api/v1/login", body, text_plain, &r);
    assert_int_equal(r.status, 415);
    assert_false(response_header(&r, "Set-Cookie", cookie, sizeof(cookie)));
    response_free(&r);
    http_do(&srv, NULL, "POST", "/api/v1/login", body, form, &r);
    assert_int_equal(r.status, 415);
    response_free(&r);
    http_do(&srv, NULL, "POST", "/api/v1/login", body, json_utf8, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
}

/* The count of today's views served from the cache, from /metrics. */
static long view_cache_hits(void)
{
    struct response r;
    const char *at;
    long n = -1;

    http_do(&srv, NULL, "GET", "/metrics", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    at = strstr(r.body, "moverx_view_cache_total{result=\"hit\"} ");
    assert_non_null(at);
    n = strtol(at + strlen("moverx_view_cache_total{result=\"hit\"} "), NULL, 10);
    response_free(&r);
    return n;
}

/* A cached view of today's plan is served only while the store says the same:
 * after a write over the API, and after one by another process (the CLI). */
static void today_view_is_never_stale(void **state)
{
    struct client pc;
    struct response r, again;
    char id[40], path[160], tomorrow[160], date[16];
    char *intake = intake_body("intake.json");
    time_t now = time(NULL);
    struct tm tm;
    long hits;
    json_t *j;
    (void)state;

    new_patient("Tia Today", "tia@example.org", id, &pc);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/intake", id);
    http_do(&srv, &pc, "POST", path, intake, NULL, &r);
    free(intake);
    assert_int_equal(r.status, 201);
    response_free(&r);
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%Y-%m-%d", &tm);
    now += 86400;
    gmtime_r(&now, &tm);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/today", id);
    snprintf(tomorrow, sizeof(tomorrow), "/api/v1/patients/%s/today?date=", id);
    strftime(tomorrow + strlen(tomorrow), 16, "%Y-%m-%d", &tm);

    /* The second read is served from the cache, byte for byte the first. */
    http_do(&srv, &pc, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "plan_version")), 1);
    hits = view_cache_hits();
    http_do(&srv, &pc, "GET", path, NULL, NULL, &again);
    assert_int_equal(view_cache_hits(), hits + 1);
    assert_string_equal(r.body, again.body);
    response_free(&r);
    response_free(&again);
    http_do(&srv, &pc, "GET", tomorrow, NULL, NULL, &r);
    assert_int_equal(json_array_size(json_object_get(r.json, "changes")), 0);
    response_free(&r);

    /* A plan change over the API: both days show version 2 at once. */
    snprintf(path, sizeof(path), "/api/v1/patients/%s/plan", id);
    http_do(&srv, &w.who[CLIN_A], "POST", path,
            "{\"reason\":\"A gentler start.\",\"items\":[{\"exercise\":\"pelvic-tilt\",\"dose\":"
            "{\"sets\":2,\"reps\":10,\"hold_s\":3},\"days_per_week\":7}],\"walking\":"
            "{\"minutes\":10,\"bouts\":1,\"days_per_week\":7}}",
            NULL, &r);
    assert_int_equal(r.status, 201);
    response_free(&r);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/today", id);
    http_do(&srv, &pc, "GET", path, NULL, NULL, &r);
    assert_int_equal(json_integer_value(json_object_get(r.json, "plan_version")), 2);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
    response_free(&r);
    http_do(&srv, &pc, "GET", tomorrow, NULL, NULL, &r);
    assert_int_equal(json_array_size(json_object_get(r.json, "changes")), 1);
    response_free(&r);
    http_do(&srv, &pc, "GET", tomorrow, NULL, NULL, &r); /* cached now */
    assert_int_equal(json_array_size(json_object_get(r.json, "changes")), 1);
    response_free(&r);

    /* Another process logs today's session: tomorrow's view no longer counts
     * today's change as new (it came before the last session). */
    j = server_cli(&srv, NULL, CLI_ARGS("log", id, "--date", date, "--pain-during", "2", "--json"));
    json_decref(j);
    hits = view_cache_hits();
    http_do(&srv, &pc, "GET", tomorrow, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "changes")), 0);
    assert_int_equal(view_cache_hits(), hits); /* rendered again, not served stale */
    response_free(&r);
}

/* POST with a JSON body; asserts the status and returns the answer (caller frees). */
static void post_expect(const struct client *c, const char *path, const char *body, long status,
                        struct response *r)
{
    http_do(&srv, c, "POST", path, body, NULL, r);
    if (r->status != status)
        fail_msg("POST %s: expected %ld, got %ld: %.300s", path, status, r->status, r->body);
}

/* A clinic brings a patient in over the API alone: the record (its clinician
 * on the care team at once), a second clinician added by the admin, and an
 * invitation sent again when the first link was lost. */
static void onboarding_without_the_command_line(void **state)
{
    struct response r;
    char id[40], path[160], body[512], first[80], second[80];
    const char *field;
    (void)state;

    /* Patients cannot make records; bad bodies name their field. */
    post_expect(&w.who[PATIENT_A], "/api/v1/patients", "{\"name\":\"X\",\"birth_year\":1980}", 403,
                &r);
    response_free(&r);
    post_expect(&w.who[CLIN_A], "/api/v1/patients", "{\"name\":\"Old\",\"birth_year\":1800}", 400,
                &r);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
        "birth_year");
    response_free(&r);
    post_expect(&w.who[CLIN_A], "/api/v1/patients", "{\"name\":\"\",\"birth_year\":1980}", 400, &r);
    response_free(&r);

    /* A clinician's new patient is on their panel at once, not on the other clinician's. */
    post_expect(&w.who[CLIN_A], "/api/v1/patients",
                "{\"name\":\"Olga Onboard\",\"birth_year\":1966}", 201, &r);
    snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(r.json, "id")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(r.json, "care_team"), 0)),
                        w.user[CLIN_A]);
    response_free(&r);
    snprintf(path, sizeof(path), "/api/v1/patients/%s", id);
    http_do(&srv, &w.who[CLIN_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "name")), "Olga Onboard");
    response_free(&r);
    http_do(&srv, &w.who[CLIN_SAME], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    response_free(&r);

    /* The admin puts the second clinician on the team; once is enough. */
    snprintf(path, sizeof(path), "/api/v1/patients/%s/care-team", id);
    snprintf(body, sizeof(body), "{\"clinician\":\"%s\"}", w.user[CLIN_SAME]);
    post_expect(&w.who[CLIN_A], path, body, 403, &r);
    response_free(&r);
    post_expect(&w.who[ADMIN_OTHER], path, body, 404, &r);
    response_free(&r);
    post_expect(&w.who[ADMIN], path, body, 201, &r);
    assert_true(json_is_true(json_object_get(r.json, "added")));
    response_free(&r);
    post_expect(&w.who[ADMIN], path, body, 200, &r);
    assert_true(json_is_false(json_object_get(r.json, "added")));
    response_free(&r);
    snprintf(body, sizeof(body), "{\"clinician\":\"%s\"}", w.user[CLIN_OTHER]);
    post_expect(&w.who[ADMIN], path, body, 400, &r); /* another organization's clinician */
    field = json_string_value(json_object_get(json_object_get(r.json, "error"), "field"));
    assert_string_equal(field, "clinician");
    response_free(&r);
    snprintf(body, sizeof(body), "{\"clinician\":\"%s\"}", w.user[PATIENT_B]);
    post_expect(&w.who[ADMIN], path, body, 400, &r); /* not a clinician */
    response_free(&r);
    snprintf(path, sizeof(path), "/api/v1/patients/%s", id);
    http_do(&srv, &w.who[CLIN_SAME], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);

    /* The invitation, sent again: only the newest link works. */
    snprintf(body, sizeof(body),
             "{\"email\":\"olga@example.org\",\"role\":\"patient\",\"patient\":\"%s\"}", id);
    post_expect(&w.who[ADMIN], "/api/v1/invitations", body, 201, &r);
    assert_true(json_is_false(json_object_get(r.json, "reissued")));
    snprintf(first, sizeof(first), "%s", json_string_value(json_object_get(r.json, "token")));
    response_free(&r);
    post_expect(&w.who[ADMIN], "/api/v1/invitations", body, 201, &r);
    assert_true(json_is_true(json_object_get(r.json, "reissued")));
    snprintf(second, sizeof(second), "%s", json_string_value(json_object_get(r.json, "token")));
    assert_string_not_equal(first, second);
    response_free(&r);
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"a tidy garden path\"}", first);
    post_expect(NULL, "/api/v1/invitations/accept", body, 400, &r);
    response_free(&r);
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"a tidy garden path\"}", second);
    post_expect(NULL, "/api/v1/invitations/accept", body, 200, &r);
    response_free(&r);
    /* With a password set, inviting the address again is a conflict. */
    snprintf(body, sizeof(body),
             "{\"email\":\"olga@example.org\",\"role\":\"patient\",\"patient\":\"%s\"}", id);
    post_expect(&w.who[ADMIN], "/api/v1/invitations", body, 409, &r);
    response_free(&r);
    {
        struct client olga;
        json_decref(login(&srv, &olga, "olga@example.org", "a tidy garden path"));
        snprintf(path, sizeof(path), "/api/v1/patients/%s", id);
        http_do(&srv, &olga, "GET", path, NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        response_free(&r);
    }
}

/* A disabled account is out at once: its session ends, it cannot sign in,
 * and nobody can invite it back; enabled again, it signs in as before. */
/* A response's body into a file. */
static void save_body(const struct response *r, const char *file)
{
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(r->body, 1, r->len, f), r->len);
    fclose(f);
}

/* Runs a command with its output read back; the test fails when it fails. */
static char *run_text(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    char *buf = calloc(1, 1 << 20);
    size_t n;

    assert_non_null(f);
    n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    assert_int_equal(pclose(f), 0);
    return buf;
}

/* A PDF's text as pdftotext reads it, its lines and spaces run together (caller frees). */
static char *pdf_text(const char *file)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "pdftotext '%s' - | sed 's/\\xc2\\xa0/ /g' | tr -s ' \\n' ' '",
             file);
    return run_text(cmd);
}

/* `doc` with its first `from` replaced by `to`: a variant of an example intake. */
static char *replaced(const char *doc, const char *from, const char *to)
{
    const char *at = strstr(doc, from);
    size_t n = strlen(doc) + strlen(to) + 1;
    char *out = malloc(n);
    assert_non_null(at);
    snprintf(out, n, "%.*s%s%s", (int)(at - doc), doc, to, at + strlen(from));
    return out;
}

/* POST an intake for the patient, then GET their handout: the handout's response. */
static void intake_then_handout(const struct client *c, const char *id, const char *intake,
                                struct response *r)
{
    char path[160];
    snprintf(path, sizeof(path), "/api/v1/patients/%s/intake", id);
    http_do(&srv, c, "POST", path, intake, NULL, r);
    assert_int_equal(r->status, 201);
    response_free(r);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/handout.pdf", id);
    http_do(&srv, c, "GET", path, NULL, NULL, r);
}

/* The program on paper: a real PDF, read back by pdftotext and pdfinfo, with
 * every exercise of the plan, its first step's caption, the flare plan and the
 * licence; letter paper on request; nothing for a program that was stopped. */
static void handout_is_the_program_on_paper(void **state)
{
    struct response r, plan, lib;
    char path[160], file[512], cmd[700], id[40];
    struct client pc;
    char *body = intake_body("intake-emergency.json"), *txt;
    size_t i;
    json_t *it;
    (void)state;

    /* the clinic's phone goes on the handout with the care team */
    json_decref(server_cli(&srv, NULL,
                           CLI_ARGS("org", "set", w.org1, "--phone", "01632 960 555", "--json")));
    snprintf(path, sizeof(path), "/api/v1/patients/%s/handout.pdf", w.patient_a);
    http_do(&srv, &w.who[PATIENT_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(r.len > 1000 && memcmp(r.body, "%PDF-", 5) == 0);
    snprintf(file, sizeof(file), "%s/handout.pdf", srv.dir);
    save_body(&r, file);
    response_free(&r);
    txt = pdf_text(file);
    assert_non_null(strstr(txt, "Your exercise program"));
    assert_non_null(strstr(txt, "If your back flares up"));
    assert_non_null(strstr(txt, "CC BY 4.0"));
    assert_non_null(strstr(txt, "call 01632 960 555"));
    /* the plan review promised at the intake is in print too; no pregnancy box for A */
    assert_non_null(strstr(txt, "Your care team will be in touch with you by"));
    assert_null(strstr(txt, "While you are pregnant"));
    snprintf(path, sizeof(path), "/api/v1/patients/%s/plan", w.patient_a);
    http_do(&srv, &w.who[PATIENT_A], "GET", path, NULL, NULL, &plan);
    http_do(&srv, &w.who[PATIENT_A], "GET", "/api/v1/exercises", NULL, NULL, &lib);
    json_t *versions = json_object_get(plan.json, "versions");
    json_t *items = json_object_get(
        json_object_get(json_array_get(versions, json_array_size(versions) - 1), "plan"), "items");
    assert_true(json_array_size(items) >= 3);
    json_array_foreach(items, i, it)
    {
        const char *ex = json_string_value(json_object_get(it, "exercise"));
        size_t k;
        json_t *e;
        json_array_foreach(json_object_get(lib.json, "exercises"), k, e)
        {
            if (strcmp(json_string_value(json_object_get(e, "id")), ex) != 0)
                continue;
            if (!strstr(txt, json_string_value(json_object_get(e, "name"))))
                fail_msg("the handout lacks %s", ex);
            if (json_array_size(json_object_get(e, "routine")))
                continue; /* a routine prints its moves: see below */
            /* the pictures' first caption, as printed (its first words, before any wrap) */
            const char *cap = json_string_value(json_object_get(
                json_array_get(json_object_get(json_object_get(e, "demo"), "keyframes"), 0),
                "caption"));
            char words[24];
            assert_non_null(cap);
            snprintf(words, sizeof(words), "%s", cap);
            if (!strstr(txt, words))
                fail_msg("the handout lacks the first step of %s ('%s')", ex, words);
        }
    }
    free(txt);
    response_free(&plan);
    response_free(&lib);

    /* Letter paper for the clinician on the care team; a bad paper size is refused. */
    snprintf(path, sizeof(path), "/api/v1/patients/%s/handout.pdf?paper=letter", w.patient_a);
    http_do(&srv, &w.who[CLIN_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    save_body(&r, file);
    response_free(&r);
    snprintf(cmd, sizeof(cmd), "pdfinfo '%s' | grep 'Page size'", file);
    txt = run_text(cmd);
    assert_non_null(strstr(txt, "612 x 792"));
    free(txt);
    /* The command line: to a private file (0600, written whole), or to standard output. */
    {
        char cli_file[600], shell[1600];
        struct stat st;
        snprintf(cli_file, sizeof(cli_file), "%s/cli-handout.pdf", srv.dir);
        snprintf(shell, sizeof(shell),
                 "'%s' --data '%s/data' handout %s --db '%s' --out '%s' --paper letter "
                 "--app-url https://moverx.example.org/ && pdfinfo '%s' | grep 'Page size'",
                 MOVERX_BIN, MOVERX_SOURCE_DIR, w.patient_a, srv.db, cli_file, cli_file);
        txt = run_text(shell);
        assert_non_null(strstr(txt, "612 x 792"));
        free(txt);
        assert_int_equal(stat(cli_file, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        txt = pdf_text(cli_file);
        assert_non_null(strstr(txt, "Your exercise program"));
        assert_non_null(strstr(txt, "Scan the code to open MoveRx on your phone: "
                                    "https://moverx.example.org/"));
        free(txt);
        snprintf(shell, sizeof(shell), "'%s' --data '%s/data' handout %s --db '%s' | head -c 5",
                 MOVERX_BIN, MOVERX_SOURCE_DIR, w.patient_a, srv.db);
        txt = run_text(shell);
        assert_string_equal(txt, "%PDF-");
        free(txt);
        /* the export too (F15): a private file, where a shell's redirection is 0644 */
        snprintf(cli_file, sizeof(cli_file), "%s/cli-export.json", srv.dir);
        snprintf(shell, sizeof(shell),
                 "'%s' --data '%s/data' export %s --db '%s' --out '%s' && head -c 1 '%s'",
                 MOVERX_BIN, MOVERX_SOURCE_DIR, w.patient_a, srv.db, cli_file, cli_file);
        txt = run_text(shell);
        assert_string_equal(txt, "{");
        free(txt);
        assert_int_equal(stat(cli_file, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
    }
    snprintf(path, sizeof(path), "/api/v1/patients/%s/handout.pdf?paper=a3", w.patient_a);
    http_do(&srv, &w.who[CLIN_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "paper");
    response_free(&r);

    /* Pregnant: when to stop, with the clinic's emergency number for chest or calf pain. */
    {
        char pid[40], *doc = intake_body("intake.json");
        char *preg = replaced(doc, "\"pregnant\": false", "\"pregnant\": true");
        struct client qc;
        new_patient("Pia Pregnant", "pia.pregnant@example.org", pid, &qc);
        intake_then_handout(&qc, pid, preg, &r);
        assert_int_equal(r.status, 200);
        save_body(&r, file);
        response_free(&r);
        txt = pdf_text(file);
        assert_non_null(strstr(txt, "While you are pregnant"));
        assert_non_null(strstr(txt, "Call 112 now if you have chest pain"));
        assert_non_null(strstr(txt, "Do not take ibuprofen"));
        free(txt);
        free(preg);
        free(doc);
    }

    /* A routine prints each of its moves, in order, with its dose; not the routine's own steps.
     * Its gentle yoga is given in full here, so every move keeps its own dose. */
    {
        char pid[40], *doc = intake_body("intake.json");
        char *walker =
            replaced(doc, "\"walking_minutes_per_day\": 10", "\"walking_minutes_per_day\": 30");
        char *yoga = replaced(walker, "\"yoga\": false", "\"yoga\": true");
        char *body2 = replaced(yoga, "{\"minutes_per_day\": 25, \"days_per_week\": 5}",
                               "{\"minutes_per_day\": 60, \"days\": [\"mon\", \"tue\", \"wed\", "
                               "\"thu\", \"fri\", \"sat\", \"sun\"]}");
        struct client yc;
        new_patient("Yan Yoga", "yan.yoga@example.org", pid, &yc);
        intake_then_handout(&yc, pid, body2, &r);
        assert_int_equal(r.status, 200);
        save_body(&r, file);
        response_free(&r);
        txt = pdf_text(file);
        assert_non_null(strstr(txt, "Gentle yoga"));
        assert_non_null(strstr(txt, "1. Mountain pose: 5 reps"));
        assert_non_null(strstr(txt, "3. Lying on your elbows: 2 reps, hold 30 s"));
        assert_non_null(strstr(txt, "8. Belly breathing: 3 min"));
        assert_null(strstr(txt, "Kneel down slowly on the mat"));
        /* they already walk 30 minutes a day: the walks are part of it, not extra */
        assert_non_null(strstr(txt, "You walk about 30 minutes a day now: keep that up."));
        free(txt);
        free(body2);
        free(yoga);
        free(walker);
        free(doc);
    }

    /* A program stopped by an emergency answer has nothing to print. */
    new_patient("Hal Handout", "hal@example.org", id, &pc);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/handout.pdf", id);
    http_do(&srv, &pc, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 409); /* no intake yet */
    response_free(&r);
    intake_then_handout(&pc, id, body, &r);
    assert_int_equal(r.status, 409);
    assert_non_null(
        strstr(json_string_value(json_object_get(json_object_get(r.json, "error"), "message")),
               "stopped"));
    response_free(&r);
    free(body);
}

static void disabled_accounts_are_locked_out(void **state)
{
    struct client dan;
    struct response r;
    char user[40], path[160];
    size_t i;
    json_t *u, *j;
    bool listed = false;
    (void)state;

    server_cli_id(&srv, WORLD_PASSWORD "\n",
                  CLI_ARGS("user", "add", "--org", w.org1, "--role", "clinician", "--email",
                           "dan@example.org", "--password-stdin", "--json"),
                  user);
    json_decref(login(&srv, &dan, "dan@example.org", WORLD_PASSWORD));
    snprintf(path, sizeof(path), "/api/v1/users/%s", user);

    http_do(&srv, &w.who[CLIN_A], "PATCH", path, "{\"disabled\":true}", NULL, &r);
    assert_int_equal(r.status, 403);
    response_free(&r);
    http_do(&srv, &w.who[ADMIN_OTHER], "PATCH", path, "{\"disabled\":true}", NULL, &r);
    assert_int_equal(r.status, 404); /* another organization's account */
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "PATCH", path, "{\"disabled\":\"yes\"}", NULL, &r);
    assert_int_equal(r.status, 400);
    response_free(&r);
    snprintf(path, sizeof(path), "/api/v1/users/%s", w.user[ADMIN]);
    http_do(&srv, &w.who[ADMIN], "PATCH", path, "{\"disabled\":true}", NULL, &r);
    assert_int_equal(r.status, 400); /* not one's own */
    response_free(&r);

    snprintf(path, sizeof(path), "/api/v1/users/%s", user);
    http_do(&srv, &w.who[ADMIN], "PATCH", path, "{\"disabled\":true}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "disabled")));
    response_free(&r);
    http_do(&srv, &dan, "GET", "/api/v1/me", NULL, NULL, &r);
    assert_int_equal(r.status, 401); /* the session ended */
    response_free(&r);
    http_do(&srv, NULL, "POST", "/api/v1/login",
            "{\"email\":\"dan@example.org\",\"password\":\"" WORLD_PASSWORD "\"}", NULL, &r);
    assert_int_equal(r.status, 401);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "code")),
        "unauthorized");
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "POST", "/api/v1/invitations",
            "{\"email\":\"dan@example.org\",\"role\":\"clinician\"}", NULL, &r);
    assert_int_equal(r.status, 409);
    response_free(&r);
    http_do(&srv, &w.who[ADMIN], "GET", "/api/v1/users", NULL, NULL, &r);
    json_array_foreach(json_object_get(r.json, "users"), i, u) listed |=
        strcmp(json_string_value(json_object_get(u, "id")), user) == 0 &&
        json_is_true(json_object_get(u, "disabled"));
    assert_true(listed);
    response_free(&r);

    http_do(&srv, &w.who[ADMIN], "PATCH", path, "{\"disabled\":false}", NULL, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    j = login(&srv, &dan, "dan@example.org", WORLD_PASSWORD);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emergency_intake_stops_and_alerts),
        cmocka_unit_test(clinician_changes_plan_and_patient_reads_why),
        cmocka_unit_test(lessons_are_readable),
        cmocka_unit_test(invitation_sets_a_password_once),
        cmocka_unit_test(outcomes_cover_the_callers_patients),
        cmocka_unit_test(outcomes_count_completion),
        cmocka_unit_test(admin_renames_the_organization),
        cmocka_unit_test(only_json_bodies_are_taken),
        cmocka_unit_test(today_view_is_never_stale),
        cmocka_unit_test(onboarding_without_the_command_line),
        cmocka_unit_test(disabled_accounts_are_locked_out),
        cmocka_unit_test(handout_is_the_program_on_paper),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
