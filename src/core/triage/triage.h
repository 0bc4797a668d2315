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

/*
 * What the program does: emergency -> stop, urgent -> pause, otherwise
 * continue; a rule may say "not_started" instead (under_16: no program is
 * made). Ordered by precedence when several apply: stop first, then
 * not_started (no plan at all), then pause.
 */
enum program_action { PROGRAM_CONTINUE, PROGRAM_PAUSE, PROGRAM_NOT_STARTED, PROGRAM_STOP };

const char *tier_name(enum tier t);
bool tier_from_name(const char *name, enum tier *out);
const char *program_action_name(enum program_action a);
enum program_action program_action_for(enum tier t);

/*
 * The group of a rule (CONTRACT.md "Groups"): the pathology or concern it
 * points at. Combinations count within one group (IFOMPT 2020); the
 * psychosocial group (yellow flags) never counts toward one.
 */
enum triage_group {
    GROUP_CES,
    GROUP_FRACTURE,
    GROUP_MALIGNANCY,
    GROUP_INFECTION,
    GROUP_CARDIAC,
    GROUP_NEURO,
    GROUP_REVIEW,
    GROUP_PSYCHOSOCIAL,
    GROUP_SCOPE,
    GROUP_COUNT
};

const char *triage_group_name(enum triage_group g);
bool triage_group_from_name(const char *name, enum triage_group *out);

/* ==================== Answers ==================== */

enum answer_type { ANSWER_BOOL, ANSWER_ENUM, ANSWER_INT, ANSWER_NUMBER };

/* When a field is asked (CONTRACT.md's "asked" column), as bits. */
enum answer_asked {
    ASKED_INTAKE = 1 << 0,
    ASKED_CHECKIN = 1 << 1,  /* every check-in, flare report and session */
    ASKED_FOLLOWUP = 1 << 2, /* the 4-weekly check-up */
    ASKED_STANDING = 1 << 3, /* standing history: remembered from the intake for the episode */
};

/* One answer field of CONTRACT.md "Red-flag triage". */
struct answer_field {
    const char *name;
    enum answer_type type;
    const char *const *values; /* ANSWER_ENUM: the allowed strings, NULL-terminated */
    double min, max;           /* ANSWER_INT / ANSWER_NUMBER: the plausible range */
    unsigned asked;            /* enum answer_asked bits */
};

#define ANSWER_FIELD_COUNT 29

/* The answer field called `name`, or NULL. Its index is (field - answer_fields()). */
const struct answer_field *answer_field_find(const char *name);
const struct answer_field *answer_fields(void);

/*
 * A set of answers. present[i] is false for an absent (or null) field, which
 * counts as "no" or "unknown". value[i] is 0/1 for booleans, the index into
 * `values` for enums, the number otherwise.
 *
 * age_from_birth_year: the age is the year of the day less the birth year,
 * so the person may be a year younger; triage then weighs both ages and
 * keeps every rule either fires (a 15-year-old born 2010 is under 16 in
 * 2026 until the birthday; a 50-year-old born 1975 may already be 51).
 */
struct triage_answers {
    bool present[ANSWER_FIELD_COUNT];
    double value[ANSWER_FIELD_COUNT];
    bool age_from_birth_year;
};

/*
 * Reads answers from a JSON object. Unknown fields, wrong types and values
 * out of range are MRX_EINVAL naming the field (prefixed with `prefix`, e.g.
 * "red_flags.", which may be "").
 */
int triage_answers_from_json(const json_t *obj, const char *prefix, struct triage_answers *out,
                             struct mrx_err *err);

/* Gives the answers the age of the year from a birth year, marked as such,
 * unless they have an age of their own or it would be out of range.
 * Returns whether it did. */
bool triage_answers_age_from_birth_year(struct triage_answers *a, int birth_year, int year);

/* The index of a field in answer_fields() (the field must exist). */
int answer_index(const char *name);

/*
 * Merges what is remembered into the answers of a later triage: each
 * standing field (ASKED_STANDING) and the age, where `into` has no answer of
 * its own, are taken from `standing`. A field already answered "yes" stays.
 */
void triage_answers_merge_standing(struct triage_answers *into,
                                   const struct triage_answers *standing);

/* ==================== Rules ==================== */

struct condition; /* opaque: see condition.c */

struct triage_rule {
    char *id;
    enum triage_group group;
    enum tier tier;
    enum program_action program; /* what it does to the program: from the tier, or its own */
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
 * duplicate ids, empty messages, a missing or unknown group, a combination
 * that counts psychosocial rules, a rule that fires on no answer at all and
 * a rule outside group "scope" that fires on age alone are MRX_EDATA. On
 * error *out is left empty.
 */
int triage_ruleset_parse(const char *text, size_t len, const char *source,
                         struct triage_ruleset *out, struct mrx_err *err);
void triage_ruleset_release(struct triage_ruleset *rs);

/* ==================== Evaluation ==================== */

struct triage_result {
    enum tier tier;                   /* the highest tier of any rule that fired */
    enum program_action program;      /* the first, by precedence, of the fired rules' actions */
    const struct triage_rule **fired; /* most serious first, then rule-file order */
    int n_fired;
};

/*
 * Evaluates every rule against the answers. Rules that combine (count other
 * rules of a group that fired) are evaluated after the others and count only
 * those, never psychosocial ones.
 */
void triage_evaluate(const struct triage_ruleset *rs, const struct triage_answers *answers,
                     struct triage_result *out);
void triage_result_release(struct triage_result *r);

/*
 * A triage after the intake (a check-in, a session, a check-up): the day's
 * own answers with what is remembered merged in (standing history, age: see
 * triage_answers_merge_standing), evaluated. What the remembered answers
 * fire on their own was triaged and acted on at the intake, and a clinician
 * may have cleared it since: such a rule is left out of *out unless the
 * day's own answers give something it reads (a new "yes", a choice other
 * than none, a number) or, for a combination, one of the rules it counts is
 * new. *out holds what is new; *all (or NULL) everything that fired, a
 * combination's company included; *merged (or NULL) the answers triaged.
 */
void triage_evaluate_later(const struct triage_ruleset *rs, const struct triage_answers *own,
                           const struct triage_answers *remembered, struct triage_answers *merged,
                           struct triage_result *out, struct triage_result *all);

/*
 * The tier of the red flags alone: the highest tier of the fired rules
 * outside the psychosocial group. Yellow flags go to the care team; they
 * never hold or stop a program.
 */
enum tier triage_red_flag_tier(const struct triage_result *r);

/* The answer fields a rule's own condition reads, as bits of answer_fields()
 * indexes (a combination's counted rules are not included). */
unsigned long long triage_rule_fields(const struct triage_rule *rule);

/* The rule called `id`, or NULL. */
const struct triage_rule *triage_rule_find(const struct triage_ruleset *rs, const char *id);

#endif
