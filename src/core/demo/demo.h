/*
 * demo.h: an exercise's demonstration: the figure, its props and 2 to 5
 * keyframes that loop (docs/demos.md). A demonstration is data, loaded
 * from data/exercises/demos/<exercise>.json beside the exercise and checked
 * like the rest of the library; the web app and the handout draw it.
 */
#ifndef MOVERX_DEMO_H
#define MOVERX_DEMO_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"
#include "core/demo/rig.h"

#define DEMO_MIN_KEYFRAMES 2
#define DEMO_MAX_KEYFRAMES 5
#define DEMO_MAX_PROPS 6
#define DEMO_MAX_ARROWS 3
#define DEMO_MAX_MUSCLES 4
#define DEMO_CAPTION_MAX 160

enum demo_ease { EASE_IN_OUT, EASE_LINEAR, EASE_IN, EASE_OUT };

enum prop_kind {
    PROP_FLOOR,
    PROP_MAT,
    PROP_CHAIR,
    PROP_WALL,
    PROP_WATER,
    PROP_PILLOW,
    PROP_BIKE,
    PROP_TOWEL,
    PROP_STEP,
    PROP_TABLE,
    PROP_RAIL,
    PROP_KINDS
};

struct demo_prop {
    enum prop_kind kind;
    double x, y; /* where it stands (chair seat front, wall face, water line, pillow centre,
                    step and table middle and top) */
    enum rig_joint from, to; /* a towel: held between two joints */
};

struct demo_arrow {
    enum rig_joint joint;
    double dir; /* degrees, in the figure's frame */
};

enum muscle {
    M_GLUTES,
    M_HAMSTRINGS,
    M_QUADRICEPS,
    M_HIP_FLEXORS,
    M_ABDOMINALS,
    M_OBLIQUES,
    M_BACK,
    M_UPPER_BACK,
    M_CALVES,
    M_SHOULDERS,
    M_CHEST,
    M_HIP_OUTER,
    MUSCLES
};

struct keyframe {
    struct pose pose;
    bool pinned[RIG_PINS];
    double move_s;  /* time to move here from the keyframe before */
    bool hold_dose; /* hold for the dose's hold_s */
    double hold_s;  /* else this long */
    enum demo_ease ease;
    char *caption;
    struct demo_arrow arrows[DEMO_MAX_ARROWS];
    int n_arrows;
    bool muscle[MUSCLES];
};

struct demo {
    enum rig_view view;
    bool from_above; /* looked down on: the person lies on a mat, no floor line */
    bool alternate;  /* a one-sided move done a rep on one side, then on the other */
    int print_step;  /* 1-based: the step that stands for the move in one picture; 0 to choose */
    enum rig_joint anchor;
    struct demo_prop props[DEMO_MAX_PROPS];
    int n_props;
    struct keyframe kf[DEMO_MAX_KEYFRAMES];
    int n_kf;
    char *author;
    char *license;
    json_t *json; /* the file as loaded, for the command line and the API */
    /* Each keyframe's pin targets, from the keyframe where the pin began. */
    struct pin_target targets[DEMO_MAX_KEYFRAMES][RIG_PINS];
};

const char *prop_kind_name(enum prop_kind k);
const char *muscle_name(enum muscle m);

/*
 * Parses a demonstration file; `source` names it in errors. Unknown keys,
 * wrong types, unknown joints, props or muscles, angles outside their
 * joint's limits and keyframes out of count are MRX_EDATA naming the field.
 * The first keyframe gives every angle; later ones inherit what they leave
 * out. On error *out is left empty.
 */
int demo_parse(const char *text, size_t len, const char *source, struct demo *out,
               struct mrx_err *err);
void demo_release(struct demo *d);

/*
 * Checks that the movement is possible: every pinned limb reaches its
 * target through each move (sampled), nothing goes through the floor, and
 * on land something rests on it; captions read at grade 8 or below. `hold_s`
 * is the exercise's dose hold (0 when it has none); `counted` says the dose
 * counts repetitions, which are done slowly (each move at least
 * DEMO_REP_MOVE_MIN_S). MRX_EDATA naming the keyframe.
 */
#define DEMO_REP_MOVE_MIN_S 1.0
int demo_check(const struct demo *d, int hold_s, bool counted, struct mrx_err *err);

/* One loop's length in seconds, with the dose's hold. */
double demo_loop_seconds(const struct demo *d, int hold_s);

/*
 * The figure a fraction f (0..1, eased as keyframe `to` says) of the way
 * from keyframe `from` to keyframe `to`; a pin holds when both pin it.
 */
void demo_frame_between(const struct demo *d, int from, int to, double f, bool mirror,
                        struct rig_frame *out);

/*
 * The figure at `t` seconds into the loop (t wraps): keyframe i is reached
 * at the end of its move and held; after the last, the figure moves back to
 * the first over the first keyframe's move. `mirror` swaps left and right
 * (the other side of a one-sided exercise).
 */
void demo_frame_at(const struct demo *d, int hold_s, double t, bool mirror, struct rig_frame *out);

#endif
