/*
 * handout.c: the home-exercise handout as PDF (see handout.h). Layout is
 * one column of blocks that move to a new page whole; every block is
 * measured with pango before it is drawn.
 */
#include "compat.h"
#include <math.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <fontconfig/fontconfig.h>
#include <qrencode.h>
#include <stdlib.h>

#include "common/xalloc.h"
#include "core/plan/plan.h"
#include "formats/exercise_json.h"
#include "render/figure_cairo.h"
#include "render/handout.h"

#define MARGIN 42.0
#define GAP 10.0
#define FOOTER 30.0
#define FONT "DejaVu Sans"
#define MAX_PICTURES 4

struct sheet {
    cairo_t *cr;
    double w, h; /* the page */
    double y;    /* where the next block goes */
    int page;
};

/* ---- memory output for cairo ---- */

struct buf {
    char *data;
    size_t len, cap;
};

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    struct buf *b = closure;
    xgrow((void **)&b->data, &b->cap, b->len + length, 1);
    memcpy(b->data + b->len, data, length);
    b->len += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The drawing's bytes to the caller when cairo finished well; else nothing, and why. */
static int hand_over(struct buf *b, cairo_status_t st, const char *what, char **out, size_t *len,
                     struct mrx_err *err)
{
    if (st != CAIRO_STATUS_SUCCESS) {
        free(b->data);
        return mrx_err_set(err, MRX_EIO, what, "cannot draw it: %s", cairo_status_to_string(st));
    }
    *out = b->data;
    *len = b->len;
    return MRX_OK;
}

bool paper_from_name(const char *name, enum paper *out)
{
    if (!strcmp(name, "a4"))
        *out = PAPER_A4;
    else if (!strcmp(name, "letter"))
        *out = PAPER_LETTER;
    else
        return false;
    return true;
}

/* ---- text ---- */

static PangoLayout *layout(cairo_t *cr, const char *text, double size, bool bold, double width)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *f = pango_font_description_from_string(FONT);

    pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
    pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, f);
    pango_font_description_free(f);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    return l;
}

/* The height of a text at a width; drawn at (x, y) in `ink` when draw is set. */
static double text(cairo_t *cr, const char *s, double size, bool bold, double x, double y,
                   double width, bool draw, double ink)
{
    PangoLayout *l = layout(cr, s, size, bold, width);
    int w, h;

    pango_layout_get_size(l, &w, &h);
    if (draw) {
        cairo_set_source_rgb(cr, ink, ink, ink);
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, l);
    }
    g_object_unref(l);
    return (double)h / PANGO_SCALE;
}

static void footer(struct sheet *sh)
{
    char line[160];
    snprintf(line, sizeof(line),
             "MoveRx. Exercise figures by MoveRx contributors, CC BY 4.0. Page %d", sh->page);
    text(sh->cr, line, 7.5, false, MARGIN, sh->h - FOOTER + 8, sh->w - 2 * MARGIN, true, 0.35);
}

/* Room for a block of height h: the rest of this page, or a new one. */
static void room(struct sheet *sh, double h)
{
    if (sh->y + h <= sh->h - FOOTER - 6 || sh->y <= MARGIN + 1)
        return;
    footer(sh);
    cairo_show_page(sh->cr);
    sh->page++;
    sh->y = MARGIN;
}

/* ---- blocks ---- */

static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const day_words[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static void days_text(const json_t *days, char *buf, size_t size)
{
    size_t n = 0, k;
    json_t *d;

    buf[0] = '\0';
    json_array_foreach(days, k, d)
    {
        for (int i = 0; i < 7; i++)
            if (json_is_string(d) && !strcmp(json_string_value(d), day_names[i]))
                n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "",
                                      day_words[i]);
    }
}

