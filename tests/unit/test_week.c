/*
 * test_week.c: the person's week (core/plan/week.c, docs/plan.md "The
 * week"): weekday names and numbers, the spread of the old days-a-week
 * form, and the schedule: every item on as many of the person's days as it
 * wants (never more, never another day), strength days apart, days balanced.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "common/date.h"
#include "core/plan/program.h"
#include "core/plan/week.h"
#include "formats/plan_json.h"

#define MON 0x01u
#define TUE 0x02u
#define WED 0x04u
#define THU 0x08u
#define FRI 0x10u
#define SAT 0x20u
#define SUN 0x40u

static void weekdays(void **state)
{
    long day;
    int wd;
    (void)state;
    assert_true(date_parse("2026-12-07", &day)); /* a Monday */
    assert_int_equal(weekday_of(day), 0);
    assert_int_equal(weekday_of(day + 6), 6);
    assert_int_equal(weekday_of(day - 1), 6);
    assert_int_equal(weekday_of(0), 3); /* 1970-01-01 was a Thursday */
    assert_true(weekday_from_name("sat", &wd));
    assert_int_equal(wd, 5);
    assert_false(weekday_from_name("Sat", &wd));
    assert_false(weekday_from_name(NULL, &wd));
    assert_string_equal(weekday_name(2), "wed");
    assert_string_equal(weekday_long_name(6), "Sunday");
    assert_string_equal(weekday_name(7), "");
}

/* The old form keeps the spread counted from the first day, as before weekdays. */
static void default_days(void **state)
{
    (void)state;
    assert_int_equal(week_default_days(1, 0), MON);
    assert_int_equal(week_default_days(2, 0), MON | THU);
    assert_int_equal(week_default_days(3, 0), MON | WED | FRI);
    assert_int_equal(week_default_days(3, 4), FRI | SUN | TUE); /* from a Friday */
    assert_int_equal(week_default_days(5, 0), MON | TUE | WED | THU | FRI);
    assert_int_equal(week_default_days(7, 3), WEEK_ALL_DAYS);
    assert_int_equal(week_default_days(0, 0), 0);
    for (int n = 1; n <= 7; n++)
        for (int first = 0; first < 7; first++) {
            unsigned m = week_default_days(n, first);
            assert_int_equal(week_count(m), n);
            assert_true(m & (1u << first)); /* the first day always holds a session */
        }
}

/* Strength twice on five days: with a day of rest between, and the two
 * strength items on different days so the days stay even. */
static void spread_and_balance(void **state)
{
    const unsigned weekdays = MON | TUE | WED | THU | FRI;
    struct week_need needs[] = {{5, 10, WEEK_ANY, false, 0},
                                {2, 4, WEEK_ANY, false, 0},
                                {2, 4, WEEK_ANY, false, 0},
                                {7, 3, WEEK_ANY, false, 0},
                                {9, 1, WEEK_ANY, false, 0}};
    unsigned out[5];
    (void)state;
    week_schedule(weekdays, needs, 5, NULL, out);
    assert_int_equal(out[0], weekdays);
    assert_int_equal(week_count(out[1]), 2);
    assert_int_equal(week_count(out[2]), 2);
    assert_int_equal(out[3], weekdays); /* daily: every day the person gave, no more */
    assert_int_equal(out[4], weekdays);
    for (int i = 1; i <= 2; i++) {
        unsigned m = out[i];
        for (int d = 0; d < 6; d++)
            if (((m >> d) & 1u) && ((m >> (d + 1)) & 1u))
                fail_msg("item %d on two days running: %#x", i, m);
    }
    assert_int_equal(out[1] & out[2], 0); /* the two spread apart from each other */
}

