/*
 * demo_check.c: what a demonstration's movement may do (see demo_check()
 * in demo.h). Each move is sampled, so a figure cannot pass through the
 * floor between two good keyframes.
 */
#include "compat.h"

#include <math.h>

#include "core/demo/demo.h"
#include "core/readability/readability.h"
#include "core/text/patient_text.h"

#define SAMPLES 20
#define FLOOR_SINK 0.08 /* head units the body may press into a mat */
#define RESTING 0.15    /* on land, the lowest point of a keyframe is this near the floor */
#define PIN_SLIP 0.05   /* a pin that begins at keyframe 0 must be there again at the end */
#define MAX_SPEED 6.0   /* head units a second: about 1.4 m/s, a brisk arm swing */
#define MIN_CHANGE_DEG 2.0

static bool has_prop(const struct demo *d, enum prop_kind k)
{
    for (int i = 0; i < d->n_props; i++)
        if (d->props[i].kind == k)
            return true;
    return false;
}

static int check_reach(const struct rig_frame *f, struct mrx_err *err)
{
    for (int p = 0; p < RIG_PINS; p++)
        if (!f->reached[p])
            return mrx_err_set(err, MRX_EDATA, "pins",
                               "the %s cannot stay where it is pinned (the limb is too short or "
                               "folded)",
                               rig_pin_name((enum rig_pin)p));
    return MRX_OK;
}

static int check_move(const struct demo *d, int from, int to, struct mrx_err *err)
{
    struct rig_frame prev, f;
    double fastest = 0;
    int rc;

    demo_frame_between(d, from, from, 1.0, false, &prev);
    for (int s = 1; s <= SAMPLES; s++) {
        demo_frame_between(d, from, to, (double)s / SAMPLES, false, &f);
        if ((rc = check_reach(&f, err)))
            return rc;
        if (!d->from_above && rig_lowest(&f, d->view) < -FLOOR_SINK)
            return mrx_err_set(err, MRX_EDATA, "pose", "the body goes through the floor");
        for (int j = 0; j < RIG_JOINTS; j++) {
            double step = hypot(f.p[j].x - prev.p[j].x, f.p[j].y - prev.p[j].y);
            if (step > fastest)
                fastest = step;
        }
        prev = f;
    }
    /* The fastest sampled step, over its share of the move (eased moves peak at twice the mean). */
    if (fastest * SAMPLES / d->kf[to].move_s > 2.0 * MAX_SPEED)
        return mrx_err_set(err, MRX_EDATA, "move_s", "too fast to follow: give the move more time");
    return MRX_OK;
}

static bool differs(const struct keyframe *a, const struct keyframe *b)
{
    for (int i = 0; i < RIG_ANGLES; i++)
        if (fabs(a->pose.angle[i] - b->pose.angle[i]) >= MIN_CHANGE_DEG)
            return true;
    for (int s = 0; s < RIG_SEGMENTS; s++)
        if (fabs(a->pose.fore[s] - b->pose.fore[s]) >= 0.05)
            return true;
    return hypot(a->pose.at.x - b->pose.at.x, a->pose.at.y - b->pose.at.y) >= 0.05;
}

static int check_keyframe(const struct demo *d, int i, int hold_s, bool counted,
                          struct mrx_err *err)
{
    const struct keyframe *k = &d->kf[i];
    bool supported = has_prop(d, PROP_WATER) || has_prop(d, PROP_BIKE) || d->from_above;
    struct rig_frame f;
    int rc;

    if (counted && k->move_s < DEMO_REP_MOVE_MIN_S)
        return mrx_err_set(err, MRX_EDATA, "move_s",
                           "a repetition is done slowly: at least %.0f s a move",
                           DEMO_REP_MOVE_MIN_S);
    if (k->hold_dose && hold_s <= 0)
        return mrx_err_set(err, MRX_EDATA, "hold",
                           "is \"dose\" but the exercise's dose has no hold");
    for (int p = 0; p < RIG_PINS; p++) { /* the IK works in the picture's plane */
        bool arm = p == PIN_LEFT_WRIST || p == PIN_RIGHT_WRIST;
        int s = (p == PIN_RIGHT_WRIST || p == PIN_RIGHT_ANKLE) ? 1 : 0;
        int s1 = (arm ? S_LEFT_UPPER_ARM : S_LEFT_THIGH) + s,
            s2 = (arm ? S_LEFT_FOREARM : S_LEFT_SHANK) + s;
        if (k->pinned[p] && (k->pose.fore[s1] < 0 || k->pose.fore[s2] < 0))
            return mrx_err_set(err, MRX_EDATA, "pins",
                               "the %s's limb is turned away: it cannot be pinned",
                               rig_pin_name((enum rig_pin)p));
    }
    demo_frame_between(d, i, i, 1.0, false, &f);
    if ((rc = check_reach(&f, err)))
        return rc;
    if (!d->from_above && rig_lowest(&f, d->view) < -FLOOR_SINK)
        return mrx_err_set(err, MRX_EDATA, "pose", "the body goes through the floor");
    if (!supported && rig_lowest(&f, d->view) > RESTING)
        return mrx_err_set(err, MRX_EDATA, "pose",
                           "nothing rests on the floor (lowest point %.2f head units up)",
                           rig_lowest(&f, d->view));
    if (i > 0 && !differs(&d->kf[i - 1], k))
        return mrx_err_set(err, MRX_EDATA, "pose", "is the same as the keyframe before");
    return MRX_OK;
}

/* A pin held from keyframe 0 to the end must be where it began, or the loop jumps. */
static int check_loop_pins(const struct demo *d, struct mrx_err *err)
{
    struct rig_frame first, last;
    const struct keyframe *a = &d->kf[d->n_kf - 1], *b = &d->kf[0];

    demo_frame_between(d, 0, 0, 1.0, false, &first);
    demo_frame_between(d, d->n_kf - 1, d->n_kf - 1, 1.0, false, &last);
    for (int p = 0; p < RIG_PINS; p++) {
        enum rig_joint j = rig_pin_joint((enum rig_pin)p);
        if (a->pinned[p] && b->pinned[p] &&
            hypot(first.p[j].x - last.p[j].x, first.p[j].y - last.p[j].y) > PIN_SLIP)
            return mrx_err_set(err, MRX_EDATA, "pins",
                               "the %s is pinned at the end and the start but in different places",
                               rig_pin_name((enum rig_pin)p));
    }
    return MRX_OK;
}

int demo_check(const struct demo *d, int hold_s, bool counted, struct mrx_err *err)
{
    struct readability r;
    int rc;

    readability_init(&r);
    for (int i = 0; i < d->n_kf; i++) {
        if ((rc = check_keyframe(d, i, hold_s, counted, err)))
            return mrx_err_prefix(err, "keyframes[%d]", i);
        readability_add(&r, d->kf[i].caption, strlen(d->kf[i].caption));
    }
    /* Then the moves between keyframes that are each fine: the move into keyframe i. */
    for (int i = 0; i < d->n_kf; i++)
        if ((rc = check_move(d, i == 0 ? d->n_kf - 1 : i - 1, i, err)))
            return mrx_err_prefix(err, "keyframes[%d]", i);
    if ((rc = check_loop_pins(d, err)))
        return rc;
    if (readability_grade(&r) > PATIENT_TEXT_MAX_GRADE)
        return mrx_err_set(err, MRX_EDATA, "caption",
                           "the captions read at grade %.1f (limit %.0f)", readability_grade(&r),
                           PATIENT_TEXT_MAX_GRADE);
    return MRX_OK;
}