/* A string of the document, or "" (never NULL into a format). */
static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void header(struct sheet *sh, const json_t *doc)
{
    const json_t *org = json_object_get(doc, "org");
    char line[512];
    double w = sh->w - 2 * MARGIN;

    sh->y += text(sh->cr, "Your exercise program", 20, true, MARGIN, sh->y, w, true, 0.07) + 4;
    snprintf(line, sizeof(line),
             "For %s, from %s. Printed %s: week %lld of %lld (%s), plan version %lld.",
             str(json_object_get(doc, "patient"), "name"), str(org, "name"), str(doc, "date"),
             json_integer_value(json_object_get(doc, "week")),
             json_integer_value(json_object_get(doc, "program_weeks")), str(doc, "phase"),
             json_integer_value(json_object_get(doc, "plan_version")));
    sh->y += text(sh->cr, line, 10, false, MARGIN, sh->y, w, true, 0.2) + 4;
    /* How hard, how much and when to stop: the pain-monitoring model (Smeets et al. 2006;
     * docs/adaptation.md) and the effort of moderate strength work (ACSM, RPE 5-7 of 10). */
    sh->y += text(sh->cr,
                  "Do each exercise on the days shown. Move slowly and breathe. Rest about 30 "
                  "seconds between sets. Strength exercises should feel fairly hard by the last "
                  "rep, as if you could do 2 or 3 more. Mild discomfort is fine if it has eased "
                  "by the next morning. Stop if a pain is sharp.",
                  10, false, MARGIN, sh->y, w, true, 0.2) +
             4;
    if (json_is_true(json_object_get(json_object_get(doc, "condition"), "leg_pain")))
        sh->y += text(sh->cr,
                      "You have leg pain: ease off if it spreads further down your leg, or if it "
                      "is still worse the next morning.",
                      10, true, MARGIN, sh->y, w, true, 0.2) +
                 4;
    else
        sh->y += text(sh->cr, "Stop if pain spreads down your leg.", 10, false, MARGIN, sh->y, w,
                      true, 0.2) +
                 4;
    sh->y += GAP;
}

/* `in` with each space after a digit made a no-break space, so a number keeps its unit on
 * its line ("hold 30 s", "2 min") in a narrow caption, and "1 x 8" stays whole. */
static void keep_units(const char *in, char *out, size_t size)
{
    size_t n = 0;

    for (const char *c = in; *c && n + 3 < size; c++) {
        bool after_digit = c > in && c[-1] >= '0' && c[-1] <= '9';
        bool after_times =
            c - in >= 3 && c[-1] == 'x' && c[-2] == ' ' && c[-3] >= '0' && c[-3] <= '9';
        if (*c == ' ' && (after_digit || after_times)) {
            out[n++] = (char)0xc2;
            out[n++] = (char)0xa0;
        } else {
            out[n++] = *c;
        }
    }
    out[n] = '\0';
}

/* One picture with its caption below, in the cell at column `col` of a row at y; returns
 * the caption's height. */
static double picture_cell(struct sheet *sh, const struct demo *d, int step, const char *caption,
                           int col, double y, bool draw)
{
    cairo_t *cr = sh->cr;
    double w = sh->w - 2 * MARGIN, pic_w = (w - (MAX_PICTURES - 1) * GAP) / MAX_PICTURES;
    double pic_h = pic_w * 0.75, cx = MARGIN + col * (pic_w + GAP), ch;
    char kept[400];

    keep_units(caption, kept, sizeof(kept));
    ch = text(cr, kept, 8.5, false, cx, y + pic_h + 3, pic_w, draw, 0.15);

    if (draw) {
        struct figure_box box;
        struct rig_frame f;
        figure_stage(d, false, &box);
        cairo_set_source_rgb(cr, 0.953, 0.965, 0.973);
        cairo_rectangle(cr, cx, y, pic_w, pic_h);
        cairo_fill(cr);
        demo_frame_between(d, step, step, 1.0, false, &f);
        figure_draw(cr, d, &f, step, false, &box, cx + 2, y + 2, pic_w - 4, pic_h - 4);
    }
    return ch;
}

/* The step that shows a move best: the one its author chose, else the one held for the
 * dose, else the first move made. */
static int telling_step(const struct demo *d)
{
    if (d->print_step)
        return d->print_step - 1;
    for (int i = 0; i < d->n_kf; i++)
        if (d->kf[i].hold_dose)
            return i;
    return d->n_kf > 1 ? 1 : 0;
}

/* The pictures of an exercise's steps, a fifth step and on in words; or, for a routine,
 * one picture of each of its moves, rows of four, with the move's name and dose. */
