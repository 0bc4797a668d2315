/*
 * cmd_store.c: the store and its records (CONTRACT.md "Local records"):
 *   moverx init | org add | org set | patient add | alerts | backup FILE
 *   | export PATIENT --format json|csv | import FILE
 * All take --db FILE and --json.
 */
#include "compat.h"

#include "cli/records_cli.h"
#include "common/date.h"
#include "common/xalloc.h"
#include "data/fileio.h"

/* ==================== init ==================== */

static const struct opt_spec init_opts[] = {{"--db", true}, {"--json", false}, {NULL, false}};

static int init_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    char path[4096], now[STORE_TS_SIZE];
    struct store *s;
    bool existed;
    FILE *f;
    int rc;

    (void)ctx;
    records_now(now);
    if ((rc = records_db_path(args_get(a, init_opts, "--db"), path, sizeof(path), err)))
        return rc;
    f = fopen(path, "rb");
    existed = f != NULL;
    if (f)
        fclose(f);
    if ((rc = store_open(path, STORE_OPEN_CREATE, now, &s, err)))
        return rc;
    if (args_has(a, init_opts, "--json"))
        out_json_new(json_pack("{ss, si, sb}", "db", path, "schema", store_schema_version(s),
                               "created", !existed));
    else
        printf("%s the MoveRx store at %s (schema %d).\n", existed ? "Checked" : "Created", path,
               store_schema_version(s));
    store_close(s);
    return MRX_OK;
}

int cmd_init(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, init_opts, 0, init_run, ctx);
}

/* ==================== org add, org set, patient add ==================== */

static const struct opt_spec org_opts[] = {
    {"--db", true},          {"--json", false}, {"--name", true}, {"--emergency-number", true},
    {"--crisis-line", true}, {"--phone", true}, {NULL, false}};

/* org add --name NAME | org set ORG [--name N] [--emergency-number N] [--crisis-line N|""]
 * [--phone N|""] */
static int org_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                  struct mrx_err *err)
{
    struct org_settings set = {
        args_get(a, org_opts, "--name"), args_get(a, org_opts, "--emergency-number"),
        args_get(a, org_opts, "--crisis-line"), args_get(a, org_opts, "--phone")};

    (void)arg;
    if (strcmp(a->pos[0], "add") == 0) {
        if (set.emergency_number || set.crisis_line || set.phone)
            return mrx_err_set(err, MRX_EINVAL,
                               set.emergency_number ? "--emergency-number"
                               : set.crisis_line    ? "--crisis-line"
                                                    : "--phone",
                               "is set with 'moverx org set ORG'");
        return records_org_add(r, set.name, out, err);
    }
    if (!set.name && !set.emergency_number && !set.crisis_line && !set.phone)
        return mrx_err_set(err, MRX_EINVAL, "org set",
                           "give --name, --emergency-number, --crisis-line or --phone");
    return records_org_update(r, a->pos[1], &set, out, err);
}

static void print_id(json_t *out, const struct args *a, const struct opt_spec *specs,
                     const char *what)
{
    if (args_has(a, specs, "--json"))
        out_json(out);
    else
        printf("%s %s\n", what, json_string_value(json_object_get(out, "id")));
}

static int add_sub(const struct args *a, const char *group, struct mrx_err *err)
{
    if (a->n_pos != 1 || strcmp(a->pos[0], "add") != 0)
        return mrx_err_set(err, MRX_EINVAL, a->n_pos ? a->pos[0] : group, "expected '%s add'",
                           group);
    return MRX_OK;
}

static int org_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    bool set = a->n_pos >= 1 && strcmp(a->pos[0], "set") == 0;
    json_t *out;
    int rc;

    if (set && a->n_pos != 2)
        return mrx_err_set(err, MRX_EINVAL, "ORG", "expected 'org set ORG'");
    if ((!set && (rc = add_sub(a, "org", err))) ||
        (rc = records_run(a, org_opts, ctx, org_op, NULL, &out, err)))
        return rc;
    if (set && !args_has(a, org_opts, "--json")) {
        const char *crisis = json_string_value(json_object_get(out, "crisis_line"));
        const char *phone = json_string_value(json_object_get(out, "phone"));
        printf("Organization %s: %s; emergency number %s; crisis line %s; phone %s\n",
               json_string_value(json_object_get(out, "id")),
               json_string_value(json_object_get(out, "name")),
               json_string_value(json_object_get(out, "emergency_number")),
               crisis ? crisis : "none", phone ? phone : "none");
    } else {
        print_id(out, a, org_opts, "Added organization");
    }
    json_decref(out);
    return MRX_OK;
}

