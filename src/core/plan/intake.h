/*
 * intake.h: the intake a person completes before their first plan
 * (CONTRACT.md "Intake"; every field, range and default in docs/intake.md).
 *
 * Parsing is strict: unknown fields, wrong types and values out of range
 * are MRX_EINVAL naming the field ("startback[8]", "availability.minutes_per_day").
 * A parsed intake owns its PSFS activity names; free with intake_release().
 */
#ifndef MOVERX_INTAKE_H
#define MOVERX_INTAKE_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"
#include "core/instruments/instruments.h"
#include "core/triage/triage.h"

#define INTAKE_MIN_MINUTES_PER_DAY 20 /* the smallest plan (five exercises and two walks) fits */
#define MAX_DURATION_WEEKS 2600       /* fifty years */

enum disability_measure { DISABILITY_NONE, DISABILITY_ODI, DISABILITY_RMDQ };

/* Acute < 6 weeks, subacute 6-12, chronic > 12 (CONTRACT.md). */
enum chronicity { CHRONICITY_ACUTE, CHRONICITY_SUBACUTE, CHRONICITY_CHRONIC };

struct psfs_activity {
    char *activity;
    double rating; /* 0..10 */
};

struct intake_preferences {
    bool walking, pool_access, yoga, tai_chi, gym_equipment, floor_exercises_ok;
};

struct intake {
    struct triage_answers red_flags; /* with the top-level age when red_flags has none */
    bool has_age;
    int age;
    double pain_now; /* 0..10 */
    bool has_pain_week_average;
    double pain_week_average; /* 0..10 */
    int duration_weeks;
    bool leg_pain;
    long startback[STARTBACK_ITEMS];
    enum disability_measure disability;
    unsigned odi[ODI_SECTIONS]; /* masks, as odi_score() takes them */
    long rmdq[RMDQ_ITEMS];
    int n_rmdq;
    struct psfs_activity psfs[PSFS_MAX_ACTIVITIES];
    int n_psfs;
    int walking_minutes_per_day;
    int minutes_per_day; /* availability */
    int days_per_week;   /* availability: how many days */
    unsigned days; /* availability: which days (week.h mask); 0 when only the count was given */
    unsigned pool_days; /* availability: the days they can get to a pool (a subset of days);
                         * 0: any of their days */
    struct intake_preferences preferences;
    bool pregnant;
};

/* ==================== Questionnaire answers ==================== */

/*
 * The questionnaires' answers as the intake and follow-ups give them, each
 * checked as the intake checks it; errors name the field with its path
 * ("odi[3]", "psfs[1].rating"), or the list when it cannot be scored.
 */

/* "odi": 10 answers, each 0..5 or null (not answered), at least 8 answered. */
int odi_answers_from_json(const json_t *arr, unsigned out[ODI_SECTIONS], struct mrx_err *err);
/* "rmdq": the ticked item numbers 1..24, each once (an empty list: none apply). */
int rmdq_answers_from_json(const json_t *arr, long out[RMDQ_ITEMS], int *n, struct mrx_err *err);
/* "psfs": 1 to 5 {"activity": 1..200 bytes, "rating": 0..10}. The names are
 * copied (free with psfs_answers_release()); on error none is left. */
int psfs_answers_from_json(const json_t *arr, struct psfs_activity out[PSFS_MAX_ACTIVITIES], int *n,
                           struct mrx_err *err);
void psfs_answers_release(struct psfs_activity *a, int n);

/* ==================== The intake ==================== */

/* Whether `key` is a field of the intake schema. */
bool intake_is_field(const char *key);

/* Parses and checks an intake document. On error *out is left empty. */
int intake_from_json(const json_t *doc, struct intake *out, struct mrx_err *err);
void intake_release(struct intake *in);

enum chronicity intake_chronicity(const struct intake *in);
const char *chronicity_name(enum chronicity c);

/*
 * Disability on a 0-100 scale for choosing a starting level: the ODI
 * percentage, or the RMDQ score x 100 / 24. Returns false when the intake
 * has no disability measure (or an ODI with too few sections).
 */
bool intake_disability_percent(const struct intake *in, double *out);

#endif
