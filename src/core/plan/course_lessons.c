/*
 * course_lessons.c: which lesson the person reads when over the course (see build.h,
 * docs/plan.md "Lessons by phase").
 */
#include "compat.h"

#include "core/plan/build.h"

static bool lesson_listed(const char *const *ids, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

/*
 * The lessons of the course (docs/plan.md "Phases"): the stratum's, one a
 * day, with settle's own put in on their day (the sciatica lesson on day 2
 * for people with leg pain: its advice is what the exercises' cautions ask
 * them to watch); the first 14 are the daily ones, and any more go on one a
 * week from week 3, before the later phases' weekly lessons, which start no
 * earlier than their phase. A lesson is given once; "only_if": "leg_pain"
 * lessons only to people with leg pain.
 */
/* Whether one of the person's goals (matched in the goal table) asks for lesson l early. */
static bool early_for_goal(const struct plan *p, const struct course_lesson *l)
{
    for (int k = 0; k < l->n_early_for; k++)
        for (int g = 0; g < p->n_goals; g++)
            for (int m = 0; m < p->goals[g].n_match; m++)
                if (strcmp(p->goals[g].match[m]->id, l->early_for[k]) == 0)
                    return true;
    return false;
}

void plan_schedule_lessons(struct plan *p, const struct program *prog, const struct intake *in)
{
    const struct stratum_config *s = &prog->strata[p->stratum];
    const struct course_config *c = &prog->course;
    const char *daily[PROGRAM_MAX_LESSONS + COURSE_PHASES * COURSE_MAX_LESSONS];
    int n = 0, week;

    for (int i = 0; i < s->n_lessons; i++)
        daily[n++] = s->lessons[i];
    /* settle's own on their day, and a later lesson on its day when a goal asks for it
     * early (the work lesson in the first days for someone who wants to get back to work) */
    for (int ph = PHASE_SETTLE; ph < COURSE_PHASES; ph++)
        for (int i = 0; i < c->n_lessons[ph]; i++) {
            const struct course_lesson *l = &c->lessons[ph][i];
            int at = l->day - 1 < n ? l->day - 1 : n;
            if ((ph != PHASE_SETTLE && !early_for_goal(p, l)) ||
                (l->leg_pain_only && !in->leg_pain) || lesson_listed(daily, n, l->lesson))
                continue;
            memmove(&daily[at + 1], &daily[at], (size_t)(n - at) * sizeof(daily[0]));
            daily[at] = l->lesson;
            n++;
        }
    for (int i = 0; i < n; i++) {
        if (p->n_lessons < PLAN_LESSON_DAYS)
            p->lessons[p->n_lessons++] = daily[i];
        else if (p->n_later < PLAN_MAX_LATER_LESSONS) { /* more than two weeks' worth */
            int at = c->until_week[PHASE_SETTLE] + 1 + p->n_later;
            p->later[p->n_later++] = (struct plan_lesson){daily[i], at};
        }
    }
    week = c->until_week[PHASE_SETTLE] + 1 + p->n_later;
    for (int ph = PHASE_SETTLE + 1; ph < COURSE_PHASES; ph++) {
        if (week < c->until_week[ph - 1] + 1)
            week = c->until_week[ph - 1] + 1;
        for (int i = 0; i < c->n_lessons[ph] && p->n_later < PLAN_MAX_LATER_LESSONS; i++) {
            const struct course_lesson *l = &c->lessons[ph][i];
            if ((l->leg_pain_only && !in->leg_pain) || lesson_listed(daily, n, l->lesson))
                continue;
            p->later[p->n_later++] = (struct plan_lesson){l->lesson, week++};
        }
    }
}
