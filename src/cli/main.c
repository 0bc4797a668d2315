/*
 * main.c: the moverx command. Finds the data directory, then hands the
 * rest of the arguments to one command group (one file each, see cli.h).
 */
#include "compat.h"

#include <sys/stat.h>

#include <stdio.h>

#include "cli/cli.h"
#include "common/xalloc.h"
#include "data/datadir.h"

#define MOVERX_VERSION "0.1.0"

struct command {
    const char *name;
    int (*run)(int argc, char **argv, const struct cli_ctx *ctx);
    const char *usage;
};

static const struct command commands[] = {
    {"score", cmd_score, "score odi|startback|rmdq|psfs ...  score a questionnaire"},
    {"change", cmd_change,
     "change nprs|odi|rmdq|psfs BASELINE FOLLOWUP  clinically important change"},
    {"triage", cmd_triage, "triage [FILE|-] [--rules FILE]  red-flag triage of intake answers"},
    {"exercises", cmd_exercises,
     "exercises list [--category C] | show ID | picture ID --out FILE.png [--step N] "
     "[--other-side]  the exercise library"},
    {"lessons", cmd_lessons, "lessons list | show ID [--html]  the education lessons"},
    {"instruments", cmd_instruments,
     "instruments list | show ID [--wording FILE]  questionnaire items"},
    {"plan", cmd_plan,
     "plan --intake FILE|- [--start YYYY-MM-DD]  triage and the first plan for an intake"},
    {"simulate", cmd_simulate,
     "simulate --patients N --weeks W --seed S [--trace FILE]  a synthetic cohort"},
    {"check", cmd_check, "check  validate the data directory and its reading level"},
    {"init", cmd_init, "init [--db FILE]  create the store (a no-op when it exists)"},
    {"org", cmd_org,
     "org add --name NAME | org set ORG [--emergency-number N] [--crisis-line N] [--phone N]  "
     "organizations"},
    {"patient", cmd_patient,
     "patient add --name NAME --birth-year YYYY [--org ORG]  add a patient"},
    {"intake", cmd_intake,
     "intake PATIENT FILE|-|--interactive [--date D] [--after-review]  triage, first plan"},
    {"restart", cmd_restart,
     "restart PATIENT FILE|- [--date D]  a new course from maintenance: warning signs, pain"},
    {"today", cmd_today, "today PATIENT [--date D]  today's plan and what changed"},
    {"handout", cmd_handout,
     "handout PATIENT [--out FILE] [--date D] [--paper a4|letter] [--app-url URL]\n"
     "          the program as a PDF"},
    {"log", cmd_log,
     "log PATIENT [--date D] --pain-during N [--difficulty easy|right|hard]\n"
     "          [--item EX=yes|no[,pain=N][,difficulty=easy|right|hard]]"},
    {"checkin", cmd_checkin,
     "checkin PATIENT [--date D] --pain N [--next-morning-pain N] [--walk-minutes N] ..."},
    {"assess", cmd_assess,
     "assess PATIENT [--date D] [--odi A1,..,A10] [--rmdq N,..] [--psfs R1,..]  follow-up scores"},
    {"progress", cmd_progress, "progress PATIENT [--date D]  pain, scores, adherence, changes"},
    {"weekly", cmd_weekly,
     "weekly PATIENT [--date D]  the week in review: sessions, walking, pain"},
    {"calendar", cmd_calendar, "calendar PATIENT [--date D]  the sessions as an iCalendar feed"},
    {"reminders", cmd_reminders,
     "reminders PATIENT [--time HH:MM] [--time-zone Z] [--days LIST|plan] ...  reminder settings"},
    {"remind", cmd_remind, "remind [--at TIMESTAMP]  send the reminders due now (push, e-mail)"},
    {"mail", cmd_mail, "mail ORG [--smtp-url URL --from ADDRESS]  an organization's outgoing mail"},
    {"alerts", cmd_alerts, "alerts [--org ORG]  open alerts for the care team"},
    {"tasks", cmd_tasks,
     "tasks [--org ORG | --patient P] | tasks done TASK --note TEXT  the care team's tasks"},
    {"review", cmd_review,
     "review [--date D]  bring every running program up to the day before D (once a day: "
     "people who have gone quiet)"},
    {"export", cmd_export,
     "export PATIENT [--format json|csv] [--out FILE]  everything held about a patient"},
    {"import", cmd_import, "import FILE  load a patient's export"},
    {"backup", cmd_backup, "backup FILE  a consistent copy of the store while it is in use"},
    {"user", cmd_user,
     "user add --org ORG --role patient|clinician|admin --email E [--password-stdin] "
     "[--patient P]"},
    {"care", cmd_care,
     "care add|remove --patient PATIENT --clinician USER  join or leave a care team"},
    {"demo", cmd_demo,
     "demo [--patients N] [--weeks W] [--seed S]  a demonstration organization (never in "
     "production)"},
    {"serve", cmd_serve,
     "serve [--db FILE] [--listen HOST:PORT] [--config FILE]  the server (see serve --help)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: moverx [--data DIR] COMMAND [ARGS] [--json]\n\ncommands:\n");
    for (size_t i = 0; i < MRX_ARRAY_LEN(commands); i++)
        fprintf(f, "  %s\n", commands[i].usage);
    fprintf(f, "\n--data DIR (or MOVERX_DATA) chooses the data directory "
               "(exercises, lessons, rules).\n--db FILE (or MOVERX_DB) chooses the store; "
               "the default is ~/.local/share/moverx/moverx.db.\n--date D is the patient's "
               "local date, YYYY-MM-DD; it defaults to today.\nSee docs/ for details.\n");
}

