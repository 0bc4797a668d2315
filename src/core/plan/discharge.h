/*
 * discharge.h: the review at the end of the course (docs/plan.md "The end
 * of the course"): whether the person goes on alone, into maintenance, the
 * plan goes on and the care team reviews it, or the review waits a week for
 * the answers it needs. The criteria are data (program.json "discharge").
 * Pure: no I/O.
 */
#ifndef MOVERX_DISCHARGE_H
#define MOVERX_DISCHARGE_H

#include "compat.h"
#include "core/plan/program.h"

/* What the review looks at. */
struct discharge_inputs {
    bool has_pain;             /* check-ins in the last week */
    double pain;               /* their mean, 0-10 */
    double latest_pain;        /* the newest of them */
    bool pain_important;       /* an important fall from the start (2 points or 30 %) */
    int checkins_14;           /* check-ins in the last 14 days */
    bool has_disability;       /* ODI or RMDQ answered again since the start */
    bool disability_important; /* an important change on it */
    bool disability_minimal;   /* its latest score in the minimal band (20 % or less) */
    bool has_goals;            /* the PSFS answered again since the start */
    double goals;              /* its latest mean rating, 0-10 */
    bool goals_important;      /* an important change on it (2 points) */
    int checkup_age;           /* days since the newest check-up questionnaire; -1: none since */
    int open_alerts;           /* the episode's alerts still open */
    int open_promises;         /* promises made at the start (a first contact, a plan review)
                                * still open: nobody has done what the person was told */
    bool held;                 /* progression held: a clinician has yet to clear something */
    bool rechecked;            /* this review already waited once for missing answers */
    bool checkup_due;          /* the 4-weekly check-up is due now and not yet answered */
    int days_due;              /* days since the review became due */
};

enum discharge_outcome {
    DISCHARGE_MAINTENANCE,
    DISCHARGE_EXTEND,
    DISCHARGE_RECHECK,
    DISCHARGE_WAIT /* no review yet: the check-up due with it comes first */
};

struct discharge_result {
    enum discharge_outcome outcome;
    bool pain_met;     /* pain low (and today's with it), or an important fall */
    bool function_met; /* everyday activities and, when the person named goals, the goals */
    bool everyday_met; /* ODI or RMDQ: an important change, or minimal disability now */
    bool goals_met;    /* the PSFS: an important change, or rated high (met when no goals) */
    bool missing;      /* too few check-ins, or no check-up in the last 28 days: */
    bool missing_checkins, missing_checkup;
    bool open; /* an alert open or a hold: the care team has something to look at */
};

/*
 * Maintenance only when pain and function are both met on recent answers
 * and nothing is open for the care team (NICE NG59; Ostelo 2008 for
 * important change). The check-up that falls due with the review (week 12's
 * is due the day the course ends) is waited for, up to a week, so that the
 * review reads the course's last scores, not those of four weeks before
 * (WAIT: nothing is decided or stored). Missing answers then wait one week,
 * once (RECHECK); otherwise the plan goes on to the next review and the care
 * team reviews it.
 */
void discharge_decide(const struct discharge_config *c, const struct discharge_inputs *in,
                      struct discharge_result *out);

/* For the person, in plain words: what the review found and what happens now.
 * weeks_done: the weeks of the program so far; kept: the exercises kept. */
void discharge_patient_text(const struct discharge_config *c, const struct discharge_inputs *in,
                            const struct discharge_result *r, int weeks_done, int course_weeks,
                            int kept, char *buf, size_t size);

/* For the care team: what the review found and what to decide. */
void discharge_task_text(const struct discharge_config *c, const struct discharge_inputs *in,
                         const struct discharge_result *r, int weeks_done, int extensions,
                         char *buf, size_t size);

#endif
