/*
 * test_reachable.c: every exercise in the shipped library can be prescribed
 * by the engine. An exercise is reachable when a first plan can hold it (a
 * slot candidate, or an exercise down a candidate's regression chain: see
 * pick_pass in core/plan/plan.c) or when the adaptation engine can move a
 * plan item to it along progression links (chain steps, trades) or
 * regression links (regressions, flares): core/adapt/decide.c and flare.c.
 * The moves of a routine (a yoga or tai chi session) are done whenever the
 * routine is, so they count as reached with it.
 * Walking-tagged exercises are never plan items (the walking plan covers
 * walking), so they are neither reached nor passed through; each is listed
 * below with the reason.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/catalog/catalog.h"
#include "core/plan/program.h"
#include "data/datadir.h"
#include "shipped_data.h"

/* Exercises the engine never prescribes as plan items, each with the reason. */
static const struct {
    const char *id;
    const char *why;
} not_prescribed[] = {
    {"walking", "the walking plan prescribes walking (minutes, bouts, days), never an item"},
    {"brisk-walking", "the walking plan's brisk pace (lesson walking-program); never an item"},
};

static bool is_walking(const struct exercise *ex)
{
    for (int i = 0; i < ex->n_tags; i++)
        if (strcmp(ex->tags[i], "walking") == 0)
            return true;
    return false;
}

static bool exempt(const char *id)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(not_prescribed); i++)
        if (strcmp(not_prescribed[i].id, id) == 0)
            return true;
    return false;
}

/* Marks `id` reached and queues it, unless it is unknown, walking or already reached. */
static void reach(const struct catalog *cat, const char *id, bool *reached, int *queue, int *n)
{
    const struct exercise *ex = id ? catalog_find(cat, id) : NULL;
    int i;

    if (!ex || is_walking(ex))
        return;
    i = (int)(ex - cat->items);
    if (!reached[i]) {
        reached[i] = true;
        queue[(*n)++] = i;
    }
}

/* Fills reached[] (one per catalog item) with what the engine can prescribe. */
static void reachable_set(const struct catalog *cat, const struct program *prog, bool *reached)
{
    int *queue = calloc((size_t)cat->n, sizeof(*queue));
    int n = 0;

    assert_non_null(queue);
    for (int s = 0; s < prog->n_slots; s++)
        for (int k = 0; k < prog->slots[s].n_candidates; k++) {
            /* the candidate and everything down its regression chain (no loops: checked) */
            const struct exercise *ex = catalog_find(cat, prog->slots[s].candidates[k]);
            for (int steps = 0; ex && steps <= cat->n; steps++) {
                reach(cat, ex->id, reached, queue, &n);
                ex = ex->regression ? catalog_find(cat, ex->regression) : NULL;
            }
        }
    while (n > 0) {
        const struct exercise *ex = &cat->items[queue[--n]];
        reach(cat, ex->progression, reached, queue, &n);
        reach(cat, ex->regression, reached, queue, &n);
        /* a routine's moves are done in its session, though never items themselves,
         * so the engine never steps along their links */
        for (int i = 0; i < ex->n_routine; i++) {
            const struct exercise *move = catalog_find(cat, ex->routine[i].exercise);
            if (move)
                reached[move - cat->items] = true;
        }
    }
    free(queue);
}

static void walking_exercises_are_named_with_a_reason(void **state)
{
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(not_prescribed); i++) {
        const struct exercise *ex = catalog_find(&ds.catalog, not_prescribed[i].id);
        if (!ex || !is_walking(ex))
            fail_msg("'%s' is listed as never prescribed (%s) but is not a walking exercise",
                     not_prescribed[i].id, not_prescribed[i].why);
    }
    for (int i = 0; i < ds.catalog.n; i++)
        if (is_walking(&ds.catalog.items[i]) && !exempt(ds.catalog.items[i].id))
            fail_msg("walking exercise '%s' needs a line in not_prescribed saying why",
                     ds.catalog.items[i].id);
}

static void every_exercise_is_reachable(void **state)
{
    const struct catalog *cat = &ds.catalog;
    bool *reached = calloc((size_t)cat->n, sizeof(*reached));
    char list[4096] = "";
    size_t used = 0;
    int missing = 0;

    (void)state;
    assert_non_null(reached);
    reachable_set(cat, &ds.program, reached);
    for (int i = 0; i < cat->n; i++) {
        if (reached[i] || exempt(cat->items[i].id))
            continue;
        missing++;
        if (used < sizeof(list))
            used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", used ? ", " : "",
                                     cat->items[i].id);
    }
    free(reached);
    if (missing)
        fail_msg("%d of %d exercises can never be prescribed (no slot candidate, regression "
                 "chain, progression or regression leads to them): %s",
                 missing, cat->n, list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(walking_exercises_are_named_with_a_reason),
        cmocka_unit_test(every_exercise_is_reachable),
    };
    return cmocka_run_group_tests(tests, shipped_load, shipped_free);
}
