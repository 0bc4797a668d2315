/*
 * test_state_json.c: the engine state's document
 * (formats/adapt_state_json.h). adapt_state_as_read() must give exactly
 * what writing the document as text and reading it back gives, since the
 * server's writer keeps its answer in place of that reading: checked on
 * every state a simulated cohort passes through (progressions, regressions,
 * flares, escalations), once as it is and once with reals that need
 * rounding; and it must decline what reading would refuse.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>

#include "core/simulate/simulate.h"
#include "formats/adapt_state_json.h"
#include "shipped_data.h"

#define DIGITS 15 /* as the store writes them (records/internal.h) */

/* The state read back from its document written as text. */
static bool through_text(const struct adapt_state *s, const struct intake *in,
                         struct adapt_state *out)
{
    json_t *doc = adapt_state_to_json(&ds.adapt, s), *back;
    char *text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(DIGITS));
    struct mrx_err err;
    int rc;

    back = json_loads(text, 0, NULL); /* NULL: jansson refuses the text */
    rc = back ? adapt_state_from_json(back, &ds.adapt, &ds.catalog, in, out, &err) : MRX_EDATA;
    json_decref(back);
    json_decref(doc);
    free(text);
    return rc == MRX_OK;
}

static void assert_same_item(const struct adapt_item *a, const struct adapt_item *b)
{
    assert_ptr_equal(a->exercise, b->exercise);
    assert_memory_equal(&a->dose, &b->dose, sizeof(a->dose));
    assert_memory_equal(&a->range, &b->range, sizeof(a->range));
    assert_int_equal(a->last_change_day, b->last_change_day);
    assert_int_equal(a->last_review_day, b->last_review_day);
    assert_int_equal(a->n_marks, b->n_marks);
    for (int k = 0; k < a->n_marks; k++) {
        assert_int_equal(a->marks[k].day, b->marks[k].day);
        assert_true(a->marks[k].volume == b->marks[k].volume);
    }
    assert_memory_equal(&a->goal, &b->goal, sizeof(a->goal));
    assert_int_equal(a->paused, b->paused);
    assert_int_equal(a->has_restore, b->has_restore);
    if (a->has_restore) {
        assert_ptr_equal(a->restore_exercise, b->restore_exercise);
        assert_memory_equal(&a->restore, &b->restore, sizeof(a->restore));
    }
    assert_int_equal(a->n_cuts, b->n_cuts);
    for (int k = 0; k < a->n_cuts; k++) {
        assert_ptr_equal(a->cuts[k].exercise, b->cuts[k].exercise);
        assert_memory_equal(&a->cuts[k].dose, &b->cuts[k].dose, sizeof(struct dose));
    }
    assert_int_equal(a->last_cut_day, b->last_cut_day);
    assert_int_equal(a->last_recover_day, b->last_recover_day);
    assert_int_equal(a->last_step_day, b->last_step_day);
    if (a->last_step_day != ADAPT_NEVER) {
        assert_ptr_equal(a->before_step.exercise, b->before_step.exercise);
        assert_memory_equal(&a->before_step.dose, &b->before_step.dose, sizeof(struct dose));
    }
    assert_ptr_equal(a->chain_from, b->chain_from);
    if (a->chain_from)
        assert_memory_equal(&a->chain_from_dose, &b->chain_from_dose, sizeof(struct dose));
}

static void assert_same_state(const struct adapt_state *a, const struct adapt_state *b)
{
    assert_int_equal(a->n_items, b->n_items);
    assert_int_equal(a->walking, b->walking);
    for (int i = 0; i < a->n_items; i++)
        assert_same_item(&a->items[i], &b->items[i]);
    assert_true(a->baseline_pain == b->baseline_pain);
    assert_int_equal(a->start_day, b->start_day);
    assert_int_equal(a->progression_held, b->progression_held);
    assert_int_equal(a->stopped, b->stopped);
    assert_int_equal(a->flare_active, b->flare_active);
    assert_int_equal(a->maintenance, b->maintenance);
    assert_int_equal(a->flare_start_day, b->flare_start_day);
    assert_int_equal(a->open_alerts, b->open_alerts);
    assert_int_equal(a->last_worsening_day, b->last_worsening_day);
    assert_memory_equal(&a->constraints, &b->constraints, sizeof(a->constraints));
    assert_true(a->start_volume == b->start_volume);
    assert_true(a->flare_baseline == b->flare_baseline);
    assert_int_equal(a->n_flares, b->n_flares);
    assert_memory_equal(a->flares, b->flares, sizeof(a->flares[0]) * (size_t)a->n_flares);
}

