/*
 * week.h: the person's week (docs/plan.md "The week").
 *
 * A plan is done on the days the person gave. Each item of the plan has
 * how many days a week it wants; the week puts it on that many of the
 * person's days (never more, never on another day), spread out so that
 * strength days have rest between them, and balanced so that no day is
 * much longer than the others. Every day holds a subset of the full day,
 * so a day never takes longer than the plan's full day.
 *
 * Days are bit masks, Monday bit 0 to Sunday bit 6. Pure: no I/O.
 */
#ifndef MOVERX_WEEK_H
#define MOVERX_WEEK_H

#include "compat.h"

#include "core/catalog/exercise.h"

#define WEEK_DAYS 7
#define WEEK_ALL_DAYS 0x7fu
#define WEEK_MAX_ITEMS 16

/* "mon".."sun" for 0..6. */
const char *weekday_name(int weekday);
/* "Monday".."Sunday" for 0..6. */
const char *weekday_long_name(int weekday);
/* The weekday (0 Monday .. 6 Sunday) of a "mon".."sun" name. */
bool weekday_from_name(const char *name, int *weekday);
/* The weekday of a day number (days since 1970-01-01, a Thursday). */
int weekday_of(long day);

int week_count(unsigned days);

/*
 * The days of a person who said only how many (the old intake form): the
 * same spread as before there were weekdays, counted from `first`, the
 * weekday the program starts on (so day 1 always holds a session).
 */
unsigned week_default_days(int n, int first);

/*
 * The kind of session an item belongs to. Items of one kind share their days
 * (one trip to the pool holds all the water exercises; strength work comes
 * on the same days, so the days between are rest days for those muscles),
 * and each kind keeps off the other kinds' days where the week allows, so
 * the mind-body session has a day of its own.
 */
enum week_kind { WEEK_ANY, WEEK_STRENGTH, WEEK_POOL, WEEK_MIND_BODY, WEEK_KINDS };

/* What one item asks of the week. */
struct week_need {
    int times;           /* days a week it wants */
    double minutes;      /* its minutes on a day it is done */
    enum week_kind kind; /* WEEK_ANY: fits in anywhere */
    bool off_pool;       /* keeps off the pool's days where the week allows (the warm-pool
                          * route: the pool session stands for that day's land work) */
    unsigned only;       /* 0, or the only days it may have (the days the person can get to
                          * a pool): it goes on those of the person's days, whatever its kind
                          * holds */
};

/*
 * Puts each of the n items (in order) on min(times, days in `days`) of the
 * person's days. An item of a kind other than WEEK_ANY goes on the days its
 * kind already holds (a subset of them, or all of them and more when it
 * wants more). Among the masks left, the choice keeps the longest shortest
 * gap between its days (strength needs rest days), then the fewest days
 * another kind holds (for the pool and the mind-body session, these two the
 * other way round: days of their own first), then the fewest days running,
 * then the lightest busiest day, then the earliest days. out[i] is item i's mask, always a
 * subset of `days`.
 *
 * keep (NULL, or a mask per item) holds the days an item had in the plan
 * before: an item whose kept days are still the person's and still as many
 * as it asks for stays on them, so a change to one item does not move the
 * others about in the middle of a week.
 */
void week_schedule(unsigned days, const struct week_need *needs, int n, const unsigned *keep,
                   unsigned *out);

/* The session an exercise belongs to (NULL, the walks: WEEK_ANY). */
enum week_kind week_kind_of(const struct exercise *ex);

/* The shortest gap, in calendar days around the week, between the days of a mask
 * (7 for one day). */
int week_shortest_gap(unsigned mask);

/* The most of the days that can have a day of rest between each two (Monday to
 * Wednesday: 2, Monday and Wednesday; every day: 3), for strength work. */
int week_days_with_rest(unsigned days);
/* With any need off_pool, the pool's items are placed first, on the days that leave the
 * land's strength work a day of rest between its days where the week allows, and the
 * others keep off the days they take when enough days are left. */

/* The warm-pool route's first week: the pool's days placed off the program's first weekday
 * `first` when the person's days allow (day 1 is for learning the land moves and the walk),
 * as keep masks for week_schedule. False, keep untouched, when first is -1, there is no
 * room, or keeping day 1 on land would leave strength work on days running when the pool
 * could have spared it (rest between strength days counts for more: ACSM 2009). */
bool week_pool_off_first_day(unsigned days, const struct week_need *needs, int n, int first,
                             unsigned *keep);

#endif
