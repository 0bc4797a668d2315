/*
 * test_instruments.c: every scoring rule and boundary of ODI, RMDQ, STarT
 * Back, PSFS and clinically important change (CLINICAL.md sections 2-5 and
 * the published worked examples of section 9).
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/instruments/instruments.h"

/* ODI answers as ints, -1 = unanswered; builds single-tick masks. */
static int odi(const int a[10], struct odi_result *r)
{
    unsigned masks[10];
    struct mrx_err err;
    for (int i = 0; i < 10; i++)
        masks[i] = a[i] < 0 ? 0 : 1u << a[i];
    return odi_score(masks, r, &err);
}

static void odi_published_examples(void **state)
{
    struct odi_result r;
    (void)state;
    /* instruments-1.1: sum 16 of 50 = 32 %, moderate */
    assert_int_equal(odi((int[]){1, 2, 3, 4, 1, 2, 1, 2, 0, 0}, &r), MRX_OK);
    assert_int_equal(r.sum, 16);
    assert_int_equal(r.answered, 10);
    assert_true(r.percent == 32.0);
    assert_int_equal(r.band, ODI_MODERATE);
    assert_true(r.complete);
    /* instruments-1.2: sum 16 with one missing: 16/45 = 35.56 %, incomplete */
    assert_int_equal(odi((int[]){1, 2, 3, 4, 1, 2, 1, 2, 0, -1}, &r), MRX_OK);
    assert_int_equal(r.answered, 9);
    assert_true(fabs(r.percent - 1600.0 / 45.0) < 1e-12);
    assert_int_equal(r.band, ODI_MODERATE);
    assert_false(r.complete);
    /* instruments-1.3: 60 % is severe, the upper edge */
    assert_int_equal(odi((int[]){1, 5, 4, 4, 3, 0, 1, 5, 3, 4}, &r), MRX_OK);
    assert_true(r.percent == 60.0);
    assert_int_equal(r.band, ODI_SEVERE);
    /* instruments-1.4: 50 %, severe */
    assert_int_equal(odi((int[]){2, 2, 2, 2, 2, 3, 3, 3, 3, 3}, &r), MRX_OK);
    assert_true(r.percent == 50.0);
    assert_int_equal(r.band, ODI_SEVERE);
}

static void odi_band_edges(void **state)
{
    struct odi_result r;
    (void)state;
    /* Each edge belongs to the lower band, one point more to the next. */
    static const struct {
        int sum10;
        enum odi_band band;
    } edges[] = {{0, ODI_MINIMAL},    {10, ODI_MINIMAL},  {11, ODI_MODERATE}, {20, ODI_MODERATE},
                 {21, ODI_SEVERE},    {30, ODI_SEVERE},   {31, ODI_CRIPPLED}, {40, ODI_CRIPPLED},
                 {41, ODI_BED_BOUND}, {50, ODI_BED_BOUND}};
    for (size_t i = 0; i < MRX_ARRAY_LEN(edges); i++) {
        int a[10], left = edges[i].sum10;
        for (int k = 0; k < 10; k++) {
            a[k] = left > 5 ? 5 : left;
            left -= a[k];
        }
        assert_int_equal(odi(a, &r), MRX_OK);
        assert_int_equal(r.sum, edges[i].sum10);
        assert_int_equal(r.band, edges[i].band);
    }
}

static void odi_band_edges_with_missing_sections(void **state)
{
    struct odi_result r;
    (void)state;
    /* 8 answered: denominator 40; 8/40 = 20 % exactly is minimal, 9/40 moderate. */
    assert_int_equal(odi((int[]){5, 3, 0, 0, 0, 0, 0, 0, -1, -1}, &r), MRX_OK);
    assert_true(r.percent == 20.0);
    assert_int_equal(r.band, ODI_MINIMAL);
    assert_int_equal(odi((int[]){5, 4, 0, 0, 0, 0, 0, 0, -1, -1}, &r), MRX_OK);
    assert_int_equal(r.band, ODI_MODERATE);
    /* 9 answered: 18/45 = 40 % moderate; 19/45 = 42.2 % severe. */
    assert_int_equal(odi((int[]){5, 5, 5, 3, 0, 0, 0, 0, 0, -1}, &r), MRX_OK);
    assert_true(r.percent == 40.0);
    assert_int_equal(r.band, ODI_MODERATE);
    assert_int_equal(odi((int[]){5, 5, 5, 4, 0, 0, 0, 0, 0, -1}, &r), MRX_OK);
    assert_int_equal(r.band, ODI_SEVERE);
    /* 8 answered: 32/40 = 80 % crippled; 33/40 bed-bound. */
    assert_int_equal(odi((int[]){5, 5, 5, 5, 5, 5, 2, 0, -1, -1}, &r), MRX_OK);
    assert_int_equal(r.band, ODI_CRIPPLED);
    assert_int_equal(odi((int[]){5, 5, 5, 5, 5, 5, 3, 0, -1, -1}, &r), MRX_OK);
    assert_int_equal(r.band, ODI_BED_BOUND);
}

