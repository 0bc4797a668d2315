/*
 * promise.c: what a plan's promise to the person becomes on the care team's
 * queue (see plan.h). One place, so the records and the simulator name it
 * the same.
 */
#include "compat.h"

#include "core/plan/plan.h"

const char *plan_promise_task(const char *who, int within_days, bool restart)
{
    if (!who || within_days < 1)
        return NULL; /* no promise */
    return (strcmp(who, "clinician") == 0 || restart) && within_days <= PROMISE_CONTACT_DAYS
               ? "first_contact"
               : "plan_review";
}
