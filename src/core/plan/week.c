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

int week_shortest_gap(unsigned mask)
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

/* Pairs of the mask's days that follow one another (Sunday and Monday too). */
static int days_running(unsigned mask)
{
    int n = 0;
    if (week_count(mask) < 2)
        return 0;
    for (int d = 0; d < WEEK_DAYS; d++)
        n += ((mask >> d) & 1u) && ((mask >> ((d + 1) % WEEK_DAYS)) & 1u);
    return n;
}

/* The person's days an item may have. */
static unsigned open_days(const struct week_need *need, unsigned days)
{
    return need->only ? days & need->only : days;
}

static int wanted(const struct week_need *need, unsigned days)
{
    int have = week_count(open_days(need, days));
    return need->times < have ? need->times : have;
}

static void add_load(double load[WEEK_DAYS], unsigned mask, double minutes)
{
    for (int d = 0; d < WEEK_DAYS; d++)
        if ((mask >> d) & 1u)
            load[d] += minutes;
}

/* Where the week stands while items are placed: each day's minutes, and
 * which days each kind of session already holds. */
struct week_state {
    double load[WEEK_DAYS];
    unsigned kind_days[WEEK_KINDS];
    unsigned land;     /* the warm-pool route: the days the land sessions may have (else 0) */
    int strength_days; /* the most days a strength item wants */
};

/* A candidate for an item of a kind that already has days: inside them, or
 * all of them and more when the item wants more days than they are. */
static bool fits_kind(unsigned m, unsigned have, int want)
{
    if (!have)
        return true;
    return want <= week_count(have) ? !(m & ~have) : (m & have) == have;
}

/* The days of m that another kind of session already holds. */
static int clashes(unsigned m, enum week_kind kind, const struct week_state *w)
{
    unsigned other = 0;
    if (kind == WEEK_ANY)
        return 0;
    for (int k = WEEK_ANY + 1; k < WEEK_KINDS; k++)
        if (k != (int)kind)
            other |= w->kind_days[k];
    return week_count(m & other);
}

struct candidate {
    unsigned mask;
    int gap, clash, run;
    int land_gap; /* a pool day's: how far apart the land days it leaves let strength be */
    double top;
};

/* Strength keeps its rest days first; the pool and the mind-body session keep
 * their own days first, then as even a spread as those allow. */
static bool better(const struct candidate *a, const struct candidate *b, enum week_kind kind)
{
    bool own_days_first = kind == WEEK_POOL || kind == WEEK_MIND_BODY;
    if (own_days_first && a->clash != b->clash)
        return a->clash < b->clash;
    /* the warm-pool route: the pool takes the days that leave the land's strength work a
     * day of rest between its days (tue, thu, fri, sun: the pool on thu or fri, not tue) */
    if (a->land_gap != b->land_gap)
        return a->land_gap > b->land_gap;
    if (a->gap != b->gap)
        return a->gap > b->gap;
    if (a->clash != b->clash)
        return a->clash < b->clash;
    if (a->run != b->run)
        return a->run < b->run;
    if (a->top < b->top - 1e-9 || a->top > b->top + 1e-9)
        return a->top < b->top;
    return earlier(a->mask, b->mask);
}

/* The widest shortest gap any `want` of the days can have. */
static int best_spread(unsigned days, int want)
{
    int best = 0;
    for (unsigned m = days; m; m = (m - 1) & days)
        if (week_count(m) == want && week_shortest_gap(m) > best)
            best = week_shortest_gap(m);
    return best;
}

int week_days_with_rest(unsigned days)
{
    int most = 0;
    days &= WEEK_ALL_DAYS;
    for (unsigned m = days; m; m = (m - 1) & days)
        if (week_count(m) > most && (week_count(m) == 1 || week_shortest_gap(m) >= 2))
            most = week_count(m);
    return most;
}

/* The best mask of `want` of the person's days for an item, given the week so far. */
static unsigned place(unsigned days, int want, const struct week_need *need,
                      const struct week_state *w)
{
    /* an item with days of its own (the pool's) goes on them whatever its kind holds */
    unsigned have = need->kind == WEEK_ANY || need->only ? 0 : w->kind_days[need->kind];
    unsigned pool = need->off_pool ? w->kind_days[WEEK_POOL] : 0;

    days = open_days(need, days);
    /* off the pool's days first, when there are days enough; then anywhere (its kind may
     * hold only pool days) */
    for (int pass = pool && week_count(days & ~pool) >= want ? 0 : 1; pass < 2; pass++) {
        struct candidate best = {.mask = 0, .gap = -1};
        /* At most 128 masks: look at every subset of the person's days. */
        for (unsigned m = days; m; m = (m - 1) & days) {
            struct candidate c;
            if (week_count(m) != want || !fits_kind(m, have, want) || (pass == 0 && (m & pool)))
                continue;
            c = (struct candidate){m,
                                   week_shortest_gap(m),
                                   clashes(m, need->kind, w),
                                   days_running(m),
                                   need->kind == WEEK_POOL && w->land && w->strength_days > 1
                                       ? best_spread(w->land & ~m, w->strength_days)
                                       : 0,
                                   busiest(w->load, m, need->minutes)};
            if (best.gap < 0 || better(&c, &best, need->kind))
                best = c;
        }
        if (best.mask)
            return best.mask;
    }
    return 0;
}

