/*
 * discharge.h: the review at the end of the course (docs/plan.md "The end
 * of the course"): whether the person goes on alone, into maintenance, or
 * the plan goes on and the care team reviews it. The criteria are data
 * (program.json "discharge"). Pure: no I/O.
 */
#ifndef MOVERX_DISCHARGE_H
#define MOVERX_DISCHARGE_H

#include "compat.h"
#include "core/plan/program.h"

/* What the review looks at: the last week's pain and the latest check-up. */
struct discharge_inputs {
    bool has_pain;             /* check-ins in the last week */
    double pain;               /* their mean, 0-10 */
    bool pain_important;       /* an important fall from the start (2 points or 30 %) */
    bool has_disability;       /* ODI or RMDQ answered again since the start */
    bool disability_important; /* an important change on it */
    bool has_goals;            /* the PSFS answered again since the start */
    double goals;              /* its latest mean rating, 0-10 */
    bool goals_important;      /* an important change on it (2 points) */
};

enum discharge_outcome { DISCHARGE_MAINTENANCE, DISCHARGE_EXTEND };

struct discharge_result {
    enum discharge_outcome outcome;
    bool pain_met;     /* pain low, or an important fall */
    bool function_met; /* everyday activities or goals: an important change, or goals high */
    bool unjudged;     /* no check-up since the start: function cannot be judged */
};

/*
 * Maintenance when both pain and function are met (NICE NG59; Ostelo 2008
 * for important change); otherwise the plan goes on to the next review and
 * the care team reviews it with the person.
 */
void discharge_decide(const struct discharge_config *c, const struct discharge_inputs *in,
                      struct discharge_result *out);

/* For the person, in plain words: what the review found and what happens now. */
void discharge_patient_text(const struct discharge_config *c, const struct discharge_inputs *in,
                            const struct discharge_result *r, int weeks_done, char *buf,
                            size_t size);

/* For the care team: what to do when the person is not ready to go on alone. */
void discharge_task_text(const struct discharge_inputs *in, const struct discharge_result *r,
                         int weeks_done, char *buf, size_t size);

#endif
