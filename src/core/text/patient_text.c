/*
 * patient_text.c: reading grade of patient-facing texts (see patient_text.h).
 */
#include "compat.h"

#include "core/readability/readability.h"
#include "core/text/patient_text.h"

static void add(struct readability *r, const char *s)
{
    if (s)
        readability_add(r, s, strlen(s));
}

const char *patient_text_triage_headline(enum tier t)
{
    switch (t) {
    case TIER_EMERGENCY:
        return "This is an emergency. Your program is stopped.";
    case TIER_URGENT:
        return "This is urgent. Your program is paused until a clinician has seen you.";
    case TIER_ROUTINE:
        return "Your program can go on. Your care team will look at your answers.";
    default:
        return "No red flags found. Your program can go on.";
    }
}

double patient_text_grade_message(const char *message)
{
    struct readability r;
    readability_init(&r);
    add(&r, message);
    return readability_grade(&r);
}

double patient_text_grade_exercise(const struct exercise *ex)
{
    struct readability r;

    readability_init(&r);
    add(&r, ex->name);
    add(&r, ex->summary);
    for (int i = 0; i < ex->n_steps; i++)
        add(&r, ex->steps[i]);
    add(&r, ex->feel);
    for (int i = 0; i < ex->n_mistakes; i++)
        add(&r, ex->mistakes[i]);
    for (int k = 0; k < CAUTION_KINDS; k++)
        add(&r, ex->cautions[k].note);
    return readability_grade(&r);
}
