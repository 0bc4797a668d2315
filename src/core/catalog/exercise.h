/*
 * exercise.h: one exercise of the library and its dose.
 *
 * An exercise is loaded from one JSON file (docs/exercises.md) and is
 * immutable afterwards. It owns all its strings; free with
 * exercise_release(). Enumerations have name tables so that data files,
 * command-line flags and JSON output all use the same words.
 */
#ifndef MOVERX_EXERCISE_H
#define MOVERX_EXERCISE_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"
#include "core/demo/demo.h"

enum exercise_category {
    CAT_MOBILITY,
    CAT_STRETCH,
    CAT_STRENGTH,
    CAT_AEROBIC,
    CAT_AQUATIC,
    CAT_MIND_BODY,
    CAT_RELAXATION,
    CAT_COUNT
};

enum exercise_position {
    POS_LYING_ON_BACK,
    POS_LYING_ON_FRONT,
    POS_SIDE_LYING,
    POS_HANDS_AND_KNEES,
    POS_KNEELING,
    POS_SITTING,
    POS_STANDING,
    POS_IN_WATER,
    POS_COUNT
};

/* Equipment is a bit mask of 1u << EQUIP_x. */
enum equipment {
    EQUIP_MAT,
    EQUIP_CHAIR,
    EQUIP_WALL,
    EQUIP_STEP,
    EQUIP_TOWEL,
    EQUIP_PILLOW,
    EQUIP_RESISTANCE_BAND,
    EQUIP_POOL,
    EQUIP_TABLE,
    EQUIP_STATIONARY_BIKE,
    EQUIP_COUNT
};

enum dose_key {
    DOSE_SETS,
    DOSE_REPS,
    DOSE_HOLD_S,
    DOSE_MINUTES,
    DOSE_BOUTS,
    DOSE_DAYS_PER_WEEK,
    DOSE_KEYS
};

/* A dose: the keys that apply to an exercise, each an integer. */
struct dose {
    bool has[DOSE_KEYS];
    int value[DOSE_KEYS];
};

#define DOSE_MAX 1000 /* no dose value is ever this large; guards typos (dose_parse) */

/* A safe range: for each key that applies, min <= max. */
struct dose_range {
    bool has[DOSE_KEYS];
    int min[DOSE_KEYS];
    int max[DOSE_KEYS];
};

enum caution_kind { CAUTION_PREGNANCY, CAUTION_ACUTE_LEG_PAIN, CAUTION_FLARE, CAUTION_KINDS };
enum caution_advice { ADVICE_OK, ADVICE_MODIFY, ADVICE_AVOID };

struct caution {
    enum caution_advice advice;
    char *note; /* may be NULL when advice is ADVICE_OK */
    /* "avoid" only: what to do instead, in the note's order (exercise ids, checked to
     * exist and to be safe for the same case); the engine swaps to the first that suits */
    char **instead;
    int n_instead;
};

/*
 * One move of a routine (a yoga or tai chi session written as a sequence of
 * library items): the move and its dose inside that move's own safe range.
 */
struct routine_step {
    char *exercise; /* id of a library item that is not itself a routine */
    struct dose dose;
};

#define ROUTINE_MAX_STEPS 12

struct exercise {
    char *id;
    char *name;
    enum exercise_category category;
    enum exercise_position position;
    unsigned equipment; /* bit mask */
    bool floor;
    char **tags;
    int n_tags;
    int level; /* 1..5 */
    bool per_side;
    struct dose dose;
    struct dose_range range;
    char *progression; /* id or NULL */
    char *regression;  /* id or NULL */
    struct caution cautions[CAUTION_KINDS];
    char *summary;
    char **steps;
    int n_steps;
    char *feel;
    char **mistakes;
    int n_mistakes;
    char *evidence;
    struct routine_step *routine; /* NULL for a single exercise */
    int n_routine;
    struct demo *demo; /* its demonstration (data/exercises/demos), or NULL */
};

const char *category_name(enum exercise_category c);
/* Also accepts "core" and "strength/core" for CAT_STRENGTH. */
bool category_from_name(const char *name, enum exercise_category *out);
const char *position_name(enum exercise_position p);
const char *equipment_name(enum equipment e);
const char *dose_key_name(enum dose_key k);
const char *caution_kind_name(enum caution_kind k);
const char *caution_advice_name(enum caution_advice a);

/*
 * Parses a dose object {"sets":..,"reps":..} (the keys of dose_key_name(),
 * each a whole number 1..1000); `name` is the field named in errors
 * (MRX_EDATA). Used for exercise files and for doses the program stored.
 */
int dose_parse(const json_t *obj, const char *name, struct dose *out, struct mrx_err *err);

/* True when every key of the dose lies inside the range and the key sets match. */
bool dose_in_range(const struct dose *d, const struct dose_range *r);

/* The exercise's smallest dose: its range minimum, with `days` kept in range. */
void dose_at_range_min(const struct exercise *ex, int days, struct dose *out);

/*
 * The exercise's own notes for a person's condition (pregnancy, then acute
 * leg pain: each that applies, one after the other) into buf, "" when it is
 * plainly fine for them. Returns whether one of them says to avoid it.
 */
bool exercise_caution(const struct exercise *ex, bool pregnant, bool leg_pain, char *buf,
                      size_t size);

/* True when both doses have the same keys with the same values. */
bool dose_equal(const struct dose *a, const struct dose *b);

/*
 * Parses one exercise from JSON text. `source` names the file in errors;
 * when `expected_id` is not NULL the id must equal it (the file name).
 * Unknown keys, wrong types, bad enums, a dose outside its range and missing
 * notes are MRX_EDATA. On error *out is left empty.
 */
int exercise_parse(const char *text, size_t len, const char *source, const char *expected_id,
                   struct exercise *out, struct mrx_err *err);
void exercise_release(struct exercise *ex);

#endif
