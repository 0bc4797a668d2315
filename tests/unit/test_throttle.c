/*
 * test_throttle.c: login throttling (api/throttle.h): the limits per
 * account and per address, the window, a success clearing the account, and
 * a count that blocks surviving a flood of failures under other names.
 */
#include "compat.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "api/throttle.h"

#define T0 1800000000

static void accounts_block_after_their_limit_until_the_window_passes(void **state)
{
    struct throttle *t = throttle_new(5, 20, 900);

    (void)state;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.1", T0), 0);
        throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    }
    assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.1", T0), 0);
    throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    /* the fifth failure blocks, from any address, for the rest of the window */
    assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.2", T0 + 100), 801);
    assert_int_equal(throttle_check(t, "bob@example.org", "10.0.0.2", T0 + 100), 0);
    assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.2", T0 + 900), 0);
    throttle_free(t);
}

static void a_success_clears_the_account(void **state)
{
    struct throttle *t = throttle_new(3, 20, 900);

    (void)state;
    for (int i = 0; i < 2; i++)
        throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    throttle_succeeded(t, "ann@example.org");
    for (int i = 0; i < 2; i++)
        throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.1", T0), 0);
    throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    assert_true(throttle_check(t, "ann@example.org", "10.0.0.1", T0) > 0);
    throttle_free(t);
}

static void addresses_block_across_accounts(void **state)
{
    struct throttle *t = throttle_new(5, 3, 900);
    char email[64];

    (void)state;
    for (int i = 0; i < 3; i++) {
        snprintf(email, sizeof(email), "user%d@example.org", i);
        throttle_failed(t, email, "10.0.0.9", T0);
    }
    assert_true(throttle_check(t, "someone@example.org", "10.0.0.9", T0) > 0);
    assert_int_equal(throttle_check(t, "someone@example.org", "10.0.0.8", T0), 0);
    throttle_free(t);
}

/* Many more names than the table holds, each failing once from addresses of
 * their own: the blocked account stays blocked. */
static void a_flood_of_other_names_does_not_reset_a_block(void **state)
{
    struct throttle *t = throttle_new(5, 20, 900);
    char email[64], addr[32];

    (void)state;
    for (int i = 0; i < 5; i++)
        throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    for (int i = 0; i < 20000; i++) {
        snprintf(email, sizeof(email), "made-up-%d@example.org", i);
        snprintf(addr, sizeof(addr), "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        throttle_failed(t, email, addr, T0 + 1);
    }
    assert_true(throttle_check(t, "ann@example.org", "10.9.9.9", T0 + 2) > 0);
    throttle_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accounts_block_after_their_limit_until_the_window_passes),
        cmocka_unit_test(a_success_clears_the_account),
        cmocka_unit_test(addresses_block_across_accounts),
        cmocka_unit_test(a_flood_of_other_names_does_not_reset_a_block),
    };
    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
