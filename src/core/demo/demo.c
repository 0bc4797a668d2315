/*
 * demo.c: reading a demonstration file and playing it back in time (see
 * demo.h). The checks of what the movement may do are in demo_check.c.
 */
#include "compat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/jsonx.h"
#include "common/xalloc.h"
#include "core/demo/demo.h"

#define MOVE_MIN_S 0.3
#define MOVE_MAX_S 10.0
#define HOLD_MAX_S 60.0
#define COORD_MAX 20.0 /* head units: the stage is never wider than this either way */

static const char *const prop_names[PROP_KINDS] = {
    "floor", "mat", "chair", "wall", "water", "pillow", "bike", "towel", "step", "table", "rail"};
static const char *const muscle_names[MUSCLES] = {
    "glutes", "hamstrings", "quadriceps", "hip_flexors", "abdominals", "obliques",
    "back",   "upper_back", "calves",     "shoulders",   "chest",      "hip_outer"};
static const char *const ease_names[] = {"in-out", "linear", "in", "out"};

const char *prop_kind_name(enum prop_kind k)
{
    return k < PROP_KINDS ? prop_names[k] : "?";
}

const char *muscle_name(enum muscle m)
{
    return m < MUSCLES ? muscle_names[m] : "?";
}

static int find_name(const json_t *v, const char *const *names, int n)
{
    if (!json_is_string(v))
        return -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(json_string_value(v), names[i]))
            return i;
    return -1;
}

static int parse_number(const json_t *v, const char *field, double lo, double hi, double *out,
                        struct mrx_err *err)
{
    if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi)
        return mrx_err_set(err, MRX_EDATA, field, "must be a number %g..%g", lo, hi);
    *out = json_number_value(v);
    return MRX_OK;
}

static int parse_joint(const json_t *v, const char *field, enum rig_joint *out, struct mrx_err *err)
{
    if (!json_is_string(v) || !rig_joint_from_name(json_string_value(v), out))
        return mrx_err_set(err, MRX_EDATA, field, "unknown joint '%s'",
                           json_is_string(v) ? json_string_value(v) : "(not a string)");
    return MRX_OK;
}

static int parse_point(const json_t *v, const char *field, struct point *out, struct mrx_err *err)
{
    if (!json_is_array(v) || json_array_size(v) != 2)
        return mrx_err_set(err, MRX_EDATA, field, "must be [x, y]");
    int rc = parse_number(json_array_get(v, 0), field, -COORD_MAX, COORD_MAX, &out->x, err);
    return rc ? rc : parse_number(json_array_get(v, 1), field, -COORD_MAX, COORD_MAX, &out->y, err);
}

static int parse_props(const json_t *arr, struct demo *d, struct mrx_err *err)
{
    static const char *const keys[] = {"type", "x", "y", "from", "to", NULL};
    size_t i;
    json_t *p;
    int rc;

    if (!json_is_array(arr) || json_array_size(arr) > DEMO_MAX_PROPS)
        return mrx_err_set(err, MRX_EDATA, "props", "must be a list of at most %d props",
                           DEMO_MAX_PROPS);
    json_array_foreach(arr, i, p)
    {
        struct demo_prop *pr = &d->props[d->n_props];
        char field[32];
        int k = find_name(json_object_get(p, "type"), prop_names, PROP_KINDS);

        snprintf(field, sizeof(field), "props[%zu]", i);
        if (!json_is_object(p) || (rc = jsonx_check_keys(p, keys, field, err)))
            return json_is_object(p) ? rc : mrx_err_set(err, MRX_EDATA, field, "must be an object");
        if (k < 0)
            return mrx_err_set(err, MRX_EDATA, field, "unknown prop type");
        pr->kind = (enum prop_kind)k;
        if (json_object_get(p, "x") &&
            (rc = parse_number(json_object_get(p, "x"), field, -COORD_MAX, COORD_MAX, &pr->x, err)))
            return rc;
        if (json_object_get(p, "y") &&
            (rc = parse_number(json_object_get(p, "y"), field, -COORD_MAX, COORD_MAX, &pr->y, err)))
            return rc;
        if (pr->kind == PROP_TOWEL &&
            ((rc = parse_joint(json_object_get(p, "from"), field, &pr->from, err)) ||
             (rc = parse_joint(json_object_get(p, "to"), field, &pr->to, err))))
            return rc;
        if (pr->kind != PROP_TOWEL && (json_object_get(p, "from") || json_object_get(p, "to")))
            return mrx_err_set(err, MRX_EDATA, field, "only a towel is held between joints");
        d->n_props++;
    }
    return MRX_OK;
}