struct seen {
    long restores, cuts, paused_or_chained, flares;
};

struct tally {
    long states, rounded;
    struct seen seen; /* the v2 parts of the states checked, so none goes untested */
};

static void check(struct tally *t, const struct adapt_state *s)
{
    struct adapt_state by_text, in_place;
    struct intake in = s->constraints; /* the episode's intake, with goals the state leaves out */
    char goal[] = "carry the shopping";

    in.n_psfs = 1;
    in.psfs[0] = (struct psfs_activity){goal, 4};
    assert_true(through_text(s, &in, &by_text));
    assert_true(adapt_state_as_read(s, &ds.catalog, &in, DIGITS, &in_place));
    assert_same_state(&by_text, &in_place);
    if (t->states % 7 == 0) { /* a discharged person's state reads back as one */
        struct adapt_state m = *s;
        m.maintenance = true;
        assert_true(through_text(&m, &in, &by_text));
        assert_true(by_text.maintenance);
    }
    t->states++;
    t->rounded += by_text.baseline_pain != s->baseline_pain;
    t->seen.flares += s->n_flares > 0;
    for (int i = 0; i < s->n_items; i++) {
        t->seen.restores += s->items[i].has_restore;
        t->seen.cuts += s->items[i].n_cuts > 0;
        t->seen.paused_or_chained += s->items[i].chain_from != NULL;
    }
}

static void observe(void *ctx, const struct sim_event *ev)
{
    struct adapt_state odd = *ev->before;

    check(ctx, ev->before);
    /* Reals with more digits than the text keeps. */
    odd.baseline_pain += 1.0 / 3.0;
    odd.start_volume += 1.0 / 3.0;
    odd.flare_baseline += 1.0 / 7.0;
    for (int i = 0; i < odd.n_items; i++)
        for (int k = 0; k < odd.items[i].n_marks; k++)
            odd.items[i].marks[k].volume *= 1.0 + 1e-9 / 7.0;
    check(ctx, &odd);
}

static void as_read_is_what_the_text_gives(void **state)
{
    struct sim_config cfg = {.patients = 40, .weeks = 12, .seed = 11};
    struct sim_data data = {&ds.catalog, &ds.program, &ds.triage, &ds.adapt};
    struct outcome_summary sum;
    struct mrx_err err;
    struct tally t = {0, 0, {0, 0, 0, 0}};

    (void)state;
    assert_int_equal(simulate(&cfg, &data, observe, &t, &sum, &err), MRX_OK);
    assert_true(t.states > 1000);
    assert_true(t.rounded > t.states / 4); /* the odd ones */
    assert_true(t.seen.flares > 0 && t.seen.restores > 0 && t.seen.cuts > 0 &&
                t.seen.paused_or_chained > 0);
}

/* A state stored before adaptation v2 (format 1) still reads: nothing to go
 * back to, no cuts, its plan as the yardstick, its flare (if any) the only one. */
