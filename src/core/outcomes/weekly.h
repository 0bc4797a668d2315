/*
 * weekly.h: the patient's weekly review in words (issue 23, item 2).
 *
 * A week runs Monday to Sunday. The review sets the week's sessions against
 * the plan, its walking, the pain trend against the week before, and the
 * feel-better things used beside the get-better things done: Hinge's idea
 * that feel-better things help people do get-better things ("Movement is
 * medicine", shared/sources). Streaks count whole weeks with every planned
 * session, never days, so one bad day does not wipe them out.
 *
 * Pure: the facts come in, the sentences go out.
 */
#ifndef MOVERX_WEEKLY_H
#define MOVERX_WEEKLY_H

#include "compat.h"

/* A pain change of at least this many points (of the week's mean against the
 * week before) is worth naming as lower or higher: the NPRS's error of
 * measurement is about 1 point (Childs 2005, SEM 1.02; CLINICAL.md 5.1). */
#define WEEKLY_PAIN_STEP 1.0

enum weekly_trend { TREND_NONE, TREND_LOWER, TREND_SAME, TREND_HIGHER };

/* Where the program stands: the review never asks for exercise while a warning
 * sign waits for the care team, or after the program has been stopped. */
enum week_program { WEEK_RUNNING, WEEK_PAUSED, WEEK_STOPPED, WEEK_NOT_YET };

struct week_facts {
    enum week_program program; /* as it stands on the day reviewed */
    bool complete;             /* the week is over (else: so far) */
    int flare_days;            /* days of the week in a flare (the plan eased) */
    int medication_days;       /* days pain medicine was among the feel-better things */
    int high_pain_weeks; /* this week and the one before with a mean of 7 or more: 0, 1 or 2 */
    int sessions_done, sessions_planned;
    int walking_minutes;
    int checkins;        /* check-ins this week */
    double pain_mean;    /* their mean pain, when checkins > 0 */
    int checkins_before; /* check-ins the week before */
    double pain_mean_before;
    int feel_days;             /* days with any feel-better thing */
    const char *feel_words[2]; /* the most used feel-better words, or NULL */
    int streak_weeks;          /* whole weeks in a row with every planned session, up to this one */
};

/* The pain this week against the week before. */
enum weekly_trend weekly_trend(const struct week_facts *f);
const char *weekly_trend_name(enum weekly_trend t); /* "lower", ... or NULL */

/* A feel-better word ("heat", "massage_gun") as it reads in a sentence ("a massage gun"). */
const char *weekly_feel_phrase(const char *word);

/* The sentences, each into buf (NUL-terminated, cut to size). */
/* The one that ties the week together: sessions, walking and feel-better things. */
void weekly_summary(const struct week_facts *f, char *buf, size_t size);
/* The pain trend in words (without check-ins this week, that there is none). */
void weekly_pain_words(const struct week_facts *f, char *buf, size_t size);
/* What to tell the care team or a doctor about: pain high two weeks running, pain
 * medicine most days ("" when nothing). */
void weekly_care_words(const struct week_facts *f, char *buf, size_t size);
/* The streak in words ("" under 2 weeks, or in a week not ordinary). */
void weekly_streak_words(const struct week_facts *f, char *buf, size_t size);

#endif
