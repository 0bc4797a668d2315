/*
 * figure_cairo.c: the demonstration figure in cairo (see figure_cairo.h).
 * A line-for-line twin of draw() in web/app/figure.js: change both.
 */
#include "compat.h"

#include <math.h>

#include "render/figure_cairo.h"

#define PI 3.14159265358979323846

struct rgb {
    double r, g, b;
};

/* The app's palette (web/app/figure.js COLOURS), as the same hex numbers. */
#define RGB(hex)                                                                                   \
    {                                                                                              \
        ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex)&0xff) / 255.0            \
    }
static const struct rgb NEAR = RGB(0x3f8fb0);
static const struct rgb NEAR_EDGE = RGB(0x0b5d7a);
static const struct rgb FAR = RGB(0xb5d3df);
static const struct rgb FAR_EDGE = RGB(0x86adbd);
static const struct rgb MUSCLE = RGB(0xe8833a);
static const struct rgb PROP = RGB(0xd5dce2);
static const struct rgb PROP_EDGE = RGB(0xa7b3bd);
static const struct rgb MAT = RGB(0x9fc7b8);
static const struct rgb PILLOW = RGB(0xe9edf1);
static const struct rgb TOWEL = RGB(0xc98b5a);
static const struct rgb WATER_LINE = RGB(0x409ccc);
static const struct rgb ARROW = RGB(0xc25a12);

