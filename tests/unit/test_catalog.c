/*
 * test_catalog.c: the shipped exercise library (size, coverage of every
 * exercise the source articles and physiotherapists' staples name, chains
 * down to something safe in a flare) and the validation of broken
 * libraries: duplicate ids, dangling, self and circular links, doses outside
 * their range, unknown keys, missing notes, links that go the wrong way.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/catalog/catalog.h"
#include "data/datadir.h"
#include "test_helpers.h"

/* ==================== The shipped library ==================== */

static struct catalog shipped;

static int load_shipped(void **state)
{
    struct mrx_err err;
    (void)state;
    if (datadir_load_catalog(SHIPPED_DATA, &shipped, &err)) {
        fprintf(stderr, "%s: %s\n", err.field, err.msg);
        return -1;
    }
    return 0;
}

static int free_shipped(void **state)
{
    (void)state;
    catalog_release(&shipped);
    return 0;
}

static void has_at_least_40_in_every_category(void **state)
{
    int per_category[CAT_COUNT] = {0};
    (void)state;
    assert_true(shipped.n >= 40);
    for (int i = 0; i < shipped.n; i++)
        per_category[shipped.items[i].category]++;
    for (int c = 0; c < CAT_COUNT; c++)
        if (per_category[c] == 0)
            fail_msg("no exercise in category '%s'", category_name((enum exercise_category)c));
}

static void includes_every_named_exercise(void **state)
{
    /* From the source articles, then the physiotherapists' staples. */
    static const char *const required[] = {
        "pelvic-tilt",
        "knee-rolls",
        "double-knee-hug",
        "single-knee-hug",
        "seated-hamstring-stretch",
        "walking",
        "backstroke",
        "gentle-breaststroke",
        "water-walking",
        "pool-leg-lifts",
        "gentle-yoga",
        "tai-chi",
        "bridge",
        "bridge-march",
        "single-leg-bridge",
        "bird-dog",
        "dead-bug",
        "cat-camel",
        "childs-pose",
        "prone-press-up",
        "side-plank-knees",
        "side-plank",
        "clamshell",
        "sit-to-stand",
        "half-kneeling-hip-flexor-stretch",
        "figure-four-stretch",
        "open-book",
        "diaphragmatic-breathing",
        "progressive-muscle-relaxation",
    };
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(required); i++)
        if (!catalog_find(&shipped, required[i]))
            fail_msg("the library lacks '%s'", required[i]);
}

static void every_exercise_is_complete(void **state)
{
    (void)state;
    for (int i = 0; i < shipped.n; i++) {
        const struct exercise *ex = &shipped.items[i];
        assert_true(ex->n_steps >= 3);
        assert_true(ex->n_mistakes >= 1);
        assert_true(dose_in_range(&ex->dose, &ex->range));
        assert_true(ex->dose.has[DOSE_DAYS_PER_WEEK]);
    }
}

static void every_chain_reaches_a_flare_safe_exercise(void **state)
{
    (void)state;
    for (int i = 0; i < shipped.n; i++) {
        const struct exercise *at = &shipped.items[i];
        int steps = 0;
        while (at->cautions[CAUTION_FLARE].advice != ADVICE_OK) {
            assert_non_null(at->regression);
            at = catalog_find(&shipped, at->regression);
            assert_non_null(at);
            assert_true(++steps <= shipped.n);
        }
        assert_int_equal(at->cautions[CAUTION_FLARE].advice, ADVICE_OK);
    }
}

static void hamstring_stretches_are_daily(void **state)
{
    const struct exercise *ex = catalog_find(&shipped, "seated-hamstring-stretch");
    (void)state;
    assert_non_null(ex);
    assert_int_equal(ex->dose.value[DOSE_DAYS_PER_WEEK], 7);
}

/* ==================== Broken libraries ==================== */