int cmd_org(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, org_opts, 2, org_run, ctx);
}

static const struct opt_spec patient_opts[] = {{"--db", true},   {"--json", false},
                                               {"--name", true}, {"--birth-year", true},
                                               {"--org", true},  {NULL, false}};

static int patient_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                      struct mrx_err *err)
{
    int year, rc;

    (void)arg;
    if (!args_get(a, patient_opts, "--name"))
        return mrx_err_set(err, MRX_EINVAL, "--name", "is required");
    if ((rc = records_int(args_get(a, patient_opts, "--birth-year"), "--birth-year", 1900, 2200,
                          &year, err)))
        return rc;
    return records_patient_add(r, args_get(a, patient_opts, "--org"),
                               args_get(a, patient_opts, "--name"), year, out, err);
}

static int patient_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    json_t *out;
    int rc;

    if ((rc = add_sub(a, "patient", err)) ||
        (rc = records_run(a, patient_opts, ctx, patient_op, NULL, &out, err)))
        return rc;
    print_id(out, a, patient_opts, "Added patient");
    json_decref(out);
    return MRX_OK;
}

int cmd_patient(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, patient_opts, 1, patient_run, ctx);
}

/* ==================== alerts ==================== */

static const struct opt_spec alerts_opts[] = {
    {"--db", true}, {"--json", false}, {"--org", true}, {NULL, false}};

static int alerts_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                     struct mrx_err *err)
{
    (void)arg;
    return records_alerts(r, args_get(a, alerts_opts, "--org"), out, err);
}

static int alerts_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    json_t *out, *al;
    size_t k;
    int rc;

    if ((rc = records_run(a, alerts_opts, ctx, alerts_op, NULL, &out, err)))
        return rc;
    if (args_has(a, alerts_opts, "--json")) {
        out_json(out);
    } else if (json_array_size(json_object_get(out, "alerts")) == 0) {
        printf("No open alerts.\n");
    } else {
        json_array_foreach(json_object_get(out, "alerts"), k, al)
        {
            printf("%-9s %s  patient %s  %s\n  %s\n",
                   json_string_value(json_object_get(al, "tier")),
                   json_string_value(json_object_get(al, "opened")),
                   json_string_value(json_object_get(al, "patient")),
                   json_string_value(json_object_get(al, "rule")),
                   json_string_value(json_object_get(al, "reason")));
            if (json_integer_value(json_object_get(al, "occurrences")) > 1)
                printf("  reported %lld times, last on %s\n",
                       (long long)json_integer_value(json_object_get(al, "occurrences")),
                       json_string_value(json_object_get(al, "last_seen")));
            /* the answers behind it, a line an occurrence */
            for (const char *d = json_string_value(json_object_get(al, "detail")); d && *d;) {
                const char *nl = strchr(d, '\n');
                int len = nl ? (int)(nl - d) : (int)strlen(d);
                printf("  - %.*s\n", len, d);
                d = nl ? nl + 1 : d + len;
            }
        }
    }
    json_decref(out);
    return MRX_OK;
}

int cmd_alerts(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, alerts_opts, 0, alerts_run, ctx);
}

/* ==================== tasks ==================== */

static const struct opt_spec tasks_opts[] = {{"--db", true},   {"--json", false},
                                             {"--org", true},  {"--patient", true},
                                             {"--note", true}, {NULL, false}};

