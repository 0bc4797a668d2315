/*
 * test_router.c: the router's promises (router.h): literal and {name}
 * segments, percent-decoded parameters that may not hide a '/' or a control
 * character, 405 with the methods the path allows, 404 otherwise.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "http/router.h"

static const struct route routes[] = {
    {HTTP_GET, "/healthz"},
    {HTTP_GET, "/api/v1/patients/{id}/today"},
    {HTTP_POST, "/api/v1/patients/{id}/checkins"},
    {HTTP_GET, "/api/v1/patients/{id}/checkins"},
    {HTTP_POST, "/api/v1/alerts/{id}/resolve"},
    {HTTP_GET, "/api/v1/patients/{id}/messages/{msg}"},
    {HTTP_GET, "/api/v1/patients"},
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

struct fixture {
    struct arena arena;
    const struct route *ptrs[N_ROUTES];
    struct route_match m;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));

    arena_init(&fx->arena, 1 << 16);
    for (size_t i = 0; i < N_ROUTES; i++)
        fx->ptrs[i] = &routes[i];
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    arena_release(&fx->arena);
    free(fx);
    return 0;
}

static enum route_result match(struct fixture *fx, enum http_method m, const char *path)
{
    return router_match(fx->ptrs, N_ROUTES, m, path, &fx->arena, &fx->m);
}

static void literal_paths_match_whole(void **state)
{
    struct fixture *fx = *state;

    assert_int_equal(match(fx, HTTP_GET, "/healthz"), ROUTE_FOUND);
    assert_int_equal(fx->m.index, 0);
    assert_int_equal(fx->m.n_params, 0);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients"), ROUTE_FOUND);
    assert_int_equal(fx->m.index, 6);
    assert_int_equal(match(fx, HTTP_GET, "/healthz/"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/health"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/healthzz"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patient"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, ""), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "healthz"), ROUTE_NO_PATH);
}

static void parameters_are_decoded_in_order(void **state)
{
    struct fixture *fx = *state;

    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/abc-1/today"), ROUTE_FOUND);
    assert_int_equal(fx->m.index, 1);
    assert_int_equal(fx->m.n_params, 1);
    assert_string_equal(fx->m.params[0], "abc-1");

    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/a%20b/messages/m%41"), ROUTE_FOUND);
    assert_int_equal(fx->m.index, 5);
    assert_int_equal(fx->m.n_params, 2);
    assert_string_equal(fx->m.params[0], "a b");
    assert_string_equal(fx->m.params[1], "mA");
}

static void parameters_cannot_hide_a_slash_or_be_empty(void **state)
{
    struct fixture *fx = *state;

    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/a%2Fb/today"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/a%0Ab/today"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/a%2/today"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/a%zzb/today"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients//today"), ROUTE_NO_PATH);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/a/b/today"), ROUTE_NO_PATH);
}

static void known_path_with_another_method_lists_the_allowed(void **state)
{
    struct fixture *fx = *state;

    assert_int_equal(match(fx, HTTP_DELETE, "/api/v1/patients/p1/checkins"), ROUTE_NO_METHOD);
    assert_string_equal(fx->m.allow, "POST, GET");
    assert_int_equal(fx->m.n_params, 0);
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/alerts/a1/resolve"), ROUTE_NO_METHOD);
    assert_string_equal(fx->m.allow, "POST");
    /* the same method finds its own route among those of the path */
    assert_int_equal(match(fx, HTTP_GET, "/api/v1/patients/p1/checkins"), ROUTE_FOUND);
    assert_int_equal(fx->m.index, 3);
    assert_string_equal(fx->m.params[0], "p1");
}

static void patterns_are_checked(void **state)
{
    (void)state;
    assert_true(router_pattern_valid("/api/v1/patients/{id}/today"));
    assert_true(router_pattern_valid("/healthz"));
    assert_false(router_pattern_valid("api/v1"));
    assert_false(router_pattern_valid("/api/x{id}"));
    assert_false(router_pattern_valid("/api/{id}x"));
    assert_false(router_pattern_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(literal_paths_match_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(parameters_are_decoded_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(parameters_cannot_hide_a_slash_or_be_empty, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(known_path_with_another_method_lists_the_allowed, setup,
                                        teardown),
        cmocka_unit_test(patterns_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