static const char *angle_name_i(int i)
{
    return rig_angle_name((enum rig_angle)i);
}

static const char *segment_name_i(int i)
{
    return rig_segment_name((enum rig_segment)i);
}

/*
 * An object of named numbers ({"left_hip": 45, ...}) into out[index of the name]:
 * `field` and `what` name it in errors; each value's range is `limits` of the
 * index, or lo..hi when limits is NULL or has none for it.
 */
static int parse_named(const json_t *o, const char *field, const char *what,
                       const char *(*name)(int), int n,
                       bool (*limits)(int, const void *, double *, double *), const void *ctx,
                       double lo, double hi, double *out, struct mrx_err *err)
{
    const char *key;
    json_t *v;
    int rc;

    if (!json_is_object(o))
        return mrx_err_set(err, MRX_EDATA, field, "must be an object of %ss", what);
    json_object_foreach((json_t *)o, key, v)
    {
        int k = -1;
        double a = lo, b = hi;
        for (int i = 0; i < n && k < 0; i++)
            if (!strcmp(key, name(i)))
                k = i;
        if (k < 0)
            return mrx_err_set(err, MRX_EDATA, field, "unknown %s '%s'", what, key);
        if (limits && !limits(k, ctx, &a, &b))
            a = lo, b = hi;
        if ((rc = parse_number(v, key, a, b, &out[k], err)))
            return mrx_err_prefix(err, "%s", field);
    }
    return MRX_OK;
}

/* ctx: the view, whose limits apply */
static bool angle_limits_i(int i, const void *ctx, double *lo, double *hi)
{
    return rig_angle_limits((enum rig_angle)i, *(const enum rig_view *)ctx, lo, hi);
}

/* The pose's angles; the first keyframe must give all of them, the others inherit. */
static int parse_pose(const json_t *o, int idx, enum rig_view view, struct pose *pose,
                      struct mrx_err *err)
{
    int rc;

    if ((rc = parse_named(o, "pose", "angle", angle_name_i, RIG_ANGLES, angle_limits_i, &view, -720,
                          720, pose->angle, err)))
        return rc;
    if (idx == 0)
        for (int i = 0; i < RIG_ANGLES_REQUIRED; i++)
            if (!json_object_get(o, rig_angle_name((enum rig_angle)i)))
                return mrx_err_set(err, MRX_EDATA, "pose", "the first keyframe must give '%s'",
                                   rig_angle_name((enum rig_angle)i));
    return MRX_OK;
}

/* A share of 0.2..1 is a segment pointing partly toward the viewer; -1..-0.2 one that has
 * turned past pointing at them, away behind (an arm opening behind the body seen from above). */
static int parse_fore(const json_t *o, struct pose *pose, struct mrx_err *err)
{
    int rc = parse_named(o, "fore", "segment", segment_name_i, RIG_SEGMENTS, NULL, NULL, -1.0, 1.0,
                         pose->fore, err);
    if (rc)
        return rc;
    for (int s = 0; s < RIG_SEGMENTS; s++)
        if (json_object_get(o, rig_segment_name((enum rig_segment)s)) && fabs(pose->fore[s]) < 0.2)
            return mrx_err_set(err, MRX_EDATA, "fore",
                               "%s: must be 0.2..1, or -1..-0.2 for a limb turned away behind",
                               rig_segment_name((enum rig_segment)s));
    return MRX_OK;
}

