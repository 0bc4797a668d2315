/*
 * cmd_journey.c: the patient journey on the command line (CONTRACT.md
 * "Local records"):
 *   moverx intake PATIENT FILE|- [--date D] | intake PATIENT --interactive
 *   moverx restart PATIENT FILE|- [--date D]
 *   moverx today PATIENT [--date D]
 *   moverx log PATIENT [--date D] --pain-during N [--difficulty easy|right|hard]
 *              [--item EXERCISE=yes|no[,pain=N][,difficulty=easy|right|hard] ...]
 *   moverx checkin PATIENT [--date D] --pain N [--next-morning-pain N]
 *              [--walk-minutes N] [--feel-better LIST] [--get-better LIST]
 *              [--red-flag FIELD[=VALUE] ...] [--flare]
 *   moverx assess PATIENT [--date D] [--odi A1,..,A10] [--rmdq N,..]
 *              [--psfs R1,.. | --psfs NAME=RATING ...]
 *   moverx progress PATIENT [--date D]
 *   moverx weekly PATIENT [--date D]
 * --date is the patient's local calendar date and defaults to today.
 */
#include "compat.h"

#include "cli/journey_print.h"
#include "cli/records_cli.h"
#include "common/numfmt.h"
#include "common/strlist.h"

/* ==================== intake ==================== */

static const struct opt_spec intake_opts[] = {
    {"--db", true},           {"--json", false},         {"--date", true},
    {"--interactive", false}, {"--after-review", false}, {NULL, false}};

static int intake_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                     struct mrx_err *err)
{
    long day;
    int rc;

    if ((rc = records_day(args_get(a, intake_opts, "--date"), "--date", &day, err)))
        return rc;
    return records_intake(r, a->pos[0], arg, day, args_has(a, intake_opts, "--after-review"), out,
                          err);
}

/* Before the questions: a patient who is not there should not answer them all. */
static int patient_known_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                            struct mrx_err *err)
{
    struct patient_rec p;

    (void)arg;
    *out = NULL;
    return store_patient_get(r->store, a->pos[0], &p, err);
}

static int intake_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    bool interactive = args_has(a, intake_opts, "--interactive");
    json_t *doc = NULL, *out;
    long day;
    int rc;

    if (a->n_pos < 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    if (interactive && a->n_pos > 1)
        return mrx_err_set(err, MRX_EINVAL, a->pos[1], "no file with --interactive");
    if (!interactive && a->n_pos < 2)
        return mrx_err_set(err, MRX_EINVAL, "FILE",
                           "is required (or - for stdin, or --interactive)");
    if ((rc = records_day(args_get(a, intake_opts, "--date"), "--date", &day, err)))
        return rc;
    if (interactive && (rc = records_run(a, intake_opts, ctx, patient_known_op, NULL, &doc, err)))
        return rc;
    rc = interactive
             ? intake_interactive(ctx, stdin, args_has(a, intake_opts, "--json") ? stderr : stdout,
                                  &doc, err)
             : cli_read_json(a->pos[1], &doc, err);
    if (rc)
        return rc;
    rc = records_run(a, intake_opts, ctx, intake_op, doc, &out, err);
    json_decref(doc);
    if (rc)
        return rc;
    if (args_has(a, intake_opts, "--json"))
        out_json(out);
    else
        print_intake(out);
    json_decref(out);
    return MRX_OK;
}

int cmd_intake(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, intake_opts, 2, intake_run, ctx);
}

/* ==================== restart ==================== */

static const struct opt_spec restart_opts[] = {
    {"--db", true}, {"--json", false}, {"--date", true}, {NULL, false}};

static int restart_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                      struct mrx_err *err)
{
    long day;
    int rc;

    if ((rc = records_day(args_get(a, restart_opts, "--date"), "--date", &day, err)))
        return rc;
    return records_restart(r, a->pos[0], arg, day, out, err);
}

/* A new course from a maintenance plan: today's warning signs and pain, no fresh intake. */
static int restart_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    json_t *doc = NULL, *out;
    int rc;

    if (a->n_pos != 2)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "usage: moverx restart PATIENT FILE|-");
    if ((rc = cli_read_json(a->pos[1], &doc, err)))
        return rc;
    rc = records_run(a, restart_opts, ctx, restart_op, doc, &out, err);
    json_decref(doc);
    if (rc)
        return rc;
    if (args_has(a, restart_opts, "--json"))
        out_json(out);
    else
        print_intake(out);
    json_decref(out);
    return MRX_OK;
}

