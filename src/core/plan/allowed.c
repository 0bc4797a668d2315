/*
 * allowed.c: who may do an exercise (see plan.h): what pregnancy, acute leg
 * pain, floor work and equipment rule out, and, from 70, which moves give
 * way to supported ones.
 */
#include "compat.h"

#include "core/plan/plan.h"

bool exercise_allowed(const struct exercise *ex, const struct intake *in)
{
    if (in->pregnant && ex->cautions[CAUTION_PREGNANCY].advice == ADVICE_AVOID)
        return false;
    if (in->leg_pain && ex->cautions[CAUTION_ACUTE_LEG_PAIN].advice == ADVICE_AVOID)
        return false;
    if (!in->preferences.floor_exercises_ok && ex->floor)
        return false;
    if ((ex->equipment & (1u << EQUIP_POOL)) && !in->preferences.pool_access)
        return false;
    if ((ex->equipment & (1u << EQUIP_STATIONARY_BIKE)) && !in->preferences.gym_equipment)
        return false;
    return true;
}

bool plan_balance_care(const struct exercise *ex, const struct intake *in)
{
    if (!in->has_age || in->age < PLAN_BALANCE_CARE_AGE || ex->category == CAT_MIND_BODY)
        return false;
    if (ex->equipment & (1u << EQUIP_STEP))
        return true;
    for (int i = 0; i < ex->n_tags; i++) /* one leg, a long stride */
        if (strcmp(ex->tags[i], "balance") == 0)
            return true;
    return false;
}
