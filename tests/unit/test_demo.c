/*
 * test_demo.c: demonstrations (core/demo, docs/demos.md): the rig against
 * the shared test vectors (the same file web/app/figure.js is held to),
 * pins that hold through a move, the loop's timeline, what the parser and
 * the checks refuse, and that every shipped exercise has a demonstration
 * that passes them.
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/demo/demo.h"
#include "data/datadir.h"
#include "data/fileio.h"

#define VECTORS MOVERX_SOURCE_DIR "/tests/data/demo-vectors.json"
#define BRIDGE MOVERX_SOURCE_DIR "/tests/fixtures/demo-bridge.json"

static json_t *load_json(const char *path)
{
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    if (!j)
        fail_msg("%s: %s", path, e.text);
    return j;
}

static void parse_ok(const json_t *j, struct demo *d)
{
    struct mrx_err err;
    char *text = json_dumps(j, 0);
    if (demo_parse(text, strlen(text), "test", d, &err))
        fail_msg("%s: %s", err.field, err.msg);
    free(text);
}

/* Keyframes in, joint coordinates out; MOVERX_WRITE_VECTORS=1 writes them instead. */
static void shared_vectors(void **state)
{
    json_t *root = load_json(VECTORS), *c;
    bool write = getenv("MOVERX_WRITE_VECTORS") != NULL;
    size_t i, k;
    int compared = 0;
    (void)state;

    json_array_foreach(json_object_get(root, "cases"), i, c)
    {
        struct demo d;
        json_t *fr;
        parse_ok(json_object_get(c, "demo"), &d);
        json_array_foreach(json_object_get(c, "frames"), k, fr)
        {
            struct rig_frame f;
            json_t *joints = json_object_get(fr, "joints");
            demo_frame_between(&d, (int)json_integer_value(json_object_get(fr, "from")),
                               (int)json_integer_value(json_object_get(fr, "to")),
                               json_number_value(json_object_get(fr, "f")),
                               json_is_true(json_object_get(fr, "mirror")), &f);
            for (int j = 0; j < RIG_KEYPOINTS; j++) {
                const char *name = rig_joint_name((enum rig_joint)j);
                if (write) {
                    json_object_set_new(joints, name,
                                        json_pack("[ff]", round(f.p[j].x * 1e6) / 1e6,
                                                  round(f.p[j].y * 1e6) / 1e6));
                    continue;
                }
                json_t *want = json_object_get(joints, name);
                assert_non_null(want);
                if (fabs(json_number_value(json_array_get(want, 0)) - f.p[j].x) > 2e-6 ||
                    fabs(json_number_value(json_array_get(want, 1)) - f.p[j].y) > 2e-6)
                    fail_msg("case %zu frame %zu: %s is (%f, %f), the vectors say (%f, %f)", i, k,
                             name, f.p[j].x, f.p[j].y, json_number_value(json_array_get(want, 0)),
                             json_number_value(json_array_get(want, 1)));
                compared++;
            }
        }
        demo_release(&d);
    }
    if (write)
        assert_int_equal(json_dump_file(root, VECTORS, JSON_INDENT(1)), 0);
    else
        assert_true(compared >= 3 * 4 * RIG_KEYPOINTS);
    json_decref(root);
}

static double dist(struct point a, struct point b)
{
    return hypot(a.x - b.x, a.y - b.y);
}

/* Feet stay put while the hips rise, and no bone changes length on the way. */
static void pins_hold_and_bones_keep_length(void **state)
{
    json_t *j = load_json(BRIDGE);
    struct demo d;
    struct rig_frame start, f;
    (void)state;

    parse_ok(j, &d);
    demo_frame_between(&d, 0, 0, 1.0, false, &start);
    for (int s = 0; s <= 10; s++) {
        demo_frame_between(&d, 0, 1, s / 10.0, false, &f);
        assert_true(dist(f.p[J_LEFT_ANKLE], start.p[J_LEFT_ANKLE]) < 1e-9);
        assert_true(dist(f.p[J_RIGHT_TOE], start.p[J_RIGHT_TOE]) < 1e-9);
        assert_true(fabs(dist(f.p[J_LEFT_HIP], f.p[J_LEFT_KNEE]) - 1.85) < 1e-9);
        assert_true(fabs(dist(f.p[J_LEFT_KNEE], f.p[J_LEFT_ANKLE]) - 1.75) < 1e-9);
        assert_true(fabs(dist(f.p[J_PELVIS], f.p[J_NECK]) - 2.6) < 1e-9);
        assert_true(dist(f.p[J_NECK], start.p[J_NECK]) < 1e-9); /* the anchor */
        assert_true(f.reached[PIN_LEFT_ANKLE] && f.reached[PIN_RIGHT_ANKLE]);
        /* the knee bends forward, as the pose says, not backward */
        assert_true(f.p[J_LEFT_KNEE].y > f.p[J_LEFT_ANKLE].y);
    }
    demo_frame_between(&d, 0, 1, 1.0, false, &f);
    assert_true(f.p[J_PELVIS].y > start.p[J_PELVIS].y + 0.8); /* the hips did rise */
    demo_release(&d);
    json_decref(j);
}