int cmd_restart(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, restart_opts, 2, restart_run, ctx);
}

/* ==================== today, progress ==================== */

static const struct opt_spec view_opts[] = {
    {"--db", true}, {"--json", false}, {"--date", true}, {NULL, false}};

typedef int (*view_fn)(const struct records *r, const char *patient, long day, json_t **out,
                       struct mrx_err *err);

static int view_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                   struct mrx_err *err)
{
    view_fn fn = *(view_fn *)arg;
    long day;
    int rc;

    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    if ((rc = records_day(args_get(a, view_opts, "--date"), "--date", &day, err)))
        return rc;
    return fn(r, a->pos[0], day, out, err);
}

/* today and progress: the same shape, a different view and printer. */
static int view_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err,
                    view_fn fn, void (*print)(const json_t *))
{
    return records_run_print(a, view_opts, ctx, view_op, &fn, print, err);
}

static int today_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    return view_run(a, ctx, err, records_today, print_today);
}

int cmd_today(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, view_opts, 1, today_run, ctx);
}

static int progress_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    return view_run(a, ctx, err, records_progress, print_progress);
}

int cmd_progress(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, view_opts, 1, progress_run, ctx);
}

static int weekly_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    return view_run(a, ctx, err, records_weekly, print_weekly);
}

int cmd_weekly(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, view_opts, 1, weekly_run, ctx);
}

/* ==================== log ==================== */

static const struct opt_spec log_opts[] = {{"--db", true},         {"--json", false},
                                           {"--date", true},       {"--pain-during", true},
                                           {"--difficulty", true}, {"--item", OPT_REPEATED},
                                           {"--note", true},       {"--red-flag", OPT_REPEATED},
                                           {NULL, false}};

static int red_flags(const struct args *a, const struct opt_spec *specs, json_t **out,
                     struct mrx_err *err);

static int parse_done(const char *text, bool *done)
{
    static const char *const yes[] = {"yes", "true", "1", "done", NULL};
    static const char *const no[] = {"no", "false", "0", NULL};

    for (int i = 0; yes[i]; i++)
        if (strcmp(text, yes[i]) == 0)
            return *done = true, 1;
    for (int i = 0; no[i]; i++)
        if (strcmp(text, no[i]) == 0)
            return *done = false, 1;
    return 0;
}

/* EXERCISE=yes|no[,pain=N][,difficulty=easy|right|hard] into in->items[i]. */
static int parse_item(const char *text, char *name, size_t size, struct session_input *in, int i,
                      struct mrx_err *err)
{
#define ITEM_SHAPE "must be EXERCISE=yes|no[,pain=N][,difficulty=easy|right|hard], got '%s'"
    const char *eq = strchr(text, '='), *p;
    char done[8];
    size_t len;

    in->items[i].has_pain = false;
    in->items[i].difficulty = DIFFICULTY_NONE;
    if (!eq || eq == text)
        return mrx_err_set(err, MRX_EINVAL, "--item", ITEM_SHAPE, text);
    snprintf(name, size, "%.*s", (int)(eq - text), text);
    in->items[i].item = name;
    len = strcspn(eq + 1, ",");
    snprintf(done, sizeof(done), "%.*s", (int)(len < sizeof(done) ? len : sizeof(done) - 1),
             eq + 1);
    if (len >= sizeof(done) || !parse_done(done, &in->items[i].done))
        return mrx_err_set(err, MRX_EINVAL, "--item", ITEM_SHAPE, text);
    for (p = eq + 1 + len; *p == ','; p += len) {
        char part[32];
        long v;
        p++;
        len = strcspn(p, ",");
        snprintf(part, sizeof(part), "%.*s", (int)(len < sizeof(part) ? len : sizeof(part) - 1), p);
        if (len < sizeof(part) && strncmp(part, "pain=", 5) == 0 && !in->items[i].has_pain &&
            mrx_parse_count(part + 5, strlen(part + 5), &v) && v <= 10)
            in->items[i].pain = (int)v, in->items[i].has_pain = true;
        else if (len < sizeof(part) && strncmp(part, "difficulty=", 11) == 0 &&
                 in->items[i].difficulty == DIFFICULTY_NONE &&
                 difficulty_from_name(part + 11, &in->items[i].difficulty))
            ;
        else
            return mrx_err_set(err, MRX_EINVAL, "--item", ITEM_SHAPE, text);
    }
    return MRX_OK;
#undef ITEM_SHAPE
}

