/*
 * discharge.c: the review at the end of the course (see discharge.h).
 */
#include "compat.h"

#include "core/plan/discharge.h"

void discharge_decide(const struct discharge_config *c, const struct discharge_inputs *in,
                      struct discharge_result *out)
{
    out->pain_met = in->has_pain && (in->pain <= c->pain_at_most + 1e-9 || in->pain_important);
    out->function_met =
        (in->has_disability && in->disability_important) ||
        (in->has_goals && (in->goals_important || in->goals >= c->goal_rating_at_least - 1e-9));
    out->unjudged = !in->has_disability && !in->has_goals;
    out->outcome = out->pain_met && out->function_met ? DISCHARGE_MAINTENANCE : DISCHARGE_EXTEND;
}

void discharge_patient_text(const struct discharge_config *c, const struct discharge_inputs *in,
                            const struct discharge_result *r, int weeks_done, char *buf,
                            size_t size)
{
    if (r->outcome == DISCHARGE_MAINTENANCE) {
        snprintf(buf, size,
                 "You have finished the %d-week course, and you are doing well. Your pain is "
                 "about %.0f out of 10, and everyday things are easier. From now on, you go on "
                 "by yourself. You keep your %d best moves on %d days a week, and your walks. "
                 "You check in every %d days. You also have a plan for a flare.",
                 weeks_done, in->pain, c->maintenance_max_exercises, c->maintenance_days_per_week,
                 c->check_in_every_days);
        return;
    }
    snprintf(buf, size,
             "You have done %d weeks. %s So your plan goes on for %d more weeks. Your care team "
             "will look at it with you in the next few days.",
             weeks_done,
             r->unjudged    ? "We need your check-up answers to see how everyday things are."
             : !r->pain_met ? "Your pain has not eased enough yet."
                            : "Everyday things have not got easier enough yet.",
             c->extension_weeks);
}

void discharge_task_text(const struct discharge_inputs *in, const struct discharge_result *r,
                         int weeks_done, char *buf, size_t size)
{
    char pain[48];

    if (in->has_pain)
        snprintf(pain, sizeof(pain), "pain %.1f/10 over the last week", in->pain);
    else
        snprintf(pain, sizeof(pain), "no check-in in the last week");
    snprintf(buf, size,
             "Week %d review: not ready to go on alone (%s; %s). Decide with the patient: go on, "
             "change the plan, or refer.",
             weeks_done, pain,
             r->unjudged        ? "no check-up answered since the start"
             : !r->function_met ? "no important change in everyday activities or goals"
                                : "pain not low and no important fall");
}
