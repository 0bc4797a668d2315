/*
 * triage.c: evaluating a rule set against answers (see triage.h).
 *
 * Two passes: ordinary rules first, then rules that combine (count what
 * fired), so that "three or more routine flags" sees every routine flag. The
 * fired list is sorted most serious first so that the emergency instruction
 * is always the first thing a person reads.
 */
#include "compat.h"

#include <stdlib.h>

#include "common/xalloc.h"
#include "core/triage/condition.h"
#include "core/triage/triage.h"

static const char *const tier_names[] = {"none", "routine", "urgent", "emergency"};
static const char *const action_names[] = {"continue", "pause", "stop"};

const char *tier_name(enum tier t)
{
    return tier_names[t];
}

bool tier_from_name(const char *name, enum tier *out)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(tier_names); i++) {
        if (strcmp(name, tier_names[i]) == 0) {
            *out = (enum tier)i;
            return true;
        }
    }
    return false;
}

const char *program_action_name(enum program_action a)
{
    return action_names[a];
}

enum program_action program_action_for(enum tier t)
{
    switch (t) {
    case TIER_EMERGENCY:
        return PROGRAM_STOP;
    case TIER_URGENT:
        return PROGRAM_PAUSE;
    default:
        return PROGRAM_CONTINUE;
    }
}

static void run_pass(const struct triage_ruleset *rs, const struct triage_answers *a,
                     bool combining, bool *fired, int counts[4])
{
    int snapshot[4];

    memcpy(snapshot, counts, sizeof(snapshot));
    for (int i = 0; i < rs->n_rules; i++) {
        const struct triage_rule *r = &rs->rules[i];
        if (r->combines != combining)
            continue;
        /* Combining rules see only the first pass, never each other. */
        if (condition_eval(r->when, a, combining ? snapshot : counts)) {
            fired[i] = true;
            counts[r->tier]++;
        }
    }
}

void triage_evaluate(const struct triage_ruleset *rs, const struct triage_answers *answers,
                     struct triage_result *out)
{
    bool *fired = xcalloc((size_t)rs->n_rules, sizeof(*fired));
    int counts[4] = {0};

    run_pass(rs, answers, false, fired, counts);
    run_pass(rs, answers, true, fired, counts);
    out->tier = TIER_NONE;
    out->n_fired = 0;
    out->fired = xcalloc((size_t)rs->n_rules, sizeof(*out->fired));
    for (int t = TIER_EMERGENCY; t > TIER_NONE; t--) {
        for (int i = 0; i < rs->n_rules; i++) {
            if (!fired[i] || rs->rules[i].tier != (enum tier)t)
                continue;
            out->fired[out->n_fired++] = &rs->rules[i];
            if (out->tier == TIER_NONE)
                out->tier = (enum tier)t;
        }
    }
    out->program = program_action_for(out->tier);
    free(fired);
}

void triage_result_release(struct triage_result *r)
{
    free(r->fired);
    r->fired = NULL;
    r->n_fired = 0;
}
