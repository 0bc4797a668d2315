/*
 * test_routine.c: a routine's moves at the routine's own length (routine.c).
 * A routine the plan gives in full keeps its moves' doses; one trimmed to fit
 * the day, or halved in a flare, shrinks its moves' minutes and repetitions by
 * the same share, never holds and never below one, so the moves add up to
 * about the routine's minutes (the physiotherapist's review found seated tai
 * chi headed "8 min" over five moves of 2 minutes).
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/plan/plan.h"
#include "shipped_data.h"

#define cat ds.catalog

static struct dose minutes(int m)
{
    struct dose d = {0};
    d.has[DOSE_MINUTES] = true;
    d.value[DOSE_MINUTES] = m;
    return d;
}

/* The moves' minutes at the doses routine_move_dose gives for a routine of `m` minutes. */
static double moves_minutes(const struct exercise *r, const struct dose *planned)
{
    double sum = 0;
    for (int i = 0; i < r->n_routine; i++) {
        struct dose d;
        routine_move_dose(&cat, r, i, planned, &d);
        sum += dose_minutes(catalog_find(&cat, r->routine[i].exercise), &d);
    }
    return sum;
}

/* Seated tai chi at 8 minutes: its five moves of 2 take 2, 2, 2, 1 and 1. */
static void whole_minutes_add_up(void **state)
{
    const struct exercise *r = catalog_find(&cat, "seated-tai-chi");
    struct dose eight = minutes(8), d;
    int got[5], sum = 0;
    (void)state;

    assert_int_equal(r->n_routine, 5);
    for (int i = 0; i < 5; i++) {
        routine_move_dose(&cat, r, i, &eight, &d);
        got[i] = d.value[DOSE_MINUTES];
        sum += got[i];
    }
    assert_int_equal(sum, 8);
    assert_int_equal(got[0], 2);
    assert_int_equal(got[4], 1);
}

static void a_full_routine_keeps_its_moves(void **state)
{
    const struct exercise *r = catalog_find(&cat, "seated-tai-chi");
    struct dose d, ten = minutes(10);
    (void)state;

    assert_non_null(r);
    assert_true(fabs(routine_natural_minutes(&cat, r) - 10) < 1e-9); /* five moves of 2 min */
    for (int i = 0; i < r->n_routine; i++) {
        routine_move_dose(&cat, r, i, &ten, &d);
        assert_memory_equal(&d, &r->routine[i].dose, sizeof(d));
        routine_move_dose(&cat, r, i, NULL, &d); /* no plan dose: the library's */
        assert_memory_equal(&d, &r->routine[i].dose, sizeof(d));
    }
}

/* A routine of timed moves given more time than they take spreads it over them, so the
 * moves add up (the review found tai chi headed 15 minutes over 13 of moves); a routine of
 * counted poses keeps every dose (the rest is rests between poses). */
static void a_longer_routine_grows_its_timed_moves(void **state)
{
    (void)state;
    for (int k = 0; k < cat.n; k++) {
        const struct exercise *r = &cat.items[k];
        double natural;
        if (!r->n_routine)
            continue;
        natural = routine_natural_minutes(&cat, r);
        for (int m = (int)ceil(natural); m <= 45; m++) {
            struct dose planned = minutes(m), d;
            double got = moves_minutes(r, &planned);
            bool timed = true;
            for (int i = 0; i < r->n_routine; i++)
                timed &= r->routine[i].dose.has[DOSE_MINUTES];
            if (timed ? fabs(got - m) > 1 : fabs(got - natural) > 1e-9)
                fail_msg("%s at %d min: the moves take %.1f min", r->id, m, got);
            for (int i = 0; i < r->n_routine; i++) {
                const struct dose *own = &r->routine[i].dose;
                routine_move_dose(&cat, r, i, &planned, &d);
                assert_int_equal(d.value[DOSE_REPS], own->value[DOSE_REPS]);
                assert_int_equal(d.value[DOSE_HOLD_S], own->value[DOSE_HOLD_S]);
                assert_true(d.value[DOSE_MINUTES] >= own->value[DOSE_MINUTES]);
            }
        }
    }
}

static void a_shorter_routine_shrinks_its_moves(void **state)
{
    (void)state;
    for (int k = 0; k < cat.n; k++) {
        const struct exercise *r = &cat.items[k];
        double natural;
        if (!r->n_routine)
            continue;
        struct dose one = minutes(1);
        double floor_min = moves_minutes(r, &one), before = 0;
        natural = routine_natural_minutes(&cat, r);
        for (int m = 1; m < natural; m++) {
            struct dose planned = minutes(m), d;
            double got = moves_minutes(r, &planned);
            /* about the routine's minutes: rounding leaves a little, and a routine of holds
             * cannot go below one of each; never longer for a shorter routine */
            if (got > fmax(m, floor_min) + 1.5 || got > natural || got < before)
                fail_msg("%s at %d min: the moves take %.1f min", r->id, m, got);
            before = got;
            for (int i = 0; i < r->n_routine; i++) {
                const struct dose *own = &r->routine[i].dose;
                routine_move_dose(&cat, r, i, &planned, &d);
                assert_int_equal(d.value[DOSE_HOLD_S], own->value[DOSE_HOLD_S]);
                assert_int_equal(d.value[DOSE_SETS], own->value[DOSE_SETS]);
                assert_true(d.value[DOSE_REPS] <= own->value[DOSE_REPS]);
                assert_true(d.value[DOSE_MINUTES] <= own->value[DOSE_MINUTES]);
                if (own->has[DOSE_REPS])
                    assert_true(d.value[DOSE_REPS] >= 1);
                if (own->has[DOSE_MINUTES])
                    assert_true(d.value[DOSE_MINUTES] >= 1);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_routine_keeps_its_moves),
        cmocka_unit_test(a_longer_routine_grows_its_timed_moves),
        cmocka_unit_test(a_shorter_routine_shrinks_its_moves),
        cmocka_unit_test(whole_minutes_add_up),
    };
    return cmocka_run_group_tests(tests, shipped_load, shipped_free);
}
