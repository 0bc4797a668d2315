/*
 * test_throttle.c: login throttling (api/throttle.h): the limit per account
 * from an address and per address, the window, an account's back-off that
 * never locks its owner out, a success clearing the account, and a count
 * that blocks surviving a flood of failures under other names.
 */
#include "compat.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "api/throttle.h"

#define T0 1800000000

static void an_address_is_blocked_on_an_account_after_its_limit(void **state)
{
    struct throttle *t = throttle_new(5, 20, 900);

    (void)state;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.1", T0), 0);
        throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    }
    assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.1", T0), 0);
    throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    /* the fifth failure blocks that address on that account for the rest of the window */
    assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.1", T0 + 100), 801);
    assert_int_equal(throttle_check(t, "bob@example.org", "10.0.0.1", T0 + 100), 0);
    assert_int_equal(throttle_check(t, "ann@example.org", "10.0.0.1", T0 + 900), 0);
    throttle_free(t);
}

/* F6: failures from anywhere never lock the owner out. Past the account's limit each
 * attempt waits a back-off that doubles, up to a minute; then they sign in from home. */
static void an_account_backs_off_and_is_never_locked(void **state)
{
    struct throttle *t = throttle_new(5, 20, 900);
    char addr[32];
    unsigned wait = 0;

    (void)state;
    for (int i = 0; i < 5; i++)
        throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    assert_int_equal(throttle_check(t, "ann@example.org", "192.168.1.2", T0), 1);
    assert_int_equal(throttle_check(t, "ann@example.org", "192.168.1.2", T0 + 1), 0);
    /* an attacker on many addresses, one failure each as the back-off allows */
    for (int i = 0; i < 40; i++) {
        snprintf(addr, sizeof(addr), "10.1.0.%d", i);
        throttle_failed(t, "ann@example.org", addr, T0 + 2 + i);
        wait = throttle_check(t, "ann@example.org", "192.168.1.2", T0 + 2 + i);
        assert_true(wait <= 60);
    }
    assert_int_equal(wait, 60); /* doubled to the cap */
    assert_int_equal(throttle_check(t, "ann@example.org", "192.168.1.2", T0 + 41 + 60), 0);
    throttle_free(t);
}

static void a_success_clears_the_account(void **state)
{
    struct throttle *t = throttle_new(3, 20, 900);

    (void)state;
    for (int i = 0; i < 2; i++)
        throttle_failed(t, "ann@example.org", "10.0.0.1", T0);
    throttle_succeeded(t, "ann@example.org", "10.0.0.1");
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
 * their own: the blocked address stays blocked on the account. */
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
    assert_true(throttle_check(t, "ann@example.org", "10.0.0.1", T0 + 2) > 0);
    throttle_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_address_is_blocked_on_an_account_after_its_limit),
        cmocka_unit_test(an_account_backs_off_and_is_never_locked),
        cmocka_unit_test(a_success_clears_the_account),
        cmocka_unit_test(addresses_block_across_accounts),
        cmocka_unit_test(a_flood_of_other_names_does_not_reset_a_block),
    };
    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
