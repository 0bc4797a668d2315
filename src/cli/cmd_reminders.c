/*
 * cmd_reminders.c: a patient's reminders on the command line (CONTRACT.md
 * "Reminders and the weekly review"):
 *   moverx calendar PATIENT [--date D] [--app-url URL]   the iCalendar feed
 *   moverx reminders PATIENT [--days LIST|plan] [--time HH:MM] [--time-zone ZONE]
 *                    [--quiet HH:MM-HH:MM|none] [--push yes|no] [--email yes|no]
 * reminders with no change shows the settings; the patient sets them in the app.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/records_cli.h"
#include "common/strlist.h"
#include "data/fileio.h"

/* ==================== calendar ==================== */

static const struct opt_spec calendar_opts[] = {
    {"--db", true}, {"--date", true}, {"--app-url", true}, {NULL, false}};

static int calendar_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                       struct mrx_err *err)
{
    char *ics;
    long day;
    int rc;
    (void)arg;

    if ((rc = records_day(args_get(a, calendar_opts, "--date"), "--date", &day, err)) ||
        (rc = records_calendar(r, a->pos[0], day, args_get(a, calendar_opts, "--app-url"), &ics,
                               err)))
        return rc;
    *out = json_string(ics);
    free(ics);
    return *out ? MRX_OK : mrx_err_set(err, MRX_EINTERNAL, "calendar", "is not UTF-8");
}

static int calendar_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    json_t *ics;
    int rc;

    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    if ((rc = records_run(a, calendar_opts, ctx, calendar_op, NULL, &ics, err)))
        return rc;
    rc = file_write_private("-", json_string_value(ics), json_string_length(ics), err);
    json_decref(ics);
    return rc;
}

int cmd_calendar(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, calendar_opts, 1, calendar_run, ctx);
}

/* ==================== reminders ==================== */

static const struct opt_spec reminder_opts[] = {
    {"--db", true},   {"--json", false},     {"--days", true},
    {"--time", true}, {"--time-zone", true}, {"--quiet", true},
    {"--push", true}, {"--email", true},     {NULL, false}};

static int yes_no(const char *text, const char *name, json_t *change, const char *key,
                  struct mrx_err *err)
{
    if (!text)
        return MRX_OK;
    if (strcmp(text, "yes") != 0 && strcmp(text, "no") != 0)
        return mrx_err_set(err, MRX_EINVAL, name, "must be yes or no");
    json_object_set_new(change, key, json_boolean(strcmp(text, "yes") == 0));
    return MRX_OK;
}

/* The change the options ask for, as the API's body would give it. */
static int change_of(const struct args *a, json_t *change, struct mrx_err *err)
{
    const char *days = args_get(a, reminder_opts, "--days"),
               *quiet = args_get(a, reminder_opts, "--quiet");
    const char *v;
    int rc;

    if (days) {
        struct span items[8];
        int n = strcmp(days, "plan") == 0 ? 0 : strlist_split(days, items, 7);
        json_t *list = json_array();
        if (n < 0) {
            json_decref(list);
            return mrx_err_set(err, MRX_EINVAL, "--days", "names at most 7 days");
        }
        for (int i = 0; i < n; i++)
            json_array_append_new(list, json_stringn(items[i].ptr, items[i].len));
        json_object_set_new(change, "days", list);
    }
    if ((v = args_get(a, reminder_opts, "--time")))
        json_object_set_new(change, "time", json_string(v));
    if ((v = args_get(a, reminder_opts, "--time-zone")))
        json_object_set_new(change, "time_zone", json_string(v));
    if (quiet && strcmp(quiet, "none") == 0)
        json_object_set_new(change, "quiet_hours", json_null());
    else if (quiet) {
        const char *dash = strchr(quiet, '-');
        if (!dash)
            return mrx_err_set(err, MRX_EINVAL, "--quiet", "must be HH:MM-HH:MM or none");
        json_object_set_new(
            change, "quiet_hours",
            json_pack("{s:s%, s:s}", "start", quiet, (size_t)(dash - quiet), "end", dash + 1));
    }
    if ((rc = yes_no(args_get(a, reminder_opts, "--push"), "--push", change, "push", err)) ||
        (rc = yes_no(args_get(a, reminder_opts, "--email"), "--email", change, "email", err)))
        return rc;
    return MRX_OK;
}

/* An error names the option given, not the API's field: --time-zone, not time_zone. */
static void option_named(struct mrx_err *err)
{
    static const char *const fields[][2] = {{"days", "--days"},
                                            {"time", "--time"},
                                            {"time_zone", "--time-zone"},
                                            {"quiet_hours", "--quiet"},
                                            {"quiet_hours.start", "--quiet"},
                                            {"quiet_hours.end", "--quiet"}};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (strcmp(err->field, fields[i][0]) == 0) {
            snprintf(err->field, sizeof(err->field), "%s", fields[i][1]);
            return;
        }
}

static int reminders_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                        struct mrx_err *err)
{
    json_t *change = json_object();
    int rc;
    (void)arg;

    if ((rc = change_of(a, change, err)) == MRX_OK)
        rc = json_object_size(change) ? records_reminders_set(r, a->pos[0], change, out, err)
                                      : records_reminders(r, a->pos[0], out, err);
    json_decref(change);
    if (rc == MRX_EINVAL)
        option_named(err);
    return rc;
}

static void print_reminders(const json_t *s)
{
    json_t *days = json_object_get(s, "days"), *quiet = json_object_get(s, "quiet_hours"), *d;
    size_t k;

    printf("Reminders at %s (%s), on ", json_string_value(json_object_get(s, "time")),
           json_string_value(json_object_get(s, "time_zone")));
    if (!json_array_size(days))
        printf("the plan's session days");
    json_array_foreach(days, k, d) printf("%s%s", k ? ", " : "", json_string_value(d));
    printf("\n");
    if (json_is_object(quiet))
        printf("Quiet hours: %s to %s\n", json_string_value(json_object_get(quiet, "start")),
               json_string_value(json_object_get(quiet, "end")));
    printf("Push: %s, e-mail: %s, calendar feed: %s\n",
           json_is_true(json_object_get(s, "push")) ? "on" : "off",
           json_is_true(json_object_get(s, "email")) ? "on" : "off",
           json_is_true(json_object_get(json_object_get(s, "calendar"), "active")) ? "on" : "off");
}

static int reminders_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    return records_run_print(a, reminder_opts, ctx, reminders_op, NULL, print_reminders, err);
}

int cmd_reminders(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, reminder_opts, 1, reminders_run, ctx);
}
