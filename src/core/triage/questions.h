/*
 * questions.h: the red-flag questions in plain words, one per triage answer
 * field, in the order they are asked (the most urgent first). The intake
 * and the check-in ask them; the answers go to triage (triage.h).
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

#endif
