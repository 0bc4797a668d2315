/*
 * test_auth_cache.c: the kept sessions and care-team memberships
 * (api/auth_cache.h): an entry answers only at the revision it was read at,
 * a later read is never replaced by an earlier one, a dropped session is
 * gone, and a full cache keeps the entries used last.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "api/auth_cache.h"

static struct auth_cached_session session(const char *hash_digit, const char *email)
{
    struct auth_cached_session s = {.created_s = 100, .seen_s = 200};

    memset(s.token_hash, hash_digit[0], 64);
    memset(s.csrf_hash, 'c', 64);
    snprintf(s.email, sizeof(s.email), "%s", email);
    snprintf(s.user.id, sizeof(s.user.id), "user-%s", hash_digit);
    s.user.role = ROLE_CLINICIAN;
    s.user.email = "a pointer the cache must not keep";
    return s;
}

static void a_session_answers_only_at_its_revision(void **state)
{
    struct auth_cache *ac = auth_cache_new(16);
    struct auth_cached_session s = session("a", "ann@example.org"), got;
    unsigned long long hits, misses;

    (void)state;
    assert_false(auth_cache_session_get(ac, s.token_hash, 7, &got));
    auth_cache_session_put(ac, 7, &s);
    assert_true(auth_cache_session_get(ac, s.token_hash, 7, &got));
    assert_string_equal(got.user.id, "user-a");
    assert_string_equal(got.csrf_hash, s.csrf_hash);
    assert_ptr_equal(got.user.email, got.email); /* its own copy */
    assert_string_equal(got.user.email, "ann@example.org");
    assert_int_equal(got.seen_s, 200);
    assert_false(auth_cache_session_get(ac, s.token_hash, 8, &got)); /* the store moved on */

    /* A read at revision 6 that lands late does not replace the one at 7. */
    s.seen_s = 150;
    auth_cache_session_put(ac, 6, &s);
    assert_true(auth_cache_session_get(ac, s.token_hash, 7, &got));
    assert_int_equal(got.seen_s, 200);

    auth_cache_session_drop(ac, s.token_hash);
    assert_false(auth_cache_session_get(ac, s.token_hash, 7, &got));
    auth_cache_counts(ac, &hits, &misses);
    assert_int_equal(hits, 2);
    assert_int_equal(misses, 3);
    auth_cache_free(ac);
}

static void memberships_keep_yes_and_no(void **state)
{
    struct auth_cache *ac = auth_cache_new(16);
    bool member = true;

    (void)state;
    assert_false(auth_cache_member_get(ac, "org", "patient", "clin", 3, &member));
    auth_cache_member_put(ac, "org", "patient", "clin", 3, false);
    auth_cache_member_put(ac, "org", "patient", "other", 3, true);
    assert_true(auth_cache_member_get(ac, "org", "patient", "clin", 3, &member));
    assert_false(member);
    assert_true(auth_cache_member_get(ac, "org", "patient", "other", 3, &member));
    assert_true(member);
    assert_false(auth_cache_member_get(ac, "org", "patient", "clin", 4, &member));
    /* Ids are never run together: these two triples read alike with spaces between. */
    auth_cache_member_put(ac, "o", "p q", "r", 3, true);
    assert_false(auth_cache_member_get(ac, "o p", "q", "r", 3, &member));
    assert_false(auth_cache_member_get(ac, "o", "p", "q r", 3, &member));
    auth_cache_free(ac);
}

static void a_full_cache_keeps_what_was_used_last(void **state)
{
    struct auth_cache *ac = auth_cache_new(2); /* one set of two */
    struct auth_cached_session a = session("a", "a@example.org"), b = session("b", "b@example.org"),
                               c = session("c", "c@example.org"), got;

    (void)state;
    auth_cache_session_put(ac, 1, &a);
    auth_cache_session_put(ac, 1, &b);
    assert_true(auth_cache_session_get(ac, a.token_hash, 1, &got)); /* a used last */
    auth_cache_session_put(ac, 1, &c);                              /* b goes */
    assert_true(auth_cache_session_get(ac, a.token_hash, 1, &got));
    assert_true(auth_cache_session_get(ac, c.token_hash, 1, &got));
    assert_false(auth_cache_session_get(ac, b.token_hash, 1, &got));
    auth_cache_free(ac);
}

static void a_cache_of_no_slots_keeps_nothing(void **state)
{
    struct auth_cache *ac = auth_cache_new(0);
    struct auth_cached_session a = session("a", "a@example.org"), got;
    bool member;

    (void)state;
    assert_null(ac);
    auth_cache_session_put(ac, 1, &a);
    assert_false(auth_cache_session_get(ac, a.token_hash, 1, &got));
    auth_cache_member_put(ac, "o", "p", "u", 1, true);
    assert_false(auth_cache_member_get(ac, "o", "p", "u", 1, &member));
    auth_cache_free(ac);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_session_answers_only_at_its_revision),
        cmocka_unit_test(memberships_keep_yes_and_no),
        cmocka_unit_test(a_full_cache_keeps_what_was_used_last),
        cmocka_unit_test(a_cache_of_no_slots_keeps_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
