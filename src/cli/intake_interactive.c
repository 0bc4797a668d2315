/*
 * intake_interactive.c: `moverx intake PATIENT --interactive`, the intake as
 * a terminal questionnaire (see journey_print.h).
 *
 * Safety first: the red-flag questions come before anything else, and an
 * answer that needs emergency care shows what to do straight away and ends
 * the questionnaire. Every answer is checked as it is typed and asked again
 * when it does not fit.
 */
#include "compat.h"

#include <ctype.h>

#include "core/triage/questions.h"

#include "cli/journey_print.h"
#include "common/numfmt.h"
#include "core/instruments/instrument_info.h"
#include "core/instruments/instruments.h"
#include "core/plan/week.h"
#include "core/triage/triage.h"
#include "data/datadir.h"
#include "formats/plan_json.h"
#include "formats/triage_json.h"

struct asker {
    FILE *in, *out;
    struct mrx_err *err;
};

/* Reads one line; false at the end of input. */
static bool read_line(struct asker *a, char *buf, size_t size)
{
    size_t n;

    if (!fgets(buf, (int)size, a->in))
        return false;
    n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    return true;
}

static int ended(struct asker *a)
{
    return mrx_err_set(a->err, MRX_EINVAL, "stdin",
                       "the answers ended before the intake was complete; nothing was saved");
}

/* 1 yes, 0 no, -1 not sure (when allowed). */
static int ask_yes_no(struct asker *a, const char *q, bool allow_unsure, int *out)
{
    char line[64];

    for (;;) {
        fprintf(a->out, "%s [y/n%s] ", q, allow_unsure ? "/?" : "");
        fflush(a->out);
        if (!read_line(a, line, sizeof(line)))
            return ended(a);
        if (strcmp(line, "y") == 0 || strcmp(line, "yes") == 0)
            return *out = 1, MRX_OK;
        if (strcmp(line, "n") == 0 || strcmp(line, "no") == 0)
            return *out = 0, MRX_OK;
        if (allow_unsure && strcmp(line, "?") == 0)
            return *out = -1, MRX_OK;
        fprintf(a->out, "Please type y or n%s.\n",
                allow_unsure ? " (or ? if you are not sure)" : "");
    }
}

static int ask_number(struct asker *a, const char *q, long lo, long hi, long *out)
{
    char line[64];

    for (;;) {
        fprintf(a->out, "%s [%ld-%ld] ", q, lo, hi);
        fflush(a->out);
        if (!read_line(a, line, sizeof(line)))
            return ended(a);
        if (mrx_parse_long(line, strlen(line), out) && *out >= lo && *out <= hi)
            return MRX_OK;
        fprintf(a->out, "Please type a whole number from %ld to %ld.\n", lo, hi);
    }
}

/* Whether the answers so far already mean: stop, get emergency care now. */
/* Whether the answers so far already mean: stop, get emergency care now. */
static int is_emergency(struct asker *a, const json_t *doc, const struct triage_ruleset *rules,
                        bool *stop)
{
    struct triage_answers answers;
    struct triage_result t;
    int rc = triage_answers_from_document(doc, &answers, a->err);

    if (rc)
        return rc;
    triage_evaluate(rules, &answers, &t);
    *stop = t.program == PROGRAM_STOP;
    triage_result_release(&t);
    return MRX_OK;
}

/* One answer given: triage again, so that an emergency ends the questions at once. */
#define ANSWERED()                                                                                 \
    do {                                                                                           \
        if ((rc = is_emergency(a, doc, rules, &stop)) || stop)                                     \
            return rc;                                                                             \
    } while (0)