static void odi_needs_eight_sections(void **state)
{
    struct odi_result r;
    struct mrx_err err;
    unsigned masks[10] = {0};
    (void)state;
    assert_int_equal(odi((int[]){1, 1, 1, 1, 1, 1, 1, 1, -1, -1}, &r), MRX_OK);
    assert_int_equal(odi((int[]){1, 1, 1, 1, 1, 1, 1, -1, -1, -1}, &r), MRX_EINVAL);
    assert_int_equal(odi_score(masks, &r, &err), MRX_EINVAL);
    assert_string_equal(err.field, "answers");
    assert_non_null(strstr(err.msg, "only 0 of 10"));
}

static void odi_two_boxes_take_the_higher(void **state)
{
    unsigned masks[10] = {1u << 1 | 1u << 3, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    struct odi_result r;
    struct mrx_err err;
    (void)state;
    assert_int_equal(odi_score(masks, &r, &err), MRX_OK);
    assert_int_equal(r.sum, 3);
    masks[0] = 1u << 6; /* option 6 does not exist */
    assert_int_equal(odi_score(masks, &r, &err), MRX_EINVAL);
    assert_non_null(strstr(err.msg, "section 1"));
}

static int sbst(const long a[9], struct startback_result *r)
{
    struct mrx_err err;
    return startback_score(a, r, &err);
}

static void startback_published_examples(void **state)
{
    struct startback_result r;
    (void)state;
    assert_int_equal(sbst((long[]){0, 0, 0, 0, 0, 0, 0, 0, 0}, &r), MRX_OK);
    assert_int_equal(r.total, 0);
    assert_int_equal(r.risk, STARTBACK_LOW);
    assert_int_equal(sbst((long[]){1, 1, 1, 1, 0, 0, 0, 0, 0}, &r), MRX_OK);
    assert_int_equal(r.total, 4);
    assert_int_equal(r.psychosocial, 0);
    assert_int_equal(r.risk, STARTBACK_MEDIUM);
    assert_int_equal(sbst((long[]){1, 1, 1, 1, 1, 1, 1, 1, 4}, &r), MRX_OK);
    assert_int_equal(r.total, 9);
    assert_int_equal(r.psychosocial, 5);
    assert_int_equal(r.risk, STARTBACK_HIGH);
    assert_int_equal(sbst((long[]){1, 0, 1, 0, 0, 1, 0, 0, 4}, &r), MRX_OK);
    assert_int_equal(r.total, 4);
    assert_int_equal(r.psychosocial, 2);
    assert_int_equal(r.risk, STARTBACK_MEDIUM);
}

static void startback_item9_recoding(void **state)
{
    struct startback_result r;
    (void)state;
    /* not at all, slightly, moderately score 0; very much, extremely score 1 */
    static const int expected[5] = {0, 0, 0, 1, 1};
    for (long q9 = 0; q9 <= 4; q9++) {
        assert_int_equal(sbst((long[]){0, 0, 0, 0, 0, 0, 0, 0, q9}, &r), MRX_OK);
        assert_int_equal(r.total, expected[q9]);
        assert_int_equal(r.psychosocial, expected[q9]);
    }
}

static void startback_boundaries(void **state)
{
    struct startback_result r;
    (void)state;
    /* total 3 is low even with subscale 3 */
    assert_int_equal(sbst((long[]){0, 0, 0, 0, 1, 1, 1, 0, 0}, &r), MRX_OK);
    assert_int_equal(r.risk, STARTBACK_LOW);
    /* total 4, subscale 3: medium */
    assert_int_equal(sbst((long[]){1, 0, 0, 0, 1, 1, 1, 0, 2}, &r), MRX_OK);
    assert_int_equal(r.psychosocial, 3);
    assert_int_equal(r.risk, STARTBACK_MEDIUM);
    /* total 4, subscale 4 (through item 9): high */
    assert_int_equal(sbst((long[]){0, 0, 0, 0, 1, 1, 1, 0, 3}, &r), MRX_OK);
    assert_int_equal(r.total, 4);
    assert_int_equal(r.psychosocial, 4);
    assert_int_equal(r.risk, STARTBACK_HIGH);
    /* items 1-4 do not count towards the subscale */
    assert_int_equal(sbst((long[]){1, 1, 1, 1, 1, 1, 1, 0, 0}, &r), MRX_OK);
    assert_int_equal(r.psychosocial, 3);
    assert_int_equal(r.risk, STARTBACK_MEDIUM);
}

static void startback_rejects_bad_answers(void **state)
{
    struct startback_result r;
    struct mrx_err err;
    (void)state;
    assert_int_equal(startback_score((long[]){2, 0, 0, 0, 0, 0, 0, 0, 0}, &r, &err), MRX_EINVAL);
    assert_non_null(strstr(err.msg, "Q1"));
    assert_int_equal(startback_score((long[]){0, 0, 0, 0, 0, 0, 0, 0, 5}, &r, &err), MRX_EINVAL);
    assert_non_null(strstr(err.msg, "Q9"));
    assert_int_equal(startback_score((long[]){0, 0, 0, 0, 0, 0, 0, -1, 0}, &r, &err), MRX_EINVAL);
}

static void rmdq_counts_ticks(void **state)
{
    long all[24];
    int score;
    struct mrx_err err;
    (void)state;
    assert_int_equal(rmdq_score(NULL, 0, &score, &err), MRX_OK);
    assert_int_equal(score, 0);
    for (int i = 0; i < 24; i++)
        all[i] = 24 - i;
    assert_int_equal(rmdq_score(all, 24, &score, &err), MRX_OK);
    assert_int_equal(score, 24);
    assert_int_equal(rmdq_score((long[]){3, 1, 3}, 3, &score, &err), MRX_EINVAL);
    assert_non_null(strstr(err.msg, "twice"));
    assert_int_equal(rmdq_score((long[]){0}, 1, &score, &err), MRX_EINVAL);
    assert_int_equal(rmdq_score((long[]){25}, 1, &score, &err), MRX_EINVAL);
    assert_string_equal(err.field, "ticked");
}

static void psfs_is_the_mean(void **state)
{
    double s;
    struct mrx_err err;
    (void)state;
    assert_int_equal(psfs_score((double[]){4, 4, 4}, 3, &s, &err), MRX_OK);
    assert_true(s == 4.0);
    assert_int_equal(psfs_score((double[]){3, 4, 4}, 3, &s, &err), MRX_OK);
    assert_true(fabs(s - 11.0 / 3.0) < 1e-12); /* full precision inside */
    assert_int_equal(psfs_score((double[]){0, 10, 10, 10, 10}, 5, &s, &err), MRX_OK);
    assert_true(s == 8.0);
    assert_int_equal(psfs_score((double[]){1, 2, 3, 4, 5, 6}, 6, &s, &err), MRX_EINVAL);
    assert_int_equal(psfs_score(NULL, 0, &s, &err), MRX_EINVAL);
    assert_int_equal(psfs_score((double[]){11}, 1, &s, &err), MRX_EINVAL);
    assert_int_equal(psfs_score((double[]){-1}, 1, &s, &err), MRX_EINVAL);
}

static struct change_result chg(enum measure m, double b, double f)
{
    struct change_result r;
    struct mrx_err err;
    assert_int_equal(change_compute(m, b, f, &r, &err), MRX_OK);
    return r;
}

static void change_published_examples(void **state)
{
    struct change_result r;
    (void)state;
    r = chg(MEASURE_NPRS, 7, 4); /* the CONTRACT example */
    assert_true(r.change == 3);
    assert_true(fabs(r.percent - 300.0 / 7.0) < 1e-12);
    assert_true(r.important_points && r.important_percent && r.important);
    r = chg(MEASURE_RMDQ, 12, 2); /* Roland-Morris calculator */
    assert_true(r.change == 10);
    assert_true(fabs(r.percent - 1000.0 / 12.0) < 1e-12);
    assert_true(r.important);
    r = chg(MEASURE_NPRS, 5.10, 2.70); /* Kaia trial arm */
    assert_true(fabs(r.change - 2.4) < 1e-9);
    assert_true(r.important_points && r.important_percent);
}

static void change_thresholds(void **state)
{
    (void)state;
    /* NPRS: 2 points exactly counts, even through binary noise (5.1 - 3.1) */
    assert_true(chg(MEASURE_NPRS, 5.1, 3.1).important_points);
    assert_false(chg(MEASURE_NPRS, 9, 8).important_points);
    /* low baseline: 2 -> 1 is 50 % but only 1 point */
    assert_false(chg(MEASURE_NPRS, 2, 1).important_points);
    assert_true(chg(MEASURE_NPRS, 2, 1).important_percent);
    /* 30 % exactly counts: 10 -> 7 */
    assert_true(chg(MEASURE_NPRS, 10, 7).important_percent);
    assert_false(chg(MEASURE_ODI, 100, 71).important_percent); /* 29 % */
    /* ODI 10 points */
    assert_true(chg(MEASURE_ODI, 80, 70).important_points);
    assert_false(chg(MEASURE_ODI, 80, 71).important_points);
    assert_false(chg(MEASURE_ODI, 80, 71).important);
    /* RMDQ 5 points */
    assert_true(chg(MEASURE_RMDQ, 20, 15).important_points);
    assert_false(chg(MEASURE_RMDQ, 20, 16).important);
    /* PSFS: higher is better, 2 points, no percent rule */
    assert_true(chg(MEASURE_PSFS, 3, 5).important);
    assert_false(chg(MEASURE_PSFS, 3, 5).important_percent);
    assert_false(chg(MEASURE_PSFS, 9, 10).important); /* 100 % of the room but 1 point */
    assert_true(fabs(chg(MEASURE_PSFS, 3, 5).percent - 200.0 / 7.0) < 1e-12);
}

static void change_percent_base_zero_and_worsening(void **state)
{
    struct change_result r;
    (void)state;
    r = chg(MEASURE_NPRS, 0, 3);
    assert_false(r.has_percent);
    assert_false(r.important);
    r = chg(MEASURE_PSFS, 10, 8);
    assert_false(r.has_percent);
    r = chg(MEASURE_ODI, 30, 50);
    assert_true(r.change == -20);
    assert_false(r.important);
}

static void change_rejects_out_of_range(void **state)
{
    struct change_result r;
    struct mrx_err err;
    (void)state;
    assert_int_equal(change_compute(MEASURE_NPRS, 11, 2, &r, &err), MRX_EINVAL);
    assert_string_equal(err.field, "baseline");
    assert_int_equal(change_compute(MEASURE_RMDQ, 10, 25, &r, &err), MRX_EINVAL);
    assert_string_equal(err.field, "followup");
    assert_int_equal(change_compute(MEASURE_ODI, -1, 5, &r, &err), MRX_EINVAL);
    assert_int_equal(change_compute(MEASURE_PSFS, 3, 10.5, &r, &err), MRX_EINVAL);
    assert_int_equal(change_compute(MEASURE_ODI, 100, 0, &r, &err), MRX_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(odi_published_examples),
        cmocka_unit_test(odi_band_edges),
        cmocka_unit_test(odi_band_edges_with_missing_sections),
        cmocka_unit_test(odi_needs_eight_sections),
        cmocka_unit_test(odi_two_boxes_take_the_higher),
        cmocka_unit_test(startback_published_examples),
        cmocka_unit_test(startback_item9_recoding),
        cmocka_unit_test(startback_boundaries),
        cmocka_unit_test(startback_rejects_bad_answers),
        cmocka_unit_test(rmdq_counts_ticks),
        cmocka_unit_test(psfs_is_the_mean),
        cmocka_unit_test(change_published_examples),
        cmocka_unit_test(change_thresholds),
        cmocka_unit_test(change_percent_base_zero_and_worsening),
        cmocka_unit_test(change_rejects_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