/* A valid exercise as a JSON object; tests change one thing at a time. */
static json_t *base_exercise(const char *id, int level, const char *reg, const char *prog,
                             const char *flare_advice)
{
    json_t *o = json_lit(
        "{\"name\":\"N\",\"category\":\"mobility\",\"position\":\"sitting\",\"equipment\":[],"
        "\"floor\":false,\"tags\":[],\"per_side\":false,"
        "\"dose\":{\"reps\":5,\"days_per_week\":3},"
        "\"range\":{\"reps\":[2,10],\"days_per_week\":[2,7]},"
        "\"cautions\":{\"pregnancy\":{\"advice\":\"ok\"},\"acute_leg_pain\":{\"advice\":\"ok\"}},"
        "\"summary\":\"S.\",\"steps\":[\"Sit.\",\"Move.\",\"Rest.\"],\"feel\":\"F.\","
        "\"mistakes\":[\"M.\"],\"evidence\":\"E\"}");
    json_t *flare = json_pack("{ss}", "advice", flare_advice);
    if (strcmp(flare_advice, "ok") != 0)
        json_object_set_new(flare, "note", json_string("Do the easier one."));
    json_object_set_new(json_object_get(o, "cautions"), "flare", flare);
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "level", json_integer(level));
    json_object_set_new(o, "regression", reg ? json_string(reg) : json_null());
    json_object_set_new(o, "progression", prog ? json_string(prog) : json_null());
    return o;
}

/* Parses one exercise object (consumed); returns the rc and fills err. */
static int parse_ex(json_t *o, struct exercise *ex, struct mrx_err *err)
{
    char *text = json_dumps(o, 0);
    const char *id = json_string_value(json_object_get(o, "id"));
    int rc = exercise_parse(text, strlen(text), "fixture.json", id, ex, err);
    free(text);
    json_decref(o);
    return rc;
}

static void expect_parse_error(json_t *o, const char *needle)
{
    struct exercise ex;
    struct mrx_err err;
    char full[600];

    assert_int_equal(parse_ex(o, &ex, &err), MRX_EDATA);
    snprintf(full, sizeof(full), "%s: %s", err.field, err.msg);
    if (!strstr(full, needle) || strncmp(full, "fixture.json", 12) != 0)
        fail_msg("error '%s' should name the file and '%s'", full, needle);
}

static void single_file_errors(void **state)
{
    json_t *o;
    (void)state;
    o = base_exercise("a", 1, NULL, NULL, "ok");
    json_object_set_new(o, "colour", json_string("red"));
    expect_parse_error(o, "unknown field 'colour'");

    o = base_exercise("a", 1, NULL, NULL, "ok");
    json_object_set_new(o, "dose", json_lit("{\"reps\":12,\"days_per_week\":3}"));
    expect_parse_error(o, "dose.reps: 12 is outside the safe range 2..10");

    o = base_exercise("a", 1, NULL, NULL, "ok");
    json_object_set_new(o, "dose", json_lit("{\"reps\":5,\"sets\":2,\"days_per_week\":3}"));
    expect_parse_error(o, "same keys");

    o = base_exercise("a", 1, NULL, NULL, "ok");
    json_object_set_new(o, "range", json_lit("{\"reps\":[9,2],\"days_per_week\":[2,7]}"));
    expect_parse_error(o, "range.reps");

    o = base_exercise("a", 1, NULL, NULL, "ok");
    json_object_set_new(o, "range", json_lit("{\"reps\":[2,10],\"days_per_week\":[2,8]}"));
    expect_parse_error(o, "7 days");

    o = base_exercise("a", 1, NULL, NULL, "avoid");
    json_object_del(json_object_get(json_object_get(o, "cautions"), "flare"), "note");
    expect_parse_error(o, "needs a note");

    o = base_exercise("a", 6, NULL, NULL, "ok");
    expect_parse_error(o, "level");

    o = base_exercise("a", 1, NULL, NULL, "ok");
    json_object_set_new(o, "category", json_string("cardio"));
    expect_parse_error(o, "unknown value 'cardio'");

    o = base_exercise("a", 1, NULL, NULL, "ok");
    json_object_set_new(o, "steps", json_array());
    expect_parse_error(o, "steps");

    {
        /* the file a.json holding exercise "b" */
        struct exercise ex;
        struct mrx_err err;
        char *text;
        o = base_exercise("b", 1, NULL, NULL, "ok");
        text = json_dumps(o, 0);
        assert_int_equal(exercise_parse(text, strlen(text), "a.json", "a", &ex, &err), MRX_EDATA);
        assert_non_null(strstr(err.msg, "does not match the file name 'a'"));
        free(text);
        json_decref(o);
    }

    o = base_exercise("a", 1, NULL, NULL, "ok");
    json_object_del(o, "regression");
    expect_parse_error(o, "regression");

    /* what to do instead belongs with "avoid", and names something */
    o = base_exercise("a", 1, NULL, NULL, "modify");
    json_object_set_new(json_object_get(json_object_get(o, "cautions"), "flare"), "instead",
                        json_lit("[\"b\"]"));
    expect_parse_error(o, "'instead' goes with 'avoid'");
    o = base_exercise("a", 1, NULL, NULL, "avoid");
    json_object_set_new(json_object_get(json_object_get(o, "cautions"), "flare"), "instead",
                        json_lit("[]"));
    expect_parse_error(o, "instead");
}