/* Hold the start, move, hold at the top for the dose, move back: and again. */
static void loop_timeline(void **state)
{
    json_t *j = load_json(BRIDGE);
    struct demo d;
    struct rig_frame a, b, top, start;
    (void)state;

    parse_ok(j, &d);
    assert_true(fabs(demo_loop_seconds(&d, 5) - 10.0) < 1e-9); /* 1 + 2 + 5 + 2 */
    assert_true(fabs(demo_loop_seconds(&d, 0) - 5.0) < 1e-9);
    demo_frame_between(&d, 0, 0, 1.0, false, &start);
    demo_frame_between(&d, 1, 1, 1.0, false, &top);
    demo_frame_at(&d, 5, 0.5, false, &a);
    assert_true(dist(a.p[J_PELVIS], start.p[J_PELVIS]) < 1e-9);
    demo_frame_at(&d, 5, 3.0 + 4.9, false, &a); /* in the hold at the top */
    assert_true(dist(a.p[J_PELVIS], top.p[J_PELVIS]) < 1e-9);
    demo_frame_at(&d, 5, 2.0, false, &a); /* half way up */
    assert_true(a.p[J_PELVIS].y > start.p[J_PELVIS].y + 0.1 &&
                a.p[J_PELVIS].y < top.p[J_PELVIS].y - 0.1);
    demo_frame_at(&d, 5, 2.0 + 10.0, false, &b); /* the loop repeats */
    assert_true(dist(a.p[J_PELVIS], b.p[J_PELVIS]) < 1e-9);
    demo_frame_at(&d, 5, 9.0, false, &a); /* half way down */
    assert_true(a.p[J_PELVIS].y < top.p[J_PELVIS].y - 0.1);
    demo_release(&d);
    json_decref(j);
}

/* The other side: a symmetric side-view pose looks the same; a one-sided one swaps. */
static void mirror_swaps_sides(void **state)
{
    json_t *j = load_json(BRIDGE);
    struct demo d;
    struct rig_frame a, b;
    (void)state;

    /* unpinned, so that the pose's own hip angles hold */
    json_object_set_new(json_array_get(json_object_get(j, "keyframes"), 0), "pins", json_array());
    json_object_set_new(json_object_get(json_array_get(json_object_get(j, "keyframes"), 1), "pose"),
                        "right_hip", json_integer(80));
    parse_ok(j, &d);
    demo_frame_between(&d, 1, 1, 1.0, false, &a);
    demo_frame_between(&d, 1, 1, 1.0, true, &b);
    assert_true(dist(a.p[J_RIGHT_KNEE], b.p[J_LEFT_KNEE]) < 1e-9);
    assert_true(dist(a.p[J_LEFT_KNEE], b.p[J_RIGHT_KNEE]) < 1e-9);
    assert_true(dist(a.p[J_LEFT_KNEE], a.p[J_RIGHT_KNEE]) > 0.3);
    demo_release(&d);
    json_decref(j);
}

static bool counted = true; /* whether the exercise's dose counts repetitions */

/* Seen from the front, the other side is the reflection: every point mirrored in
 * x = 0, with left and right swapped. */
static void front_mirror_is_a_reflection(void **state)
{
    json_t *root = load_json(VECTORS), *c;
    size_t i;
    int checked = 0;
    (void)state;

    json_array_foreach(json_object_get(root, "cases"), i, c)
    {
        struct demo d;
        parse_ok(json_object_get(c, "demo"), &d);
        for (int k = 0; d.view == VIEW_FRONT && k < d.n_kf; k++) {
            struct rig_frame a, b;
            demo_frame_between(&d, k, (k + 1) % d.n_kf, 0.3, false, &a);
            demo_frame_between(&d, k, (k + 1) % d.n_kf, 0.3, true, &b);
            for (int j = 0; j < RIG_KEYPOINTS; j++) {
                enum rig_joint m =
                    j == J_NOSE || j == J_NECK || j == J_PELVIS
                        ? (enum rig_joint)j
                        : (enum rig_joint)((j - J_LEFT_EYE) % 2 == 0 ? j + 1 : j - 1);
                if (fabs(a.p[j].x + b.p[m].x) > 1e-9 || fabs(a.p[j].y - b.p[m].y) > 1e-9)
                    fail_msg("keyframe %d: %s is not the reflection of %s", k,
                             rig_joint_name((enum rig_joint)j), rig_joint_name(m));
                checked++;
            }
        }
        demo_release(&d);
    }
    assert_true(checked > 0);
    json_decref(root);
}