static void set(cairo_t *cr, struct rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Screen space: x right, y down. A view from the left is the mirror image, and so
 * is the other side of a one-sided exercise. */
static double sx_of(enum rig_view v, bool other_side)
{
    return (v == VIEW_SIDE_LEFT) != other_side ? -1 : 1;
}

static struct point screen(struct point p, double sx)
{
    return (struct point){sx * p.x, -p.y};
}

#define ARROW_FROM 0.55
#define ARROW_TO 1.45

static struct point mix(struct point a, struct point b, double f)
{
    return (struct point){a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f};
}

static struct point off(struct point p, double ang, double len)
{
    return (struct point){p.x + len * cos(ang), p.y + len * sin(ang)};
}

static double ang_of(struct point a, struct point b)
{
    return atan2(b.y - a.y, b.x - a.x);
}

/* A tapered limb between two circles: the outer tangents and the two caps. */
static void capsule(cairo_t *cr, struct point a, double ra, struct point b, double rb)
{
    double d = hypot(b.x - a.x, b.y - a.y);

    cairo_new_sub_path(cr);
    if (d < 1e-6 || d <= fabs(ra - rb)) {
        struct point c = ra >= rb ? a : b;
        cairo_arc(cr, c.x, c.y, ra >= rb ? ra : rb, 0, 2 * PI);
        cairo_close_path(cr);
        return;
    }
    double th = ang_of(a, b), ph = acos((ra - rb) / d);
    cairo_move_to(cr, a.x + ra * cos(th + ph), a.y + ra * sin(th + ph));
    cairo_line_to(cr, b.x + rb * cos(th + ph), b.y + rb * sin(th + ph));
    cairo_arc_negative(cr, b.x, b.y, rb, th + ph, th - ph);
    cairo_line_to(cr, a.x + ra * cos(th - ph), a.y + ra * sin(th - ph));
    cairo_arc_negative(cr, a.x, a.y, ra, th - ph, th + ph);
    cairo_close_path(cr);
}

/* A smooth closed curve through points (Catmull-Rom as cubic Béziers). */
static void closed_curve(cairo_t *cr, const struct point *p, int n)
{
    cairo_new_sub_path(cr);
    cairo_move_to(cr, p[0].x, p[0].y);
    for (int i = 0; i < n; i++) {
        struct point p0 = p[(i - 1 + n) % n], p1 = p[i], p2 = p[(i + 1) % n], p3 = p[(i + 2) % n];
        cairo_curve_to(cr, p1.x + (p2.x - p0.x) / 6, p1.y + (p2.y - p0.y) / 6,
                       p2.x - (p3.x - p1.x) / 6, p2.y - (p3.y - p1.y) / 6, p2.x, p2.y);
    }
    cairo_close_path(cr);
}

/* How much of a chest's turn shows at t along the torso (0 pelvis, 1 neck): none at the
 * waist, all at the shoulders, half at the neck (figure.js turnShare). */
static double turn_share(double t)
{
    if (t > 0.88)
        return 1 - (t - 0.88) / 0.12 * 0.5;
    return fmin(1, fmax(0, (t - 0.45) / 0.35));
}

/* A turned chest shows its breadth from the side and its depth from the front. */
static void torso(cairo_t *cr, const struct point *s, double spine, double twist, bool front,
                  double flip)
{
    struct point pel = s[J_PELVIS], neck = s[J_NECK];
    double nrm = ang_of(pel, neck) + PI / 2 * flip;
    struct point mid = mix(pel, neck, 0.5);

    if (front) {
        double bow = spine / 45 * 0.35;
        double c = 1 - fabs(cos(twist * PI / 180)), w1 = 0.95 - 0.4 * c, w2 = 0.8 - 0.2 * c;
        struct point sh = mix(neck, pel, 0.12), low = mix(pel, mid, -0.18);
        struct point pts[] = {off(sh, nrm, w1),
                              off(mix(sh, mid, 0.5), nrm, w2),
                              off(mid, nrm, 0.58 + bow),
                              off(pel, nrm, 0.72),
                              off(low, nrm, 0.5),
                              off(low, nrm, -0.5),
                              off(pel, nrm, -0.72),
                              off(mid, nrm, -0.58 + bow),
                              off(mix(sh, mid, 0.5), nrm, -w2),
                              off(sh, nrm, -w1),
                              off(mix(sh, neck, 0.6), nrm, -0.35),
                              off(mix(sh, neck, 0.6), nrm, 0.35)};
        closed_curve(cr, pts, 12);
        return;
    }
    double bow = -(spine / 45) * 0.32, wide = 0.45 * fabs(sin(twist * PI / 180));
#define AT(t, d) off(mix(pel, neck, (t)), nrm, (d) + ((d) < 0 ? -1 : 1) * wide * turn_share(t))
    struct point pts[] = {
        AT(1.0, 0.2),        AT(0.86, 0.5),  AT(0.7, 0.52),         AT(0.5, 0.4 + bow * 0.7),
        AT(0.3, 0.38 + bow), AT(0.08, 0.44), AT(-0.1, 0.3),         AT(-0.14, -0.1),
        AT(-0.06, -0.46),    AT(0.1, -0.5),  AT(0.32, -0.36 + bow), AT(0.55, -0.4 + bow * 0.7),
        AT(0.8, -0.48),      AT(0.97, -0.3)};
#undef AT
    closed_curve(cr, pts, 14);
}

/* The head: a rounded skull and a narrower jaw toward the face; an oval from the front. */
static void head(cairo_t *cr, const struct point *s, bool front)
{
    struct point c = s[J_HEAD];
    double up = ang_of(s[J_NECK], c), face = ang_of(c, s[J_NOSE]);

    if (front) {
        struct point pts[12];
        for (int i = 0; i < 12; i++) {
            double a = i / 12.0 * 2 * PI, ry = cos(a) > 0 ? 0.52 : 0.5;
            double vx = cos(a) * ry, vy = sin(a) * 0.4 * (cos(a) < -0.3 ? 0.82 : 1);
            pts[i] = (struct point){c.x + vx * cos(up) - vy * sin(up),
                                    c.y + vx * sin(up) + vy * cos(up)};
        }
        closed_curve(cr, pts, 12);
        return;
    }
    struct point pts[] = {off(c, up, 0.52),
                          off(c, (up + face) / 2 + (fabs(up - face) > PI ? PI : 0), 0.5),
                          off(off(c, face, 0.44), up, 0.02),
                          off(off(c, face, 0.36), up, -0.28),
                          off(off(c, up, -0.46), face, 0.12),
                          off(off(c, up, -0.3), face, -0.3),
                          off(c, face + PI, 0.46),
                          off(off(c, up, 0.36), face, -0.34)};
    closed_curve(cr, pts, 8);
}

enum part { ARM, LEG };

static void limb(cairo_t *cr, const struct point *s, int side, enum part part)
{
    struct point sh = s[J_LEFT_SHOULDER + side], el = s[J_LEFT_ELBOW + side],
                 wr = s[J_LEFT_WRIST + side], hand = s[J_LEFT_HAND + side];
    struct point hip = s[J_LEFT_HIP + side], kn = s[J_LEFT_KNEE + side],
                 an = s[J_LEFT_ANKLE + side], heel = s[J_LEFT_HEEL + side],
                 toe = s[J_LEFT_TOE + side];

    if (part == ARM) {
        capsule(cr, sh, 0.23, el, 0.15);
        capsule(cr, el, 0.15, wr, 0.1);
        capsule(cr, wr, 0.1, hand, 0.08);
        return;
    }
    capsule(cr, hip, 0.38, kn, 0.2);
    capsule(cr, kn, 0.2, an, 0.12);
    capsule(cr, heel, 0.12, toe, 0.07);
    capsule(cr, an, 0.12, mix(heel, toe, 0.45), 0.1);
    capsule(cr, an, 0.12, heel, 0.12);
}

/* Replays the subpaths of `p` one at a time, each painted on its own: overlapping
 * shapes never cancel out, whatever way round each was drawn. */
static void each_shape(cairo_t *cr, const cairo_path_t *p, bool outline)
{
    bool open = false;

    cairo_new_path(cr);
    for (int i = 0; i <= p->num_data; i += i < p->num_data ? p->data[i].header.length : 1) {
        const cairo_path_data_t *d = i < p->num_data ? &p->data[i] : NULL;
        if (open && (!d || d->header.type == CAIRO_PATH_MOVE_TO)) {
            if (outline)
                cairo_stroke_preserve(cr);
            cairo_fill(cr);
            open = false;
        }
        if (!d)
            break;
        switch (d->header.type) {
        case CAIRO_PATH_MOVE_TO:
            cairo_move_to(cr, d[1].point.x, d[1].point.y);
            break;
        case CAIRO_PATH_LINE_TO:
            cairo_line_to(cr, d[1].point.x, d[1].point.y);
            open = true;
            break;
        case CAIRO_PATH_CURVE_TO:
            cairo_curve_to(cr, d[1].point.x, d[1].point.y, d[2].point.x, d[2].point.y, d[3].point.x,
                           d[3].point.y);
            open = true;
            break;
        case CAIRO_PATH_CLOSE_PATH:
            cairo_close_path(cr);
            break;
        }
    }
    cairo_new_path(cr);
}

/* A group reads as one body part: every shape's outline first, then every fill over them. */
static void fill_group(cairo_t *cr, struct rgb fill, struct rgb edge)
{
    cairo_path_t *path = cairo_copy_path(cr);

    set(cr, edge);
    cairo_set_line_width(cr, 0.07);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    each_shape(cr, path, true);
    set(cr, fill);
    each_shape(cr, path, false);
    cairo_path_destroy(path);
}

/* Where each muscle is drawn (web/app/figure.js MUSCLE_AT). */
static const struct {
    enum rig_joint a, b; /* for a limb: the left joint; the side is added */
    bool limb;
    double t0, t1, depth, r0, r1;
} muscle_at[MUSCLES] = {
    [M_GLUTES] = {J_LEFT_HIP, J_LEFT_KNEE, true, -0.05, 0.22, -0.2, 0.26, 0.2},
    [M_HAMSTRINGS] = {J_LEFT_HIP, J_LEFT_KNEE, true, 0.3, 0.85, -0.2, 0.12, 0.08},
    [M_QUADRICEPS] = {J_LEFT_HIP, J_LEFT_KNEE, true, 0.2, 0.85, 0.17, 0.13, 0.09},
    [M_HIP_FLEXORS] = {J_LEFT_HIP, J_LEFT_KNEE, true, -0.05, 0.2, 0.18, 0.13, 0.1},
    [M_ABDOMINALS] = {J_NECK, J_PELVIS, false, 0.4, 0.85, 0.26, 0.14, 0.12},
    [M_OBLIQUES] = {J_NECK, J_PELVIS, false, 0.45, 0.85, 0.05, 0.16, 0.13},
    [M_BACK] = {J_NECK, J_PELVIS, false, 0.5, 0.9, -0.26, 0.13, 0.12},
    [M_UPPER_BACK] = {J_NECK, J_PELVIS, false, 0.12, 0.45, -0.28, 0.15, 0.12},
    [M_CALVES] = {J_LEFT_KNEE, J_LEFT_ANKLE, true, 0.12, 0.55, -0.1, 0.13, 0.09},
    [M_SHOULDERS] = {J_LEFT_SHOULDER, J_LEFT_ELBOW, true, 0.0, 0.3, 0, 0.19, 0.14},
    [M_CHEST] = {J_NECK, J_PELVIS, false, 0.12, 0.35, 0.3, 0.15, 0.12},
    [M_HIP_OUTER] = {J_LEFT_HIP, J_LEFT_KNEE, true, 0.0, 0.4, 0, 0.22, 0.14},
};

static void muscle(cairo_t *cr, const struct point *s, enum muscle m, int side, bool front,
                   double flip)
{
    int add = muscle_at[m].limb ? side : 0;
    struct point p = s[muscle_at[m].a + add], q = s[muscle_at[m].b + add];
    double ang = ang_of(p, q) - PI / 2 * flip, d = front ? 0 : muscle_at[m].depth;

    capsule(cr, off(mix(p, q, muscle_at[m].t0), ang, d), muscle_at[m].r0,
            off(mix(p, q, muscle_at[m].t1), ang, d), muscle_at[m].r1);
    cairo_set_source_rgba(cr, MUSCLE.r, MUSCLE.g, MUSCLE.b, 0.85);
    cairo_fill(cr);
}

static void stroke_line(cairo_t *cr, struct rgb c, double width)
{
    set(cr, c);
    cairo_set_line_width(cr, width);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke(cr);
}

#define MAT_WIDTH 7.2 /* a mat seen from above under someone on their side, in head units */

static void props(cairo_t *cr, const struct demo *d, const struct point *s,
                  const struct figure_box *b, double sx, bool towels)
{
    for (int i = 0; i < d->n_props; i++) {
        const struct demo_prop *pr = &d->props[i];
        double x = sx * pr->x, y = -pr->y;
        if ((pr->kind == PROP_TOWEL) != towels)
            continue;
        switch (pr->kind) {
        case PROP_MAT: {
            double w = b->x1 - b->x0 - 0.8, x0 = b->x0 + 0.4;
            if (d->from_above) { /* seen from above, the mat lies under the body, along it */
                double h = b->y1 - b->y0 - 0.8, y0 = b->y0 + 0.4;
                double c = cos(d->kf[0].pose.angle[A_TRUNK] * PI / 180);
                if (fabs(c) > 0.7) { /* lying across the picture: from the arm opened behind to the
                                        hands in front */
                    double front = c > 0 ? 1 : -1, a = s[J_PELVIS].y - 3.6 * front;
                    double e = s[J_PELVIS].y + (MAT_WIDTH - 3.6) * front;
                    y0 = fmin(a, e);
                    h = MAT_WIDTH;
                    x0 = b->x0 + 0.1; /* and the whole length, head and feet on it */
                    w = b->x1 - b->x0 - 0.2;
                }
                cairo_rectangle(cr, x0, y0, w, h);
                set(cr, MAT);
                cairo_fill(cr);
                break;
            }
            cairo_new_sub_path(cr);
            cairo_arc(cr, x0 + 0.05, -0.05, 0.05, PI / 2, 3 * PI / 2);
            cairo_arc(cr, x0 + w - 0.05, -0.05, 0.05, -PI / 2, PI / 2);
            cairo_close_path(cr);
            set(cr, MAT);
            cairo_fill(cr);
            break;
        }
        case PROP_CHAIR: {
            double back = x - sx * 1.45;
            if (d->view == VIEW_FRONT) { /* the seat across, two legs, the back behind the body */
                cairo_move_to(cr, x - 1.1, -2.05);
                cairo_line_to(cr, x + 1.1, -2.05);
                cairo_move_to(cr, x - 0.95, -2.05);
                cairo_line_to(cr, x - 0.95, 0);
                cairo_move_to(cr, x + 0.95, -2.05);
                cairo_line_to(cr, x + 0.95, 0);
                cairo_move_to(cr, x - 1, -2.1);
                cairo_line_to(cr, x - 1, -4.3);
                cairo_line_to(cr, x + 1, -4.3);
                cairo_line_to(cr, x + 1, -2.1);
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
                stroke_line(cr, PROP_EDGE, 0.16);
                break;
            }
            cairo_move_to(cr, x, -2.05);
            cairo_line_to(cr, back, -2.05);
            cairo_move_to(cr, back, 0);
            cairo_line_to(cr, back, -4.3);
            cairo_move_to(cr, x - sx * 0.1, -2.05);
            cairo_line_to(cr, x - sx * 0.1, 0);
            cairo_move_to(cr, back + sx * 0.1, -2.05);
            cairo_line_to(cr, back + sx * 0.1, 0);
            stroke_line(cr, PROP_EDGE, 0.16);
            break;
        }
        case PROP_WALL:
            cairo_rectangle(cr, x > s[J_PELVIS].x ? x : x - 0.5, b->y0, 0.5, -b->y0);
            set(cr, PROP);
            cairo_fill(cr);
            break;
        case PROP_STEP:
            cairo_rectangle(cr, x - 0.7, y, 1.4, -y);
            set(cr, PROP);
            cairo_fill_preserve(cr);
            set(cr, PROP_EDGE);
            cairo_set_line_width(cr, 0.05);
            cairo_stroke(cr);
            break;
        case PROP_TABLE:
            cairo_move_to(cr, x - 1.6, y);
            cairo_line_to(cr, x + 1.6, y);
            cairo_move_to(cr, x - 1.4, y);
            cairo_line_to(cr, x - 1.4, 0);
            cairo_move_to(cr, x + 1.4, y);
            cairo_line_to(cr, x + 1.4, 0);
            stroke_line(cr, PROP_EDGE, 0.16);
            break;
        case PROP_RAIL: /* a post and a bar at hand height to hold */
            cairo_move_to(cr, x, 0);
            cairo_line_to(cr, x, y);
            cairo_move_to(cr, x - 0.5, y);
            cairo_line_to(cr, x + 0.5, y);
            stroke_line(cr, PROP_EDGE, 0.16);
            break;
        case PROP_PILLOW:
            cairo_save(cr);
            cairo_translate(cr, x, y);
            cairo_scale(cr, 0.7,
                        d->from_above ? 0.6 : 0.22); /* from above: its top, not its edge */
            cairo_arc(cr, 0, 0, 1, 0, 2 * PI);
            cairo_restore(cr);
            set(cr, PILLOW);
            cairo_fill_preserve(cr);
            set(cr, PROP_EDGE);
            cairo_set_line_width(cr, 0.04);
            cairo_stroke(cr);
            break;
        case PROP_BIKE:
            cairo_move_to(cr, x, y);
            cairo_line_to(cr, x + sx * 0.6, 0);
            cairo_move_to(cr, x - sx * 0.4, y);
            cairo_line_to(cr, x + sx * 0.4, y);
            cairo_move_to(cr, x + sx * 1.9, y - 1.3);
            cairo_line_to(cr, x + sx * 0.9, 0);
            cairo_move_to(cr, x - sx * 0.9, 0);
            cairo_line_to(cr, x + sx * 2.2, 0);
            stroke_line(cr, PROP_EDGE, 0.16);
            break;
        case PROP_TOWEL: {
            struct point a = s[pr->from], c = s[pr->to];
            cairo_move_to(cr, a.x, a.y);
            cairo_line_to(cr, c.x, c.y);
            stroke_line(cr, TOWEL, 0.09);
            break;
        }
        default:
            break;
        }
    }
}

static void arrows(cairo_t *cr, const struct keyframe *k, const struct point *s, double flip)
{
    for (int i = 0; i < k->n_arrows; i++) {
        struct point at = s[k->arrows[i].joint];
        double a = k->arrows[i].dir * PI / 180, dx = flip * cos(a), dy = -sin(a);
        struct point from = {at.x + dx * ARROW_FROM, at.y + dy * ARROW_FROM},
                     to = {at.x + dx * ARROW_TO, at.y + dy * ARROW_TO};
        double hx = -dy * 0.2, hy = dx * 0.2;
        cairo_move_to(cr, from.x, from.y);
        cairo_line_to(cr, to.x - dx * 0.2, to.y - dy * 0.2);
        stroke_line(cr, ARROW, 0.1);
        cairo_move_to(cr, to.x, to.y);
        cairo_line_to(cr, to.x - dx * 0.35 + hx, to.y - dy * 0.35 + hy);
        cairo_line_to(cr, to.x - dx * 0.35 - hx, to.y - dy * 0.35 - hy);
        cairo_close_path(cr);
        set(cr, ARROW);
        cairo_fill(cr);
    }
}

static bool water_line(const struct demo *d, double *y)
{
    for (int i = 0; i < d->n_props; i++)
        if (d->props[i].kind == PROP_WATER) {
            *y = -d->props[i].y;
            return true;
        }
    return false;
}

static void shadow_and_floor(cairo_t *cr, const struct point *s, const struct figure_box *b)
{
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (int j = 0; j < RIG_JOINTS; j++) {
        lo = fmin(lo, s[j].x);
        hi = fmax(hi, s[j].x);
    }
    double cx = (lo + hi) / 2, rx = (hi - lo) / 2 + 0.5;
    cairo_pattern_t *g = cairo_pattern_create_radial(0, 0, 0, 0, 0, 1);
    cairo_pattern_add_color_stop_rgba(g, 0, 0, 0, 0, 0.22);
    cairo_pattern_add_color_stop_rgba(g, 1, 0, 0, 0, 0);
    cairo_save(cr);
    cairo_translate(cr, cx, 0.02);
    cairo_scale(cr, rx, 0.16);
    cairo_arc(cr, 0, 0, 1, 0, 2 * PI);
    cairo_set_source(cr, g);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_pattern_destroy(g);
    cairo_move_to(cr, b->x0, 0);
    cairo_line_to(cr, b->x1, 0);
    set(cr, PROP_EDGE);
    cairo_set_line_width(cr, 0.04);
    cairo_stroke(cr);
}

static void extend(struct figure_box *b, struct point p)
{
    b->x0 = fmin(b->x0, p.x);
    b->x1 = fmax(b->x1, p.x);
    b->y0 = fmin(b->y0, p.y);
    b->y1 = fmax(b->y1, p.y);
}

void figure_stage(const struct demo *d, bool other_side, struct figure_box *out)
{
    struct figure_box b = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    double sx = sx_of(d->view, other_side);

    for (int i = 0; i < d->n_kf; i++)
        for (int k = 0; k < 2; k++) {
            struct rig_frame f;
            demo_frame_between(d, i, k ? (i + 1) % d->n_kf : i, k ? 0.5 : 1.0, false, &f);
            for (int j = 0; j < RIG_JOINTS; j++)
                extend(&b, screen(f.p[j], sx));
            for (int a = 0; k == 0 && a < d->kf[i].n_arrows; a++) {
                struct point at = f.p[d->kf[i].arrows[a].joint];
                double dir = d->kf[i].arrows[a].dir * PI / 180;
                extend(&b, screen((struct point){at.x + cos(dir) * ARROW_TO,
                                                 at.y + sin(dir) * ARROW_TO},
                                  sx));
            }
        }
    *out = (struct figure_box){b.x0 - 0.9, b.y0 - 0.9, b.x1 + 0.9, fmax(b.y1, 0) + 0.5};
}

/* Seen from the front, a limb's muscle is drawn on the side that moves into keyframe `key`
 * when only one does (the top leg of a side-lying lift); else on both (figure.js
 * workingSide). Returns -1 for both, else 0 left or 1 right, as drawn. */
static int working_side(const struct demo *d, int key, enum muscle m)
{
    enum rig_angle a = muscle_at[m].a == J_LEFT_HIP        ? A_LEFT_HIP
                       : muscle_at[m].a == J_LEFT_KNEE     ? A_LEFT_KNEE
                       : muscle_at[m].a == J_LEFT_SHOULDER ? A_LEFT_SHOULDER
                                                           : A_TRUNK;
    bool moved[2];

    if (!muscle_at[m].limb || a == A_TRUNK || key < 1 || key >= d->n_kf)
        return -1;
    for (int s = 0; s < 2; s++)
        moved[s] = fabs(d->kf[key].pose.angle[a + s] - d->kf[key - 1].pose.angle[a + s]) >= 1;
    if (moved[0] == moved[1])
        return -1;
    /* the other side is the mirror image of the same frame: the names stay */
    return moved[1] ? 1 : 0;
}

void figure_draw(cairo_t *cr, const struct demo *d, const struct rig_frame *f, int key,
                 bool other_side, const struct figure_box *box, double x, double y, double w,
                 double h)
{
    struct point s[RIG_JOINTS], far[RIG_JOINTS];
    bool front = d->view == VIEW_FRONT;
    double flip = sx_of(d->view, other_side), wl;
    int near = d->view == VIEW_SIDE_LEFT ? 0 : 1; /* 0 left, 1 right */
    const struct keyframe *k = key >= 0 && key < d->n_kf ? &d->kf[key] : NULL;
    double bw = box->x1 - box->x0, bh = box->y1 - box->y0;
    double scale = fmin(w / bw, h / bh);

    for (int j = 0; j < RIG_JOINTS; j++) {
        s[j] = screen(f->p[j], flip);
        far[j] = (struct point){s[j].x - 0.1 * flip, s[j].y - 0.06};
    }
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    /* the stage fitted and centred in the rectangle, as SVG's xMidYMid meet */
    cairo_translate(cr, x + (w - bw * scale) / 2, y + (h - bh * scale) / 2);
    cairo_scale(cr, scale, scale);
    cairo_translate(cr, -box->x0, -box->y0);
    bool water = water_line(d, &wl);
    if (!water && !d->from_above)
        shadow_and_floor(cr, s, box);
    props(cr, d, s, box, flip, false);
    if (!front) {
        limb(cr, far, 1 - near, ARM);
        fill_group(cr, FAR, FAR_EDGE);
        limb(cr, far, 1 - near, LEG);
        fill_group(cr, FAR, FAR_EDGE);
    }
    capsule(cr, s[J_NECK], 0.19, s[J_HEAD], 0.2);
    torso(cr, s, f->spine, f->twist, front, flip);
    head(cr, s, front);
    fill_group(cr, NEAR, NEAR_EDGE);
    if (!front) {
        capsule(cr, s[J_LEFT_EAR], 0.09, mix(s[J_LEFT_EAR], s[J_HEAD], -0.01), 0.08);
        cairo_set_source_rgba(cr, NEAR_EDGE.r, NEAR_EDGE.g, NEAR_EDGE.b, 0.35);
        cairo_fill(cr);
    }
    for (int side = 0; side < 2; side++)
        if (front || side == near) {
            limb(cr, s, side, LEG);
            fill_group(cr, NEAR, NEAR_EDGE);
        }
    for (int side = 0; side < 2; side++)
        if (front || side == near) {
            limb(cr, s, side, ARM);
            fill_group(cr, NEAR, NEAR_EDGE);
        }
    /* the muscles at work, over everything of the body, so that no arm hides them */
    for (int m = 0; k && m < MUSCLES; m++)
        for (int side = 0; k->muscle[m] && side < 2; side++)
            if (front ? working_side(d, key, (enum muscle)m) != 1 - side : side == near)
                muscle(cr, s, (enum muscle)m, side, front, flip);
    props(cr, d, s, box, flip, true);
    if (water) {
        cairo_rectangle(cr, box->x0, wl, bw, box->y1 - wl);
        cairo_set_source_rgba(cr, 64 / 255.0, 156 / 255.0, 204 / 255.0, 0.28);
        cairo_fill(cr);
        cairo_move_to(cr, box->x0, wl);
        cairo_line_to(cr, box->x1, wl);
        set(cr, WATER_LINE);
        cairo_set_line_width(cr, 0.05);
        cairo_stroke(cr);
    }
    if (k)
        arrows(cr, k, s, flip);
    cairo_restore(cr);
}
