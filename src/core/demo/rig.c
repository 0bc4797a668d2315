/*
 * rig.c: the demonstration figure's kinematics (see rig.h). Proportions
 * follow the common eight-head figure drawing canon, a little shortened
 * to an ordinary adult's 7.6 heads.
 */
#include "compat.h"

#include <math.h>

#include "core/demo/rig.h"

#define TRUNK 2.6          /* pelvis to the base of the neck */
#define SHOULDER_DROP 0.3  /* the shoulders sit a little below the neck */
#define SHOULDER_HALF 0.85 /* front view: half the shoulders' width */
#define HIP_HALF 0.42      /* front view: half the hips' width */
#define UPPER_ARM 1.35
#define FOREARM 1.15
#define HAND 0.55
#define THIGH 1.85
#define SHANK 1.75
#define ANKLE_HEIGHT 0.3 /* ankle above the sole */
#define HEEL_BACK 0.25
#define TOE_FORWARD 0.95
#define FRONT_FOOT 0.35 /* front view: the foot seen end on */
#define HEAD_CENTRE 0.7 /* from the base of the neck */
#define REACH_SLACK 0.02
#define PI 3.14159265358979323846

static const char *const joint_names[RIG_JOINTS] = {
    "nose",           "left_eye",   "right_eye",   "left_ear",   "right_ear",   "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip",
    "right_hip",      "left_knee",  "right_knee",  "left_ankle", "right_ankle", "neck",
    "pelvis",         "left_heel",  "right_heel",  "left_toe",   "right_toe",   "head",
    "left_hand",      "right_hand"};

static const char *const angle_names[RIG_ANGLES] = {
    "trunk",       "spine",      "neck",        "left_shoulder", "right_shoulder", "left_elbow",
    "right_elbow", "left_hip",   "right_hip",   "left_knee",     "right_knee",     "left_ankle",
    "right_ankle", "left_wrist", "right_wrist", "twist"};

static const char *const segment_names[RIG_SEGMENTS] = {
    "left_upper_arm", "right_upper_arm", "left_forearm", "right_forearm",
    "left_thigh",     "right_thigh",     "left_shank",   "right_shank"};

static const char *const pin_names[RIG_PINS] = {"left_wrist", "right_wrist", "left_ankle",
                                                "right_ankle"};

static const char *const view_names[] = {"right", "left", "front"};

const char *rig_joint_name(enum rig_joint j)
{
    return j < RIG_JOINTS ? joint_names[j] : "?";
}

bool rig_joint_from_name(const char *name, enum rig_joint *out)
{
    for (int j = 0; j < RIG_KEYPOINTS; j++)
        if (!strcmp(name, joint_names[j])) {
            *out = (enum rig_joint)j;
            return true;
        }
    return false;
}

const char *rig_angle_name(enum rig_angle a)
{
    return a < RIG_ANGLES ? angle_names[a] : "?";
}

const char *rig_segment_name(enum rig_segment s)
{
    return s < RIG_SEGMENTS ? segment_names[s] : "?";
}

const char *rig_pin_name(enum rig_pin p)
{
    return p < RIG_PINS ? pin_names[p] : "?";
}

const char *rig_view_name(enum rig_view v)
{
    return v <= VIEW_FRONT ? view_names[v] : "?";
}

enum rig_joint rig_pin_joint(enum rig_pin p)
{
    static const enum rig_joint j[RIG_PINS] = {J_LEFT_WRIST, J_RIGHT_WRIST, J_LEFT_ANKLE,
                                               J_RIGHT_ANKLE};
    return j[p];
}

double rig_joint_radius(enum rig_joint j, enum rig_view view)
{
    bool front = view == VIEW_FRONT;

    switch (j) {
    case J_HEAD:
        return 0.5;
    case J_NECK:
        return 0.3;
    case J_LEFT_SHOULDER:
    case J_RIGHT_SHOULDER:
        return front ? 0.3 : 0.42;
    case J_PELVIS:
        return front ? 0.5 : 0.48;
    case J_LEFT_HIP:
    case J_RIGHT_HIP:
        return front ? 0.34 : 0.48;
    case J_LEFT_ELBOW:
    case J_RIGHT_ELBOW:
        return 0.16;
    case J_LEFT_WRIST:
    case J_RIGHT_WRIST:
        return 0.11;
    case J_LEFT_HAND:
    case J_RIGHT_HAND:
        return 0.08;
    case J_LEFT_KNEE:
    case J_RIGHT_KNEE:
        return 0.22;
    case J_LEFT_ANKLE:
    case J_RIGHT_ANKLE:
        return 0.13;
    default:
        return 0.0; /* the face's points lie inside the head; heels and toes on the sole */
    }
}