static int parse_pins(const json_t *arr, struct keyframe *k, struct mrx_err *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(arr))
        return mrx_err_set(err, MRX_EDATA, "pins", "must be a list of wrists or ankles");
    memset(k->pinned, 0, sizeof(k->pinned));
    json_array_foreach(arr, i, v)
    {
        static const char *names[RIG_PINS];
        for (int p = 0; p < RIG_PINS; p++)
            names[p] = rig_pin_name((enum rig_pin)p);
        int p = find_name(v, names, RIG_PINS);
        if (p < 0)
            return mrx_err_set(err, MRX_EDATA, "pins",
                               "item %zu: only a wrist or an ankle is pinned", i + 1);
        k->pinned[p] = true;
    }
    return MRX_OK;
}

static int parse_arrows(const json_t *arr, struct keyframe *k, struct mrx_err *err)
{
    static const char *const keys[] = {"joint", "dir", NULL};
    size_t i;
    json_t *a;
    int rc;

    if (!json_is_array(arr) || json_array_size(arr) > DEMO_MAX_ARROWS)
        return mrx_err_set(err, MRX_EDATA, "arrows", "must be a list of at most %d arrows",
                           DEMO_MAX_ARROWS);
    json_array_foreach(arr, i, a)
    {
        struct demo_arrow *ar = &k->arrows[k->n_arrows];
        if (!json_is_object(a))
            return mrx_err_set(err, MRX_EDATA, "arrows", "item %zu must be an object", i + 1);
        if ((rc = jsonx_check_keys(a, keys, "arrows", err)) ||
            (rc = parse_joint(json_object_get(a, "joint"), "arrows", &ar->joint, err)) ||
            (rc = parse_number(json_object_get(a, "dir"), "arrows", -360, 360, &ar->dir, err)))
            return rc;
        k->n_arrows++;
    }
    return MRX_OK;
}

static int parse_muscles(const json_t *arr, struct keyframe *k, struct mrx_err *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(arr) || json_array_size(arr) > DEMO_MAX_MUSCLES)
        return mrx_err_set(err, MRX_EDATA, "muscles", "must be a list of at most %d muscles",
                           DEMO_MAX_MUSCLES);
    json_array_foreach(arr, i, v)
    {
        int m = find_name(v, muscle_names, MUSCLES);
        if (m < 0)
            return mrx_err_set(err, MRX_EDATA, "muscles", "unknown muscle '%s'",
                               json_is_string(v) ? json_string_value(v) : "(not a string)");
        k->muscle[m] = true;
    }
    return MRX_OK;
}

static int parse_hold(const json_t *v, struct keyframe *k, struct mrx_err *err)
{
    if (!v)
        return MRX_OK;
    if (json_is_string(v) && !strcmp(json_string_value(v), "dose")) {
        k->hold_dose = true;
        return MRX_OK;
    }
    if (json_is_number(v))
        return parse_number(v, "hold", 0, HOLD_MAX_S, &k->hold_s, err);
    return mrx_err_set(err, MRX_EDATA, "hold", "must be seconds or \"dose\"");
}

static int parse_caption(const json_t *v, struct keyframe *k, struct mrx_err *err)
{
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        json_string_length(v) > DEMO_CAPTION_MAX)
        return mrx_err_set(err, MRX_EDATA, "caption", "must be a sentence of 1..%d characters",
                           DEMO_CAPTION_MAX);
    k->caption = xstrdup(json_string_value(v));
    return MRX_OK;
}