static void format_1_states_still_read(void **state)
{
    static const char doc[] =
        "{\"format\":1,\"baseline_pain\":5,\"start_day\":100,\"progression_held\":false,"
        "\"stopped\":false,\"flare_active\":true,\"flare_start_day\":120,\"open_alerts\":[],"
        "\"last_worsening_day\":-900,\"walking\":1,\"items\":["
        "{\"exercise\":\"bridge\",\"dose\":{\"sets\":2,\"reps\":8,\"hold_s\":3,"
        "\"days_per_week\":3},\"last_change_day\":100,\"last_review_day\":100,"
        "\"marks\":[[100,144]]},"
        "{\"exercise\":null,\"dose\":{\"minutes\":5,\"bouts\":2,\"days_per_week\":5},"
        "\"last_change_day\":100,\"last_review_day\":100,\"marks\":[[100,50]],"
        "\"goal\":{\"minutes\":30,\"bouts\":1,\"days_per_week\":5}}]}";
    json_t *j = json_loads(doc, 0, NULL);
    struct intake in = {0};
    struct adapt_state s;
    struct mrx_err err;
    (void)state;
    assert_non_null(j);
    assert_int_equal(adapt_state_from_json(j, &ds.adapt, &ds.catalog, &in, &s, &err), MRX_OK);
    assert_int_equal(s.n_items, 2);
    assert_false(s.items[0].has_restore);
    assert_int_equal(s.items[0].n_cuts, 0);
    assert_int_equal(s.items[0].last_cut_day, ADAPT_NEVER);
    assert_int_equal(s.items[0].last_step_day, ADAPT_NEVER);
    assert_true(s.start_volume == adapt_week_minutes(&s));
    assert_int_equal(s.n_flares, 1);
    assert_int_equal(s.flares[0].start, 120);
    assert_int_equal(s.flares[0].end, -1);
    /* a format 1 document with a v2 field is not format 1 */
    json_object_set_new(json_array_get(json_object_get(j, "items"), 0), "paused", json_true());
    assert_int_equal(adapt_state_from_json(j, &ds.adapt, &ds.catalog, &in, &s, &err), MRX_EDATA);
    json_decref(j);
}

static void keep_first(void *ctx, const struct sim_event *ev)
{
    struct adapt_state *s = ctx;

    if (s->n_items == 0)
        *s = *ev->before;
}

/* Spoiled one way at a time, the state is refused by reading and declined here. */
static void what_reading_refuses_is_declined(void **state)
{
    struct sim_config cfg = {.patients = 1, .weeks = 2, .seed = 3};
    struct sim_data data = {&ds.catalog, &ds.program, &ds.triage, &ds.adapt};
    struct outcome_summary sum;
    struct mrx_err err;
    struct adapt_state good = {0}, s, out;
    int item = -1;

    (void)state;
    assert_int_equal(simulate(&cfg, &data, keep_first, &good, &sum, &err), MRX_OK);
    assert_true(good.n_items > 1);
    assert_true(adapt_state_as_read(&good, &ds.catalog, &good.constraints, DIGITS, &out));
    for (int i = 0; i < good.n_items && item < 0; i++)
        if (i != good.walking)
            item = i;

    s = good; /* a dose outside what a dose may be */
    for (int k = 0; k < DOSE_KEYS; k++)
        if (s.items[item].dose.has[k])
            s.items[item].dose.value[k] = 0;
    assert_false(through_text(&s, &s.constraints, &out));
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));

    s = good; /* an exercise where the walks belong */
    s.items[s.walking].exercise = s.items[item].exercise;
    assert_false(through_text(&s, &s.constraints, &out));
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));

    s = good; /* the walks where an exercise belongs */
    s.items[item].exercise = NULL;
    assert_false(through_text(&s, &s.constraints, &out));
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));

    s = good; /* no walking item */
    s.walking = s.n_items;
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));

    s = good; /* paused with nothing to go back to */
    s.items[item].paused = true;
    s.items[item].has_restore = false;
    assert_false(through_text(&s, &s.constraints, &out));
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));

    s = good; /* more cuts than are kept */
    s.items[item].n_cuts = ADAPT_MAX_CUTS + 1;
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));

    s = good; /* a chain for the walks */
    s.items[s.walking].chain_from = s.items[item].exercise;
    assert_false(through_text(&s, &s.constraints, &out));
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));

    s = good; /* a number JSON cannot hold */
    s.baseline_pain = NAN;
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));

    s = good; /* one whose digits, rounded up, leave the range of a double */
    assert_true(s.items[item].n_marks > 0);
    s.items[item].marks[0].volume = DBL_MAX;
    assert_false(through_text(&s, &s.constraints, &out));
    assert_false(adapt_state_as_read(&s, &ds.catalog, &s.constraints, DIGITS, &out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_1_states_still_read),
        cmocka_unit_test(as_read_is_what_the_text_gives),
        cmocka_unit_test(what_reading_refuses_is_declined),
    };
    return cmocka_run_group_tests(tests, shipped_load, shipped_free);
}
