/*
 * questions.h: the red-flag questions in plain words, one per triage answer
 * yes/no field, in the order they are asked (the most urgent first). The
 * intake asks them all; a check-in only those that can change (triage.h's
 * answer_asked); the answers go to triage.
 */
#ifndef MOVERX_TRIAGE_QUESTIONS_H
#define MOVERX_TRIAGE_QUESTIONS_H

#include "compat.h"

struct triage_question {
    const char *field;    /* a triage answer field */
    const char *question; /* asked of the patient */
};

const struct triage_question *triage_questions(void);
size_t triage_question_count(void);

/* Whether the question is asked on an occasion (enum answer_asked bits, e.g.
 * ASKED_CHECKIN): a check-in asks only what can change from day to day. */
bool triage_question_asked(const struct triage_question *q, unsigned when);

#endif
