/*
 * discharge.c: the review at the end of the course (see discharge.h).
 */
#include "compat.h"

#include "core/plan/discharge.h"

#define CHECKINS_NEEDED 3       /* in the last 14 days: enough to judge pain by */
#define CHECKUP_MAX_AGE_DAYS 28 /* a check-up older than this is not how things are now */
#define CHECKUP_WAIT_DAYS 7     /* how long the review waits for the check-up due with it */

void discharge_decide(const struct discharge_config *c, const struct discharge_inputs *in,
                      struct discharge_result *out)
{
    double today_ceiling = in->pain + 1 > c->pain_at_most ? in->pain + 1 : c->pain_at_most;

    /* low on the week's mean, and today's not far above it: not a bad day hidden in a mean */
    out->pain_met = in->has_pain && (in->pain <= c->pain_at_most + 1e-9 || in->pain_important) &&
                    in->latest_pain <= today_ceiling + 1e-9;
    /* everyday activities better or hardly limited now, and the person's own goals (when
     * they named any) reached or importantly nearer: one without the other is not done */
    out->everyday_met = in->has_disability && (in->disability_important || in->disability_minimal);
    out->goals_met =
        !in->has_goals || in->goals_important || in->goals >= c->goal_rating_at_least - 1e-9;
    out->function_met = out->everyday_met && out->goals_met;
    out->missing_checkins = in->checkins_14 < CHECKINS_NEEDED;
    out->missing_checkup = in->checkup_age < 0 || in->checkup_age > CHECKUP_MAX_AGE_DAYS;
    out->missing = out->missing_checkins || out->missing_checkup;
    /* a promise to the person still not kept (a physio was to look at the plan within 14
     * days) is no ground for sending them off on their own */
    out->open = in->open_alerts > 0 || in->open_promises > 0 || in->held;
    if (in->checkup_due && !in->rechecked && in->days_due < CHECKUP_WAIT_DAYS)
        out->outcome = DISCHARGE_WAIT;
    else if (out->missing && !in->rechecked && !out->open)
        out->outcome = DISCHARGE_RECHECK;
    else if (out->pain_met && out->function_met && !out->missing && !out->open)
        out->outcome = DISCHARGE_MAINTENANCE;
    else
        out->outcome = DISCHARGE_EXTEND;
}

void discharge_patient_text(const struct discharge_config *c, const struct discharge_inputs *in,
                            const struct discharge_result *r, int weeks_done, int course_weeks,
                            int kept, char *buf, size_t size)
{
    char done[96];
    size_t len;

    if (weeks_done <= course_weeks)
        snprintf(done, sizeof(done), "You have finished the %d-week course.", course_weeks);
    else
        snprintf(done, sizeof(done), "You have now done %d weeks.", weeks_done);
    if (r->outcome == DISCHARGE_MAINTENANCE) {
        snprintf(buf, size,
                 "%s%s Your pain is about %.0f out of 10, and everyday things are easier. From "
                 "now on, you go on by yourself. You keep %d of your moves, and your walks. You "
                 "check in every %d days. You also have a plan for a flare.",
                 done, in->pain <= c->pain_at_most ? " You are doing well." : "", in->pain, kept,
                 c->check_in_every_days);
        return;
    }
    if (r->outcome == DISCHARGE_RECHECK) {
        snprintf(buf, size,
                 "%s To see how you are, we need %s. Please do %s this week, and we will look "
                 "again.",
                 done,
                 r->missing_checkins && r->missing_checkup
                     ? "a few more daily check-ins and your check-up"
                 : r->missing_checkins ? "a few more daily check-ins"
                                       : "your check-up answers",
                 r->missing_checkins ? "them" : "it");
        return;
    }
    len = (size_t)snprintf(buf, size, "%s", done);
    /* what has got better is said first; then each thing not there yet */
    if (len < size && r->pain_met)
        len += (size_t)snprintf(buf + len, size - len, " Your pain has eased.");
    if (len < size && r->function_met)
        len += (size_t)snprintf(buf + len, size - len, " Everyday things are easier.");
    if (len < size && !r->pain_met)
        len += (size_t)snprintf(buf + len, size - len,
                                in->has_pain ? " Your pain has not eased enough yet."
                                             : " We have no check-ins from this week.");
    if (len < size && !r->function_met)
        len += (size_t)snprintf(
            buf + len, size - len, "%s",
            r->missing_checkup ? " We do not have your check-up answers yet."
            : !r->everyday_met ? " Everyday things have not got easier enough yet."
                               : " Everyday things are easier, but the things you most want to "
                                 "do are not back yet.");
    if (len < size && r->open)
        len += (size_t)snprintf(
            buf + len, size - len, "%s",
            in->open_alerts > 0 || in->held
                ? " Your care team still has to look at something you told us."
                /* only the clinic's own promise is open: not the person's doing */
                : " Your care team has not yet done the review of your plan they planned, and "
                  "we want them to before you go on by yourself.");
    if (len < size)
        snprintf(buf + len, size - len,
                 " So your plan goes on for %d more weeks. Your care team will look at it with "
                 "you in the next few days.",
                 c->extension_weeks);
}

void discharge_task_text(const struct discharge_config *c, const struct discharge_inputs *in,
                         const struct discharge_result *r, int weeks_done, int extensions,
                         char *buf, size_t size)
{
    size_t len =
        (size_t)snprintf(buf, size, "Week %d review: not ready to go on alone.", weeks_done);

    if (len < size)
        len += in->has_pain
                   ? (size_t)snprintf(buf + len, size - len, " Pain %.1f/10 over the last week%s.",
                                      in->pain, r->pain_met ? " (met)" : " (not met)")
                   : (size_t)snprintf(buf + len, size - len, " No check-in in the last week.");
    if (len < size)
        len += (size_t)snprintf(
            buf + len, size - len, " %s",
            r->missing_checkup ? "Check-up missing or older than 28 days: ask for it."
            : r->function_met  ? "Everyday activities and goals: met."
            : !r->everyday_met ? "No important change in everyday activities (ODI or RMDQ)."
                               : "Everyday activities met; the goals (PSFS) not yet.");
    if (len < size && in->has_goals && !r->missing_checkup)
        len +=
            (size_t)snprintf(buf + len, size - len, " Goals rated %.1f/10 on average.", in->goals);
    if (len < size && r->missing_checkins)
        len +=
            (size_t)snprintf(buf + len, size - len, " Fewer than 3 check-ins in the last 14 days.");
    if (len < size && in->open_alerts > 0)
        len += (size_t)snprintf(buf + len, size - len,
                                " %d alert(s) still open: resolve them first.", in->open_alerts);
    if (len < size && in->open_promises > 0)
        len += (size_t)snprintf(buf + len, size - len,
                                " %d promise(s) made to the patient at the start still open (a "
                                "first contact or a plan review): do them first.",
                                in->open_promises);
    if (len < size && in->held)
        len += (size_t)snprintf(buf + len, size - len, " The plan is held: clear it first.");
    if (len < size)
        snprintf(buf + len, size - len,
                 extensions >= 2
                     ? " Extended %d times already: consider referral or a different approach."
                     : " Decide with the patient: go on %d more weeks, change the plan, or refer.",
                 extensions >= 2 ? extensions : c->extension_weeks);
}
