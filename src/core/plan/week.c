/*
 * week.c: the person's week (see week.h).
 */
#include "compat.h"

#include "core/plan/week.h"

static const char *const names[WEEK_DAYS] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

const char *weekday_name(int weekday)
{
    return weekday >= 0 && weekday < WEEK_DAYS ? names[weekday] : "";
}

const char *weekday_long_name(int weekday)
{
    static const char *const long_names[WEEK_DAYS] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                      "Friday", "Saturday", "Sunday"};
    return weekday >= 0 && weekday < WEEK_DAYS ? long_names[weekday] : "";
}

bool weekday_from_name(const char *name, int *weekday)
{
    for (int i = 0; i < WEEK_DAYS; i++)
        if (name && strcmp(name, names[i]) == 0) {
            *weekday = i;
            return true;
        }
    return false;
}

int weekday_of(long day)
{
    return (int)(((day + 3) % WEEK_DAYS + WEEK_DAYS) % WEEK_DAYS); /* 1970-01-01: Thursday */
}

int week_count(unsigned days)
{
    int n = 0;
    for (int i = 0; i < WEEK_DAYS; i++)
        n += (days >> i) & 1u;
    return n;
}

unsigned week_default_days(int n, int first)
{
    /* Counted from the first day: 1: day 0; 2: 0, 3; 3: 0, 2, 4; 4: 0, 1, 3, 5; 5: 0-4... */
    static const unsigned char pattern[8] = {0x00, 0x01, 0x09, 0x15, 0x2b, 0x1f, 0x3f, 0x7f};
    unsigned p, out = 0;

    if (n < 1)
        return 0;
    p = pattern[n > WEEK_DAYS ? WEEK_DAYS : n];
    for (int k = 0; k < WEEK_DAYS; k++)
        if ((p >> k) & 1u)
            out |= 1u << ((first + k) % WEEK_DAYS);
    return out;
}

/* The shortest gap, in calendar days around the week, between the days of a mask. */
static int shortest_gap(unsigned mask)
{
    int first = -1, prev = -1, gap = WEEK_DAYS;

    for (int d = 0; d < WEEK_DAYS; d++) {
        if (!((mask >> d) & 1u))
            continue;
        if (prev >= 0 && d - prev < gap)
            gap = d - prev;
        if (first < 0)
            first = d;
        prev = d;
    }
    if (first >= 0 && first != prev && first + WEEK_DAYS - prev < gap)
        gap = first + WEEK_DAYS - prev;
    return gap;
}

static double busiest(const double load[WEEK_DAYS], unsigned mask, double minutes)
{
    double top = 0;
    for (int d = 0; d < WEEK_DAYS; d++) {
        double l = load[d] + (((mask >> d) & 1u) ? minutes : 0);
        if (l > top)
            top = l;
    }
    return top;
}

/* The lower days first: Monday-first masks compare by their bits reversed. */
static bool earlier(unsigned a, unsigned b)
{
    for (int d = 0; d < WEEK_DAYS; d++) {
        unsigned x = (a >> d) & 1u, y = (b >> d) & 1u;
        if (x != y)
            return x > y;
    }
    return false;
}

void week_schedule(unsigned days, const struct week_need *needs, int n, unsigned *out)
{
    double load[WEEK_DAYS] = {0};
    int have;

    days &= WEEK_ALL_DAYS;
    have = week_count(days);
    for (int i = 0; i < n; i++) {
        int want = needs[i].times < have ? needs[i].times : have;
        unsigned best = 0;
        int best_gap = -1;
        double best_top = 0;

        if (want < 1) {
            out[i] = 0;
            continue;
        }
        /* At most 128 masks: look at every subset of the person's days. */
        for (unsigned m = days; m; m = (m - 1) & days) {
            int gap;
            double top;
            if (week_count(m) != want)
                continue;
            gap = shortest_gap(m);
            top = busiest(load, m, needs[i].minutes);
            if (gap > best_gap || (gap == best_gap && top < best_top - 1e-9) ||
                (gap == best_gap && top < best_top + 1e-9 && earlier(m, best))) {
                best = m;
                best_gap = gap;
                best_top = top;
            }
        }
        out[i] = best;
        for (int d = 0; d < WEEK_DAYS; d++)
            if ((best >> d) & 1u)
                load[d] += needs[i].minutes;
    }
}