/* Two days given: nothing goes anywhere else, whatever it asks for. */
static void only_the_persons_days(void **state)
{
    struct week_need needs[] = {{7, 3, WEEK_ANY, false, 0},
                                {3, 10, WEEK_ANY, false, 0},
                                {1, 5, WEEK_ANY, false, 0},
                                {0, 5, WEEK_ANY, false, 0}};
    unsigned out[4];
    (void)state;
    week_schedule(TUE | SAT, needs, 4, NULL, out);
    assert_int_equal(out[0], TUE | SAT);
    assert_int_equal(out[1], TUE | SAT);
    assert_int_equal(week_count(out[2]), 1);
    assert_int_equal(out[2] & ~(TUE | SAT), 0);
    assert_int_equal(out[3], 0);
}

/* Over every set of days and many needs: a subset of the person's days, and
 * the count asked for or all of them. */
static void property_schedule(void **state)
{
    uint32_t x = 7;
    (void)state;
    for (unsigned days = 1; days <= WEEK_ALL_DAYS; days++)
        for (int round = 0; round < 40; round++) {
            struct week_need needs[7];
            unsigned out[7];

            int n = 1 + (int)((x = x * 1103515245u + 12345u) >> 16) % 7;
            for (int i = 0; i < n; i++) {
                needs[i].times = (int)(((x = x * 1103515245u + 12345u) >> 16) % 8);
                needs[i].minutes = (double)(((x = x * 1103515245u + 12345u) >> 16) % 20);
                needs[i].kind =
                    (enum week_kind)(((x = x * 1103515245u + 12345u) >> 16) % WEEK_KINDS);
                needs[i].off_pool = ((x = x * 1103515245u + 12345u) >> 16) % 3 == 0;
                /* the pool, now and then only on the days the person gets to one */
                needs[i].only =
                    needs[i].kind == WEEK_POOL && ((x = x * 1103515245u + 12345u) >> 16) % 2
                        ? days & ((x = x * 1103515245u + 12345u) >> 16) & WEEK_ALL_DAYS
                        : 0;
            }
            week_schedule(days, needs, n, NULL, out);
            /* the warm-pool route: off the pool's days, while enough others are left */
            unsigned pool = 0;
            for (int i = 0; i < n; i++)
                if (needs[i].kind == WEEK_POOL)
                    pool |= out[i];
            for (int i = 0; i < n; i++) {
                int want = needs[i].times < week_count(days) ? needs[i].times : week_count(days);
                unsigned kind_on_pool = 0; /* its kind already shares the pool's days */
                for (int j = 0; j < i; j++)
                    if (needs[i].kind != WEEK_ANY && needs[j].kind == needs[i].kind)
                        kind_on_pool |= out[j] & pool;
                if (needs[i].off_pool && needs[i].kind != WEEK_POOL && !kind_on_pool &&
                    week_count(days & ~pool) >= want && (out[i] & pool))
                    fail_msg("days %#x: item %d (%#x) on the pool's days (%#x)", days, i, out[i],
                             pool);
            }
            for (int i = 0; i < n; i++) {
                unsigned open = needs[i].only ? days & needs[i].only : days;
                int want = needs[i].times < week_count(open) ? needs[i].times : week_count(open);
                if (out[i] & ~open)
                    fail_msg("days %#x: item %d on a day not given (%#x, only %#x)", days, i,
                             out[i], needs[i].only);
                if (week_count(out[i]) != want)
                    fail_msg("days %#x: item %d on %d days, wanted %d", days, i, week_count(out[i]),
                             want);
                /* one kind of session shares its days: an item is inside the days its
                 * kind held before it, or on all of them and more */
                unsigned held = 0;
                for (int j = 0; j < i; j++)
                    if (needs[i].kind != WEEK_ANY && !needs[i].only &&
                        needs[j].kind == needs[i].kind)
                        held |= out[j];
                if (held && out[i] && (out[i] & ~held) && (out[i] & held) != held)
                    fail_msg("days %#x: item %d (%#x) apart from its kind's days (%#x)", days, i,
                             out[i], held);
            }
        }
}