/* tasks [--org ORG | --patient PATIENT] | tasks done TASK --note TEXT */
static int tasks_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                    struct mrx_err *err)
{
    const char *patient = args_get(a, tasks_opts, "--patient");

    (void)arg;
    if (a->n_pos >= 1 && strcmp(a->pos[0], "done") == 0) {
        if (a->n_pos != 2)
            return mrx_err_set(err, MRX_EINVAL, "TASK", "is required: tasks done TASK --note TEXT");
        return records_task_done(r, a->pos[1], args_get(a, tasks_opts, "--note"), out, err);
    }
    if (a->n_pos != 0)
        return mrx_err_set(err, MRX_EINVAL, "command",
                           "tasks [--org ORG | --patient PATIENT] "
                           "or tasks done TASK --note TEXT");
    return patient ? records_patient_tasks(r, patient, out, err)
                   : records_tasks(r, args_get(a, tasks_opts, "--org"), NULL, out, err);
}

static void print_task(const json_t *t)
{
    const char *by = json_string_value(json_object_get(t, "done_by"));

    printf("%-4s due %s  patient %s  %s\n  %s\n",
           strcmp(json_string_value(json_object_get(t, "status")), "done") == 0 ? "done" : "open",
           json_string_value(json_object_get(t, "due")),
           json_string_value(json_object_get(t, "patient")),
           json_string_value(json_object_get(t, "id")),
           json_string_value(json_object_get(t, "title")));
    if (by)
        printf("  done by %s at %s: %s\n", by, json_string_value(json_object_get(t, "done_at")),
               json_string_value(json_object_get(t, "note")));
}

static int tasks_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    json_t *out, *list, *t;
    size_t k;
    int rc;

    if ((rc = records_run(a, tasks_opts, ctx, tasks_op, NULL, &out, err)))
        return rc;
    list = json_object_get(out, "tasks");
    if (args_has(a, tasks_opts, "--json"))
        out_json(out);
    else if (!list)
        print_task(out); /* the task just done */
    else if (json_array_size(list) == 0)
        printf("No tasks.\n");
    else
        json_array_foreach(list, k, t) print_task(t);
    json_decref(out);
    return MRX_OK;
}

int cmd_tasks(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, tasks_opts, 2, tasks_run, ctx);
}

/* ==================== review ==================== */

static const struct opt_spec review_opts[] = {
    {"--db", true}, {"--json", false}, {"--date", true}, {NULL, false}};

/* Every running program brought up to the day (records/review.c): for cron, once a day,
 * when no server runs the review itself. */
static int review_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                     struct mrx_err *err)
{
    json_t *due, *done = json_array(), *id, *overdue = NULL, *raised = json_array();
    char date[16];
    long day;
    size_t k;
    int rc;

    (void)arg;
    /* through the day before: today is still the person's to log, and a review of it before
     * the morning's check-in would decide the day without it (a step on a bad morning) */
    if ((rc = records_day(args_get(a, review_opts, "--date"), "--date", &day, err)) ||
        (rc = records_review_due(r, day - 1, &due, err))) {
        json_decref(done);
        return rc;
    }
    day--;
    json_array_foreach(due, k, id)
    {
        json_t *one;
        if ((rc = records_review(r, json_string_value(id), day, &one, err)))
            break;
        json_array_append_new(done, one);
    }
    json_decref(due);
    /* promises kept waiting: the care team's alert, once each */
    if (!rc && !(rc = records_promises_overdue(r, day + 1, &overdue, err)))
        json_array_foreach(overdue, k, id)
        {
            json_t *one;
            if ((rc = records_escalate_promise(r, json_string_value(id), day + 1, &one, err)))
                break;
            if (one)
                json_array_append_new(raised, one);
        }
    json_decref(overdue);
    if (rc) {
        json_decref(done);
        json_decref(raised);
        return rc;
    }
    date_format(day, date, sizeof(date));
    *out = json_pack("{ss, so, so}", "through", date, "programs", done, "promises_overdue", raised);
    return MRX_OK;
}

