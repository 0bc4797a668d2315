/*
 * test_review.c: the server's daily review (api/review_sweep.c,
 * records/review.c): a person who stops logging raises the care team's
 * alert without writing anything, at the server's start and then on its
 * schedule; with the review off, nothing happens until they write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

struct quiet {
    struct server srv;
    char org[40], clinician[40], patient[40];
    struct client clin;
};

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static void day_text(long days_ago, char *buf, size_t size)
{
    time_t t = time(NULL) - (time_t)days_ago * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

/* A patient whose program started ten days ago, with one session that day and nothing
 * since; the server started with env. */
static void quiet_patient(struct quiet *q, const char *const *env)
{
    char intake[512], start[16];
    json_t *j;

    server_prepare(&q->srv);
    server_cli_id(&q->srv, NULL, CLI_ARGS("org", "add", "--name", "Quiet Clinic", "--json"),
                  q->org);
    server_cli_id(&q->srv, WORLD_PASSWORD "\n",
                  CLI_ARGS("user", "add", "--org", q->org, "--role", "clinician", "--email",
                           "quiet.clin@example.org", "--password-stdin", "--json"),
                  q->clinician);
    server_cli_id(&q->srv, NULL,
                  CLI_ARGS("patient", "add", "--name", "Quinn Quiet", "--birth-year", "1975",
                           "--org", q->org, "--json"),
                  q->patient);
    j = server_cli(
        &q->srv, NULL,
        CLI_ARGS("care", "add", "--patient", q->patient, "--clinician", q->clinician, "--json"));
    json_decref(j);
    day_text(10, start, sizeof(start));
    snprintf(intake, sizeof(intake), "%s/examples/intake.json", MOVERX_SOURCE_DIR);
    json_decref(server_cli(&q->srv, NULL,
                           CLI_ARGS("intake", q->patient, intake, "--date", start, "--json")));
    json_decref(
        server_cli(&q->srv, NULL,
                   CLI_ARGS("log", q->patient, "--date", start, "--pain-during", "3", "--json")));
    server_start(&q->srv, env);
    json_decref(login(&q->srv, &q->clin, "quiet.clin@example.org", WORLD_PASSWORD));
}

static bool has_alert(struct quiet *q, const char *rule)
{
    struct response r;
    bool found;

    http_do(&q->srv, &q->clin, "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    found = strstr(r.body, rule) && strstr(r.body, q->patient);
    response_free(&r);
    return found;
}

static bool has_inactivity_alert(struct quiet *q)
{
    return has_alert(q, "alert_inactivity");
}

/* Review on (the default of a real server): the alert comes with no entry, and its task
 * is on the care team's queue. */
static void a_quiet_person_raises_the_alert(void **state)
{
    static const char *const env[] = {"MOVERX_SERVER_REVIEW_EVERY_MINUTES=60", NULL};
    struct quiet q;
    struct response r;
    char path[128];
    bool found = false;
    (void)state;

    quiet_patient(&q, env);
    for (int tries = 0; tries < 200 && !found; tries++) {
        found = has_inactivity_alert(&q);
        if (!found)
            sleep_ms(100);
    }
    assert_true(found);
    /* the plan review promised within 5 days (a routine flag at the intake) is overdue: the
     * same review raises it for the care team */
    found = false;
    for (int tries = 0; tries < 200 && !found; tries++) {
        found = has_alert(&q, "promise_overdue");
        if (!found)
            sleep_ms(100);
    }
    assert_true(found);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/tasks", q.patient);
    http_do(&q.srv, &q.clin, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"open\""));
    response_free(&r);
    /* the patient's today now carries what the care team was told */
    snprintf(path, sizeof(path), "/api/v1/patients/%s/progress", q.patient);
    http_do(&q.srv, &q.clin, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "alert_inactivity"));
    response_free(&r);
    server_stop(&q.srv, false);
}

/* Review off: nothing is decided for the quiet days until the person writes. */
static void off_means_off(void **state)
{
    struct quiet q;
    (void)state;

    quiet_patient(&q, NULL); /* the harness's default: off */
    sleep_ms(1500);
    assert_false(has_inactivity_alert(&q));
    server_stop(&q.srv, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_quiet_person_raises_the_alert),
        cmocka_unit_test(off_means_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