bool rig_angle_limits(enum rig_angle a, enum rig_view view, double *lo, double *hi)
{
    /* Side view: active range of motion with a margin (AAOS norms). Front
     * view: abduction either way, as a front-view angle can cross the midline. */
    static const double side[RIG_ANGLES][2] = {
        [A_SPINE] = {-45, 70},          [A_NECK] = {-60, 70},
        [A_LEFT_SHOULDER] = {-70, 185}, [A_RIGHT_SHOULDER] = {-70, 185},
        [A_LEFT_ELBOW] = {0, 155},      [A_RIGHT_ELBOW] = {0, 155},
        [A_LEFT_HIP] = {-35, 145},      [A_RIGHT_HIP] = {-35, 145},
        [A_LEFT_KNEE] = {0, 160},       [A_RIGHT_KNEE] = {0, 160},
        [A_LEFT_ANKLE] = {-55, 35},     [A_RIGHT_ANKLE] = {-55, 35},
        [A_LEFT_WRIST] = {-90, 90},     [A_RIGHT_WRIST] = {-90, 90},
        [A_TWIST] = {-90, 90}};
    static const double front[RIG_ANGLES][2] = {
        [A_SPINE] = {-45, 45},          [A_NECK] = {-45, 45},
        [A_LEFT_SHOULDER] = {-40, 185}, [A_RIGHT_SHOULDER] = {-40, 185},
        [A_LEFT_ELBOW] = {-155, 155},   [A_RIGHT_ELBOW] = {-155, 155},
        [A_LEFT_HIP] = {-35, 90},       [A_RIGHT_HIP] = {-35, 90},
        [A_LEFT_KNEE] = {-160, 160},    [A_RIGHT_KNEE] = {-160, 160},
        [A_LEFT_ANKLE] = {-60, 60},     [A_RIGHT_ANKLE] = {-60, 60},
        [A_LEFT_WRIST] = {-90, 90},     [A_RIGHT_WRIST] = {-90, 90},
        [A_TWIST] = {-70, 70}};

    if (a == A_TRUNK)
        return false;
    *lo = (view == VIEW_FRONT ? front : side)[a][0];
    *hi = (view == VIEW_FRONT ? front : side)[a][1];
    return true;
}

static double rad(double deg)
{
    return deg * (PI / 180.0);
}

static double deg(double r)
{
    return r * (180.0 / PI);
}

static struct point along(struct point from, double angle, double len)
{
    return (struct point){from.x + len * cos(rad(angle)), from.y + len * sin(rad(angle))};
}

static double angle_to(struct point from, struct point to)
{
    return deg(atan2(to.y - from.y, to.x - from.x));
}

/* An angle brought into (-180, 180]. */
static double wrap(double a)
{
    a = fmod(a, 360.0);
    if (a <= -180.0)
        a += 360.0;
    else if (a > 180.0)
        a -= 360.0;
    return a;
}

/* The foot from its ankle: side view flat along its angle, front view seen end on. */
static void place_foot(struct rig_frame *f, int side, double shank, double foot, enum rig_view view)
{
    struct point ankle = f->p[J_LEFT_ANKLE + side];
    struct point sole;

    if (view == VIEW_FRONT) {
        sole = along(ankle, shank, ANKLE_HEIGHT);
        f->p[J_LEFT_HEEL + side] = sole;
        f->p[J_LEFT_TOE + side] = along(sole, foot, FRONT_FOOT);
        return;
    }
    sole = along(ankle, foot - 90.0, ANKLE_HEIGHT);
    f->p[J_LEFT_HEEL + side] = along(sole, foot + 180.0, HEEL_BACK);
    f->p[J_LEFT_TOE + side] = along(sole, foot, TOE_FORWARD);
}

/* The foot's absolute angle from the shank and the ankle joint. */
static double foot_angle(double shank, double ankle, int sgn, enum rig_view view)
{
    return view == VIEW_FRONT ? shank + sgn * (90.0 + ankle) : shank + 90.0 + ankle;
}

