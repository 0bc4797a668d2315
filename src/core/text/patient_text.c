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

const char *patient_text_triage_headline(enum tier t, enum program_action p)
{
    switch (p) {
    case PROGRAM_STOP:
        return "This is an emergency. Your program is stopped until a doctor has seen you.";
    case PROGRAM_NOT_STARTED:
        return "We cannot make you an exercise plan. Please see a doctor about your back.";
    case PROGRAM_PAUSE:
        return "This is urgent. Your exercises are paused until your care team has checked. "
               "Until then, keep gently active in ways that feel OK.";
    case PROGRAM_CONTINUE:
        break;
    }
    return t == TIER_ROUTINE
               ? "Your program can go on. Your care team will look at your answers in the next "
                 "few days."
               : "No red flags found. Your program can go on.";
}

const char *patient_text_today_message(enum program_action p)
{
    switch (p) {
    case PROGRAM_STOP:
        return "Your program is stopped because of an answer that needs a doctor now. Call your "
               "emergency number now or go to the nearest emergency department. Do not restart "
               "your exercises until a doctor says it is safe.";
    case PROGRAM_PAUSE:
        return "Contact a doctor today, if you have not yet. Your exercises are paused until your "
               "care team has checked what you told us. Until then, keep gently active in ways "
               "that feel OK.";
    case PROGRAM_NOT_STARTED:
        return "We cannot make you an exercise plan. Please see a doctor about your back.";
    case PROGRAM_CONTINUE:
        break;
    }
    return "";
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
