/*
 * instruments.h: scoring of the validated questionnaires MoveRx uses and
 * clinically important change (CLINICAL.md sections 2 to 5).
 *
 * Pure functions: values in, values out, no I/O. Every function validates its
 * input and, on bad input, returns MRX_EINVAL with the offending answer named
 * in err->field (e.g. "answers[3]"). Results keep full precision; rounding is
 * the caller's business at output time.
 *
 * Scoring-rule versions are part of the result so a stored score can always
 * be recomputed and explained (MRX_SCORING_VERSION).
 */
#ifndef MOVERX_INSTRUMENTS_H
#define MOVERX_INSTRUMENTS_H

#include "compat.h"
#include "common/err.h"

#define MRX_SCORING_VERSION "1"

/* ==================== Oswestry Disability Index v2.1a ==================== */

#define ODI_SECTIONS 10
#define ODI_MIN_ANSWERED 8 /* fewer answered sections: no score */
#define ODI_MAX_OPTION 5

enum odi_band {
    ODI_MINIMAL,   /* <= 20 % */
    ODI_MODERATE,  /* <= 40 % */
    ODI_SEVERE,    /* <= 60 % */
    ODI_CRIPPLED,  /* <= 80 % */
    ODI_BED_BOUND, /* > 80 % */
};

struct odi_result {
    int sum;        /* sum of the answered sections' scores */
    int answered;   /* sections answered, ODI_MIN_ANSWERED..10 */
    double percent; /* sum / (5 * answered) * 100, exact */
    enum odi_band band;
    bool complete; /* all 10 sections answered */
};

/*
 * Scores the ODI. ticked[i] is the set of boxes ticked in section i+1 as a
 * bit mask (bit k = option k, 0..5); 0 means unanswered or not applicable.
 * When several boxes are ticked in one section the highest counts
 * (Fairbank). Returns MRX_EINVAL when fewer than 8 sections are answered or a
 * mask has bits above option 5.
 */
int odi_score(const unsigned ticked[ODI_SECTIONS], struct odi_result *out, struct mrx_err *err);

/* "minimal", "moderate", "severe", "crippled" or "bed-bound". */
const char *odi_band_name(enum odi_band band);

/* ==================== Roland-Morris Disability Questionnaire ==================== */

#define RMDQ_ITEMS 24

/*
 * Scores the RMDQ-24: the count of ticked statements. `items` holds the
 * ticked item numbers (1..24), n of them (0 means none apply). Repeated or
 * out-of-range items are MRX_EINVAL.
 */
int rmdq_score(const long *items, int n, int *score, struct mrx_err *err);

/* ==================== STarT Back Screening Tool ==================== */

#define STARTBACK_ITEMS 9

enum startback_risk { STARTBACK_LOW, STARTBACK_MEDIUM, STARTBACK_HIGH };

struct startback_result {
    int total;        /* items 1-9 with item 9 recoded, 0..9 */
    int psychosocial; /* items 5-9 with item 9 recoded, 0..5 */
    enum startback_risk risk;
};

/*
 * Scores the Keele STarT Back tool. answers[0..7] are 0 (disagree) or 1
 * (agree); answers[8] is 0..4 (not at all .. extremely), recoded so that
 * "very much" and "extremely" score 1. All nine are required.
 */
int startback_score(const long answers[STARTBACK_ITEMS], struct startback_result *out,
                    struct mrx_err *err);

/* "low", "medium" or "high". */
const char *startback_risk_name(enum startback_risk risk);

/* ==================== Patient-Specific Functional Scale ==================== */

#define PSFS_MAX_ACTIVITIES 5

/* Scores the PSFS: the mean of 1..5 activity ratings, each 0..10. */
int psfs_score(const double *ratings, int n, double *score, struct mrx_err *err);

/* ==================== Clinically important change ==================== */

enum measure { MEASURE_NPRS, MEASURE_ODI, MEASURE_RMDQ, MEASURE_PSFS };

struct change_result {
    enum measure measure;
    double baseline, followup;
    double change;          /* improvement: positive is better */
    bool has_percent;       /* false when the base of the percentage is 0 */
    double percent;         /* improvement as % of baseline (of 10-baseline for PSFS) */
    bool important_points;  /* change >= the points threshold */
    bool important_percent; /* percent >= 30 (never for PSFS) */
    bool important;         /* either */
};

/* Parses "nprs", "odi", "rmdq" or "psfs". */
bool measure_from_name(const char *name, enum measure *out);
const char *measure_name(enum measure m);

/*
 * Computes the change between two scores of one measure and whether it is
 * clinically important: NPRS 2 points or 30 %, ODI (0-100) 10 points or 30 %,
 * RMDQ 5 points or 30 %, PSFS 2 points. Values outside the measure's range
 * (NPRS 0-10, ODI 0-100, RMDQ 0-24, PSFS 0-10) are MRX_EINVAL, with
 * err->field "baseline" or "followup".
 */
int change_compute(enum measure m, double baseline, double followup, struct change_result *out,
                   struct mrx_err *err);

#endif