static double pictures(struct sheet *sh, const struct exercise *ex, const struct dose *planned,
                       const struct catalog *cat, double y, bool draw)
{
    double w = sh->w - 2 * MARGIN, pic_h = (w - (MAX_PICTURES - 1) * GAP) / MAX_PICTURES * 0.75;
    double y0 = y, caps = 0;
    char cap[240], dose[160];
    int col = 0;

    if (ex->n_routine && cat) {
        for (int i = 0; i < ex->n_routine; i++) {
            const struct exercise *m = catalog_find(cat, ex->routine[i].exercise);
            if (!m || !m->demo)
                continue;
            struct dose md;
            routine_move_dose(cat, ex, i, planned, &md); /* with the routine, as on Today */
            dose_describe(&md, m->per_side, dose, sizeof(dose));
            snprintf(cap, sizeof(cap), "%d. %s: %s", i + 1, m->name, dose);
            caps = fmax(caps, picture_cell(sh, m->demo, telling_step(m->demo), cap, col, y, draw));
            if (++col == MAX_PICTURES) {
                y += pic_h + 3 + caps + 8;
                col = 0;
                caps = 0;
            }
        }
        return y - y0 + (col ? pic_h + 3 + caps + 8 : 0);
    }
    if (!ex->demo)
        return 0;
    for (int i = 0; i < ex->demo->n_kf && i < MAX_PICTURES; i++) {
        snprintf(cap, sizeof(cap), "%d. %s", i + 1, ex->demo->kf[i].caption);
        caps = fmax(caps, picture_cell(sh, ex->demo, i, cap, i, y, draw));
    }
    y += pic_h + 3 + caps + 6;
    /* steps past the pictures are printed as words, so none is lost */
    for (int i = MAX_PICTURES; i < ex->demo->n_kf; i++) {
        snprintf(cap, sizeof(cap), "%d. %s", i + 1, ex->demo->kf[i].caption);
        y += text(sh->cr, cap, 8.5, false, MARGIN, y, w, draw, 0.15) + 2;
    }
    return y - y0;
}

/* One exercise: name, dose and days, the pictures, what to feel, any caution. */
static double exercise_block(struct sheet *sh, const json_t *item, const struct exercise *ex,
                             const struct catalog *cat, bool draw)
{
    cairo_t *cr = sh->cr;
    double w = sh->w - 2 * MARGIN, x = MARGIN, y = sh->y;
    char dose[160], days[64], line[320];
    struct dose d = {0};
    struct mrx_err err;

    if (dose_parse(json_object_get(item, "dose"), "dose", &d, &err))
        d = ex->dose;
    dose_describe(&d, ex->per_side, dose, sizeof(dose));
    days_text(json_object_get(item, "days"), days, sizeof(days));
    y += text(cr, ex->name, 13, true, x, y, w, draw, 0.05) + 2;
    snprintf(line, sizeof(line), "%s%s%s", dose, *days ? ". Days: " : "", days);
    y += text(cr, line, 10, false, x, y, w, draw, 0.2) + 6;
    y += pictures(sh, ex, &d, cat, y, draw);
    snprintf(line, sizeof(line), "What you should feel: %s", ex->feel);
    y += text(cr, line, 9.5, false, x, y, w, draw, 0.2) + 4;
    if (json_is_string(json_object_get(item, "caution"))) {
        snprintf(line, sizeof(line), "Take care: %s",
                 json_string_value(json_object_get(item, "caution")));
        double th = text(cr, line, 9.5, true, x + 6, y + 4, w - 12, false, 0);
        if (draw) {
            cairo_set_source_rgb(cr, 1.0, 0.957, 0.839); /* the app's --warn-bg */
            cairo_rectangle(cr, x, y, w, th + 8);
            cairo_fill(cr);
            text(cr, line, 9.5, true, x + 6, y + 4, w - 12, true, 0.25);
        }
        y += th + 12;
    }
    if (draw) {
        cairo_set_source_rgb(cr, 0.79, 0.82, 0.85);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, x, y + 2);
        cairo_line_to(cr, x + w, y + 2);
        cairo_stroke(cr);
    }
    return y + GAP - sh->y;
}

/* A heading and lines of text, as one block; `right` is kept free at its right. */
static double text_block(struct sheet *sh, const char *title, const char *const *lines, int n,
                         bool numbered, double right, bool draw)
{
    double w = sh->w - 2 * MARGIN - right, y = sh->y;
    char line[640];

    y += text(sh->cr, title, 13, true, MARGIN, y, w, draw, 0.05) + 3;
    for (int i = 0; i < n; i++) {
        if (numbered)
            snprintf(line, sizeof(line), "%d. %s", i + 1, lines[i]);
        else
            snprintf(line, sizeof(line), "%s", lines[i]);
        y += text(sh->cr, line, 10, false, MARGIN, y, w, draw, 0.2) + 3;
    }
    return y + GAP - sh->y;
}

static void place(struct sheet *sh, double (*block)(struct sheet *, const void *, bool),
                  const void *arg)
{
    room(sh, block(sh, arg, false));
    sh->y += block(sh, arg, true);
}

struct ex_arg {
    const json_t *item;
    const struct exercise *ex;
    const struct catalog *cat;
};

static double exercise_cb(struct sheet *sh, const void *arg, bool draw)
{
    const struct ex_arg *a = arg;
    return exercise_block(sh, a->item, a->ex, a->cat, draw);
}

