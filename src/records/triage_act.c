/*
 * triage_act.c: what a triage does to a patient's records (CONTRACT.md
 * "Red-flag triage (rule set v2)", docs/records.md "Red flags").
 *
 * Every triage after the intake (a check-in, a flare report, a session, the
 * check-up, a report made any time) merges in what is remembered: the
 * episode's standing history from the intake and the age from the birth
 * year, so that a fever in an immunosuppressed person is triaged as the
 * combination it is although the check-in does not ask again. Each rule that
 * fires opens one alert for the care team, with the answers that fired it;
 * while that alert is open, the rule firing again adds an occurrence to it.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/date.h"
#include "common/xalloc.h"
#include "formats/triage_json.h"
#include "records/internal.h"

/* An alert's detail keeps its first occurrence and as many of the latest as fit. */
#define DETAIL_MAX 4000

/* ==================== The answers ==================== */

/* The year of a day. */
static int year_of(long day)
{
    char date[16];

    date_format(day, date, sizeof(date));
    return (int)strtol(date, NULL, 10);
}

void triage_standing(const struct episode_ctx *c, long day, struct triage_answers *out)
{
    struct triage_answers parsed;
    const struct triage_answers *intake = NULL;

    memset(out, 0, sizeof(*out));
    /* The intake episode_load parsed; a stopped intake's document, read here. */
    if (c->has_intake)
        intake = &c->intake.red_flags;
    else if (c->intake_doc && triage_answers_from_document(c->intake_doc, &parsed, NULL) == MRX_OK)
        intake = &parsed;
    for (int i = 0; intake && i < ANSWER_FIELD_COUNT; i++)
        if ((answer_fields()[i].asked & ASKED_STANDING) && intake->present[i]) {
            out->present[i] = true;
            out->value[i] = intake->value[i];
        }
    /* The record has the birth year only: triage weighs both ages it allows. */
    triage_answers_age_from_birth_year(out, c->patient.birth_year, year_of(day));
}

void triage_fill_age(const struct patient_rec *p, long day, struct triage_answers *a)
{
    triage_answers_age_from_birth_year(a, p->birth_year, year_of(day));
}

int triage_entry(const struct records *r, const struct episode_ctx *c, long day,
                 const json_t *flags, const char *field, struct triage_entry *out,
                 struct mrx_err *err)
{
    struct triage_answers standing;
    char prefix[64];
    int rc;

    memset(out, 0, sizeof(*out));
    if (flags && !json_is_object(flags))
        return mrx_err_set(err, MRX_EINVAL, field, "must be triage answers");
    /* "--red-flag fever" on the command line, "red_flags.fever" elsewhere */
    snprintf(prefix, sizeof(prefix), strncmp(field, "--", 2) == 0 ? "%s " : "%s.", field);
    if (flags && (rc = triage_answers_from_json(flags, prefix, &out->own, err)))
        return rc;
    triage_standing(c, day, &standing);
    if (c->intake_doc) {
        /* what the intake's remembered answers fire alone was acted on then */
        triage_evaluate_later(&r->data->triage, &out->own, &standing, &out->answers, &out->result,
                              &out->all);
    } else { /* no intake yet: only the age is remembered, and nothing was acted on */
        out->answers = out->own;
        triage_answers_merge_standing(&out->answers, &standing);
        triage_evaluate(&r->data->triage, &out->answers, &out->result);
        triage_evaluate(&r->data->triage, &out->answers, &out->all);
    }
    out->evaluated = true;
    return MRX_OK;
}

void triage_entry_release(struct triage_entry *e)
{
    if (e->evaluated) {
        triage_result_release(&e->result);
        triage_result_release(&e->all);
    }
    e->evaluated = false;
}

/* ==================== The detail of an alert ==================== */