/* Takes a leading "--data DIR" or "--data=DIR"; returns how many arguments it used. */
static int take_data_flag(int argc, char **argv, const char **dir)
{
    if (argc > 1 && strncmp(argv[1], "--data=", 7) == 0) {
        *dir = argv[1] + 7;
        return 1;
    }
    if (argc > 2 && strcmp(argv[1], "--data") == 0) {
        *dir = argv[2];
        return 2;
    }
    return 0;
}

/*
 * Global options before the command (CONTRACT.md: accepted before or after
 * it): a leading --data is taken here; a leading --db FILE or --json moves
 * to the end, where the command reads its own options (after any subcommand
 * and arguments: `moverx --db F patient add ...`). Returns
 * the new argc; `out` (argc + 1 places) is the new argv.
 */
static int move_global_options(int argc, char **argv, const char **data_dir, char **out)
{
    char *moved[8];
    int n_moved = 0, i = 1, n = 0, used;

    for (;;) {
        if ((used = take_data_flag(argc - i + 1, argv + i - 1, data_dir)) > 0) {
            i += used;
        } else if (i < argc && strcmp(argv[i], "--json") == 0 && n_moved < 7) {
            moved[n_moved++] = argv[i++];
        } else if (i < argc && strncmp(argv[i], "--db=", 5) == 0 && n_moved < 7) {
            moved[n_moved++] = argv[i++];
        } else if (i + 1 < argc && strcmp(argv[i], "--db") == 0 && n_moved < 6) {
            moved[n_moved++] = argv[i++];
            moved[n_moved++] = argv[i++];
        } else {
            break;
        }
    }
    out[n++] = argv[0];
    while (i < argc)
        out[n++] = argv[i++];
    for (int k = 0; k < n_moved && n > 1; k++) /* after everything: subcommands come first */
        out[n++] = moved[k];
    out[n] = NULL;
    return n;
}

static int run_command(int argc, char **argv, const char *data_flag)
{
    struct cli_ctx ctx;

    ctx.datadir = datadir_resolve(data_flag);
    if (argc < 2) {
        fputs("moverx: command: missing (see 'moverx --help')\n", stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("moverx %s\n", MOVERX_VERSION);
        return 0;
    }
    for (size_t i = 0; i < MRX_ARRAY_LEN(commands); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1, &ctx);
    fprintf(stderr, "moverx: %s: unknown command (see 'moverx --help')\n", argv[1]);
    return 2;
}

int main(int argc, char **argv)
{
    const char *data_flag = NULL;
    char **args = xcalloc((size_t)argc + 1, sizeof(*args));
    int rc;

    /* Stores, exports and backups hold health data: readable by their owner only. */
    umask(077);
    argc = move_global_options(argc, argv, &data_flag, args);
    rc = run_command(argc, args, data_flag);
    free(args);
    return rc;
}