/* Changes the bridge fixture by a JSON merge at keyframe `kf` (-1: the top level). */
static int try_parse(int kf, const char *patch, int hold_s, struct mrx_err *err)
{
    json_t *j = load_json(BRIDGE), *p = json_loads(patch, 0, NULL), *target;
    struct demo d;
    char *text;
    int rc;

    assert_non_null(p);
    target = kf < 0 ? j : json_array_get(json_object_get(j, "keyframes"), (size_t)kf);
    json_object_update(target, p);
    text = json_dumps(j, 0);
    rc = demo_parse(text, strlen(text), "test", &d, err);
    if (!rc) {
        rc = demo_check(&d, hold_s, counted, err);
        demo_release(&d);
    }
    free(text);
    json_decref(p);
    json_decref(j);
    return rc;
}

static void expect_refused(int kf, const char *patch, int hold_s, const char *field,
                           const char *words)
{
    struct mrx_err err;
    mrx_err_clear(&err);
    if (try_parse(kf, patch, hold_s, &err) != MRX_EDATA)
        fail_msg("accepted: %s", patch);
    if (!strstr(err.field, field) || !strstr(err.msg, words))
        fail_msg("%s: got '%s: %s', wanted '%s' ... '%s'", patch, err.field, err.msg, field, words);
}

static void refusals(void **state)
{
    struct mrx_err err;
    (void)state;

    assert_int_equal(try_parse(-1, "{}", 5, &err), MRX_OK); /* the fixture itself is good */
    expect_refused(0, "{\"pose\":{\"trunk\":180,\"spine\":0,\"neck\":0}}", 5, "pose",
                   "must give 'left_shoulder'");
    expect_refused(1, "{\"pose\":{\"left_knee\":175}}", 5, "left_knee", "must be a number 0..160");
    expect_refused(1, "{\"pose\":{\"left_knee\":\"bent\"}}", 5, "left_knee", "must be a number");
    expect_refused(1, "{\"pose\":{\"left_wing\":10}}", 5, "pose", "unknown angle 'left_wing'");
    expect_refused(1, "{\"pose\":{\"twist\":95}}", 5, "twist", "must be a number -90..90");
    expect_refused(1, "{\"fore\":{\"left_forearm\":0.1}}", 5, "fore", "0.2..1, or -1..-0.2");
    expect_refused(1, "{\"fore\":{\"left_forearm\":-1.2}}", 5, "left_forearm", "-1..1");
    expect_refused(1, "{\"fore\":{\"left_shank\":-0.5}}", 5, "keyframes[1]", "turned away");
    expect_refused(1, "{\"pins\":[\"left_knee\"]}", 5, "pins", "only a wrist or an ankle");
    expect_refused(1, "{\"muscles\":[\"biceps\"]}", 5, "muscles", "unknown muscle 'biceps'");
    expect_refused(1, "{\"move_s\":0.1}", 5, "move_s", "0.3..10");
    expect_refused(1, "{\"hold\":\"long\"}", 5, "hold", "seconds or");
    expect_refused(1, "{\"ease\":\"bouncy\"}", 5, "ease", "in-out");
    expect_refused(1, "{\"caption\":\"\"}", 5, "caption", "1..160");
    expect_refused(1, "{\"colour\":\"red\"}", 5, "", "unknown field 'colour'");
    expect_refused(-1, "{\"license\":\"all rights reserved\"}", 5, "license", "CC-BY-4.0");
    expect_refused(-1, "{\"view\":\"above\"}", 5, "view", "right, left or front");
    expect_refused(-1, "{\"anchor\":\"tail\"}", 5, "anchor", "unknown joint 'tail'");
    expect_refused(-1, "{\"props\":[{\"type\":\"trampoline\"}]}", 5, "props[0]", "unknown prop");
    expect_refused(-1, "{\"props\":[{\"type\":\"mat\",\"from\":\"nose\"}]}", 5, "props[0]",
                   "only a towel");
    expect_refused(-1, "{\"keyframes\":[]}", 5, "keyframes", "2..5");
    expect_refused(-1, "{\"from_above\":1}", 5, "from_above", "true or false");
    expect_refused(-1, "{\"sides\":\"both\"}", 5, "sides", "alternate or block");
    expect_refused(-1, "{\"print_step\":3}", 5, "print_step", "1..2");
    expect_refused(-1, "{\"print_step\":\"last\"}", 5, "print_step", "step number");
    /* the checks of the movement */
    expect_refused(1, "{\"hold\":\"dose\"}", 0, "hold", "has no hold");
    expect_refused(0, "{\"at\":[-2.6,-0.5]}", 5, "keyframes[0]", "through the floor");
    expect_refused(1, "{\"pose\":{\"trunk\":205,\"neck\":0}}", 5, "keyframes[1]",
                   "through the floor");
    expect_refused(0, "{\"at\":[-2.6,3]}", 5, "keyframes[0]", "nothing rests on the floor");
    expect_refused(1, "{\"pose\":{\"trunk\":180,\"neck\":0,\"left_hip\":45,\"right_hip\":45}}", 5,
                   "keyframes[1]", "same as the keyframe before");
    expect_refused(1, "{\"at\":[-9,0.45],\"pose\":{\"trunk\":180,\"neck\":0}}", 5, "keyframes[1]",
                   "cannot stay where it is pinned");
    expect_refused(1, "{\"move_s\":0.5}", 5, "keyframes[1]", "done slowly");
    counted = false; /* a timed item may move fast, but not faster than the eye can follow */
    assert_int_equal(try_parse(1, "{\"move_s\":0.5}", 5, &err), MRX_OK);
    expect_refused(1, "{\"move_s\":0.3,\"pose\":{\"trunk\":215,\"neck\":35}}", 5, "keyframes[1]",
                   "too fast");
    counted = true;
    expect_refused(1,
                   "{\"caption\":\"Simultaneously contract the gluteal musculature, "
                   "elevating the pelvis into posterior-chain alignment.\"}",
                   5, "caption", "grade");
}

