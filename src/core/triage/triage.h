/*
 * triage.h: red-flag triage. Answers in, a tier and a program action out,
 * with every rule that fired and why.
 *
 * The rules are data (data/rules/triage.json, see docs/rules.md): each has
 * an id, a condition over the answer fields, a tier, a plain-language patient
 * message, a clinician message and a citation. This module parses and checks
 * a rule set, parses answers, and evaluates one against the other. It never
 * touches a file: callers hand it bytes.
 *
 * Ownership: a struct triage_ruleset owns everything inside it; free it with
 * triage_ruleset_release(). A struct triage_result points into the ruleset it
 * was made from and owns only its `fired` array (triage_result_release()).
 */
#ifndef MOVERX_TRIAGE_H
#define MOVERX_TRIAGE_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"

/* Ordered: a higher value is more serious. */
enum tier { TIER_NONE, TIER_ROUTINE, TIER_URGENT, TIER_EMERGENCY };

/* What the program does: emergency -> stop, urgent -> pause, otherwise continue. */
enum program_action { PROGRAM_CONTINUE, PROGRAM_PAUSE, PROGRAM_STOP };

const char *tier_name(enum tier t);
bool tier_from_name(const char *name, enum tier *out);
const char *program_action_name(enum program_action a);
enum program_action program_action_for(enum tier t);

/* ==================== Answers ==================== */

enum answer_type { ANSWER_BOOL, ANSWER_ENUM, ANSWER_INT, ANSWER_NUMBER };

/* One answer field of CONTRACT.md "Red-flag triage". */
struct answer_field {
    const char *name;
    enum answer_type type;
    const char *const *values; /* ANSWER_ENUM: the allowed strings, NULL-terminated */
    double min, max;           /* ANSWER_INT / ANSWER_NUMBER: the plausible range */
};

#define ANSWER_FIELD_COUNT 27

/* The answer field called `name`, or NULL. Its index is (field - answer_fields()). */
const struct answer_field *answer_field_find(const char *name);
const struct answer_field *answer_fields(void);

/*
 * A set of answers. present[i] is false for an absent (or null) field, which
 * counts as "no" or "unknown". value[i] is 0/1 for booleans, the index into
 * `values` for enums, the number otherwise.
 */
struct triage_answers {
    bool present[ANSWER_FIELD_COUNT];
    double value[ANSWER_FIELD_COUNT];
};

/*
 * Reads answers from a JSON object. Unknown fields, wrong types and values
 * out of range are MRX_EINVAL naming the field (prefixed with `prefix`, e.g.
 * "red_flags.", which may be "").
 */
int triage_answers_from_json(const json_t *obj, const char *prefix, struct triage_answers *out,
                             struct mrx_err *err);

/* ==================== Rules ==================== */

struct condition; /* opaque: see condition.c */

struct triage_rule {
    char *id;
    enum tier tier;
    struct condition *when;
    bool combines; /* its condition counts other rules that fired */
    char *patient_message;
    char *clinician_message;
    char *citation;
};

struct triage_ruleset {
    char *name;
    char *version;
    struct triage_rule *rules;
    int n_rules;
};

/*
 * Parses and checks a rule set from JSON text. `source` (a file name) starts
 * every error's field: "data/rules/triage.json: rule 'fever': when: ...".
 * Unknown keys, malformed conditions, unknown answer fields, type mismatches,
 * duplicate ids and empty messages are MRX_EDATA. On error *out is left empty.
 */
int triage_ruleset_parse(const char *text, size_t len, const char *source,
                         struct triage_ruleset *out, struct mrx_err *err);
void triage_ruleset_release(struct triage_ruleset *rs);

/* ==================== Evaluation ==================== */

struct triage_result {
    enum tier tier;                   /* the highest tier of any rule that fired */
    enum program_action program;      /* follows from tier */
    const struct triage_rule **fired; /* most serious first, then rule-file order */
    int n_fired;
};

/*
 * Evaluates every rule against the answers. Rules that combine (count other
 * rules that fired) are evaluated after the others and count only those.
 */
void triage_evaluate(const struct triage_ruleset *rs, const struct triage_answers *answers,
                     struct triage_result *out);
void triage_result_release(struct triage_result *r);

#endif