static int log_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                  struct mrx_err *err)
{
    struct session_input in = {0};
    const char *items[SESSION_MAX_ITEMS + 1];
    char names[SESSION_MAX_ITEMS][128];
    const char *difficulty = args_get(a, log_opts, "--difficulty");
    json_t *flags = NULL;
    int n, rc;

    (void)arg;
    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    if ((rc = records_day(args_get(a, log_opts, "--date"), "--date", &in.day, err)) ||
        (rc = records_int(args_get(a, log_opts, "--pain-during"), "--pain-during", 0, 10,
                          &in.pain_during, err)))
        return rc;
    if (difficulty && !difficulty_from_name(difficulty, &in.difficulty))
        return mrx_err_set(err, MRX_EINVAL, "--difficulty", "must be easy, right or hard, got '%s'",
                           difficulty);
    n = args_all(a, log_opts, "--item", items, SESSION_MAX_ITEMS + 1);
    if (n > SESSION_MAX_ITEMS)
        return mrx_err_set(err, MRX_EINVAL, "--item", "given too many times");
    for (int i = 0; i < n; i++)
        if ((rc = parse_item(items[i], names[i], sizeof(names[i]), &in, i, err)))
            return rc;
    in.n_items = n;
    in.note = args_get(a, log_opts, "--note");
    if ((rc = red_flags(a, log_opts, &flags, err)))
        return rc;
    in.red_flags = flags;
    rc = records_log(r, a->pos[0], &in, out, err);
    json_decref(flags);
    return rc;
}

static int log_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    return records_run_print(a, log_opts, ctx, log_op, NULL, print_entry, err);
}

int cmd_log(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, log_opts, 1, log_run, ctx);
}

/* ==================== checkin ==================== */

static const struct opt_spec checkin_opts[] = {{"--db", true},
                                               {"--json", false},
                                               {"--date", true},
                                               {"--pain", true},
                                               {"--next-morning-pain", true},
                                               {"--walk-minutes", true},
                                               {"--stiffness", true},
                                               {"--sleep", true},
                                               {"--steps", true},
                                               {"--feel-better", true},
                                               {"--get-better", true},
                                               {"--red-flag", OPT_REPEATED},
                                               {"--flare", false},
                                               {NULL, false}};

/* "heat,massage" -> ["heat","massage"]; an empty list is "". */
static int word_list(const char *text, const char *field, json_t **out, struct mrx_err *err)
{
    const char *p = text;

    *out = json_array();
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        json_t *word = json_stringn(p, len);
        if (!word) /* not UTF-8 */
            return mrx_err_set(err, MRX_EINVAL, field, "must be UTF-8 text");
        json_array_append_new(*out, word);
        p = comma ? comma + 1 : NULL;
    }
    return MRX_OK;
}

/* --red-flag saddle_numbness, --red-flag leg_weakness=progressive, --red-flag temperature_c=38.5 */
static int red_flags(const struct args *a, const struct opt_spec *specs, json_t **out,
                     struct mrx_err *err)
{
    const char *flags[ARGS_MAX_REPEATS];
    int n = args_all(a, specs, "--red-flag", flags, ARGS_MAX_REPEATS);