/* A demonstration for an exercise the library lacks, and one of another exercise, are refused. */
static void library_refusals(void **state)
{
    char dir[] = "/tmp/moverx-demo-XXXXXX", cmd[512];
    struct data_set ds;
    struct mrx_err err;
    (void)state;

    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof(cmd), "cp -r %s/data/. %s/ && cp %s %s/exercises/demos/no-such.json",
             MOVERX_SOURCE_DIR, dir, BRIDGE, dir);
    assert_int_equal(system(cmd), 0);
    assert_int_not_equal(datadir_load_all(dir, &ds, &err), MRX_OK);
    assert_non_null(strstr(err.msg, "which the library lacks"));
    snprintf(cmd, sizeof(cmd),
             "rm %s/exercises/demos/no-such.json && cp %s %s/exercises/demos/plank.json", dir,
             BRIDGE, dir);
    assert_int_equal(system(cmd), 0);
    assert_int_not_equal(datadir_load_all(dir, &ds, &err), MRX_OK);
    assert_non_null(strstr(err.msg, "its demonstration is of 'bridge'"));
    snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* Every exercise of the library shows how it is done, and every demonstration
 * passed its checks on the way in (the load runs them). */
static void every_exercise_is_demonstrated(void **state)
{
    struct data_set ds;
    struct mrx_err err;
    int missing = 0;
    (void)state;

    if (datadir_load_all(MOVERX_SOURCE_DIR "/data", &ds, &err))
        fail_msg("%s: %s", err.field, err.msg);
    for (int i = 0; i < ds.catalog.n; i++)
        if (!ds.catalog.items[i].demo) {
            fprintf(stderr, "no demonstration: %s\n", ds.catalog.items[i].id);
            missing++;
        } else {
            assert_true(ds.catalog.items[i].demo->n_kf >= DEMO_MIN_KEYFRAMES);
            assert_string_equal(ds.catalog.items[i].demo->license, "CC-BY-4.0");
        }
    assert_true(ds.catalog.n >= 57);
    assert_int_equal(missing, 0);
    datadir_release_all(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_vectors),
        cmocka_unit_test(pins_hold_and_bones_keep_length),
        cmocka_unit_test(loop_timeline),
        cmocka_unit_test(mirror_swaps_sides),
        cmocka_unit_test(front_mirror_is_a_reflection),
        cmocka_unit_test(refusals),
        cmocka_unit_test(library_refusals),
        cmocka_unit_test(every_exercise_is_demonstrated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
