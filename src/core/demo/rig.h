/*
 * rig.h: the demonstration figure's body: its joints, proportions and the
 * kinematics that turn joint angles into points (docs/demos.md).
 *
 * The figure is drawn in one plane, seen from the side or from the front.
 * Lengths are in head units (a head is 1 tall; a standing adult is about
 * 7.6); y is up from the floor. Angles are degrees. Side view: the figure
 * faces +x and a flexion turns a limb toward its front. Front view: the
 * figure faces the viewer, its left on +x, and the limb angles are
 * abduction (away from the midline). The same formulas live in
 * web/app/figure.js; tests/data/demo-vectors.json holds both to them.
 */
#ifndef MOVERX_RIG_H
#define MOVERX_RIG_H

#include "compat.h"

/* The 17 COCO keypoints, then neck, pelvis, heels and toes. */
enum rig_joint {
    J_NOSE,
    J_LEFT_EYE,
    J_RIGHT_EYE,
    J_LEFT_EAR,
    J_RIGHT_EAR,
    J_LEFT_SHOULDER,
    J_RIGHT_SHOULDER,
    J_LEFT_ELBOW,
    J_RIGHT_ELBOW,
    J_LEFT_WRIST,
    J_RIGHT_WRIST,
    J_LEFT_HIP,
    J_RIGHT_HIP,
    J_LEFT_KNEE,
    J_RIGHT_KNEE,
    J_LEFT_ANKLE,
    J_RIGHT_ANKLE,
    J_NECK,
    J_PELVIS,
    J_LEFT_HEEL,
    J_RIGHT_HEEL,
    J_LEFT_TOE,
    J_RIGHT_TOE,
    J_HEAD,      /* the centre of the head: drawn, not a keypoint */
    J_LEFT_HAND, /* the fingertips: drawn, not a keypoint */
    J_RIGHT_HAND,
    RIG_JOINTS
};

#define RIG_KEYPOINTS (J_RIGHT_TOE + 1) /* the named points of the format */

/* The angles of a pose; indexes into struct pose.angle. */
enum rig_angle {
    A_TRUNK, /* absolute: the pelvis-to-neck line; 90 is upright */
    A_SPINE, /* bend of the back: side view flexion (+) or extension (-); front view to the left (+)
              */
    A_NECK,  /* head forward (+) or back (-) from the trunk's line */
    A_LEFT_SHOULDER,
    A_RIGHT_SHOULDER,
    A_LEFT_ELBOW,
    A_RIGHT_ELBOW,
    A_LEFT_HIP,
    A_RIGHT_HIP,
    A_LEFT_KNEE,
    A_RIGHT_KNEE,
    A_LEFT_ANKLE,
    A_RIGHT_ANKLE,
    A_LEFT_WRIST, /* the hand from the forearm's line, as the elbow bends; 0 when not given */
    A_RIGHT_WRIST,
    A_TWIST, /* the chest turned about the trunk's line, to the person's left (+); 0 when not given
              */
    RIG_ANGLES
};

#define RIG_ANGLES_REQUIRED A_LEFT_WRIST        /* the angles a first keyframe must give */
#define RIG_ANGLE_PAIRS_END (A_RIGHT_WRIST + 1) /* the left/right pairs end here */

/* Segments that may be drawn shorter, as if they pointed toward the viewer. */
enum rig_segment {
    S_LEFT_UPPER_ARM,
    S_RIGHT_UPPER_ARM,
    S_LEFT_FOREARM,
    S_RIGHT_FOREARM,
    S_LEFT_THIGH,
    S_RIGHT_THIGH,
    S_LEFT_SHANK,
    S_RIGHT_SHANK,
    RIG_SEGMENTS
};

enum rig_view { VIEW_SIDE_RIGHT, VIEW_SIDE_LEFT, VIEW_FRONT };

struct point {
    double x, y;
};

struct pose {
    double angle[RIG_ANGLES];
    double fore[RIG_SEGMENTS]; /* 0.2..1: the share of the length that is seen */
    struct point at;           /* where the demo's anchor joint is */
};

/* The joints a pose may pin: a pinned wrist or ankle keeps its place (and its hand or foot its
 * angle) while the rest moves, by two-bone inverse kinematics. */
enum rig_pin { PIN_LEFT_WRIST, PIN_RIGHT_WRIST, PIN_LEFT_ANKLE, PIN_RIGHT_ANKLE, RIG_PINS };

struct pin_target {
    bool on;
    struct point at;  /* the wrist or ankle */
    double end_angle; /* absolute angle of the hand or the foot */
};

/* The figure placed: every joint, and the back's bend and turn (drawn, not placed). */
struct rig_frame {
    struct point p[RIG_JOINTS];
    double spine;
    double twist;           /* the chest's turn: drawn as its width, the shoulders placed by it */
    bool reached[RIG_PINS]; /* false when a pinned limb could not reach its target */
};

const char *rig_joint_name(enum rig_joint j);
bool rig_joint_from_name(const char *name, enum rig_joint *out);
const char *rig_angle_name(enum rig_angle a);
const char *rig_segment_name(enum rig_segment s);
const char *rig_pin_name(enum rig_pin p);
const char *rig_view_name(enum rig_view v);

/* The joint each pin holds. */
enum rig_joint rig_pin_joint(enum rig_pin p);

/* A joint's radius in the drawing: how far the body reaches beyond it. */
double rig_joint_radius(enum rig_joint j, enum rig_view view);

/* A joint angle's anatomical limits for the view (none for the trunk). */
bool rig_angle_limits(enum rig_angle a, enum rig_view view, double *lo, double *hi);

/*
 * Places the figure: forward kinematics from the pelvis, moved so that the
 * anchor joint lies at pose->at, then each pin in `pins` (may be NULL) solved
 * by two-bone IK with the bend of the pose's own elbow or knee. The figure
 * always faces +x here; a view from the left is the drawing's mirror image.
 */
void rig_place(const struct pose *pose, enum rig_view view, enum rig_joint anchor,
               const struct pin_target pins[RIG_PINS], struct rig_frame *out);

/* The target a pin takes from a placed frame: the joint and its hand or foot angle. */
void rig_pin_capture(const struct rig_frame *f, enum rig_pin p, struct pin_target *out);

/* The lowest reach of the body (joint minus radius) in a placed frame. */
double rig_lowest(const struct rig_frame *f, enum rig_view view);

#endif
