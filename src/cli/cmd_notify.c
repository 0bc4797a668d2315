/*
 * cmd_notify.c: sending reminders from the command line (docs/operations.md
 * "Reminders"):
 *   moverx mail ORG [--smtp-url URL] [--from ADDRESS] [--smtp-user U] [--smtp-password-stdin]
 *        an organization's outgoing mail: shown, or set
 *   moverx remind [--at TIMESTAMP] [--push-hosts LIST] [--subject URI] [--app-url URL]
 *        sends every reminder due now (or at TIMESTAMP), as the server does each minute
 * remind claims what is due in one transaction, sends with no transaction open,
 * and records what came of it in another.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/records_cli.h"
#include "common/date.h"
#include "notify/send.h"

/* ==================== mail ==================== */

static const struct opt_spec mail_opts[] = {{"--db", true},        {"--json", false},
                                            {"--smtp-url", true},  {"--from", true},
                                            {"--smtp-user", true}, {"--smtp-password-stdin", false},
                                            {NULL, false}};

static int mail_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                   struct mrx_err *err)
{
    json_t *change = arg;
    struct org_rec o;
    int rc;

    if ((rc = store_org_get(r->store, a->pos[0], &o, err)))
        return rc;
    return json_object_size(change) ? records_mail_set(r, a->pos[0], change, out, err)
                                    : records_mail_get(r, a->pos[0], out, err);
}

static void print_mail(const json_t *m)
{
    if (!json_is_string(json_object_get(m, "smtp_url"))) {
        printf("No outgoing mail: reminders and invitations are not e-mailed.\n");
        return;
    }
    printf("Mail goes out through %s as %s%s%s\n",
           json_string_value(json_object_get(m, "smtp_url")),
           json_string_value(json_object_get(m, "from")),
           json_is_string(json_object_get(m, "smtp_user")) ? ", signing in as " : "",
           json_is_string(json_object_get(m, "smtp_user"))
               ? json_string_value(json_object_get(m, "smtp_user"))
               : "");
}

static int mail_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    static const char *const fields[][2] = {
        {"--smtp-url", "smtp_url"}, {"--from", "from"}, {"--smtp-user", "smtp_user"}};
    json_t *change = json_object();
    int rc = MRX_OK;

    if (a->n_pos != 1) {
        json_decref(change);
        return mrx_err_set(err, MRX_EINVAL, "ORG", "is required");
    }
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (args_get(a, mail_opts, fields[i][0]))
            json_object_set_new(change, fields[i][1],
                                json_string(args_get(a, mail_opts, fields[i][0])));
    if (args_has(a, mail_opts, "--smtp-password-stdin")) {
        char pw[512];
        size_t n;
        if (!fgets(pw, sizeof(pw), stdin))
            rc = mrx_err_set(err, MRX_EINVAL, "--smtp-password-stdin",
                             "no password on standard input");
        else {
            n = strlen(pw);
            while (n && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
                pw[--n] = '\0';
            json_object_set_new(change, "smtp_password", json_string(pw));
        }
    }
    if (rc == MRX_OK)
        rc = records_run_print(a, mail_opts, ctx, mail_op, change, print_mail, err);
    json_decref(change);
    if (rc == MRX_EINVAL && strncmp(err->field, "smtp_", 5) == 0) { /* name the option given */
        char f[sizeof(err->field)];
        snprintf(f, sizeof(f), "--smtp-%s", err->field + 5);
        snprintf(err->field, sizeof(err->field), "%s", f);
    } else if (rc == MRX_EINVAL && strcmp(err->field, "from") == 0) {
        snprintf(err->field, sizeof(err->field), "--from");
    }
    return rc;
}

int cmd_mail(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, mail_opts, 1, mail_run, ctx);
}

/* ==================== remind ==================== */

static const struct opt_spec remind_opts[] = {
    {"--db", true},      {"--json", false},   {"--at", true}, {"--push-hosts", true},
    {"--subject", true}, {"--app-url", true}, {NULL, false}};

struct remind_arg {
    long long now_s;
    json_t *jobs;    /* claimed, to send */
    json_t *results; /* [{"job","status","detail","gone"}] */
    char *vapid;
};

static int claim_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                    struct mrx_err *err)
{
    struct remind_arg *ra = arg;
    int rc;

    (void)a;
    *out = NULL;
    if ((rc = records_vapid_key(r, &ra->vapid, err)))
        return rc;
    return records_notify_due(r, ra->now_s, &ra->jobs, err);
}

static int outcome_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                      struct mrx_err *err)
{
    struct remind_arg *ra = arg;

    (void)a;
    *out = NULL;
    return records_notify_outcomes(r, ra->results, err);
}

static int remind_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    const char *at = args_get(a, remind_opts, "--at");
    const char *hosts = args_get(a, remind_opts, "--push-hosts");
    const char *subject = args_get(a, remind_opts, "--subject");
    struct remind_arg ra = {(long long)time(NULL), NULL, json_array(), NULL};
    json_t *out, *job, *summary = json_array(), *ignore = NULL;
    int sent = 0, rc;
    size_t k;

    if (at && !date_timestamp_parse(at, &ra.now_s)) {
        rc = mrx_err_set(err, MRX_EINVAL, "--at", "must be a UTC time, YYYY-MM-DDTHH:MM:SSZ");
        goto out;
    }
    if ((rc = records_run(a, remind_opts, ctx, claim_op, &ra, &ignore, err)))
        goto out;
    json_array_foreach(ra.jobs, k, job)
    {
        struct notify_cfg cfg = {ra.vapid, subject ? subject : NOTIFY_SUBJECT_DEFAULT,
                                 args_get(a, remind_opts, "--app-url"),
                                 hosts ? hosts : PUSH_HOSTS_DEFAULT, ra.now_s};
        json_t *res = notify_result(job, &cfg);
        const char *status = json_string_value(json_object_get(res, "status"));

        sent += strcmp(status, "sent") == 0;
        json_array_append_new(summary, json_pack("{sO?, sO?, sO, ss, sO}", "patient",
                                                 json_object_get(job, "patient"), "date",
                                                 json_object_get(job, "date"), "channel",
                                                 json_object_get(job, "channel"), "status", status,
                                                 "detail", json_object_get(res, "detail")));
        json_array_append_new(ra.results, res);
    }
    if (json_array_size(ra.results) &&
        (rc = records_run(a, remind_opts, ctx, outcome_op, &ra, &ignore, err)))
        goto out;
    out = json_pack("{sI, sI, sO}", "due", (json_int_t)json_array_size(ra.jobs), "sent",
                    (json_int_t)sent, "reminders", summary);
    if (args_has(a, remind_opts, "--json")) {
        char *text = json_dumps(out, JSON_COMPACT);
        printf("%s\n", text);
        free(text);
    } else {
        printf("%zu reminder%s due, %d sent\n", json_array_size(ra.jobs),
               json_array_size(ra.jobs) == 1 ? "" : "s", sent);
        json_array_foreach(summary, k, job)
            printf("  %s %s %s: %s (%s)\n", json_string_value(json_object_get(job, "date")),
                   json_string_value(json_object_get(job, "patient")),
                   json_string_value(json_object_get(job, "channel")),
                   json_string_value(json_object_get(job, "status")),
                   json_string_value(json_object_get(job, "detail")));
    }
    json_decref(out);
out:
    json_decref(ignore);
    json_decref(summary);
    json_decref(ra.jobs);
    json_decref(ra.results);
    free(ra.vapid);
    return rc;
}

int cmd_remind(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, remind_opts, 0, remind_run, ctx);
}