static int ask_more_flags(struct asker *a, json_t *doc, json_t *flags,
                          const struct triage_ruleset *rules)
{
    static const char *const trauma[] = {"none", "minor", "major"};
    static const char *const weakness[] = {"none", "stable", "progressive"};
    char line[64];
    bool stop = false;
    long v;
    int rc;

    if ((rc = ask_number(a,
                         "Did the pain start after a fall or knock? 0 no, 1 a small one, 2 a "
                         "big one (like a car crash or a bad fall)",
                         0, 2, &v)))
        return rc;
    json_object_set_new(flags, "trauma", json_string(trauma[v]));
    ANSWERED();
    if ((rc = ask_number(a,
                         "Is a leg weak? 0 no, 1 yes but it stays the same, 2 yes and it is "
                         "getting weaker",
                         0, 2, &v)))
        return rc;
    json_object_set_new(flags, "leg_weakness", json_string(weakness[v]));
    ANSWERED();
    for (;;) {
        double temp;
        bool is_int;
        fprintf(a->out, "If you have taken your temperature today, type it in degrees C (like "
                        "37.5); if not, just press Enter: ");
        fflush(a->out);
        if (!read_line(a, line, sizeof(line)))
            return ended(a);
        if (!line[0])
            break;
        if (mrx_parse_decimal(line, strlen(line), &temp, &is_int) && temp >= 30 && temp <= 45) {
            json_object_set_new(flags, "temperature_c", json_real(temp));
            ANSWERED();
            break;
        }
        fprintf(a->out, "Please type a temperature from 30 to 45, or press Enter.\n");
    }
    if ((rc = ask_number(a, "How many weeks has the pain gone on without getting any better?", 0,
                         520, &v)))
        return rc;
    json_object_set_new(flags, "weeks_without_improvement", json_integer(v));
    ANSWERED();
    return MRX_OK;
}

static int ask_flags(struct asker *a, json_t *doc, json_t *flags,
                     const struct triage_ruleset *rules)
{
    bool stop = false;
    long age;
    int yes = 0, rc;

    fprintf(a->out, "First, some questions to check it is safe to start. Answer ? if you are "
                    "not sure.\n");
    if ((rc = ask_number(a, "How old are you?", 16, 120, &age)))
        return rc;
    json_object_set_new(doc, "age", json_integer(age));
    for (size_t i = 0; i < triage_question_count(); i++) {
        if ((rc = ask_yes_no(a, triage_questions()[i].question, true, &yes)))
            return rc;
        json_object_set_new(flags, triage_questions()[i].field,
                            yes < 0 ? json_null() : json_boolean(yes));
        ANSWERED();
    }
    return ask_more_flags(a, doc, flags, rules);
}

#undef ANSWERED

static int ask_startback(struct asker *a, json_t *doc)
{
    const struct instrument_info *info = instrument_info_find("startback");
    json_t *answers = json_array();
    int rc;

    fprintf(a->out, "\nNine questions about the last two weeks (STarT Back).\n");
    for (int i = 0; i < STARTBACK_ITEMS; i++) {
        char q[256];
        long v;
        int yes = 0;
        snprintf(q, sizeof(q), "%d. %s%s", i + 1, info->items[i].topic,
                 i < STARTBACK_ITEMS - 1 ? ": do you agree?"
                                         : ": how much has it bothered you? "
                                           "0 not at all .. 4 extremely");
        if (i < STARTBACK_ITEMS - 1) {
            rc = ask_yes_no(a, q, false, &yes);
            v = yes;
        } else {
            rc = ask_number(a, q, 0, 4, &v);
        }
        if (rc) {
            json_decref(answers);
            return rc;
        }
        json_array_append_new(answers, json_integer(v));
    }
    json_object_set_new(doc, "startback", answers);
    return MRX_OK;
}

static int ask_odi(struct asker *a, json_t *doc)
{
    const struct instrument_info *info = instrument_info_find("odi");
    json_t *answers = json_array();
    int rc;

    fprintf(a->out, "\nTen questions about daily life (Oswestry). For each, 0 means no problem "
                    "and 5 the most trouble.\n");
    for (int i = 0; i < ODI_SECTIONS; i++) {
        char q[256];
        long v;
        snprintf(q, sizeof(q), "%d. %s", i + 1, info->items[i].topic);
        if ((rc = ask_number(a, q, 0, 5, &v))) {
            json_decref(answers);
            return rc;
        }
        json_array_append_new(answers, json_integer(v));
    }
    json_object_set_new(doc, "odi", answers);
    return MRX_OK;
}

