/*
 * assessments.c: questionnaire scores as the store keeps them (records.h).
 * One place scores each instrument with the core and stores it with its raw
 * answers and the instrument's and scoring rule's versions, for the intake
 * and for follow-ups alike; and the change of a score against the episode's
 * first score of the same instrument (CLINICAL.md sections 3 to 5). A
 * follow-up PSFS re-rates the activities of the episode's first PSFS
 * (CLINICAL.md 5.2: "re-rate the same activities at every follow-up").
 */
#include "compat.h"

#include "common/date.h"
#include "common/numfmt.h"
#include "core/instruments/instruments.h"
#include "formats/triage_json.h"
#include "records/internal.h"

#define SCORING_VERSION "moverx-1"

/* ==================== Scoring and storing ==================== */

/* One questionnaire scored, ready to store: the raw answers and the score
 * (both owned), and the value its change is computed on, when it has one. */
struct scored {
    const char *instrument, *version;
    json_t *answers, *score;
    enum measure measure;
    double value;
};

static void scored_release(struct scored *s)
{
    json_decref(s->answers);
    json_decref(s->score);
    memset(s, 0, sizeof(*s));
}

/* The ODI's masks (as odi_score() takes them) and its answers as given. */
static int score_odi(const unsigned masks[ODI_SECTIONS], const json_t *answers, struct scored *out,
                     struct mrx_err *err)
{
    struct odi_result o;
    int rc = odi_score(masks, &o, err);

    if (rc)
        return mrx_err_recast(err, MRX_EINVAL, "odi");
    *out = (struct scored){.instrument = "odi",
                           .version = "2.1a",
                           .answers = json_deep_copy(answers),
                           .score = json_pack("{si, si, sf, ss, sb}", "sum", o.sum, "answered",
                                              o.answered, "percent", o.percent, "band",
                                              odi_band_name(o.band), "complete", o.complete),
                           .measure = MEASURE_ODI,
                           .value = o.percent};
    return MRX_OK;
}

static int score_rmdq(const long *items, int n, const json_t *answers, struct scored *out,
                      struct mrx_err *err)
{
    int score, rc = rmdq_score(items, n, &score, err);

    if (rc)
        return mrx_err_recast(err, MRX_EINVAL, "rmdq");
    *out = (struct scored){.instrument = "rmdq",
                           .version = "24-item",
                           .answers = json_deep_copy(answers),
                           .score = json_pack("{si}", "score", score),
                           .measure = MEASURE_RMDQ,
                           .value = score};
    return MRX_OK;
}

static int score_psfs(const struct psfs_activity *a, int n, const json_t *answers,
                      struct scored *out, struct mrx_err *err)
{
    double ratings[PSFS_MAX_ACTIVITIES], score;
    int rc;

    for (int i = 0; i < n && i < PSFS_MAX_ACTIVITIES; i++)
        ratings[i] = a[i].rating;
    if ((rc = psfs_score(ratings, n, &score, err)))
        return mrx_err_recast(err, MRX_EINVAL, "psfs");
    *out = (struct scored){.instrument = "psfs",
                           .version = "1-5-activities",
                           .answers = json_deep_copy(answers),
                           .score = json_pack("{sf, si}", "score", score, "activities", n),
                           .measure = MEASURE_PSFS,
                           .value = score};
    return MRX_OK;
}

static int store_scored(const struct records *r, const struct episode_rec *ep, long day,
                        const struct scored *s, struct mrx_err *err)
{
    struct assessment_rec a = {.day = day,
                               .instrument = s->instrument,
                               .instrument_version = s->version,
                               .scoring_version = SCORING_VERSION};
    char *ans = json_text(s->answers), *sc = json_text(s->score);
    int rc;

    snprintf(a.org_id, sizeof(a.org_id), "%s", ep->org_id);
    snprintf(a.episode_id, sizeof(a.episode_id), "%s", ep->id);
    snprintf(a.recorded_at, sizeof(a.recorded_at), "%s", r->now);
    a.answers = ans;
    a.score = sc;
    rc = store_assessment_add(r->store, &a, err);
    free(ans);
    free(sc);
    return rc;
}

