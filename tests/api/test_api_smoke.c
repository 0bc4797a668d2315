/*
 * test_api_smoke.c: the server starts, answers /healthz, signs a patient in
 * and stops cleanly. The wider suites are test_api.c and test_authz.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static void serves_and_stops(void **state)
{
    struct server s;
    struct world w;
    struct response r;
    (void)state;

    server_prepare(&s);
    server_start(&s, NULL);
    world_build(&s, &w);
    http_do(&s, NULL, "GET", "/healthz", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
    response_free(&r);
    server_stop(&s, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(serves_and_stops)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