static int parse_keyframe(const json_t *o, int idx, struct demo *d, struct mrx_err *err)
{
    static const char *const keys[] = {"pose", "at",      "fore",   "pins",    "move_s", "hold",
                                       "ease", "caption", "arrows", "muscles", NULL};
    struct keyframe *k = &d->kf[idx];
    const json_t *v;
    int e, rc;

    if (idx > 0) { /* inherit the body and its pins; say the rest anew */
        k->pose = d->kf[idx - 1].pose;
        memcpy(k->pinned, d->kf[idx - 1].pinned, sizeof(k->pinned));
    } else {
        for (int s = 0; s < RIG_SEGMENTS; s++)
            k->pose.fore[s] = 1.0;
    }
    if (!json_is_object(o))
        return mrx_err_set(err, MRX_EDATA, "", "must be an object");
    if ((rc = jsonx_check_keys(o, keys, "", err)))
        return rc;
    /* a later keyframe may keep the body as it was (and only move, hold or pin) */
    if ((idx == 0 || json_object_get(o, "pose")) &&
        (rc = parse_pose(json_object_get(o, "pose"), idx, d->view, &k->pose, err)))
        return rc;
    if ((v = json_object_get(o, "at")) && (rc = parse_point(v, "at", &k->pose.at, err)))
        return rc;
    if (idx == 0 && !v)
        return mrx_err_set(err, MRX_EDATA, "at", "the first keyframe must place the anchor");
    if ((v = json_object_get(o, "fore")) && (rc = parse_fore(v, &k->pose, err)))
        return rc;
    if ((v = json_object_get(o, "pins")) && (rc = parse_pins(v, k, err)))
        return rc;
    if ((rc = parse_number(json_object_get(o, "move_s"), "move_s", MOVE_MIN_S, MOVE_MAX_S,
                           &k->move_s, err)) ||
        (rc = parse_hold(json_object_get(o, "hold"), k, err)) ||
        (rc = parse_caption(json_object_get(o, "caption"), k, err)))
        return rc;
    v = json_object_get(o, "ease");
    if (v && (e = find_name(v, ease_names, 4)) < 0)
        return mrx_err_set(err, MRX_EDATA, "ease", "must be in-out, linear, in or out");
    k->ease = v ? (enum demo_ease)e : EASE_IN_OUT;
    if ((v = json_object_get(o, "arrows")) && (rc = parse_arrows(v, k, err)))
        return rc;
    if ((v = json_object_get(o, "muscles")) && (rc = parse_muscles(v, k, err)))
        return rc;
    return MRX_OK;
}

static int parse_body(const json_t *j, struct demo *d, struct mrx_err *err)
{
    static const char *const keys[] = {"exercise", "author",     "license",   "view",
                                       "anchor",   "props",      "keyframes", "from_above",
                                       "sides",    "print_step", NULL};
    static const char *const views[] = {"right", "left", "front"};
    const json_t *kfs = json_object_get(j, "keyframes");
    const json_t *lic = json_object_get(j, "license");
    int v, rc;

    if ((rc = jsonx_check_keys(j, keys, "", err)) ||
        (rc = jsonx_take_string(j, "author", &d->author, err)) ||
        (rc = jsonx_take_string(j, "license", &d->license, err)))
        return rc;
    if (!json_is_string(json_object_get(j, "exercise")))
        return mrx_err_set(err, MRX_EDATA, "exercise", "must name the exercise");
    if (strcmp(json_string_value(lic), "CC-BY-4.0") != 0)
        return mrx_err_set(err, MRX_EDATA, "license", "must be CC-BY-4.0, the project's own");
    if ((v = find_name(json_object_get(j, "view"), views, 3)) < 0)
        return mrx_err_set(err, MRX_EDATA, "view", "must be right, left or front");
    d->view = (enum rig_view)v;
    if (json_object_get(j, "sides")) {
        const char *s = json_string_value(json_object_get(j, "sides"));
        if (!s || (strcmp(s, "alternate") != 0 && strcmp(s, "block") != 0))
            return mrx_err_set(err, MRX_EDATA, "sides", "must be alternate or block");
        d->alternate = !strcmp(s, "alternate");
    }
    if (json_object_get(j, "from_above")) {
        if (!json_is_boolean(json_object_get(j, "from_above")))
            return mrx_err_set(err, MRX_EDATA, "from_above", "must be true or false");
        d->from_above = json_is_true(json_object_get(j, "from_above"));
    }
    if ((rc = parse_joint(json_object_get(j, "anchor"), "anchor", &d->anchor, err)) ||
        (rc = parse_props(json_object_get(j, "props"), d, err)))
        return rc;
    if (!json_is_array(kfs) || json_array_size(kfs) < DEMO_MIN_KEYFRAMES ||
        json_array_size(kfs) > DEMO_MAX_KEYFRAMES)
        return mrx_err_set(err, MRX_EDATA, "keyframes", "must be a list of %d..%d keyframes",
                           DEMO_MIN_KEYFRAMES, DEMO_MAX_KEYFRAMES);
    for (size_t i = 0; i < json_array_size(kfs); i++) {
        if ((rc = parse_keyframe(json_array_get(kfs, i), (int)i, d, err)))
            return mrx_err_prefix(err, "keyframes[%zu]", i);
        d->n_kf++;
    }
    if (json_object_get(j, "print_step")) {
        const json_t *p = json_object_get(j, "print_step");
        if (!json_is_integer(p) || json_integer_value(p) < 1 || json_integer_value(p) > d->n_kf)
            return mrx_err_set(err, MRX_EDATA, "print_step", "must be a step number, 1..%d",
                               d->n_kf);
        d->print_step = (int)json_integer_value(p);
    }
    return MRX_OK;
}

