/*
 * answer.c: what a session's own answers call for at once (see adapt.h,
 * docs/adaptation.md "Answering a session").
 *
 * The engine acts on a painful session the next day (its next-morning
 * answer counts), but the person has just said it hurt: "Session saved.
 * Well done." after pain 9 and "too hard" was the answer they got. Here the
 * session is set against the person's own limits, as the engine will set
 * it, so the words can say now what will happen and what to do meanwhile;
 * pain of 8 or more is also the care team's to hear.
 */
#include "compat.h"

#include "core/adapt/decide_internal.h"
#include "core/adapt/reason.h"

void adapt_answer_session(const struct adapt_rules *rules, const struct adapt_state *s,
                          const struct history *h, long day, double pain_during,
                          enum difficulty difficulty, struct session_answer *out)
{
    struct decision d;
    struct reason_values v = {0};
    double usual = adapt_baseline(&rules->p, s, h, day);
    enum adapt_rule_id rule;

    memset(out, 0, sizeof(*out));
    out->usual = usual;
    out->limit = zone_acceptable(&rules->p, usual);
    out->tell_team = pain_during >= ADAPT_SESSION_PAIN_TEAM;
    if (pain_during > out->limit)
        out->verdict = SESSION_TOO_MUCH;
    else if (difficulty == DIFFICULTY_HARD)
        out->verdict = SESSION_TOO_HARD;
    else
        return;
    rule = out->verdict == SESSION_TOO_MUCH ? AR_ANSWER_TOO_MUCH : AR_ANSWER_TOO_HARD;
    memset(&d, 0, sizeof(d));
    d.rule = rule;
    d.item = -1;
    v.pain = pain_during;
    v.usual = usual;
    reason_render(&rules->rules[rule], &d, &v);
    snprintf(out->advice, sizeof(out->advice), "%s", d.reason);
    if (out->tell_team) {
        d.rule = AR_ALERT_SESSION_PAIN;
        reason_render(&rules->rules[AR_ALERT_SESSION_PAIN], &d, &v);
        snprintf(out->team, sizeof(out->team), "%s", d.reason);
    }
}