/* Exercise `id` (flare advice `advice`) saying to do `alt` instead in a flare. */
static json_t *with_instead(const char *id, int level, const char *reg, const char *alt)
{
    json_t *o = base_exercise(id, level, reg, NULL, "avoid");
    json_object_set_new(json_object_get(json_object_get(o, "cautions"), "flare"), "instead",
                        json_pack("[s]", alt));
    return o;
}

/* Builds a catalog from exercise objects (consumed) and checks it. */
static int check_set(json_t **objs, int n, struct mrx_err *err)
{
    struct catalog cat;
    int rc;

    catalog_init(&cat);
    for (int i = 0; i < n; i++) {
        struct exercise ex;
        assert_int_equal(parse_ex(objs[i], &ex, err), MRX_OK);
        catalog_add(&cat, &ex);
    }
    rc = catalog_check(&cat, err);
    catalog_release(&cat);
    return rc;
}

static void expect_check_error(json_t **objs, int n, const char *needle)
{
    struct mrx_err err;
    assert_int_equal(check_set(objs, n, &err), MRX_EDATA);
    if (!strstr(err.msg, needle))
        fail_msg("error '%s' should say '%s'", err.msg, needle);
}

static void library_errors(void **state)
{
    struct mrx_err err;
    (void)state;
    assert_int_equal(check_set((json_t *[]){base_exercise("a", 1, NULL, "b", "ok"),
                                            base_exercise("b", 2, "a", NULL, "avoid")},
                               2, &err),
                     MRX_OK);
    expect_check_error((json_t *[]){base_exercise("a", 1, NULL, NULL, "ok"),
                                    base_exercise("a", 1, NULL, NULL, "ok")},
                       2, "duplicate id");
    expect_check_error((json_t *[]){base_exercise("a", 1, NULL, "ghost", "ok")}, 1,
                       "progression 'ghost' does not exist");
    expect_check_error((json_t *[]){base_exercise("a", 1, "a", NULL, "ok")}, 1, "points to itself");
    expect_check_error((json_t *[]){base_exercise("a", 2, NULL, "b", "ok"),
                                    base_exercise("b", 1, NULL, NULL, "ok")},
                       2, "should be at least level 2");
    expect_check_error((json_t *[]){base_exercise("a", 1, "b", NULL, "ok"),
                                    base_exercise("b", 2, NULL, NULL, "ok")},
                       2, "should be at most level 1");
    expect_check_error((json_t *[]){base_exercise("a", 2, NULL, "b", "ok"),
                                    base_exercise("b", 2, NULL, "c", "ok"),
                                    base_exercise("c", 2, NULL, "a", "ok")},
                       3, "progression links form a loop");
    expect_check_error((json_t *[]){base_exercise("a", 2, "b", NULL, "avoid"),
                                    base_exercise("b", 2, "a", NULL, "avoid")},
                       2, "regression links form a loop");
    expect_check_error((json_t *[]){base_exercise("a", 3, "b", NULL, "avoid"),
                                    base_exercise("b", 2, NULL, NULL, "modify")},
                       2, "safe in a flare");
    /* what to do instead exists, and is not to avoid in a flare itself */
    assert_int_equal(check_set((json_t *[]){with_instead("a", 2, "b", "c"),
                                            base_exercise("b", 1, NULL, NULL, "ok"),
                                            base_exercise("c", 1, NULL, NULL, "ok")},
                               3, &err),
                     MRX_OK);
    expect_check_error(
        (json_t *[]){with_instead("a", 2, "b", "ghost"), base_exercise("b", 1, NULL, NULL, "ok")},
        2, "instead 'ghost'");
    expect_check_error((json_t *[]){with_instead("a", 2, "b", "c"),
                                    base_exercise("b", 1, NULL, NULL, "ok"),
                                    base_exercise("c", 1, NULL, NULL, "avoid")},
                       3, "instead 'c'");
}

