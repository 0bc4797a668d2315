/*
 * test_password.c: passwords and tokens (src/auth): argon2id hashes in
 * libsodium's encoded form with the configured cost, verification, the
 * acceptable passwords, the cap on hashes at once, and session tokens.
 */
#include "compat.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include <cmocka.h>

#include "auth/password.h"
#include "auth/token.h"

/* A small cost, so that the test is quick; the default is checked apart. */
static const struct password_cost quick = {1, 1024 * 1024};

/* Whether pw matches hash; fails the test on anything but an answer. */
static bool verify(const char *hash, const char *pw)
{
    struct mrx_err err;
    bool match = true;

    assert_int_equal(password_verify(hash, pw, strlen(pw), &match, &err), MRX_OK);
    return match;
}

static void hashes_are_argon2id_with_their_cost_and_a_salt_each(void **state)
{
    char a[PASSWORD_HASH_SIZE], b[PASSWORD_HASH_SIZE];
    struct mrx_err err;
    (void)state;

    assert_int_equal(password_init(2, 0, quick, &err), MRX_OK);
    assert_int_equal(password_hash("correct horse battery", 21, a, &err), MRX_OK);
    assert_int_equal(password_hash("correct horse battery", 21, b, &err), MRX_OK);
    assert_non_null(strstr(a, "$argon2id$v=19$m=1024,t=1,p=1$"));
    assert_string_not_equal(a, b); /* a random salt each */
    assert_null(strstr(a, "correct horse"));
    assert_true(verify(a, "correct horse battery"));
    assert_true(verify(b, "correct horse battery"));
    assert_false(verify(a, "correct horse batterY"));
    assert_false(verify(NULL, "correct horse battery")); /* no account */
    assert_false(verify("not a hash", "correct horse battery"));
    password_shutdown();
}

static void the_default_cost_is_owasps_minimum(void **state)
{
    struct password_cost c = password_default_cost();
    (void)state;

    assert_int_equal(c.mem_bytes, 19u * 1024 * 1024);
    assert_int_equal(c.ops, 2);
}

static void too_cheap_a_cost_is_refused(void **state)
{
    struct mrx_err err;
    (void)state;

    assert_int_equal(password_init(1, 0, (struct password_cost){1, 1024}, &err), MRX_EINVAL);
}

static void passwords_are_checked_before_they_are_kept(void **state)
{
    struct mrx_err err;
    char long_pw[PASSWORD_MAX + 2];
    static const char *const guessable[] = {"1234567890", "password12", "          ", "qwertyuiop",
                                            "ann.lee@example.org"};
    (void)state;

    /* a long phrase, of words that do not repeat, up to the byte limit */
    size_t at = 0;
    for (int i = 0; at + 16 < PASSWORD_MAX; i++)
        at += (size_t)snprintf(long_pw + at, sizeof(long_pw) - at, "%s%d ",
                               i % 2 ? "otter" : "lantern", i * 7 + 3);
    while (at < PASSWORD_MAX + 1)
        long_pw[at++] = 'q';
    long_pw[at] = '\0';
    assert_int_equal(password_check("short pw", 8, NULL, &err), MRX_EINVAL);
    assert_string_equal(err.field, "password");
    assert_int_equal(password_check("green tea at ten", 16, NULL, &err), MRX_OK);
    assert_int_equal(password_check(long_pw, PASSWORD_MAX, NULL, &err), MRX_OK);
    assert_int_equal(password_check(long_pw, PASSWORD_MAX + 1, NULL, &err), MRX_EINVAL);
    assert_int_equal(password_check("tab\tinside it", 13, NULL, &err), MRX_EINVAL);
    assert_int_equal(password_check("caf\xc3\xa9 au lait!", 14, NULL, &err), MRX_OK); /* UTF-8 */
    /* length is counted in characters, not bytes */
    assert_int_equal(password_check("\xc3\xa9t\xc3\xa9 \xc3\xa0 n\xc3\xaem", 13, NULL, &err),
                     MRX_EINVAL); /* "été à nîm": 13 bytes, 9 characters */
    assert_non_null(strstr(err.msg, "characters"));
    assert_int_equal(password_check("\xff\xfe not text at all", 21, NULL, &err), MRX_EINVAL);
    /* F5: what the security review could set, and the account's own address */
    for (size_t i = 0; i < sizeof(guessable) / sizeof(guessable[0]); i++) {
        if (password_check(guessable[i], strlen(guessable[i]), "ann.lee@example.org", &err) !=
            MRX_EINVAL)
            fail_msg("'%s' was accepted", guessable[i]);
        assert_string_equal(err.field, "password");
    }
    assert_int_equal(password_check("ANN.LEE@example.org", 19, "ann.lee@example.org", &err),
                     MRX_EINVAL);
    assert_int_equal(password_check("annlee2026!", 11, "ann.lee@example.org", &err), MRX_EINVAL);
    assert_int_equal(password_check("green tea at ten", 16, "ann.lee@example.org", &err), MRX_OK);
}

