/*
 * readability.h: the Flesch-Kincaid grade level of patient-facing text.
 *
 * MoveRx promises that everything a patient reads (lessons, exercise steps,
 * triage messages) is at school grade 8 or below. The test suite checks it
 * with this module, and a clinic can check its own edits with
 * `moverx readability`.
 *
 * Text is added in units (a paragraph, a heading, a list item, one exercise
 * step). A unit that does not end in . ! or ? still ends a sentence, because
 * a heading or a step is read as one.
 *
 *   grade = 0.39 * words/sentences + 11.8 * syllables/words - 15.59
 *
 * Syllables are estimated by a common heuristic: groups of up to two vowels,
 * a silent final e, -es or -ed (but not the -ed of "rested") ignored, at
 * least one per word.
 */
#ifndef MOVERX_READABILITY_H
#define MOVERX_READABILITY_H

#include "compat.h"

struct readability {
    long words;
    long sentences;
    long syllables;
};

void readability_init(struct readability *r);

/* Adds one unit of text (UTF-8, not NUL-terminated). */
void readability_add(struct readability *r, const char *text, size_t len);

/* The Flesch-Kincaid grade; 0 for no words. */
double readability_grade(const struct readability *r);

/* The estimated syllables of one word (letters only are considered). */
int readability_syllables(const char *word, size_t len);

#endif