static bool utf8_ok(const char *text)
{
    json_t *j = json_string(text); /* jansson checks the encoding */
    json_decref(j);
    return j != NULL;
}

static int ask_psfs(struct asker *a, json_t *doc)
{
    json_t *list = json_array();
    char line[128];
    int rc;

    fprintf(a->out, "\nName up to 5 things your back makes hard to do (an empty line ends).\n");
    while (json_array_size(list) < PSFS_MAX_ACTIVITIES) {
        long rating;
        fprintf(a->out, "Activity %zu: ", json_array_size(list) + 1);
        fflush(a->out);
        if (!read_line(a, line, sizeof(line))) {
            json_decref(list);
            return ended(a);
        }
        if (!line[0] && json_array_size(list) > 0)
            break;
        if (!line[0])
            continue;
        if (!utf8_ok(line)) {
            fprintf(a->out, "Please type the activity again in plain text.\n");
            continue;
        }
        if ((rc = ask_number(a, "How well can you do it now? 0 not at all .. 10 as before", 0, 10,
                             &rating))) {
            json_decref(list);
            return rc;
        }
        json_array_append_new(list, json_pack("{ss, si}", "activity", line, "rating", (int)rating));
    }
    json_object_set_new(doc, "psfs", list);
    return MRX_OK;
}

/* "mon wed fri" (or "Monday, Friday") as a week.h mask; false on a word that is not a
 * day, or a day given twice. */
static bool day_words(const char *line, unsigned *out)
{
    *out = 0;
    for (const char *c = line; *c;) { /* words split by spaces or commas */
        char word[4] = "";
        size_t k = 0;
        int d;
        while (*c == ' ' || *c == ',')
            c++;
        if (!*c)
            break;
        for (; *c && *c != ' ' && *c != ','; c++)
            if (k < 3) /* "monday" is "mon" */
                word[k++] = (char)tolower((unsigned char)*c);
        word[k] = '\0';
        if (!weekday_from_name(word, &d) || (*out & (1u << d)))
            return false;
        *out |= 1u << d;
    }
    return true;
}

/* The days themselves ("mon wed fri"), or only how many (a number, as before). */
static int ask_days(struct asker *a, json_t *availability)
{
    char line[128];

    for (;;) {
        unsigned days = 0;
        long n;
        fprintf(a->out, "On which days can you exercise? Type them like: mon wed fri "
                        "(or just how many days a week, 1-7) ");
        fflush(a->out);
        if (!read_line(a, line, sizeof(line)))
            return ended(a);
        if (mrx_parse_long(line, strlen(line), &n) && n >= 1 && n <= 7) {
            json_object_set_new(availability, "days_per_week", json_integer(n));
            return MRX_OK;
        }
        if (day_words(line, &days) && days) {
            json_object_set_new(availability, "days", plan_json_days(days));
            return MRX_OK;
        }
        fprintf(a->out, "Please type days like mon tue wed thu fri sat sun, each once, or a "
                        "number from 1 to 7.\n");
    }
}

/* Which of their days they can get to a pool (availability.pool_days); none: any of them. */
static int ask_pool_days(struct asker *a, json_t *availability)
{
    const json_t *given = json_object_get(availability, "days");
    unsigned days = 0, pool;
    char line[128];
    size_t k;
    json_t *v;

    json_array_foreach((json_t *)given, k, v)
    {
        int d;
        if (weekday_from_name(json_string_value(v), &d))
            days |= 1u << d;
    }
    if (!days)
        return MRX_OK; /* only how many days: the pool may go on any of them */
    for (;;) {
        fprintf(a->out, "On which of those days can you get to the pool? Type them like: wed "
                        "fri (or press Enter if any of your days will do) ");
        fflush(a->out);
        if (!read_line(a, line, sizeof(line)))
            return ended(a);
        if (day_words(line, &pool) && !(pool & ~days)) {
            if (pool)
                json_object_set_new(availability, "pool_days", plan_json_days(pool));
            return MRX_OK;
        }
        fprintf(a->out, "Please type some of the days you gave, each once.\n");
    }
}