static void *hash_a_few(void *arg)
{
    char out[PASSWORD_HASH_SIZE];
    struct mrx_err err;
    bool match;

    for (int i = 0; i < 3; i++)
        if (password_hash("a password of mine", 18, out, &err) != MRX_OK ||
            password_verify(out, "a password of mine", 18, &match, &err) != MRX_OK || !match)
            *(int *)arg = 1;
    return NULL;
}

/* Twelve threads at once: never more than the cap hash together, and the
 * cap is used (the others waited rather than failed). */
static void no_more_than_the_cap_hash_at_once(void **state)
{
    enum { N = 12, CAP = 2 };
    pthread_t t[N];
    int failed[N] = {0};
    struct mrx_err err;
    (void)state;

    assert_int_equal(password_init(CAP, 0, quick, &err), MRX_OK);
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_create(&t[i], NULL, hash_a_few, &failed[i]), 0);
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(failed[i], 0);
    }
    assert_true(password_peak_parallel() <= CAP);
    assert_true(password_peak_parallel() >= 1);
    password_shutdown();
}

/* The hashes running and waiting now, polled until they are as expected
 * (for 20 s at most: a hash that ended first would leave them short). */
static void wait_for(unsigned running, unsigned waiting)
{
    unsigned r, w;

    for (int i = 0; i < 20000; i++) {
        password_queue(&r, &w);
        if (r == running && w == waiting)
            return;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    fail_msg("expected %u running and %u waiting, have %u and %u", running, waiting, r, w);
}

static void *hash_once(void *arg)
{
    char out[PASSWORD_HASH_SIZE];
    struct mrx_err err;

    *(int *)arg = password_hash("a password of mine", 18, out, &err);
    return NULL;
}

/* With one hash running and the most allowed waiting, one more is turned
 * away at once (MRX_EBUSY, counted), while those waiting get their turn. */
static void past_the_waiting_bound_a_hash_is_busy(void **state)
{
    /* Slow enough (about half a second) that the first is still running
     * while the others line up. */
    const struct password_cost slow = {4, 256u * 1024 * 1024};
    pthread_t t[3];
    int rc[3] = {-1, -1, -1};
    char out[PASSWORD_HASH_SIZE];
    struct mrx_err err;
    bool match = true;
    (void)state;

    assert_int_equal(password_init(1, 2, slow, &err), MRX_OK);
    assert_int_equal(password_busy_count(), 0);
    assert_int_equal(pthread_create(&t[0], NULL, hash_once, &rc[0]), 0);
    wait_for(1, 0);
    assert_int_equal(pthread_create(&t[1], NULL, hash_once, &rc[1]), 0);
    assert_int_equal(pthread_create(&t[2], NULL, hash_once, &rc[2]), 0);
    wait_for(1, 2);
    assert_int_equal(password_hash("one too many!", 13, out, &err), MRX_EBUSY);
    assert_non_null(strstr(err.msg, "try again"));
    assert_int_equal(password_verify(NULL, "one too many!", 13, &match, &err), MRX_EBUSY);
    assert_false(match);
    assert_int_equal(password_busy_count(), 2);
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(rc[i], MRX_OK); /* they waited, and hashed */
    }
    assert_int_equal(password_peak_parallel(), 1);
    password_shutdown();
}

static void tokens_are_random_and_stored_as_hashes(void **state)
{
    char a[TOKEN_TEXT_SIZE], b[TOKEN_TEXT_SIZE], ha[TOKEN_TEXT_SIZE], ha2[TOKEN_TEXT_SIZE],
        hb[TOKEN_TEXT_SIZE], csrf[TOKEN_TEXT_SIZE];
    (void)state;

    token_new(a);
    token_new(b);
    assert_int_equal(strlen(a), 64); /* 32 bytes, in hex */
    assert_string_not_equal(a, b);
    assert_true(token_hash(a, ha));
    assert_true(token_hash(a, ha2));
    assert_true(token_hash(b, hb));
    assert_string_equal(ha, ha2);
    assert_string_not_equal(ha, hb);
    assert_string_not_equal(ha, a);
    assert_false(token_hash("not hex at all", ha));
    token_derive(a, "csrf", csrf);
    assert_string_not_equal(csrf, a);
    assert_int_equal(strlen(csrf), 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hashes_are_argon2id_with_their_cost_and_a_salt_each),
        cmocka_unit_test(the_default_cost_is_owasps_minimum),
        cmocka_unit_test(too_cheap_a_cost_is_refused),
        cmocka_unit_test(passwords_are_checked_before_they_are_kept),
        cmocka_unit_test(no_more_than_the_cap_hash_at_once),
        cmocka_unit_test(past_the_waiting_bound_a_hash_is_busy),
        cmocka_unit_test(tokens_are_random_and_stored_as_hashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