struct text_arg {
    const char *title;
    const char *lines[16];
    int n;
    bool numbered;
    QRcode *qr; /* drawn at the block's right (the care team's: the app is one scan away) */
};

#define QR_MODULE 2.2

static double text_cb(struct sheet *sh, const void *arg, bool draw)
{
    const struct text_arg *a = arg;
    double size = a->qr ? a->qr->width * QR_MODULE : 0;
    double h = text_block(sh, a->title, a->lines, a->n, a->numbered, size ? size + 14 : 0, draw);

    if (a->qr && draw) {
        double x0 = sh->w - MARGIN - size;
        cairo_set_source_rgb(sh->cr, 0, 0, 0);
        for (int r = 0; r < a->qr->width; r++)
            for (int c = 0; c < a->qr->width; c++)
                if (a->qr->data[r * a->qr->width + c] & 1)
                    cairo_rectangle(sh->cr, x0 + c * QR_MODULE, sh->y + r * QR_MODULE, QR_MODULE,
                                    QR_MODULE);
        cairo_fill(sh->cr);
    }
    return h > size + GAP ? h : size + GAP;
}

/* The QR code that opens the app, with the address under it. */
static void walking_block(struct sheet *sh, const json_t *walk)
{
    struct text_arg a = {.title = "Walking", .n = 1};
    char line[256], days[64];
    long long minutes = json_integer_value(json_object_get(walk, "minutes"));
    long long bouts = json_integer_value(json_object_get(walk, "bouts"));

    char note[1100];

    /* the plan's minutes are each walk's, as Today says: "5 minutes, 2 times today" */
    days_text(json_object_get(walk, "days"), days, sizeof(days));
    if (bouts > 1)
        snprintf(line, sizeof(line),
                 "Walk %lld minutes at an easy pace, %lld times a day. Days: %s.", minutes, bouts,
                 days);
    else
        snprintf(line, sizeof(line), "Walk %lld minutes at an easy pace, once a day. Days: %s.",
                 minutes, days);
    a.lines[0] = line;
    /* someone who already walks keeps it up: the plan's walks are part of it (docs/plan.md) */
    long long now = json_integer_value(json_object_get(walk, "walks_now"));
    char keep[200];
    if (now >= WALK_CREDIT_FROM_MINUTES && minutes * bouts <= now) {
        snprintf(keep, sizeof(keep),
                 "You walk about %lld minutes a day now: keep that up. These walks are part of "
                 "it, not extra.",
                 now);
        a.lines[a.n++] = keep;
    }
    if (json_is_string(json_object_get(walk, "caution"))) {
        snprintf(note, sizeof(note), "Take care: %s", str(walk, "caution"));
        a.lines[a.n++] = note;
    }
    place(sh, text_cb, &a);
}

/*
 * Exercise in pregnancy: when to stop and call (ACOG Committee Opinion 804, 2020).
 * Chest pain and a painful, swollen calf can be a clot: the emergency number, not
 * the midwife. Pain relief: NSAIDs are avoided in pregnancy (NICE CKS, back pain
 * in pregnancy), so the pharmacist must be told.
 */
static void pregnancy_block(struct sheet *sh, const json_t *org)
{
    char now[320];
    static const char *const midwife =
        "Stop and call your midwife or doctor if you have bleeding or fluid leaking from the "
        "vagina, regular painful tightening of your belly, dizziness or feeling faint, you are "
        "short of breath before you even start, a headache that will not go, or your baby moves "
        "less.";
    static const char *const relief = "Before you take any pain relief, tell the pharmacist you "
                                      "are pregnant. Do not take ibuprofen.";
    static const char *const breath = "Avoid lying flat on your back if it makes you feel dizzy.";
    const char *number = str(org, "emergency_number");

    snprintf(now, sizeof(now),
             "Call %s now if you have chest pain, or a calf that is painful, swollen or red.",
             *number ? number : "your emergency number");
    struct text_arg a = {
        .title = "While you are pregnant", .n = 4, .lines = {now, midwife, relief, breath}};
    place(sh, text_cb, &a);
}

/* How to reach the care team, with the code that opens the app beside it (when the
 * app's address is known). */