/* The intake's NPRS and STarT Back (both always there once parsed). */
static void intake_screening(const json_t *doc, const struct intake *in, struct scored *s, int *n)
{
    struct startback_result sb;

    s[(*n)++] = (struct scored){
        .instrument = "nprs",
        .version = "0-10",
        .answers = json_pack("{s:O, s:O*}", "pain_now", json_object_get(doc, "pain_now"),
                             "pain_week_average", json_object_get(doc, "pain_week_average")),
        .score = json_pack("{sf}", "pain",
                           in->has_pain_week_average ? in->pain_week_average : in->pain_now)};
    if (startback_score(in->startback, &sb, NULL) == MRX_OK)
        s[(*n)++] = (struct scored){.instrument = "startback",
                                    .version = "9-item",
                                    .answers = json_deep_copy(json_object_get(doc, "startback")),
                                    .score = json_pack("{si, si, ss}", "total", sb.total,
                                                       "psychosocial", sb.psychosocial, "risk",
                                                       startback_risk_name(sb.risk))};
}

int assessments_add_intake(const struct records *r, const struct episode_rec *ep, long day,
                           const json_t *doc, const struct intake *in, enum intake_scores which,
                           struct mrx_err *err)
{
    struct scored s[5] = {{0}};
    int n = 0, rc = MRX_OK;

    intake_screening(doc, in, s, &n);
    if (which != SCORES_ALL) { /* a restart: the pain is new, and STarT Back when asked again */
        while (n > (which == SCORES_PAIN_AND_STARTBACK ? 2 : 1))
            scored_release(&s[--n]);
    } else {
        /* intake_from_json() has checked the answers: scoring them cannot fail. */
        if (in->disability == DISABILITY_ODI &&
            score_odi(in->odi, json_object_get(doc, "odi"), &s[n], NULL) == MRX_OK)
            n++;
        else if (in->disability == DISABILITY_RMDQ &&
                 score_rmdq(in->rmdq, in->n_rmdq, json_object_get(doc, "rmdq"), &s[n], NULL) ==
                     MRX_OK)
            n++;
        if (in->n_psfs > 0 &&
            score_psfs(in->psfs, in->n_psfs, json_object_get(doc, "psfs"), &s[n], NULL) == MRX_OK)
            n++;
    }
    for (int i = 0; i < n && rc == MRX_OK; i++)
        rc = store_scored(r, ep, day, &s[i], err);
    for (int i = 0; i < n; i++)
        scored_release(&s[i]);
    return rc;
}

/* ==================== Change against the first score ==================== */

static json_t *rounded(double x)
{
    return json_real(mrx_round_half_up(x, 1));
}

/* {"instrument","baseline_date","baseline","followup_date","followup","change",
 * "percent","important"}, or NULL for a value out of the measure's range. */
static json_t *change_json(enum measure m, long base_day, double base, long day, double value)
{
    struct change_result ch;

    if (change_compute(m, base, value, &ch, NULL) != MRX_OK)
        return NULL;
    return json_pack("{ss, so, so, so, so, so, so, sb}", "instrument", measure_name(m),
                     "baseline_date", json_date(base_day), "baseline", rounded(base),
                     "followup_date", json_date(day), "followup", rounded(value), "change",
                     rounded(ch.change), "percent",
                     ch.has_percent ? rounded(ch.percent) : json_null(), "important", ch.important);
}

/* The value a change is computed on: the ODI percentage, the RMDQ count,
 * the PSFS mean rating. False for the other instruments. */
static bool stored_value(const char *instrument, const json_t *score, enum measure *m, double *v)
{
    const json_t *x;

    if (!measure_from_name(instrument, m) || *m == MEASURE_NPRS)
        return false;
    x = json_object_get(score, *m == MEASURE_ODI ? "percent" : "score");
    if (!json_is_number(x))
        return false;
    *v = json_number_value(x);
    return true;
}

void score_track_add(struct score_track *t, const struct assessment_rec *a)
{
    json_t *score = NULL;
    enum measure m;
    double v;

    if (stored_json(a->score, "assessment", &score, NULL) ||
        !stored_value(a->instrument, score, &m, &v)) {
        json_decref(score);
        return;
    }
    json_decref(score);
    if (t->m[m].n++ == 0) {
        t->m[m].first_day = a->day;
        t->m[m].first = v;
    }
    t->m[m].last_day = a->day;
    t->m[m].last = v;
}

json_t *score_track_changes(const struct score_track *t)
{
    static const enum measure order[] = {MEASURE_ODI, MEASURE_RMDQ, MEASURE_PSFS};
    json_t *list = json_array(), *c;

    for (size_t i = 0; i < MRX_ARRAY_LEN(order); i++) {
        const struct score_firsts *f = &t->m[order[i]];
        if (f->n >= 2 && (c = change_json(order[i], f->first_day, f->first, f->last_day, f->last)))
            json_array_append_new(list, c);
    }
    return list;
}

