/*
 * journey_print.h: the journey commands' output for people, and the
 * terminal intake questionnaire.
 */
#ifndef MOVERX_JOURNEY_PRINT_H
#define MOVERX_JOURNEY_PRINT_H

#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"

/* A triage result (triage_result_to_json's shape) for people: the most
 * serious message first, when it is urgent or worse. */
void print_triage_first(const json_t *triage);
/* Then the other messages of the result's own tier (routine ones: all of
 * them), `before` printed once ahead of them: a routine "keep moving" is not
 * printed under an emergency, while a yellow flag's safety net (the crisis
 * line) always is. */
void print_triage_rest(const json_t *triage, const char *before);

void print_intake(const json_t *out);
void print_today(const json_t *out);
/* "Your week:" and each of the person's days with what it holds (a plan's "schedule"). */
void print_week(const json_t *plan);
void print_entry(const json_t *out);
void print_progress(const json_t *out);
void print_weekly(const json_t *out);
void print_assessment(const json_t *out);

/*
 * Asks the intake questions on a terminal (docs/records.md "Interactive
 * intake"): the red-flag questions first; an emergency answer shows what to
 * do at once and ends the questionnaire. *doc is the intake document.
 * Input that ends early is MRX_EINVAL naming "stdin".
 */
int intake_interactive(const struct cli_ctx *ctx, FILE *in, FILE *out, json_t **doc,
                       struct mrx_err *err);

#endif