    *out = n ? json_object() : NULL;
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(flags[i], '=');
        char name[64];
        json_t *v;
        double num;
        bool is_int;
        if (!eq) {
            v = json_true();
            snprintf(name, sizeof(name), "%s", flags[i]);
        } else {
            snprintf(name, sizeof(name), "%.*s", (int)(eq - flags[i]), flags[i]);
            if (mrx_parse_decimal(eq + 1, strlen(eq + 1), &num, &is_int))
                v = is_int && num > -1e15 && num < 1e15 ? json_integer((json_int_t)num)
                                                        : json_real(num);
            else if (strcmp(eq + 1, "yes") == 0 || strcmp(eq + 1, "true") == 0)
                v = json_true();
            else if (strcmp(eq + 1, "no") == 0 || strcmp(eq + 1, "false") == 0)
                v = json_false();
            else
                v = json_string(eq + 1);
        }
        if (!v)
            return mrx_err_set(err, MRX_EINVAL, "--red-flag", "must be UTF-8 text");
        if (json_object_get(*out, name)) {
            json_decref(v);
            return mrx_err_set(err, MRX_EINVAL, "--red-flag", "'%s' is given twice", name);
        }
        json_object_set_new(*out, name, v);
    }
    return MRX_OK;
}

static int opt_int(const struct args *a, const char *name, int lo, int hi, int *out,
                   struct mrx_err *err)
{
    const char *v = args_get(a, checkin_opts, name);
    *out = CHECKIN_NONE;
    return v ? records_int(v, name, lo, hi, out, err) : MRX_OK;
}

static int checkin_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                      struct mrx_err *err)
{
    struct checkin_input in = {0};
    json_t *feel = NULL, *get = NULL, *flags = NULL;
    int rc;

    (void)arg;
    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    if ((rc = records_day(args_get(a, checkin_opts, "--date"), "--date", &in.day, err)) ||
        (rc = records_int(args_get(a, checkin_opts, "--pain"), "--pain", 0, 10, &in.pain, err)) ||
        (rc = opt_int(a, "--next-morning-pain", 0, 10, &in.next_morning_pain, err)) ||
        (rc = opt_int(a, "--walk-minutes", 0, 1440, &in.walk_minutes, err)) ||
        (rc = opt_int(a, "--stiffness", 0, 10, &in.stiffness, err)) ||
        (rc = opt_int(a, "--sleep", 0, 10, &in.sleep, err)) ||
        (rc = opt_int(a, "--steps", 0, 200000, &in.steps, err)) ||
        (rc = red_flags(a, checkin_opts, &flags, err)))
        goto out;
    if ((args_get(a, checkin_opts, "--feel-better") &&
         (rc = word_list(args_get(a, checkin_opts, "--feel-better"), "--feel-better", &feel,
                         err))) ||
        (args_get(a, checkin_opts, "--get-better") &&
         (rc = word_list(args_get(a, checkin_opts, "--get-better"), "--get-better", &get, err))))
        goto out;
    in.feel_better = feel;
    in.get_better = get;
    in.red_flags = flags;
    in.flare = args_has(a, checkin_opts, "--flare");
    rc = records_checkin(r, a->pos[0], &in, out, err);
out:
    json_decref(feel);
    json_decref(get);
    json_decref(flags);
    return rc;
}

static int checkin_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    return records_run_print(a, checkin_opts, ctx, checkin_op, NULL, print_entry, err);
}

int cmd_checkin(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, checkin_opts, 1, checkin_run, ctx);
}

/* ==================== assess ==================== */

static const struct opt_spec assess_opts[] = {{"--db", true},
                                              {"--json", false},
                                              {"--date", true},
                                              {"--odi", true},
                                              {"--rmdq", true},
                                              {"--psfs", OPT_REPEATED},
                                              {"--red-flag", OPT_REPEATED},
                                              {NULL, false}};

/* "2,1,-,3" -> [2,1,null,3]: whole numbers, "-" for an unanswered ODI section;
 * the ranges are the records' to check. */
static int number_list(const char *text, const char *field, bool dash_is_null, json_t **out,
                       struct mrx_err *err)
{
    struct span items[RMDQ_ITEMS + 1];
    int n = strlist_split(text, items, RMDQ_ITEMS + 1);
    long v;

    if (n < 0 || n > RMDQ_ITEMS)
        return mrx_err_set(err, MRX_EINVAL, field, "too many values");
    *out = json_array();
    for (int i = 0; i < n; i++) {
        if (dash_is_null && span_eq(items[i], "-"))
            json_array_append_new(*out, json_null());
        else if (mrx_parse_count(items[i].ptr, items[i].len, &v))
            json_array_append_new(*out, json_integer(v));
        else
            return mrx_err_set(err, MRX_EINVAL, field,
                               "value %d must be a whole number%s, got '%.*s'", i + 1,
                               dash_is_null ? " or '-'" : "", (int)items[i].len, items[i].ptr);
    }
    return MRX_OK;
}