static void take(struct week_state *w, unsigned mask, const struct week_need *need)
{
    add_load(w->load, mask, need->minutes);
    w->kind_days[need->kind] |= mask;
}

/* As week_schedule; land: the days the land sessions may use on the warm-pool
 * route (the pool's days are chosen to leave them well spread), else 0. */
static void schedule(unsigned days, unsigned land, int strength_days, const struct week_need *needs,
                     int n, const unsigned *keep, unsigned *out)
{
    struct week_state w = {{0}, {0}, 0, 0};
    bool kept[WEEK_MAX_ITEMS + 1] = {false}, pool_first = false;

    days &= WEEK_ALL_DAYS;
    for (int i = 0; i < n; i++) { /* what stays where it was, first */
        int want = wanted(&needs[i], days);
        out[i] = 0;
        if (keep && i <= WEEK_MAX_ITEMS && want > 0 && keep[i] &&
            !(keep[i] & ~open_days(&needs[i], days)) && week_count(keep[i]) == want) {
            out[i] = keep[i];
            kept[i] = true;
            take(&w, out[i], &needs[i]);
        }
    }
    for (int i = 0; i < n; i++)
        pool_first |= needs[i].off_pool;
    w.land = land ? land : pool_first ? days : 0;
    w.strength_days = strength_days;
    for (int i = 0; i < n; i++)
        if (needs[i].kind == WEEK_STRENGTH && needs[i].times > w.strength_days)
            w.strength_days = needs[i].times;
    for (int pass = pool_first ? 0 : 1; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            int want = wanted(&needs[i], days);
            if ((i <= WEEK_MAX_ITEMS && kept[i]) || want < 1 ||
                (pool_first && (needs[i].kind == WEEK_POOL) != (pass == 0)))
                continue;
            out[i] = place(days, want, &needs[i], &w);
            take(&w, out[i], &needs[i]);
        }
}

void week_schedule(unsigned days, const struct week_need *needs, int n, const unsigned *keep,
                   unsigned *out)
{
    schedule(days, 0, 0, needs, n, keep, out);
}

/* The warm-pool route's first plan: the pool's days, off the first day of the program
 * when the week allows (day 1 is for learning the land moves and the walk), as keep
 * masks for week_schedule; nothing when first is unknown (-1). */
bool week_pool_off_first_day(unsigned days, const struct week_need *needs, int n, int first,
                             unsigned *keep)
{
    struct week_need pool[WEEK_MAX_ITEMS + 1];
    unsigned out[WEEK_MAX_ITEMS + 1], rest = days & ~(1u << (first < 0 ? 0 : first));
    int m = 0, most = 0, strength = 0;

    if (first < 0)
        return false;
    for (int i = 0; i < n; i++)
        if (needs[i].kind == WEEK_STRENGTH && needs[i].times > strength)
            strength = needs[i].times;
    for (int i = 0; i < n; i++)
        if (needs[i].kind == WEEK_POOL) {
            int want = wanted(&needs[i], days);
            pool[m++] = needs[i];
            most = want > most ? want : most;
            if (week_count(open_days(&needs[i], rest)) < want)
                return false; /* the days they get to the pool include day 1 */
        }
    if (!m || week_count(rest) < most)
        return false;
    schedule(rest, days & WEEK_ALL_DAYS, strength, pool, m, NULL, out);
    if (strength > 1) { /* a day of rest between strength days matters more than day 1 */
        unsigned any[WEEK_MAX_ITEMS + 1], off = 0, free_off = 0;
        schedule(days & WEEK_ALL_DAYS, days & WEEK_ALL_DAYS, strength, pool, m, NULL, any);
        for (int k = 0; k < m; k++) {
            off |= out[k];
            free_off |= any[k];
        }
        if (best_spread(days & ~off, strength) < 2 && best_spread(days & ~free_off, strength) >= 2)
            return false;
    }
    memset(keep, 0, (size_t)n * sizeof(*keep));
    for (int i = 0, k = 0; i < n; i++)
        if (needs[i].kind == WEEK_POOL)
            keep[i] = out[k++];
    return true;
}

enum week_kind week_kind_of(const struct exercise *ex)
{
    if (!ex)
        return WEEK_ANY;
    switch (ex->category) {
    case CAT_STRENGTH:
        return WEEK_STRENGTH;
    case CAT_AQUATIC:
        return WEEK_POOL;
    case CAT_MIND_BODY:
        return WEEK_MIND_BODY;
    default:
        return WEEK_ANY;
    }
}
