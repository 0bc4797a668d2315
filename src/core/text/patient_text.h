/*
 * patient_text.h: which texts a patient reads, and how hard they are.
 *
 * One place decides what counts as patient-facing (so the test suite and
 * `moverx check` measure the same thing): a triage rule's patient message;
 * an exercise's name, summary, steps, what to feel, mistakes and caution
 * notes; the headline of a triage result.
 * Lessons are measured block by block when they load (formats/lesson.c).
 */
#ifndef MOVERX_PATIENT_TEXT_H
#define MOVERX_PATIENT_TEXT_H

#include "compat.h"
#include "core/catalog/exercise.h"
#include "core/triage/triage.h"

/* The promise: school grade 8 or below (Flesch-Kincaid). */
#define PATIENT_TEXT_MAX_GRADE 8.0

/* The headline of a triage result for the patient: what happens to the
 * program (the program action decides; the tier tells routine from none). */
const char *patient_text_triage_headline(enum tier t, enum program_action p);

/* What today's plan says, first, of a program stopped, paused or not started
 * (what to do now); "" for a running one. */
const char *patient_text_today_message(enum program_action p);

double patient_text_grade_message(const char *message);
double patient_text_grade_exercise(const struct exercise *ex);

#endif