static void place_head(struct rig_frame *f, double trunk, double neck, enum rig_view view)
{
    double h = trunk - neck;
    struct point c = along(f->p[J_NECK], h, HEAD_CENTRE);

    f->p[J_HEAD] = c;
    if (view == VIEW_FRONT) {
        /* The person's left is the head's own "right turn" from its axis. */
        f->p[J_NOSE] = along(c, h + 180.0, 0.08);
        f->p[J_LEFT_EYE] = along(along(c, h - 90.0, 0.2), h, 0.1);
        f->p[J_RIGHT_EYE] = along(along(c, h + 90.0, 0.2), h, 0.1);
        f->p[J_LEFT_EAR] = along(c, h - 90.0, 0.42);
        f->p[J_RIGHT_EAR] = along(c, h + 90.0, 0.42);
        return;
    }
    f->p[J_NOSE] = along(along(c, h - 90.0, 0.45), h, 0.02);
    f->p[J_LEFT_EYE] = f->p[J_RIGHT_EYE] = along(along(c, h - 90.0, 0.33), h, 0.12);
    f->p[J_LEFT_EAR] = f->p[J_RIGHT_EAR] = along(c, h + 90.0, 0.05);
}

/* Forward kinematics with the pelvis at the origin. */
static void forward(const struct pose *pose, enum rig_view view, struct rig_frame *f)
{
    const double *a = pose->angle;
    bool front = view == VIEW_FRONT;
    double t = a[A_TRUNK];

    memset(f, 0, sizeof(*f));
    f->p[J_PELVIS] = (struct point){0, 0};
    f->p[J_NECK] = along(f->p[J_PELVIS], t, TRUNK);
    place_head(f, t, a[A_NECK], view);
    for (int s = 0; s < 2; s++) { /* 0 left, 1 right */
        int sgn = front ? (s == 0 ? 1 : -1) : 1;
        /* Front view: the person's left is their axis turned clockwise. */
        double lateral = t - 90.0 * sgn;
        struct point shoulder = along(f->p[J_NECK], t + 180.0, SHOULDER_DROP);
        struct point hip = f->p[J_PELVIS];
        double arm = t + 180.0 + sgn * a[A_LEFT_SHOULDER + s];
        double fore = arm + sgn * a[A_LEFT_ELBOW + s];
        double thigh = t + 180.0 + sgn * a[A_LEFT_HIP + s];
        double shank = thigh - sgn * a[A_LEFT_KNEE + s];

        /* A turned chest: seen from the front, the shoulders come closer (cos); from the side,
         * they part, the right one forward when the chest turns to the left (sin). */
        if (front) {
            shoulder = along(shoulder, lateral, SHOULDER_HALF * cos(rad(a[A_TWIST])));
            hip = along(hip, lateral, HIP_HALF);
        } else {
            shoulder =
                along(shoulder, t - 90.0, (s == 1 ? 1 : -1) * SHOULDER_HALF * sin(rad(a[A_TWIST])));
        }
        f->p[J_LEFT_SHOULDER + s] = shoulder;
        f->p[J_LEFT_ELBOW + s] = along(shoulder, arm, UPPER_ARM * pose->fore[S_LEFT_UPPER_ARM + s]);
        f->p[J_LEFT_WRIST + s] =
            along(f->p[J_LEFT_ELBOW + s], fore, FOREARM * pose->fore[S_LEFT_FOREARM + s]);
        /* the hand is foreshortened with the forearm: both point the same way */
        f->p[J_LEFT_HAND + s] = along(f->p[J_LEFT_WRIST + s], fore + sgn * a[A_LEFT_WRIST + s],
                                      HAND * pose->fore[S_LEFT_FOREARM + s]);
        f->p[J_LEFT_HIP + s] = hip;
        f->p[J_LEFT_KNEE + s] = along(hip, thigh, THIGH * pose->fore[S_LEFT_THIGH + s]);
        f->p[J_LEFT_ANKLE + s] =
            along(f->p[J_LEFT_KNEE + s], shank, SHANK * pose->fore[S_LEFT_SHANK + s]);
        place_foot(f, s, shank, foot_angle(shank, a[A_LEFT_ANKLE + s], sgn, view), view);
    }
}

static void shift(struct rig_frame *f, double dx, double dy)
{
    for (int j = 0; j < RIG_JOINTS; j++) {
        f->p[j].x += dx;
        f->p[j].y += dy;
    }
}

/*
 * Two-bone IK in the plane: the root stays, the end goes to `target`, and of
 * the two ways to bend, the one whose bend has the sign of `bend_sign`.
 * Returns whether the target was within reach (else the limb points at it).
 */