json_t *psfs_activity_names(const char *answers)
{
    json_t *list = json_array(), *doc = NULL, *e;
    size_t k;

    if (stored_json(answers, "assessment", &doc, NULL))
        return list;
    json_array_foreach(doc, k, e)
    {
        const json_t *name = json_object_get(e, "activity");
        if (json_is_string(name))
            json_array_append(list, (json_t *)name);
    }
    json_decref(doc);
    return list;
}

/* ==================== Follow-ups ==================== */

/* A follow-up's questionnaires, parsed and scored. */
struct followup {
    struct scored s[3];
    int n;
    struct psfs_activity psfs[PSFS_MAX_ACTIVITIES];
    int n_psfs;
    json_t *psfs_answers; /* the PSFS answers to store, or NULL */
};

static void followup_release(struct followup *f)
{
    for (int i = 0; i < f->n; i++)
        scored_release(&f->s[i]);
    psfs_answers_release(f->psfs, f->n_psfs);
    json_decref(f->psfs_answers);
    memset(f, 0, sizeof(*f));
}

/* What the episode holds already: each instrument's first score, whether one
 * is on the follow-up's day, and the activities of the first PSFS. */
struct held {
    long day;
    struct score_track track;
    bool on_day[MEASURE_PSFS + 1]; /* by enum measure */
    json_t *first_psfs;            /* the first PSFS's answers, or NULL */
    struct mrx_err *err;           /* for damaged stored answers */
};

static int take_held(const struct assessment_rec *a, void *arg)
{
    struct held *h = arg;
    enum measure m;

    score_track_add(&h->track, a);
    if (!measure_from_name(a->instrument, &m) || m == MEASURE_NPRS)
        return MRX_OK;
    h->on_day[m] |= a->day == h->day;
    if (m == MEASURE_PSFS && !h->first_psfs)
        return stored_json(a->answers, "assessment", &h->first_psfs, h->err);
    return MRX_OK;
}

/* "'gardening', 'sitting'": the first PSFS's activities, for messages. */
static void activity_names(const json_t *answers, char *buf, size_t size)
{
    size_t used = 0, k;
    json_t *e;

    buf[0] = '\0';
    json_array_foreach((json_t *)answers, k, e)
    {
        const char *name = json_string_value(json_object_get(e, "activity"));
        if (used >= size)
            break;
        used +=
            (size_t)snprintf(buf + used, size - used, "%s'%s'", k ? ", " : "", name ? name : "?");
    }
}

/* The command line's bare ratings, given the names of the first PSFS. */
static int psfs_from_ratings(const json_t *ratings, const json_t *first, json_t **out,
                             struct mrx_err *err)
{
    char names[320];
    size_t k;
    json_t *v;

    if (!first)
        return mrx_err_set(err, MRX_EINVAL, "--psfs",
                           "this episode has no PSFS yet: name each activity as NAME=RATING");
    activity_names(first, names, sizeof(names));
    if (json_array_size(ratings) != json_array_size(first))
        return mrx_err_set(err, MRX_EINVAL, "--psfs",
                           "rate the %zu activities of the first PSFS in order: %s",
                           json_array_size(first), names);
    *out = json_array();
    json_array_foreach((json_t *)ratings, k, v)
    {
        const json_t *name = json_object_get(json_array_get(first, k), "activity");
        json_array_append_new(*out, json_pack("{sO, sO}", "activity", name, "rating", v));
    }
    return MRX_OK;
}

/* How many of the answers name the activity. */
static int activity_count(const json_t *answers, const char *name)
{
    size_t k;
    json_t *e;
    int n = 0;

    json_array_foreach((json_t *)answers, k, e)
    {
        const char *a = json_string_value(json_object_get(e, "activity"));
        n += a && strcmp(a, name) == 0;
    }
    return n;
}

/* Every PSFS of an episode rates the activities of its first, in any order. */
static int same_activities(const json_t *answers, const json_t *first, struct mrx_err *err)
{
    char names[320];
    bool same = json_array_size(first) == json_array_size(answers);
    size_t k;
    json_t *e;

    json_array_foreach((json_t *)answers, k, e)
    {
        const char *a = json_string_value(json_object_get(e, "activity"));
        same = same && a && activity_count(answers, a) == activity_count(first, a);
    }
    if (same)
        return MRX_OK;
    activity_names(first, names, sizeof(names));
    return mrx_err_set(err, MRX_EINVAL, "--psfs",
                       "must re-rate the activities of the first PSFS of this episode: %s", names);
}