/* A rating as written: "6" stays a whole number, "6.5" a decimal; NULL when neither. */
static json_t *rating_json(const char *s, size_t len)
{
    double v;
    bool is_int;

    if (!mrx_parse_decimal(s, len, &v, &is_int))
        return NULL;
    return is_int && v > -1e9 && v < 1e9 ? json_integer((json_int_t)v) : json_real(v);
}

/* "gardening=5" -> {"activity":"gardening","rating":5} (the name may hold '='). */
static int psfs_named(const char *text, json_t *list, struct mrx_err *err)
{
    const char *eq = strrchr(text, '=');
    json_t *name, *rating;

    if (!eq || eq == text || !(rating = rating_json(eq + 1, strlen(eq + 1))))
        return mrx_err_set(err, MRX_EINVAL, "--psfs", "must be NAME=RATING, got '%s'", text);
    if (!(name = json_stringn(text, (size_t)(eq - text)))) {
        json_decref(rating);
        return mrx_err_set(err, MRX_EINVAL, "--psfs", "must be UTF-8 text");
    }
    json_array_append_new(list, json_pack("{so, so}", "activity", name, "rating", rating));
    return MRX_OK;
}

/* --psfs 5,6,7 (the first PSFS's activities in order) or --psfs NAME=RATING ... */
static int psfs_option(const struct args *a, json_t **named, json_t **ratings, struct mrx_err *err)
{
    const char *given[ARGS_MAX_REPEATS];
    int n = args_all(a, assess_opts, "--psfs", given, ARGS_MAX_REPEATS);
    struct span items[PSFS_MAX_ACTIVITIES];
    json_t *v;
    int k, rc;

    if (n == 0)
        return MRX_OK;
    if (n == 1 && !strchr(given[0], '=')) {
        if ((k = strlist_split(given[0], items, PSFS_MAX_ACTIVITIES)) < 0)
            return mrx_err_set(err, MRX_EINVAL, "--psfs", "at most 5 ratings");
        *ratings = json_array();
        for (int i = 0; i < k; i++) {
            if (!(v = rating_json(items[i].ptr, items[i].len)))
                return mrx_err_set(err, MRX_EINVAL, "--psfs",
                                   "rating %d must be a number, got '%.*s'", i + 1,
                                   (int)items[i].len, items[i].ptr);
            json_array_append_new(*ratings, v);
        }
        return MRX_OK;
    }
    *named = json_array();
    for (int i = 0; i < n; i++)
        if ((rc = psfs_named(given[i], *named, err)))
            return rc;
    return MRX_OK;
}

static int assess_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                     struct mrx_err *err)
{
    struct assessment_input in = {0};
    json_t *odi = NULL, *rmdq = NULL, *psfs = NULL, *ratings = NULL, *flags = NULL;
    const char *odi_text = args_get(a, assess_opts, "--odi");
    const char *rmdq_text = args_get(a, assess_opts, "--rmdq");
    int rc;

    (void)arg;
    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    if ((rc = records_day(args_get(a, assess_opts, "--date"), "--date", &in.day, err)) ||
        (odi_text && (rc = number_list(odi_text, "--odi", true, &odi, err))) ||
        (rmdq_text && (rc = number_list(rmdq_text, "--rmdq", false, &rmdq, err))) ||
        (rc = psfs_option(a, &psfs, &ratings, err)) ||
        (rc = red_flags(a, assess_opts, &flags, err)))
        goto out;
    in.red_flags = flags;
    in.odi = odi;
    in.rmdq = rmdq;
    in.psfs = psfs;
    in.psfs_ratings = ratings;
    rc = records_assess(r, a->pos[0], &in, out, err);
out:
    json_decref(odi);
    json_decref(rmdq);
    json_decref(psfs);
    json_decref(ratings);
    json_decref(flags);
    return rc;
}

static int assess_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    return records_run_print(a, assess_opts, ctx, assess_op, NULL, print_assessment, err);
}

int cmd_assess(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, assess_opts, 1, assess_run, ctx);
}