/* Strength work shares its days, so the days between rest those muscles;
 * the pool and the mind-body session get days of their own while the week
 * has them, and share when it does not. */
static void sessions_of_a_kind(void **state)
{
    struct week_need needs[] = {
        {3, 3, WEEK_STRENGTH, false, 0}, {3, 3, WEEK_STRENGTH, false, 0},
        {2, 10, WEEK_POOL, false, 0},    {1, 12, WEEK_MIND_BODY, false, 0},
        {2, 2, WEEK_STRENGTH, false, 0}, {7, 3, WEEK_ANY, false, 0},
    };
    unsigned out[6];
    (void)state;
    week_schedule(WEEK_ALL_DAYS, needs, 6, NULL, out);
    assert_int_equal(out[0], MON | WED | FRI);
    assert_int_equal(out[1], out[0]);
    assert_int_equal(out[4] & ~out[0], 0); /* fewer days: inside the strength days */
    assert_int_equal(week_count(out[4]), 2);
    assert_int_equal(out[2] & out[0], 0); /* the pool on days without strength */
    assert_int_equal(week_count(out[2]), 2);
    assert_int_equal(out[3] & (out[0] | out[2]), 0); /* a mind-body day of its own */
    assert_int_equal(out[5], WEEK_ALL_DAYS);

    /* Two days only: everything shares them, and nothing goes elsewhere. */
    week_schedule(TUE | SAT, needs, 6, NULL, out);
    for (int i = 0; i < 6; i++)
        assert_int_equal(out[i] & ~(TUE | SAT), 0);
    assert_int_equal(out[0], TUE | SAT);
    assert_int_equal(out[2], TUE | SAT);
    assert_int_equal(week_count(out[3]), 1);
}

/* Days running are avoided when the gaps cannot be kept: three of Monday to
 * Thursday is Monday, Wednesday, Thursday (one pair), not three in a row. */
static void fewest_days_running(void **state)
{
    struct week_need needs[] = {{3, 5, WEEK_ANY, false, 0}};
    unsigned out[1];
    (void)state;
    week_schedule(MON | TUE | WED | THU, needs, 1, NULL, out);
    assert_int_equal(week_count(out[0]), 3);
    assert_true(out[0] != (MON | TUE | WED) && out[0] != (TUE | WED | THU));
}

/* The warm-pool route: the pool takes the day that leaves the land's strength
 * work a day of rest between its days (Tuesday, Thursday, Friday, Sunday: the
 * pool on Thursday or Friday, strength Tuesday, the other, Sunday), even when
 * that puts the pool on the program's first day. */
static void the_pool_spares_strength_rest_days(void **state)
{
    struct week_need needs[] = {
        {1, 10, WEEK_POOL, false, 0}, {3, 4, WEEK_STRENGTH, true, 0}, {3, 2, WEEK_ANY, true, 0}};
    const unsigned days = TUE | THU | FRI | SUN;
    unsigned out[3], keep[3];
    (void)state;
    week_schedule(days, needs, 3, NULL, out);
    assert_true(out[0] == THU || out[0] == FRI);
    assert_int_equal(out[1], days & ~out[0]);
    /* day 1 on Thursday: the pool keeps off it (Friday), strength still rests */
    assert_true(week_pool_off_first_day(days, needs, 3, 3, keep));
    assert_int_equal(keep[0], FRI);
    /* day 1 on Tuesday: keeping the pool off it costs nothing either */
    assert_true(week_pool_off_first_day(days, needs, 3, 1, keep));
    /* Wednesday to Sunday, pool twice, day 1 on Thursday: only the pool on Thursday and
     * Saturday leaves strength a rest (Wednesday, Friday, Sunday), so day 1 gives way */
    needs[0].times = 2;
    assert_false(week_pool_off_first_day(WED | THU | FRI | SAT | SUN, needs, 3, 3, keep));
    week_schedule(WED | THU | FRI | SAT | SUN, needs, 3, NULL, out);
    assert_int_equal(out[0], THU | SAT);
    assert_int_equal(out[1], WED | FRI | SUN);
}

