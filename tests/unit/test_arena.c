/*
 * test_arena.c: the request arena's promises (arena.h): aligned memory up
 * to a ceiling, never past it; a reset gives everything back but keeps one
 * small chunk for the connection's next request.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/arena.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISONED(p) (__asan_address_is_poisoned(p) != 0)
#else
#define POISONED(p) true /* nothing to see without the sanitizer */
#endif

static void memory_is_aligned_and_bounded(void **state)
{
    struct arena a;
    (void)state;

    arena_init(&a, 10000);
    for (int i = 1; i < 50; i++) {
        char *p = arena_alloc(&a, (size_t)i);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
        memset(p, 'x', (size_t)i);
    }
    assert_null(arena_alloc(&a, 20000));    /* past the ceiling */
    assert_null(arena_alloc(&a, SIZE_MAX)); /* and no overflow on the way */
    assert_string_equal(arena_strdup(&a, "kept"), "kept");
    assert_null(arena_strdup(&a, NULL));
    arena_release(&a);
}

static void reset_keeps_one_small_chunk_and_gives_back_the_rest(void **state)
{
    struct arena a;
    char *first, *big;
    (void)state;

    arena_init(&a, 1 << 20);
    first = arena_alloc(&a, 100);
    big = arena_alloc(&a, 100000); /* a chunk of its own */
    assert_non_null(first);
    assert_non_null(big);
    memset(big, 'x', 100000);
    arena_reset(&a); /* the big chunk is freed: the sanitizer sees a leak otherwise */
    assert_int_equal(a.used, 0);
    /* Under the sanitizer, a pointer kept from before the reset is caught. */
    assert_true(POISONED(first));
    /* The next request starts in the kept chunk, from its start. */
    assert_ptr_equal(arena_alloc(&a, 100), first);
    memset(first, 'y', 100); /* handed out again: usable */
    /* The whole ceiling is there again. */
    assert_non_null(arena_alloc(&a, (1 << 20) - 1024));
    arena_release(&a);

    /* An arena that only ever had a big chunk keeps nothing. */
    arena_init(&a, 1 << 20);
    assert_non_null(arena_alloc(&a, 100000));
    arena_reset(&a);
    assert_null(a.head);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memory_is_aligned_and_bounded),
        cmocka_unit_test(reset_keeps_one_small_chunk_and_gives_back_the_rest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