struct text {
    char *buf;
    size_t size, used;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->used >= t->size)
        return;
    va_start(ap, fmt);
    n = vsnprintf(t->buf + t->used, t->size - t->used, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->used += (size_t)n;
    if (t->used >= t->size)
        t->used = t->size - 1;
}

/* A field or rule id as words ("night_pain_unrelieved" -> "night pain unrelieved"):
 * the console shows no raw ids. */
static void put_words(struct text *t, const char *id)
{
    for (const char *p = id; *p; p++)
        put(t, "%c", *p == '_' ? ' ' : *p);
}

/* One answer as a clinician reads it: "temperature 37.6 °C", "immunosuppressed
 * (intake)", "age 52 (birth year)". Booleans that are "no" say nothing. */
static void put_answer(struct text *t, const struct triage_entry *e, int i, bool *first)
{
    const struct answer_field *f = &answer_fields()[i];
    double v = e->answers.value[i];
    bool own = e->own.present[i];

    if (!e->answers.present[i] || ((f->type == ANSWER_BOOL || f->type == ANSWER_ENUM) && v == 0))
        return; /* a "no", or a choice of none, says nothing */
    put(t, "%s", *first ? "" : "; ");
    *first = false;
    if (strcmp(f->name, "temperature_c") == 0) {
        put(t, "temperature %g \u00b0C", v);
    } else {
        put_words(t, f->name);
        if (f->type == ANSWER_ENUM)
            put(t, " %s", f->values[(int)v]);
        else if (f->type != ANSWER_BOOL)
            put(t, " %g", v);
    }
    if (!own)
        put(t, " (%s)", strcmp(f->name, "age") == 0 ? "birth year" : "intake");
}

/* "2026-01-07, check-in: temperature 37.6 °C; immunosuppressed (intake)" */
static void detail_line(const struct triage_entry *e, const struct triage_rule *rule, long day,
                        const char *occasion, char *buf, size_t size)
{
    struct text t = {buf, size, 0};
    unsigned long long fields = triage_rule_fields(rule);
    char date[16];
    bool first = true;

    buf[0] = '\0';
    date_format(day, date, sizeof(date));
    put(&t, "%s, %s: ", date, occasion);
    for (int i = 0; i < ANSWER_FIELD_COUNT; i++)
        if (fields & (1ULL << i))
            put_answer(&t, e, i, &first);
    if (rule->combines) { /* which rules of its group it counted */
        put(&t, "%swith", first ? "" : "; ");
        for (int k = 0; k < e->all.n_fired; k++) {
            const struct triage_rule *o = e->all.fired[k];
            if (o != rule && !o->combines && o->group == rule->group) {
                put(&t, " ");
                put_words(&t, o->id);
            }
        }
    }
}

/* old + "\n" + line, keeping the first line and the newest that fit. */
static char *detail_append(const char *old, const char *line)
{
    size_t n_old = old ? strlen(old) : 0, n_line = strlen(line);
    const char *first_end, *rest;
    char *out;

    if (!old || !*old)
        return xstrdup(line);
    if (n_old + 1 + n_line < DETAIL_MAX) {
        out = xmalloc(n_old + n_line + 2);
        snprintf(out, n_old + n_line + 2, "%s\n%s", old, line);
        return out;
    }
    first_end = strchr(old, '\n');
    first_end = first_end ? first_end : old + n_old;
    rest = first_end;
    /* Drop whole lines after the first until the new one fits. */
    while (*rest && (size_t)(first_end - old) + 5 + strlen(rest) + 1 + n_line >= DETAIL_MAX) {
        const char *next = strchr(rest + 1, '\n');
        rest = next ? next : rest + strlen(rest);
    }
    out = xmalloc(DETAIL_MAX + 8);
    snprintf(out, DETAIL_MAX + 8, "%.*s\n...%s\n%.*s", (int)(first_end - old), old, rest,
             (int)(n_line < DETAIL_MAX / 2 ? n_line : DETAIL_MAX / 2), line);
    return out;
}

