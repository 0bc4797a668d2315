/*
 * handout.h: the printable home-exercise handout, a PDF drawn with cairo
 * (pango for the text, libqrencode for the code that opens the app) from
 * the same demonstration data the app plays (docs/demos.md, "Handouts").
 */
#ifndef MOVERX_HANDOUT_H
#define MOVERX_HANDOUT_H

#include <jansson.h>

#include "common/err.h"
#include "core/catalog/catalog.h"

enum paper { PAPER_A4, PAPER_LETTER };

struct handout_opts {
    enum paper paper;
    const char *app_url; /* the QR code opens it; NULL or "" leaves the code out */
};

bool paper_from_name(const char *name, enum paper *out);

/*
 * Renders the handout document (records_handout()'s JSON) to PDF in memory:
 * *pdf (free it) of *len bytes. Each exercise has its dose and days, 2 to 4
 * numbered step pictures with their captions, what the person should feel
 * and any caution; then the walking, the flare plan and how to reach the
 * care team. MRX_EIO when cairo fails.
 */
int handout_pdf(const json_t *doc, const struct catalog *cat, const struct handout_opts *opts,
                char **pdf, size_t *len, struct mrx_err *err);

/* One step picture of an exercise as PNG in memory (for `moverx exercises picture`). */
int figure_png(const struct exercise *ex, int step, bool other_side, int width, int height,
               char **png, size_t *len, struct mrx_err *err);

/*
 * Lets go of what drawing text holds for the whole process (pango's font map
 * and fontconfig's caches): call once, after the last handout, when no other
 * thread draws any more, so that a clean exit leaks nothing.
 */
void render_release(void);

#endif