/* The days the person gets to a pool (availability.pool_days): the pool goes only
 * there, even where strength or the first day would rather have them, and with one
 * session a day (maintenance) the pool still keeps to them. */
static void the_pool_on_its_own_days(void **state)
{
    struct week_need needs[] = {{2, 10, WEEK_POOL, false, WED | FRI},
                                {3, 4, WEEK_STRENGTH, true, 0},
                                {3, 2, WEEK_ANY, true, 0}};
    const unsigned days = MON | TUE | WED | THU | FRI;
    unsigned out[3], keep[3];
    (void)state;
    week_schedule(days, needs, 3, NULL, out);
    assert_int_equal(out[0], WED | FRI);
    assert_int_equal(out[1], MON | TUE | THU); /* the land days the pool leaves */
    /* day 1 on Wednesday: the pool's days include it, so it stays there */
    assert_false(week_pool_off_first_day(days, needs, 3, 2, keep));
    /* day 1 on Monday: nothing to move */
    assert_true(week_pool_off_first_day(days, needs, 3, 0, keep));
    assert_int_equal(keep[0], WED | FRI);
    /* one pool day given, the pool asked twice: once, on that day */
    needs[0].only = THU;
    week_schedule(days, needs, 3, NULL, out);
    assert_int_equal(out[0], THU);
    /* kept days off the pool's days are not kept */
    keep[0] = MON;
    keep[1] = keep[2] = 0;
    week_schedule(days, needs, 3, keep, out);
    assert_int_equal(out[0], THU);
    /* maintenance, one kind for all: the pool is still on its day */
    needs[0].kind = WEEK_POOL;
    needs[1].kind = needs[2].kind = WEEK_STRENGTH;
    needs[1].off_pool = needs[2].off_pool = false;
    needs[0].only = SAT;
    week_schedule(days | SAT, needs, 3, NULL, out);
    assert_int_equal(out[0], SAT);
}

/* How many of the days strength work can have with a day of rest between each two. */
static void days_with_rest(void **state)
{
    (void)state;
    assert_int_equal(week_days_with_rest(MON | TUE | WED), 2); /* Monday and Wednesday */
    assert_int_equal(week_days_with_rest(WEEK_ALL_DAYS), 3);   /* Sunday to Monday runs */
    assert_int_equal(week_days_with_rest(MON | TUE), 1);
    assert_int_equal(week_days_with_rest(SAT | MON), 2);
    assert_int_equal(week_days_with_rest(SUN | MON), 1); /* the week goes round */
    assert_int_equal(week_days_with_rest(0), 0);
    assert_int_equal(week_shortest_gap(MON | WED | FRI), 2);
    assert_int_equal(week_shortest_gap(SUN | MON), 1); /* around the week */
    assert_int_equal(week_shortest_gap(TUE | FRI), 3);
    assert_int_equal(week_shortest_gap(THU), 7);
}

/* What was scheduled keeps its days: only the new or changed is placed again. */
static void kept_days_stay(void **state)
{
    struct week_need needs[] = {
        {2, 10, WEEK_ANY, false, 0}, {3, 4, WEEK_ANY, false, 0}, {2, 4, WEEK_ANY, false, 0}};
    unsigned keep[] = {TUE | FRI, MON | WED | SAT, 0}, out[3];
    (void)state;
    week_schedule(WEEK_ALL_DAYS, needs, 3, keep, out);
    assert_int_equal(out[0], TUE | FRI);
    assert_int_equal(out[1], MON | WED | SAT);
    assert_int_equal(week_count(out[2]), 2);
    keep[1] = MON | WED; /* asks for 3 now: placed again */
    week_schedule(WEEK_ALL_DAYS, needs, 3, keep, out);
    assert_int_equal(out[0], TUE | FRI);
    assert_int_equal(week_count(out[1]), 3);
    keep[0] = TUE | SUN; /* Sunday is no longer one of the person's days */
    week_schedule(WEEK_ALL_DAYS & ~SUN, needs, 3, keep, out);
    assert_int_equal(out[0] & SUN, 0);
}