static void print_review(const json_t *o)
{
    const json_t *list = json_object_get(o, "programs"), *p, *al;
    size_t k, m, n = 0;

    json_array_foreach((json_t *)list, k, p) n += json_is_true(json_object_get(p, "reviewed"));
    printf("Reviewed %zu running program%s through %s.\n", n, n == 1 ? "" : "s",
           json_string_value(json_object_get(o, "through")));
    json_array_foreach((json_t *)list, k, p) json_array_foreach(json_object_get(p, "alerts"), m, al)
        printf("  patient %s: %s\n", json_string_value(json_object_get(p, "patient")),
               json_string_value(json_object_get(al, "reason")));
    json_array_foreach(json_object_get(o, "promises_overdue"), k, p)
        printf("  patient %s: a promise overdue, raised for the care team (task %s)\n",
               json_string_value(json_object_get(p, "patient")),
               json_string_value(json_object_get(p, "task")));
}

static int review_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    return records_run_print(a, review_opts, ctx, review_op, NULL, print_review, err);
}

int cmd_review(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, review_opts, 0, review_run, ctx);
}

/* ==================== backup ==================== */

static const struct opt_spec backup_opts[] = {{"--db", true}, {"--json", false}, {NULL, false}};

static int backup_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    char path[4096], now[STORE_TS_SIZE] = "";
    struct store *s;
    int rc;

    (void)ctx;
    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "FILE", "is required: where to write the backup");
    if ((rc = records_db_path(args_get(a, backup_opts, "--db"), path, sizeof(path), err)) ||
        (rc = store_open(path, STORE_OPEN_EXISTING, now, &s, err)))
        return rc;
    rc = store_backup(s, a->pos[0], err);
    store_close(s);
    if (rc)
        return rc;
    if (args_has(a, backup_opts, "--json"))
        out_json_new(json_pack("{ss, ss}", "db", path, "backup", a->pos[0]));
    else
        printf("Backed up %s to %s.\n", path, a->pos[0]);
    return MRX_OK;
}

int cmd_backup(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, backup_opts, 1, backup_run, ctx);
}

/* ==================== export, import ==================== */

static const struct opt_spec export_opts[] = {
    {"--db", true}, {"--json", false}, {"--format", true}, {"--out", true}, {NULL, false}};

static int export_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                     struct mrx_err *err)
{
    char **csv = arg;
    const char *format = args_get(a, export_opts, "--format");

    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    if (format && strcmp(format, "csv") == 0)
        return records_export_csv(r, a->pos[0], csv, err);
    return records_export(r, a->pos[0], out, err);
}

static int export_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    const char *format = args_get(a, export_opts, "--format");
    char *csv = NULL;
    json_t *out;
    int rc;

    if (!format)
        format = "json";
    if (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0)
        return mrx_err_set(err, MRX_EINVAL, "--format", "must be json or csv, got '%s'", format);
    if ((rc = records_run(a, export_opts, ctx, export_op, &csv, &out, err))) {
        free(csv);
        return rc;
    }
    /* A patient's whole record: with --out, a private file (0600) written whole, which a
     * shell's redirection (0644 under the usual umask) is not. */
    char *text = csv;
    if (!text) {
        char *doc = json_dumps(out, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
        json_decref(out);
        if (!doc)
            abort(); /* only out of memory: the document was built and checked */
        size_t n = strlen(doc) + 2;
        text = xmalloc(n);
        snprintf(text, n, "%s\n", doc);
        free(doc);
    }
    rc = file_write_private(args_get(a, export_opts, "--out") ? args_get(a, export_opts, "--out")
                                                              : "-",
                            text, strlen(text), err);
    free(text);
    return rc;
}

int cmd_export(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, export_opts, 1, export_run, ctx);
}

static const struct opt_spec import_opts[] = {{"--db", true}, {"--json", false}, {NULL, false}};

static int import_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                     struct mrx_err *err)
{
    (void)a;
    return records_import(r, arg, out, err);
}

static int import_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    json_t *doc, *out;
    int rc;

    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "FILE", "is required (an export, or - for stdin)");
    if ((rc = cli_read_json(a->pos[0], &doc, err)))
        return rc;
    rc = records_run(a, import_opts, ctx, import_op, doc, &out, err);
    json_decref(doc);
    if (rc)
        return rc;
    print_id(out, a, import_opts, "Imported patient");
    json_decref(out);
    return MRX_OK;
}

int cmd_import(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, import_opts, 1, import_run, ctx);
}
