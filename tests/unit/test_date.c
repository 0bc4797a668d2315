/*
 * test_date.c: calendar dates and UTC timestamps (common/date.h): known
 * days, the edges of months, years and leap years, and round trips.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "common/date.h"

static void known_days_format_and_parse(void **state)
{
    static const struct {
        long day;
        const char *text;
    } known[] = {
        {0, "1970-01-01"},     {-1, "1969-12-31"},     {59, "1970-03-01"},
        {11016, "2000-02-29"}, {11017, "2000-03-01"},  {20454, "2026-01-01"},
        {20818, "2026-12-31"}, {-25567, "1900-01-01"}, {2932896, "9999-12-31"},
    };
    char buf[16];
    long back;

    (void)state;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        date_format(known[i].day, buf, sizeof(buf));
        assert_string_equal(buf, known[i].text);
        assert_true(date_parse(known[i].text, &back));
        assert_int_equal(back, known[i].day);
    }
}

static void every_day_of_four_centuries_round_trips(void **state)
{
    char buf[16];
    long back;

    (void)state;
    for (long day = -25567; day < 2932897; day += 1) {
        date_format(day, buf, sizeof(buf));
        assert_int_equal(strlen(buf), 10);
        assert_true(date_parse(buf, &back));
        assert_int_equal(back, day);
    }
}

static void years_beyond_four_digits_are_not_cut(void **state)
{
    char buf[16];

    (void)state;
    date_format(2932897, buf, sizeof(buf)); /* the day after 9999-12-31 */
    assert_string_equal(buf, "10000-01-01");
}

static void timestamps_round_trip(void **state)
{
    static const struct {
        long long s;
        const char *text;
    } known[] = {
        {0, "1970-01-01T00:00:00Z"},          {-1, "1969-12-31T23:59:59Z"},
        {1767225599, "2025-12-31T23:59:59Z"}, {1767610800, "2026-01-05T11:00:00Z"},
        {1795350896, "2026-11-22T12:34:56Z"},
    };
    char buf[32];
    long long back;

    (void)state;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        date_timestamp(known[i].s, buf, sizeof(buf));
        assert_string_equal(buf, known[i].text);
        assert_true(date_timestamp_parse(buf, &back));
        assert_int_equal(back, known[i].s);
    }
    assert_false(date_timestamp_parse("2026-11-22 10:34:56Z", &back));
    assert_false(date_timestamp_parse("2026-11-22T24:00:00Z", &back));
    assert_false(date_timestamp_parse("2026-02-30T10:00:00Z", &back));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_days_format_and_parse),
        cmocka_unit_test(every_day_of_four_centuries_round_trips),
        cmocka_unit_test(years_beyond_four_digits_are_not_cut),
        cmocka_unit_test(timestamps_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