/* A routine "r" of minutes over the moves given as "id:reps" pairs. */
static json_t *routine_of(const char *moves_json)
{
    json_t *o = base_exercise("r", 1, NULL, NULL, "ok");
    json_object_set_new(o, "dose", json_pack("{si, si}", "minutes", 10, "days_per_week", 3));
    json_object_set_new(o, "range", json_lit("{\"minutes\":[5,20],\"days_per_week\":[1,7]}"));
    json_object_set_new(o, "routine", json_lit(moves_json));
    return o;
}

/* A routine is moves of the library, each with a dose inside its own range. */
static void routines(void **state)
{
    struct mrx_err err;
    (void)state;
    assert_int_equal(
        check_set((json_t *[]){routine_of("[{\"exercise\":\"a\",\"dose\":{\"reps\":4}},"
                                          "{\"exercise\":\"b\",\"dose\":{\"reps\":10}}]"),
                               base_exercise("a", 1, NULL, NULL, "ok"),
                               base_exercise("b", 1, NULL, NULL, "ok")},
                  3, &err),
        MRX_OK);
    expect_check_error((json_t *[]){routine_of("[{\"exercise\":\"a\",\"dose\":{\"reps\":4}},"
                                               "{\"exercise\":\"ghost\",\"dose\":{\"reps\":4}}]"),
                                    base_exercise("a", 1, NULL, NULL, "ok")},
                       2, "routine move 'ghost' does not exist");
    expect_check_error((json_t *[]){routine_of("[{\"exercise\":\"a\",\"dose\":{\"reps\":11}},"
                                               "{\"exercise\":\"a\",\"dose\":{\"reps\":4}}]"),
                                    base_exercise("a", 1, NULL, NULL, "ok")},
                       2, "reps is outside its range");
    expect_check_error((json_t *[]){routine_of("[{\"exercise\":\"a\",\"dose\":{\"minutes\":2}},"
                                               "{\"exercise\":\"a\",\"dose\":{\"reps\":4}}]"),
                                    base_exercise("a", 1, NULL, NULL, "ok")},
                       2, "minutes is outside its range");
    expect_check_error((json_t *[]){routine_of("[{\"exercise\":\"r\",\"dose\":{\"minutes\":5}},"
                                               "{\"exercise\":\"r\",\"dose\":{\"minutes\":5}}]")},
                       1, "is a routine");
    expect_check_error((json_t *[]){routine_of("[{\"exercise\":\"a\",\"dose\":{\"reps\":4}},"
                                               "{\"exercise\":\"b\",\"dose\":{\"reps\":4}}]"),
                                    base_exercise("a", 1, NULL, NULL, "ok"),
                                    base_exercise("b", 2, "a", NULL, "avoid")},
                       3, "the routine's own flare advice must be 'avoid' at least");
    expect_parse_error(routine_of("[{\"exercise\":\"a\",\"dose\":{\"reps\":4}}]"), "2 to 12 moves");
    expect_parse_error(routine_of("[{\"exercise\":\"a\",\"dose\":{\"reps\":4,\"days_per_week\":2}},"
                                  "{\"exercise\":\"a\",\"dose\":{\"reps\":4}}]"),
                       "no days of its own");
    expect_parse_error(routine_of("[{\"exercise\":\"a\",\"dose\":{\"reps\":4},\"x\":1},"
                                  "{\"exercise\":\"a\",\"dose\":{\"reps\":4}}]"),
                       "routine[0]");
    {
        json_t *o = routine_of("[{\"exercise\":\"a\",\"dose\":{\"reps\":4}},"
                               "{\"exercise\":\"a\",\"dose\":{\"reps\":4}}]");
        json_object_set_new(o, "dose", json_pack("{si, si}", "reps", 5, "days_per_week", 3));
        json_object_set_new(o, "range", json_lit("{\"reps\":[2,10],\"days_per_week\":[2,7]}"));
        expect_parse_error(o, "in minutes");
    }
}

int main(void)
{
    const struct CMUnitTest shipped_tests[] = {
        cmocka_unit_test(has_at_least_40_in_every_category),
        cmocka_unit_test(includes_every_named_exercise),
        cmocka_unit_test(every_exercise_is_complete),
        cmocka_unit_test(every_chain_reaches_a_flare_safe_exercise),
        cmocka_unit_test(hamstring_stretches_are_daily),
    };
    const struct CMUnitTest broken_tests[] = {
        cmocka_unit_test(single_file_errors),
        cmocka_unit_test(library_errors),
        cmocka_unit_test(routines),
    };
    return cmocka_run_group_tests(shipped_tests, load_shipped, free_shipped) |
           cmocka_run_group_tests(broken_tests, NULL, NULL);
}