static int ask_rest(struct asker *a, json_t *doc)
{
    static const char *const prefs[][2] = {
        {"walking", "Do you like walking?"},
        {"pool_access", "Can you get to a swimming pool?"},
        {"yoga", "Would you like to try yoga?"},
        {"tai_chi", "Would you like to try tai chi?"},
        {"gym_equipment", "Do you have gym equipment?"},
        {"floor_exercises_ok", "Can you get down to the floor and up again?"},
    };
    long v;
    int yes = 0, rc;
    json_t *p;

#define NUM(key, q, lo, hi)                                                                        \
    do {                                                                                           \
        if ((rc = ask_number(a, q, lo, hi, &v)))                                                   \
            return rc;                                                                             \
        json_object_set_new(doc, key, json_integer(v));                                            \
    } while (0)
#define YES(obj, key, q)                                                                           \
    do {                                                                                           \
        if ((rc = ask_yes_no(a, q, false, &yes)))                                                  \
            return rc;                                                                             \
        json_object_set_new(obj, key, json_boolean(yes));                                          \
    } while (0)
    fprintf(a->out, "\nNow about your back pain.\n");
    NUM("pain_now", "How bad is the pain right now? 0 none .. 10 worst", 0, 10);
    NUM("pain_week_average", "And on average over the last week?", 0, 10);
    NUM("duration_weeks", "How many weeks has this bout of back pain lasted?", 0, 520);
    YES(doc, "leg_pain", "Does the pain go down one leg?");
    YES(doc, "pregnant", "Are you pregnant?");
    if ((rc = ask_startback(a, doc)) || (rc = ask_odi(a, doc)) || (rc = ask_psfs(a, doc)))
        return rc;
    fprintf(a->out, "\nYour time and what you like.\n");
    NUM("walking_minutes_per_day", "How many minutes do you walk on a normal day?", 0, 600);
    if ((rc = ask_number(a, "How many minutes a day can you give to your exercises?", 20, 240, &v)))
        return rc;
    p = json_pack("{si}", "minutes_per_day", (int)v);
    json_object_set_new(doc, "availability", p);
    if ((rc = ask_days(a, p)))
        return rc;
    p = json_object();
    json_object_set_new(doc, "preferences", p);
    for (size_t i = 0; i < MRX_ARRAY_LEN(prefs); i++) {
        YES(p, prefs[i][0], prefs[i][1]);
        if (yes && strcmp(prefs[i][0], "pool_access") == 0 &&
            (rc = ask_pool_days(a, json_object_get(doc, "availability"))))
            return rc;
    }
#undef NUM
#undef YES
    return MRX_OK;
}

int intake_interactive(const struct cli_ctx *ctx, FILE *in, FILE *out, json_t **doc,
                       struct mrx_err *err)
{
    struct asker a = {in, out, err};
    struct triage_ruleset rules;
    struct triage_answers answers;
    struct triage_result t;
    json_t *flags = json_object();
    int rc;

    *doc = json_object();
    json_object_set_new(*doc, "red_flags", flags);
    if ((rc = datadir_load_triage(ctx->datadir, NULL, &rules, err)))
        goto fail;
    if ((rc = ask_flags(&a, *doc, flags, &rules)) ||
        (rc = triage_answers_from_document(*doc, &answers, err))) {
        triage_ruleset_release(&rules);
        goto fail;
    }
    triage_evaluate(&rules, &answers, &t);
    for (int i = 0; i < t.n_fired; i++) /* most serious first */
        if (t.fired[i]->tier >= TIER_URGENT)
            fprintf(out, "\n%s\n", t.fired[i]->patient_message);
    if (t.program == PROGRAM_STOP)
        fprintf(out, "\nWe have stopped here: please get that help now.\n\n");
    rc = t.program == PROGRAM_STOP ? MRX_OK : ask_rest(&a, *doc);
    triage_result_release(&t);
    triage_ruleset_release(&rules);
    if (rc)
        goto fail;
    fprintf(out, "\n");
    return MRX_OK;
fail:
    json_decref(*doc);
    *doc = NULL;
    return rc;
}