static bool two_bone(struct point root, double a, double b, struct point target, double bend_sign,
                     int bend_dir, struct point *mid, struct point *end)
{
    double d = hypot(target.x - root.x, target.y - root.y);
    double base = angle_to(root, target);
    double lo = fabs(a - b) + 1e-9, hi = a + b - 1e-9;
    bool reached = d >= lo - REACH_SLACK && d <= hi + REACH_SLACK;
    double dc = d < lo ? lo : d > hi ? hi : d;
    double cos_a = (a * a + dc * dc - b * b) / (2.0 * a * dc);
    double alpha = deg(acos(cos_a < -1 ? -1 : cos_a > 1 ? 1 : cos_a));

    for (int k = 0; k < 2; k++) {
        double first = base + (k == 0 ? alpha : -alpha);
        struct point m = along(root, first, a);
        double second = angle_to(m, target);
        /* bend_dir turns the segments' difference into the joint's own sign */
        double bend = wrap(bend_dir > 0 ? second - first : first - second);
        if (k == 1 || (bend_sign >= 0) == (bend >= 0)) {
            *mid = m;
            *end = along(m, second, b);
            break;
        }
    }
    return reached;
}

static void solve_pin(const struct pose *pose, enum rig_view view, enum rig_pin p,
                      const struct pin_target *pt, struct rig_frame *f)
{
    bool arm = p == PIN_LEFT_WRIST || p == PIN_RIGHT_WRIST;
    int s = (p == PIN_RIGHT_WRIST || p == PIN_RIGHT_ANKLE) ? 1 : 0;
    int sgn = view == VIEW_FRONT ? (s == 0 ? 1 : -1) : 1;
    struct point mid, end;

    if (arm) {
        /* elbow = sgn * (fore - arm): bend_dir +sgn */
        f->reached[p] =
            two_bone(f->p[J_LEFT_SHOULDER + s], UPPER_ARM * pose->fore[S_LEFT_UPPER_ARM + s],
                     FOREARM * pose->fore[S_LEFT_FOREARM + s], pt->at,
                     pose->angle[A_LEFT_ELBOW + s], sgn, &mid, &end);
        f->p[J_LEFT_ELBOW + s] = mid;
        f->p[J_LEFT_WRIST + s] = end;
        f->p[J_LEFT_HAND + s] = along(end, pt->end_angle, HAND * pose->fore[S_LEFT_FOREARM + s]);
        return;
    }
    /* knee = sgn * (thigh - shank): bend_dir -sgn */
    f->reached[p] = two_bone(f->p[J_LEFT_HIP + s], THIGH * pose->fore[S_LEFT_THIGH + s],
                             SHANK * pose->fore[S_LEFT_SHANK + s], pt->at,
                             pose->angle[A_LEFT_KNEE + s], -sgn, &mid, &end);
    f->p[J_LEFT_KNEE + s] = mid;
    f->p[J_LEFT_ANKLE + s] = end;
    place_foot(f, s, angle_to(mid, end), pt->end_angle, view);
}

void rig_place(const struct pose *pose, enum rig_view view, enum rig_joint anchor,
               const struct pin_target pins[RIG_PINS], struct rig_frame *out)
{
    forward(pose, view, out);
    out->spine = pose->angle[A_SPINE];
    out->twist = pose->angle[A_TWIST];
    shift(out, pose->at.x - out->p[anchor].x, pose->at.y - out->p[anchor].y);
    for (int p = 0; p < RIG_PINS; p++) {
        out->reached[p] = true;
        if (pins && pins[p].on)
            solve_pin(pose, view, (enum rig_pin)p, &pins[p], out);
    }
}

void rig_pin_capture(const struct rig_frame *f, enum rig_pin p, struct pin_target *out)
{
    int s = (p == PIN_RIGHT_WRIST || p == PIN_RIGHT_ANKLE) ? 1 : 0;
    bool arm = p == PIN_LEFT_WRIST || p == PIN_RIGHT_WRIST;

    out->on = true;
    out->at = f->p[rig_pin_joint(p)];
    out->end_angle = arm ? angle_to(f->p[J_LEFT_WRIST + s], f->p[J_LEFT_HAND + s])
                         : angle_to(f->p[J_LEFT_HEEL + s], f->p[J_LEFT_TOE + s]);
}

double rig_lowest(const struct rig_frame *f, enum rig_view view)
{
    double low = HUGE_VAL;

    for (int j = 0; j < RIG_JOINTS; j++) {
        double y = f->p[j].y - rig_joint_radius((enum rig_joint)j, view);
        if (y < low)
            low = y;
    }
    return low;
}
