/*
 * cli.h: what the moverx command's files share.
 *
 * Each command group lives in its own cmd_<group>.c and exposes one entry
 * point, int cmd_<group>(int argc, char **argv, const struct cli_ctx *ctx),
 * returning the process exit status. argv[0] is the group's name.
 *
 * Conventions (CONTRACT.md): --json prints exactly one JSON object on
 * standard output; bad input exits 2 with one line "moverx: <what>: <why>"
 * on standard error; internal failure exits 1.
 */
#ifndef MOVERX_CLI_H
#define MOVERX_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "compat.h"
#include "common/err.h"

struct cli_ctx {
    const char *datadir; /* resolved data directory */
};

/* ==================== Options ==================== */

#define ARGS_MAX_OPTS 16
#define ARGS_MAX_POS 8

#define ARGS_MAX_REPEATS 32

#define OPT_REPEATED 2 /* takes_value: a value, and may be given many times */

struct opt_spec {
    const char *name; /* "--answers" */
    int takes_value;  /* false: a flag; true: one value; OPT_REPEATED: "--item a --item b" */
};

struct args {
    const char *value[ARGS_MAX_OPTS]; /* by spec index; "" for a flag that is set */
    bool set[ARGS_MAX_OPTS];
    const char *pos[ARGS_MAX_POS];
    int n_pos;
    const char *rep_value[ARGS_MAX_REPEATS]; /* values of repeating options, in order */
    int rep_spec[ARGS_MAX_REPEATS];
    int n_rep;
};

/*
 * Parses argv[first..argc) against a NULL-name-terminated spec list. Accepts
 * "--name value", "--name=value", flags, positionals, "-" (standard input) as
 * a positional and "--" to end options. Unknown options, a missing value, an
 * option given twice, or more than `max_pos` positionals are MRX_EINVAL.
 */
int args_parse(int argc, char **argv, int first, const struct opt_spec *specs, int max_pos,
               struct args *out, struct mrx_err *err);

/*
 * Picks the sub-command argv[1] among "list" and "show": returns 0 for list,
 * 1 for show, or -1 with err set ("expected 'list' or 'show ID'"), naming
 * argv[1] or `group` when there is none.
 */
int args_list_or_show(int argc, char **argv, const char *group, struct mrx_err *err);

typedef int (*cli_run_fn)(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err);

/*
 * The whole of a simple command: parses argv[1..] against `specs` (at most
 * max_pos positionals), runs `run`, prints any error and returns the exit
 * status.
 */
int cli_main(int argc, char **argv, const struct opt_spec *specs, int max_pos, cli_run_fn run,
             const struct cli_ctx *ctx);

/* The value of the option with this name, or NULL when not given. */
const char *args_get(const struct args *a, const struct opt_spec *specs, const char *name);
bool args_has(const struct args *a, const struct opt_spec *specs, const char *name);

/* The values of a repeating option, in the order given; returns how many (at most max). */
int args_all(const struct args *a, const struct opt_spec *specs, const char *name, const char **out,
             int max);

/* ==================== Input ==================== */

/*
 * Reads one JSON document from the file at `path`, or from standard input
 * when path is NULL or "-". Missing or unreadable files and malformed JSON
 * are MRX_EINVAL naming the file ("stdin" for standard input).
 */
int cli_read_json(const char *path, json_t **doc, struct mrx_err *err);

/* ==================== Output ==================== */

/* Prints one JSON object on a line (compact; reals with up to 10 significant digits). */
void out_json(json_t *obj);

/* Prints like out_json() and drops the reference: out_json_new(make_it()). */
void out_json_new(json_t *obj);

/* Prints "moverx: <field>: <message>" (or "moverx: <message>") on standard error. */
void out_error(const struct mrx_err *err);

/* Prints the error, when there is one, and returns the exit status for rc. */
int out_finish(int rc, const struct mrx_err *err);

/* A JSON real rounded half-up to `decimals` (new reference). */
json_t *json_rounded(double x, int decimals);

/* ==================== Commands ==================== */

int cmd_score(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_change(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_triage(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_exercises(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_lessons(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_instruments(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_check(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_plan(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_simulate(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_init(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_org(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_patient(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_intake(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_restart(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_today(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_handout(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_log(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_checkin(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_progress(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_weekly(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_calendar(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_reminders(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_mail(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_remind(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_assess(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_alerts(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_tasks(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_review(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_export(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_import(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_backup(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_user(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_care(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_demo(int argc, char **argv, const struct cli_ctx *ctx);
int cmd_serve(int argc, char **argv, const struct cli_ctx *ctx);

#endif