/* The ODI and the RMDQ, as the intake checks and scores them. */
static int parse_followup(const struct assessment_input *in, struct followup *f,
                          struct mrx_err *err)
{
    unsigned masks[ODI_SECTIONS];
    long items[RMDQ_ITEMS];
    int n, rc;

    if (in->odi) {
        if ((rc = odi_answers_from_json(in->odi, masks, err)) ||
            (rc = score_odi(masks, in->odi, &f->s[f->n], err)))
            return rc;
        f->n++;
    }
    if (in->rmdq) {
        if ((rc = rmdq_answers_from_json(in->rmdq, items, &n, err)) ||
            (rc = score_rmdq(items, n, in->rmdq, &f->s[f->n], err)))
            return rc;
        f->n++;
    }
    return MRX_OK;
}

/* The PSFS, once the episode's first PSFS is known. */
static int parse_psfs(const struct assessment_input *in, const json_t *first, struct followup *f,
                      struct mrx_err *err)
{
    int rc;

    if (!in->psfs && !in->psfs_ratings)
        return MRX_OK;
    if (in->psfs)
        f->psfs_answers = json_incref((json_t *)in->psfs);
    else if ((rc = psfs_from_ratings(in->psfs_ratings, first, &f->psfs_answers, err)))
        return rc;
    if ((rc = psfs_answers_from_json(f->psfs_answers, f->psfs, &f->n_psfs, err)) ||
        (first && (rc = same_activities(f->psfs_answers, first, err))) ||
        (rc = score_psfs(f->psfs, f->n_psfs, f->psfs_answers, &f->s[f->n], err)))
        return rc;
    f->n++;
    return MRX_OK;
}

static int check_followup_day(const struct records *r, const struct episode_rec *ep, long day,
                              struct mrx_err *err)
{
    char start[16];

    if (!records_day_plausible(r, day))
        return mrx_err_set(err, MRX_EINVAL, "--date", "is in the future");
    if (day < ep->start_day) {
        date_format(ep->start_day, start, sizeof(start));
        return mrx_err_set(err, MRX_EINVAL, "--date", "is before the program started (%s)", start);
    }
    return MRX_OK;
}

/* Once a day per instrument: checked for all before anything is stored. */
static int check_conflicts(const struct followup *f, const struct held *h, long day,
                           struct mrx_err *err)
{
    char date[16];

    date_format(day, date, sizeof(date));
    for (int i = 0; i < f->n; i++)
        if (h->on_day[f->s[i].measure])
            return mrx_err_set(err, MRX_EINVAL, f->s[i].instrument, "is already recorded for %s",
                               date);
    return MRX_OK;
}

/* Stores each score, answering {"instrument","score"} for each and, for
 * those with an earlier score in the episode, the change from the first. */
static int store_followup(const struct records *r, const struct episode_rec *ep, long day,
                          const struct followup *f, const struct held *h, json_t *scores,
                          json_t *changes, struct mrx_err *err)
{
    int rc;

    for (int i = 0; i < f->n; i++) {
        const struct scored *s = &f->s[i];
        const struct score_firsts *first = &h->track.m[s->measure];
        json_t *c;
        if ((rc = store_scored(r, ep, day, s, err)))
            return rc;
        json_array_append_new(
            scores, json_pack("{ss, sO}", "instrument", s->instrument, "score", s->score));
        if (first->n == 0 || day < first->first_day)
            continue; /* this one is the baseline */
        if ((c = change_json(s->measure, first->first_day, first->first, day, s->value)))
            json_array_append_new(changes, c);
    }
    return MRX_OK;
}

/* The check-up's own triage answers (weeks without improvement, any sign):
 * triaged with what is remembered; they alert and act as a check-in's do. */