int demo_parse(const char *text, size_t len, const char *source, struct demo *out,
               struct mrx_err *err)
{
    json_t *root;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = jsonx_parse(text, len, source, MRX_EDATA, &root, err)))
        return rc;
    if (!json_is_object(root))
        rc = mrx_err_set(err, MRX_EDATA, "", "must be a JSON object");
    else
        rc = parse_body(root, out, err);
    if (rc) {
        json_decref(root);
        demo_release(out);
        return mrx_err_prefix(err, "%s", source);
    }
    out->json = root;
    return MRX_OK;
}

void demo_release(struct demo *d)
{
    for (int i = 0; i < DEMO_MAX_KEYFRAMES; i++)
        free(d->kf[i].caption);
    free(d->author);
    free(d->license);
    json_decref(d->json);
    memset(d, 0, sizeof(*d));
}

/* ---- playback ---- */

static double hold_of(const struct keyframe *k, int hold_s)
{
    return k->hold_dose ? (double)hold_s : k->hold_s;
}

double demo_loop_seconds(const struct demo *d, int hold_s)
{
    double t = 0;

    for (int i = 0; i < d->n_kf; i++)
        t += d->kf[i].move_s + hold_of(&d->kf[i], hold_s);
    return t;
}

static double ease(enum demo_ease e, double f)
{
    switch (e) {
    case EASE_LINEAR:
        return f;
    case EASE_IN:
        return f * f;
    case EASE_OUT:
        return 1.0 - (1.0 - f) * (1.0 - f);
    default:
        return f < 0.5 ? 2.0 * f * f : 1.0 - 2.0 * (1.0 - f) * (1.0 - f);
    }
}

static enum rig_joint mirror_joint(enum rig_joint j)
{
    switch (j) {
    case J_NOSE:
    case J_NECK:
    case J_PELVIS:
    case J_HEAD:
        return j;
    case J_LEFT_HAND:
        return J_RIGHT_HAND;
    case J_RIGHT_HAND:
        return J_LEFT_HAND;
    default: /* the left and right of each pair are neighbours, left first */
        return (enum rig_joint)((j - J_LEFT_EYE) % 2 == 0 ? j + 1 : j - 1);
    }
}

/* Keyframe i's pose and pins, the sides swapped when mirrored. */
static void keyframe_pose(const struct demo *d, int i, bool mirror, struct pose *pose,
                          bool pinned[RIG_PINS])
{
    const struct keyframe *k = &d->kf[i];

    *pose = k->pose;
    memcpy(pinned, k->pinned, sizeof(k->pinned));
    if (!mirror)
        return;
    pose->angle[A_TWIST] = -k->pose.angle[A_TWIST]; /* the other side turns the other way */
    for (int a = A_LEFT_SHOULDER; a < RIG_ANGLE_PAIRS_END; a += 2) {
        pose->angle[a] = k->pose.angle[a + 1];
        pose->angle[a + 1] = k->pose.angle[a];
    }
    for (int s = 0; s < RIG_SEGMENTS; s += 2) {
        pose->fore[s] = k->pose.fore[s + 1];
        pose->fore[s + 1] = k->pose.fore[s];
    }
    for (int p = 0; p < RIG_PINS; p += 2) {
        pinned[p] = k->pinned[p + 1];
        pinned[p + 1] = k->pinned[p];
    }
    if (d->view == VIEW_FRONT) { /* seen from the front, the other side is a reflection */
        pose->angle[A_TRUNK] = 180.0 - k->pose.angle[A_TRUNK];
        pose->angle[A_SPINE] = -k->pose.angle[A_SPINE];
        pose->angle[A_NECK] = -k->pose.angle[A_NECK];
        pose->at.x = -k->pose.at.x;
    }
}

