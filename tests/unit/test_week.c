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
    struct week_need needs[] = {{5, 10}, {2, 4}, {2, 4}, {7, 3}, {9, 1}};
    unsigned out[5];
    (void)state;
    week_schedule(weekdays, needs, 5, out);
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
    struct week_need needs[] = {{7, 3}, {3, 10}, {1, 5}, {0, 5}};
    unsigned out[4];
    (void)state;
    week_schedule(TUE | SAT, needs, 4, out);
    assert_int_equal(out[0], TUE | SAT);
    assert_int_equal(out[1], TUE | SAT);
    assert_int_equal(week_count(out[2]), 1);
    assert_int_equal(out[2] & ~(TUE | SAT), 0);
    assert_int_equal(out[3], 0);
}

/* Over every set of days and many needs: a subset of the person's days, the
 * count asked for or all of them, and no day longer than the full day. */
static void property_schedule(void **state)
{
    uint32_t x = 7;
    (void)state;
    for (unsigned days = 1; days <= WEEK_ALL_DAYS; days++)
        for (int round = 0; round < 40; round++) {
            struct week_need needs[7];
            unsigned out[7];
            double full = 0, load[7] = {0};
            int n = 1 + (int)((x = x * 1103515245u + 12345u) >> 16) % 7;
            for (int i = 0; i < n; i++) {
                needs[i].times = (int)(((x = x * 1103515245u + 12345u) >> 16) % 8);
                needs[i].minutes = (double)(((x = x * 1103515245u + 12345u) >> 16) % 20);
                full += needs[i].minutes;
            }
            week_schedule(days, needs, n, out);
            for (int i = 0; i < n; i++) {
                int want = needs[i].times < week_count(days) ? needs[i].times : week_count(days);
                if (out[i] & ~days)
                    fail_msg("days %#x: item %d on a day not given (%#x)", days, i, out[i]);
                if (week_count(out[i]) != want)
                    fail_msg("days %#x: item %d on %d days, wanted %d", days, i, week_count(out[i]),
                             want);
                for (int d = 0; d < 7; d++)
                    if ((out[i] >> d) & 1u)
                        load[d] += needs[i].minutes;
            }
            for (int d = 0; d < 7; d++)
                assert_true(load[d] <= full + 1e-9);
        }
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
        cmocka_unit_test(weekdays),           cmocka_unit_test(default_days),
        cmocka_unit_test(spread_and_balance), cmocka_unit_test(only_the_persons_days),
        cmocka_unit_test(property_schedule),  cmocka_unit_test(phases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
