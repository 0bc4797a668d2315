/*
 * reason.h: rendering a rule's explanation template into a decision's
 * plain-language reason (internal to core/adapt).
 *
 * Placeholders: {item} the exercise name (or "your walks"), {from} and {to}
 * the parts of the dose that change ("8 reps" -> "10 reps"), {from_name} and
 * {to_name} exercise names, {sessions}, {pain}, {days}, {minutes} (the person's
 * minutes a day), {step} and {steps} (a flare's way back), {usual} (their usual pain).
 */
#ifndef MOVERX_REASON_H
#define MOVERX_REASON_H

#include "core/adapt/adapt.h"

struct reason_values {
    int sessions;
    double pain;
    int days;
    int minutes;
    int step, steps;
    double usual;     /* the person's usual pain (their baseline) */
    const char *what; /* what rose this week: "pain" (NULL), "stiffness", "pain and stiffness" */
};

void reason_render(const struct adapt_rule *rule, struct decision *d,
                   const struct reason_values *v);

#endif