/* ==================== Alerts ==================== */

struct open_find {
    const char *rule_id;
    const char *episode_id; /* of this triage, or "" */
    struct alert_rec found; /* only its id */
    char *detail;
    bool any;
};

/* Keeps the newest alert of the rule that is not resolved (its id and
 * detail): a rule that fires again while its alert is open never opens a
 * second one (CONTRACT.md), whichever episode the first began in. */
static int take_open(const struct alert_rec *a, void *arg)
{
    struct open_find *f = arg;

    if (strcmp(a->rule_id, f->rule_id) != 0 || strcmp(a->status, "resolved") == 0)
        return MRX_OK;
    free(f->detail);
    snprintf(f->found.id, sizeof(f->found.id), "%s", a->id);
    f->detail = a->detail ? xstrdup(a->detail) : NULL;
    f->any = true;
    return MRX_OK;
}

/* The rule fired again while its alert is open: one more occurrence, and
 * the alert moves to the episode in force (from none, reported before the
 * intake, or from an earlier one), so that resolving it can lift the pause
 * it now stands for. The alert is read again for the update (the list's
 * rows are gone by now). */
static int add_occurrence(const struct records *r, const struct open_find *f, long day,
                          const char *line, json_t *alerts_out, struct mrx_err *err)
{
    struct alert_rec a;
    char *detail = detail_append(f->detail, line);
    int rc;

    if ((rc = store_alert_get(r->store, f->found.id, &a, err)) == MRX_OK) {
        a.detail = detail;
        a.occurrences++;
        if (day > a.last_day)
            a.last_day = day;
        if (f->episode_id[0])
            snprintf(a.episode_id, sizeof(a.episode_id), "%s", f->episode_id);
        rc = store_alert_update(r->store, &a, err);
        if (rc == MRX_OK)
            json_array_append_new(alerts_out, alert_json(&a));
    }
    free(detail);
    return rc;
}

static int open_alert(const struct records *r, const struct episode_ctx *c, bool has_episode,
                      const struct triage_rule *rule, long day, const char *line,
                      json_t *alerts_out, struct mrx_err *err)
{
    struct alert_rec a = {.rule_id = rule->id,
                          .tier = tier_name(rule->tier),
                          .reason = rule->clinician_message,
                          .evidence = rule->citation,
                          .detail = line,
                          .opened_day = day,
                          .last_day = day,
                          .occurrences = 1,
                          .status = "open"};
    int rc;

    snprintf(a.org_id, sizeof(a.org_id), "%s", c->patient.org_id);
    snprintf(a.patient_id, sizeof(a.patient_id), "%s", c->patient.id);
    snprintf(a.episode_id, sizeof(a.episode_id), "%s", has_episode ? c->ep.id : "");
    if ((rc = alert_raise(r, &a, NULL, err))) /* told "your care team will look at this" */
        return rc;
    json_array_append_new(alerts_out, alert_json(&a));
    return MRX_OK;
}

int triage_alerts(const struct records *r, const struct episode_ctx *c, bool has_episode, long day,
                  const char *occasion, const struct triage_entry *e, json_t *alerts_out,
                  struct mrx_err *err)
{
    char line[1024];
    int rc = MRX_OK;

    for (int k = 0; k < e->result.n_fired && rc == MRX_OK; k++) {
        const struct triage_rule *rule = e->result.fired[k];
        struct open_find f = {.rule_id = rule->id, .episode_id = has_episode ? c->ep.id : ""};
        detail_line(e, rule, day, occasion, line, sizeof(line));
        rc = store_alerts_patient_each(r->store, c->patient.org_id, c->patient.id, take_open, &f,
                                       err);
        if (rc == MRX_OK)
            rc = f.any ? add_occurrence(r, &f, day, line, alerts_out, err)
                       : open_alert(r, c, has_episode, rule, day, line, alerts_out, err);
        free(f.detail);
    }
    return rc;
}