static int followup_flags(const struct records *r, const char *patient_id, long day,
                          const json_t *flags, json_t *out, struct mrx_err *err)
{
    struct episode_ctx c;
    struct triage_entry e = {0};
    json_t *decisions = json_array(), *alerts = json_array();
    bool has_episode;
    enum tier red;
    int rc;

    if ((rc = episode_load_current(r, patient_id, &c, &has_episode, err)) ||
        (rc = triage_entry(r, &c, day, flags, "red_flags", &e, err)) ||
        (rc = triage_alerts(r, &c, has_episode, day, "check-up", &e, alerts, err)))
        goto out;
    red = triage_red_flag_tier(&e.result);
    if (has_episode && c.has_state && red > TIER_NONE &&
        (rc = engine_red_flag(r, &c, red, decisions, alerts, err)))
        goto out;
    json_object_set_new(out, "triage", triage_result_to_json(&e.result));
    json_object_set(out, "decisions", decisions);
    json_object_set(out, "alerts", alerts);
out:
    json_decref(decisions);
    json_decref(alerts);
    triage_entry_release(&e);
    episode_release(&c);
    return rc;
}

/* Each goal (an activity of the first PSFS) with its first rating and today's: the
 * check-up shows progress toward each goal, not only the mean (issue 21, item 4). */
static json_t *goals_progress(const json_t *first, const json_t *now)
{
    json_t *goals = json_array(), *e, *x;
    size_t k, m;

    json_array_foreach((json_t *)first, k, e)
    {
        const char *name = json_string_value(json_object_get(e, "activity"));
        json_array_foreach((json_t *)now, m, x)
        {
            const char *a = json_string_value(json_object_get(x, "activity"));
            if (name && a && strcmp(name, a) == 0)
                json_array_append_new(goals, json_pack("{ss, sO, sO}", "activity", name, "first",
                                                       json_object_get(e, "rating"), "now",
                                                       json_object_get(x, "rating")));
        }
    }
    return goals;
}

int records_assess(const struct records *r, const char *patient_id,
                   const struct assessment_input *in, json_t **out, struct mrx_err *err)
{
    struct patient_rec p;
    struct episode_rec ep;
    struct followup f = {0};
    struct held h = {.day = in->day, .err = err};
    json_t *scores = json_array(), *changes = json_array();
    int rc;

    if (!in->odi && !in->rmdq && !in->psfs && !in->psfs_ratings) {
        rc = mrx_err_set(err, MRX_EINVAL, "--odi",
                         "give at least one questionnaire: odi, rmdq or psfs");
        goto out;
    }
    if ((rc = store_patient_get(r->store, patient_id, &p, err)) ||
        (rc = store_episode_current(r->store, p.org_id, p.id, &ep, err)))
        goto out;
    ep.engine_state = NULL; /* not needed; it points into the store */
    if ((rc = check_followup_day(r, &ep, in->day, err)) || (rc = parse_followup(in, &f, err)) ||
        (rc = store_assessments_each(r->store, ep.org_id, ep.id, take_held, &h, err)) ||
        (rc = parse_psfs(in, h.first_psfs, &f, err)) ||
        (rc = check_conflicts(&f, &h, in->day, err)) ||
        (rc = store_followup(r, &ep, in->day, &f, &h, scores, changes, err)) ||
        (rc = audit(r, ep.org_id, "assessment.create", ep.patient_id, err)))
        goto out;
    *out = json_pack("{so, ss, sO, sO}", "date", json_date(in->day), "patient", ep.patient_id,
                     "scores", scores, "changes", changes);
    if (f.psfs_answers && h.first_psfs)
        json_object_set_new(*out, "goals", goals_progress(h.first_psfs, f.psfs_answers));
    if (in->red_flags && (rc = followup_flags(r, patient_id, in->day, in->red_flags, *out, err))) {
        json_decref(*out);
        *out = NULL;
    }
out:
    json_decref(scores);
    json_decref(changes);
    json_decref(h.first_psfs);
    followup_release(&f);
    return rc;
}

/* ==================== The 4-weekly check-up ==================== */

/* The day the disability questionnaire (ODI or RMDQ) was last answered, up
 * to the day asked: what decides whether the 4-weekly check-up is due. */
struct last_disability {
    long day, last;
};

static int take_disability(const struct assessment_rec *a, void *arg)
{
    struct last_disability *d = arg;

    if ((strcmp(a->instrument, "odi") == 0 || strcmp(a->instrument, "rmdq") == 0) &&
        a->day <= d->day && a->day > d->last)
        d->last = a->day;
    return MRX_OK;
}

int checkup_due(const struct records *r, const char *org_id, const char *episode_id, long start_day,
                long day, bool *due, struct mrx_err *err)
{
    struct last_disability d = {day, start_day};
    int rc = store_assessments_each(r->store, org_id, episode_id, take_disability, &d, err);

    *due = rc == MRX_OK && day - d.last >= FOLLOW_UP_DAYS;
    return rc;
}