/*
 * Each keyframe's pin targets: a pin holds where it was in the keyframe
 * where it began (the first of an unbroken run of keyframes that pin it).
 */
static void pin_targets(const struct demo *d, bool mirror,
                        struct pin_target t[DEMO_MAX_KEYFRAMES][RIG_PINS])
{
    enum rig_joint anchor = mirror ? mirror_joint(d->anchor) : d->anchor;

    memset(t, 0, sizeof(struct pin_target) * DEMO_MAX_KEYFRAMES * RIG_PINS);
    for (int i = 0; i < d->n_kf; i++) {
        struct pose pose;
        bool pinned[RIG_PINS];
        struct rig_frame f;

        keyframe_pose(d, i, mirror, &pose, pinned);
        for (int p = 0; p < RIG_PINS; p++) /* a run goes on: its target holds */
            if (pinned[p] && i > 0 && t[i - 1][p].on)
                t[i][p] = t[i - 1][p];
        rig_place(&pose, d->view, anchor, t[i], &f);
        for (int p = 0; p < RIG_PINS; p++)
            if (pinned[p] && !t[i][p].on) /* a run begins where the keyframe puts it */
                rig_pin_capture(&f, (enum rig_pin)p, &t[i][p]);
    }
}

void demo_frame_between(const struct demo *d, int from, int to, double f, bool mirror,
                        struct rig_frame *out)
{
    struct pin_target targets[DEMO_MAX_KEYFRAMES][RIG_PINS], on[RIG_PINS];
    struct pose a, b, p;
    bool pa[RIG_PINS], pb[RIG_PINS];
    double e = ease(d->kf[to].ease, f);

    pin_targets(d, mirror, targets);
    keyframe_pose(d, from, mirror, &a, pa);
    keyframe_pose(d, to, mirror, &b, pb);
    for (int i = 0; i < RIG_ANGLES; i++)
        p.angle[i] = a.angle[i] + (b.angle[i] - a.angle[i]) * e;
    for (int s = 0; s < RIG_SEGMENTS; s++)
        p.fore[s] = a.fore[s] + (b.fore[s] - a.fore[s]) * e;
    p.at.x = a.at.x + (b.at.x - a.at.x) * e;
    p.at.y = a.at.y + (b.at.y - a.at.y) * e;
    /* A pin holds through a move only when both ends pin it. */
    for (int q = 0; q < RIG_PINS; q++) {
        on[q] = targets[to][q];
        on[q].on = pa[q] && pb[q];
    }
    rig_place(&p, d->view, mirror ? mirror_joint(d->anchor) : d->anchor, on, out);
}

void demo_frame_at(const struct demo *d, int hold_s, double t, bool mirror, struct rig_frame *out)
{
    double loop = demo_loop_seconds(d, hold_s);

    t = loop > 0 ? fmod(t, loop) : 0;
    if (t < 0)
        t += loop;
    /* The loop: hold the first keyframe, then move to and hold each next one, then move back. */
    t -= hold_of(&d->kf[0], hold_s);
    for (int i = 1; i <= d->n_kf; i++) {
        int to = i % d->n_kf;
        const struct keyframe *k = &d->kf[to];
        if (t < 0) { /* holding the keyframe before */
            demo_frame_between(d, i - 1, i - 1, 1.0, mirror, out);
            return;
        }
        if (t < k->move_s) {
            demo_frame_between(d, i - 1, to, t / k->move_s, mirror, out);
            return;
        }
        t -= k->move_s;
        if (to != 0)
            t -= hold_of(k, hold_s);
    }
    demo_frame_between(d, 0, 0, 1.0, mirror, out);
}