static void contact_block(struct sheet *sh, const json_t *org, const json_t *doc, const char *url)
{
    struct text_arg a = {.title = "Your care team"};
    char l0[160], l1[256], l2[256], l3[256], l4[600];

    if (*str(doc, "contact_by")) { /* a promise made to the person is on paper too */
        snprintf(l0, sizeof(l0), "Your care team will be in touch with you by %s.",
                 str(doc, "contact_by"));
        a.lines[a.n++] = l0;
    }
    const char *emergency = json_string_value(json_object_get(org, "emergency_number"));
    const char *crisis = json_string_value(json_object_get(org, "crisis_line"));

    if (*str(org, "phone"))
        snprintf(l1, sizeof(l1),
                 "%s. Questions about your program: call %s, or send your care team a message "
                 "in the MoveRx app.",
                 str(org, "name"), str(org, "phone"));
    else
        snprintf(l1, sizeof(l1),
                 "%s. Questions about your program: send your care team a message in the MoveRx "
                 "app.",
                 str(org, "name"));
    a.lines[a.n++] = l1;
    if (emergency && *emergency) {
        snprintf(l2, sizeof(l2),
                 "Call %s now if you lose control of your bladder or bowels, have numbness "
                 "between your legs, or both legs get weak.",
                 emergency);
        a.lines[a.n++] = l2;
    }
    if (crisis && *crisis) {
        snprintf(l3, sizeof(l3), "If you feel low or cannot cope, call %s.", crisis);
        a.lines[a.n++] = l3;
    }
    if (url && *url && (a.qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1))) {
        snprintf(l4, sizeof(l4), "Scan the code to open MoveRx on your phone: %s", url);
        a.lines[a.n++] = l4;
    }
    place(sh, text_cb, &a);
    if (a.qr)
        QRcode_free(a.qr);
}

int handout_pdf(const json_t *doc, const struct catalog *cat, const struct handout_opts *opts,
                char **pdf, size_t *len, struct mrx_err *err)
{
    struct buf b = {0};
    struct sheet sh = {.y = MARGIN, .page = 1};
    cairo_surface_t *s;
    cairo_status_t st;
    const json_t *it, *walk = json_object_get(doc, "walking");
    size_t k;

    sh.w = opts->paper == PAPER_LETTER ? 612 : 595.28;
    sh.h = opts->paper == PAPER_LETTER ? 792 : 841.89;
    s = cairo_pdf_surface_create_for_stream(to_buf, &b, sh.w, sh.h);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Your exercise program");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "MoveRx");
    sh.cr = cairo_create(s);
    header(&sh, doc);
    if (json_is_true(json_object_get(json_object_get(doc, "condition"), "pregnant")))
        pregnancy_block(&sh, json_object_get(doc, "org"));
    json_array_foreach(json_object_get(doc, "items"), k, it)
    {
        struct ex_arg a = {
            it, catalog_find(cat, json_string_value(json_object_get(it, "exercise"))), cat};
        if (a.ex)
            place(&sh, exercise_cb, &a);
    }
    if (json_is_object(walk))
        walking_block(&sh, walk);
    {
        struct text_arg a = {.title = "If your back flares up", .numbered = true};
        json_t *step;
        json_array_foreach(json_object_get(doc, "flare_plan"), k, step)
        {
            if (a.n < (int)MRX_ARRAY_LEN(a.lines))
                a.lines[a.n++] = json_string_value(step);
        }
        if (a.n)
            place(&sh, text_cb, &a);
    }
    contact_block(&sh, json_object_get(doc, "org"), doc, opts->app_url);
    footer(&sh);
    cairo_show_page(sh.cr);
    st = cairo_status(sh.cr);
    cairo_destroy(sh.cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    return hand_over(&b, st, "handout", pdf, len, err);
}

void render_release(void)
{
    pango_cairo_font_map_set_default(NULL);
    FcFini(); /* cairo's own caches are static and stay reachable: nothing leaks */
}

int figure_png(const struct exercise *ex, int step, bool other_side, int width, int height,
               char **png, size_t *len, struct mrx_err *err)
{
    struct buf b = {0};
    struct figure_box box;
    struct rig_frame f;
    cairo_surface_t *s;
    cairo_t *cr;
    cairo_status_t st;

    if (!ex->demo)
        return mrx_err_set(err, MRX_ENOTFOUND, "exercise", "'%s' has no demonstration", ex->id);
    if (step < 1 || step > ex->demo->n_kf)
        return mrx_err_set(err, MRX_EINVAL, "--step", "must be 1..%d", ex->demo->n_kf);
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    figure_stage(ex->demo, other_side, &box);
    demo_frame_between(ex->demo, step - 1, step - 1, 1.0, false, &f);
    figure_draw(cr, ex->demo, &f, step - 1, other_side, &box, 0, 0, width, height);
    cairo_destroy(cr);
    st = cairo_surface_write_to_png_stream(s, to_buf, &b);
    cairo_surface_destroy(s);
    return hand_over(&b, st, "picture", png, len, err);
}
