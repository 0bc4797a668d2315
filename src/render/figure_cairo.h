/*
 * figure_cairo.h: the demonstration figure drawn with cairo, for print (the
 * handout) and for pictures (`moverx exercises picture`). The same body,
 * props and colours as the web app's figure (web/app/figure.js, draw());
 * tests/e2e/figure-golden.test.mjs compares the two drawings.
 */
#ifndef MOVERX_FIGURE_CAIRO_H
#define MOVERX_FIGURE_CAIRO_H

#include <cairo.h>

#include "core/demo/demo.h"

/* The stage a demonstration needs, in screen head units (x right, y down). */
struct figure_box {
    double x0, y0, x1, y1;
};

/*
 * Every keyframe, the middle of each move and every arrow's tip, with a
 * margin: the figure is never cropped. `other_side` is the mirror image, as
 * the other side of a one-sided exercise is drawn.
 */
void figure_stage(const struct demo *d, bool other_side, struct figure_box *out);

/*
 * Draws the figure placed as `f` (keyframe `key` gives the arrows and
 * muscles; -1 for none) into the rectangle (x, y, w, h) of `cr`, the stage
 * `box` fitted and centred in it; the mirror image for the other side.
 */
void figure_draw(cairo_t *cr, const struct demo *d, const struct rig_frame *f, int key,
                 bool other_side, const struct figure_box *box, double x, double y, double w,
                 double h);

#endif