/* A plan's next version keeps its items' days; a step along a chain takes the
 * days of the exercise it replaced; days a week never exceed the person's. */
static void next_version_keeps_the_week(void **state)
{
    json_t *prev = json_pack("{s[sss], s[{ss, si, sf}, {ss, si, sf}], s{si, si, si}}", "days",
                             "mon", "wed", "fri", "items", "exercise", "cat-camel", "days_per_week",
                             3, "minutes", 2.0, "exercise", "bridge", "days_per_week", 2, "minutes",
                             3.0, "walking", "minutes", 10, "bouts", 1, "days_per_week", 5);
    json_t *next, *sched;
    (void)state;
    plan_json_set_week(prev, NULL, NULL, false);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(prev, "walking"), "days_per_week")), 3);
    next = json_deep_copy(prev);
    /* the bridge became the bridge with march, at another minutes */
    json_object_set_new(json_array_get(json_object_get(next, "items"), 1), "exercise",
                        json_string("bridge-march"));
    json_object_set_new(json_array_get(json_object_get(next, "items"), 1), "minutes",
                        json_real(6.0));
    plan_json_set_week(next, prev, NULL, false);
    sched = json_object_get(next, "schedule");
    for (int d = 0; d < 7; d++)
        if (plan_json_scheduled(prev, "bridge", d) !=
                plan_json_scheduled(next, "bridge-march", d) ||
            plan_json_scheduled(prev, "cat-camel", d) != plan_json_scheduled(next, "cat-camel", d))
            fail_msg("weekday %d moved", d);
    assert_int_equal(json_object_size(sched), 3);
    assert_int_equal(plan_json_scheduled(next, "cat-camel", 1), 0); /* Tuesday: not a day */
    json_decref(prev);
    json_decref(next);
}

/* Phases from the shipped course's shape: settle 1-2, build 3-8, consolidate 9-12 and after. */
static void phases(void **state)
{
    struct course_config c = {.weeks = 12, .until_week = {2, 8, 12}};
    long start;
    (void)state;
    assert_true(date_parse("2026-12-07", &start));
    assert_int_equal(course_week(start, start), 1);
    assert_int_equal(course_week(start, start + 6), 1);
    assert_int_equal(course_week(start, start + 7), 2);
    assert_int_equal(course_week(start, start + 83), 12);
    assert_int_equal(course_phase(&c, 1), PHASE_SETTLE);
    assert_int_equal(course_phase(&c, 2), PHASE_SETTLE);
    assert_int_equal(course_phase(&c, 3), PHASE_BUILD);
    assert_int_equal(course_phase(&c, 8), PHASE_BUILD);
    assert_int_equal(course_phase(&c, 9), PHASE_CONSOLIDATE);
    assert_int_equal(course_phase(&c, 12), PHASE_CONSOLIDATE);
    assert_int_equal(course_phase(&c, 20), PHASE_CONSOLIDATE); /* until a discharge review */
    assert_string_equal(phase_name(PHASE_BUILD), "build");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekdays),
        cmocka_unit_test(default_days),
        cmocka_unit_test(spread_and_balance),
        cmocka_unit_test(only_the_persons_days),
        cmocka_unit_test(property_schedule),
        cmocka_unit_test(fewest_days_running),
        cmocka_unit_test(days_with_rest),
        cmocka_unit_test(the_pool_spares_strength_rest_days),
        cmocka_unit_test(the_pool_on_its_own_days),
        cmocka_unit_test(sessions_of_a_kind),
        cmocka_unit_test(kept_days_stay),
        cmocka_unit_test(next_version_keeps_the_week),
        cmocka_unit_test(phases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
