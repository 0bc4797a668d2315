/*
 * import.c: loading a patient's export (see export.c) into the store.
 * Every object is checked strictly (unknown or missing fields, wrong types,
 * bad dates) and named in the error by its path; the patient must not be in
 * the store yet. The organization is created when the store does not have it.
 */
#include "compat.h"

#include "common/date.h"
#include "common/xalloc.h"
#include "core/plan/intake.h"
#include "core/plan/week.h"
#include "core/triage/triage.h"
#include "formats/adapt_state_json.h"
#include "records/internal.h"

struct importer {
    const struct records *r;
    char path[160];
    struct mrx_err *err;
    char org[STORE_ID_SIZE];
    char patient[STORE_ID_SIZE];
    char episode[STORE_ID_SIZE]; /* "" for the alerts of no episode */
    unsigned days;               /* the episode intake's days (week.h mask), 0: only a count */
    int n_days;                  /* how many days its intake gave */
};

static int bad(struct importer *im, const json_error_t *jerr)
{
    return mrx_err_set(im->err, MRX_EINVAL, im->path, "%s", jerr->text);
}

static int day_of(struct importer *im, const char *text, const char *key, long *out)
{
    if (!date_parse(text, out))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "%s: not a date YYYY-MM-DD: '%s'", key,
                           text);
    return MRX_OK;
}

static int ts_copy(struct importer *im, const char *text, char *dst, const char *key)
{
    char date[16];
    long day;

    snprintf(date, sizeof(date), "%.10s", text);
    if (strlen(text) != 20 || !date_parse(date, &day) || text[10] != 'T' || text[19] != 'Z' ||
        text[13] != ':' || text[16] != ':')
        return mrx_err_set(im->err, MRX_EINVAL, im->path,
                           "%s: not a timestamp YYYY-MM-DDTHH:MM:SSZ: '%s'", key, text);
    snprintf(dst, STORE_TS_SIZE, "%s", text);
    return MRX_OK;
}

static int id_copy(struct importer *im, const char *text, char *dst, const char *key)
{
    if (strlen(text) >= STORE_ID_SIZE || !*text ||
        strspn(text, "0123456789abcdefABCDEF-") != strlen(text))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "%s: not an id: '%s'", key, text);
    snprintf(dst, STORE_ID_SIZE, "%s", text);
    return MRX_OK;
}

/* Text of an optional JSON value for the store: NULL for null. */
static char *opt_doc(const json_t *j)
{
    return !j || json_is_null(j) ? NULL : json_text(j);
}

/* Stores a rec and names the element on failure. */
static int stored(struct importer *im, int rc)
{
    if (rc)
        mrx_err_prefix(im->err, "%s", im->path);
    return rc;
}

static int import_assessment(struct importer *im, json_t *j)
{
    struct assessment_rec a = {0};
    const char *date, *at;
    json_t *answers, *score;
    json_error_t jerr;
    char *ans, *sc;
    int rc;

    if (json_unpack_ex(j, &jerr, JSON_STRICT, "{ss, ss, ss, ss, so, so, ss}", "date", &date,
                       "instrument", &a.instrument, "instrument_version", &a.instrument_version,
                       "scoring_version", &a.scoring_version, "answers", &answers, "score", &score,
                       "recorded_at", &at))
        return bad(im, &jerr);
    if ((rc = day_of(im, date, "date", &a.day)) || (rc = ts_copy(im, at, a.recorded_at, "at")))
        return rc;
    snprintf(a.org_id, sizeof(a.org_id), "%s", im->org);
    snprintf(a.episode_id, sizeof(a.episode_id), "%s", im->episode);
    a.answers = ans = json_text(answers);
    a.score = sc = json_text(score);
    rc = stored(im, store_assessment_add(im->r->store, &a, im->err));
    free(ans);
    free(sc);
    return rc;
}

/*
 * A plan's week (program v2): its days are the intake's (the days named, or
 * as many as it said), and its schedule holds only those days and only the
 * plan's own exercises and walks. (Plans from before weeks have neither.)
 */
static int check_week(struct importer *im, const json_t *plan)
{
    const json_t *days = json_object_get(plan, "days"),
                 *schedule = json_object_get(plan, "schedule");
    unsigned mask = 0;
    const char *day;
    json_t *v, *list;
    size_t k;
    int d;

    if (!days && !schedule)
        return MRX_OK;
    json_array_foreach((json_t *)days, k, v)
    {
        if (!weekday_from_name(json_string_value(v), &d) || (mask & (1u << d)))
            return mrx_err_set(im->err, MRX_EINVAL, im->path, "plan.days[%zu]: not a day, or twice",
                               k);
        mask |= 1u << d;
    }
    if (!json_is_array(days) || !mask ||
        (im->days ? mask != im->days : week_count(mask) != im->n_days))
        return mrx_err_set(im->err, MRX_EINVAL, im->path,
                           "plan.days: must be the days its intake gave");
    if (!json_is_object(schedule))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "plan.schedule: needs the week");
    json_object_foreach((json_t *)schedule, day, list)
    {
        if (!weekday_from_name(day, &d) || !((mask >> d) & 1u) || !json_is_array(list))
            return mrx_err_set(im->err, MRX_EINVAL, im->path,
                               "plan.schedule.%s: not one of the plan's days", day);
        json_array_foreach(list, k, v)
        {
            const char *ex = json_string_value(json_object_get(v, "exercise"));
            bool known = json_is_object(json_object_get(v, "walk"));
            json_t *it;
            size_t i;
            json_array_foreach(json_object_get(plan, "items"), i, it) known |=
                ex && json_is_string(json_object_get(it, "exercise")) &&
                strcmp(json_string_value(json_object_get(it, "exercise")), ex) == 0;
            if (!known)
                return mrx_err_set(im->err, MRX_EINVAL, im->path,
                                   "plan.schedule.%s[%zu]: not an item of the plan", day, k);
        }
    }
    return MRX_OK;
}

/* A plan the journey can read back: known exercises with doses, a walking target. */
static int check_plan(struct importer *im, const json_t *plan)
{
    const json_t *items = json_object_get(plan, "items"), *w = json_object_get(plan, "walking");
    json_t *it;
    size_t k;

    if (!json_is_array(items) || !json_is_object(w) ||
        !json_is_integer(json_object_get(w, "minutes")) ||
        !json_is_integer(json_object_get(w, "bouts")) ||
        !json_is_integer(json_object_get(w, "days_per_week")) ||
        !json_is_string(json_object_get(plan, "status")))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "plan: needs items, walking and status");
    json_array_foreach((json_t *)items, k, it)
    {
        const char *ex = json_string_value(json_object_get(it, "exercise"));
        struct dose d;
        if (!ex || !catalog_find(&im->r->data->catalog, ex) ||
            dose_parse(json_object_get(it, "dose"), "dose", &d, NULL) != MRX_OK ||
            !json_is_integer(json_object_get(it, "days_per_week")))
            return mrx_err_set(im->err, MRX_EINVAL, im->path,
                               "plan.items[%zu]: not an exercise of this library with a dose", k);
    }
    return check_week(im, plan);
}

static int import_version(struct importer *im, json_t *j)
{
    struct plan_version_rec v = {0};
    const char *date, *at;
    json_t *plan, *changes, *rule;
    json_error_t jerr;
    char *pt, *ct;
    int rc;

    if (json_unpack_ex(j, &jerr, JSON_STRICT, "{si, ss, ss, so, ss, ss, so, so, ss}", "version",
                       &v.version, "date", &date, "author", &v.author, "rule", &rule, "reason",
                       &v.reason, "evidence", &v.evidence, "plan", &plan, "changes", &changes,
                       "recorded_at", &at))
        return bad(im, &jerr);
    if (!json_is_null(rule) && !json_is_string(rule))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "rule: must be a string or null");
    if (!json_is_object(plan) || !json_is_array(changes))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "plan or changes: wrong type");
    if ((rc = check_plan(im, plan)))
        return rc;
    if ((rc = day_of(im, date, "date", &v.day)) || (rc = ts_copy(im, at, v.recorded_at, "at")))
        return rc;
    v.rule_id = json_string_value(rule);
    snprintf(v.org_id, sizeof(v.org_id), "%s", im->org);
    snprintf(v.episode_id, sizeof(v.episode_id), "%s", im->episode);
    v.plan = pt = json_text(plan);
    v.changes = ct = json_text(changes);
    rc = stored(im, store_plan_version_add(im->r->store, &v, im->err));
    free(pt);
    free(ct);
    return rc;
}

static int import_decision(struct importer *im, json_t *j)
{
    struct decision_rec d = {0};
    const char *date;
    json_t *item, *from, *to, *pv;
    json_error_t jerr;
    char *ft, *tt;
    int rc;

    if (json_unpack_ex(j, &jerr, JSON_STRICT, "{si, ss, ss, ss, so, so, so, ss, ss, so}", "seq",
                       &d.seq, "date", &date, "kind", &d.kind, "rule", &d.rule_id, "item", &item,
                       "from", &from, "to", &to, "reason", &d.reason, "evidence", &d.evidence,
                       "plan_version", &pv))
        return bad(im, &jerr);
    if ((!json_is_null(from) && !json_is_object(from)) ||
        (!json_is_null(to) && !json_is_object(to)))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "from or to: must be a dose or null");
    if ((!json_is_null(item) && !json_is_string(item)) ||
        (!json_is_null(pv) && !json_is_integer(pv)))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "item or plan_version: wrong type");
    if ((rc = day_of(im, date, "date", &d.day)))
        return rc;
    d.item = json_string_value(item);
    d.plan_version = json_is_integer(pv) ? (int)json_integer_value(pv) : 0;
    snprintf(d.org_id, sizeof(d.org_id), "%s", im->org);
    snprintf(d.episode_id, sizeof(d.episode_id), "%s", im->episode);
    d.from_dose = ft = opt_doc(from);
    d.to_dose = tt = opt_doc(to);
    rc = stored(im, store_decision_add(im->r->store, &d, im->err));
    free(ft);
    free(tt);
    return rc;
}

static int import_session(struct importer *im, json_t *j)
{
    struct session_rec s = {0};
    const char *date, *at;
    json_t *diff, *items, *note;
    json_error_t jerr;
    char *it;
    int rc;

    if (json_unpack_ex(j, &jerr, JSON_STRICT, "{ss, si, so, so, so, ss}", "date", &date,
                       "pain_during", &s.pain_during, "difficulty", &diff, "items", &items, "note",
                       &note, "recorded_at", &at))
        return bad(im, &jerr);
    if (!json_is_null(diff) &&
        !(json_is_string(diff) && difficulty_from_name(json_string_value(diff), &s.difficulty)))
        return mrx_err_set(im->err, MRX_EINVAL, im->path,
                           "difficulty: must be easy, right or hard");
    if (!json_is_array(items) || (!json_is_null(note) && !json_is_string(note)))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "items or note: wrong type");
    for (size_t k = 0; k < json_array_size(items); k++) {
        const char *item;
        int done;
        json_t *dose;
        struct dose d;
        if (json_unpack_ex(json_array_get(items, k), &jerr, JSON_STRICT, "{ss, sb, so}", "item",
                           &item, "done", &done, "dose", &dose) ||
            dose_parse(dose, "dose", &d, NULL) != MRX_OK)
            return mrx_err_set(im->err, MRX_EINVAL, im->path, "items[%zu]: not a session item", k);
    }
    if ((rc = day_of(im, date, "date", &s.day)) || (rc = ts_copy(im, at, s.recorded_at, "at")))
        return rc;
    s.note = json_string_value(note);
    snprintf(s.org_id, sizeof(s.org_id), "%s", im->org);
    snprintf(s.episode_id, sizeof(s.episode_id), "%s", im->episode);
    s.items = it = json_text(items);
    rc = stored(im, store_session_add(im->r->store, &s, im->err));
    free(it);
    return rc;
}

static int opt_number(struct importer *im, const json_t *j, const char *key, int *out)
{
    if (json_is_null(j)) {
        *out = CHECKIN_NONE;
        return MRX_OK;
    }
    if (!json_is_integer(j))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "%s: must be an integer or null", key);
    *out = (int)json_integer_value(j);
    return MRX_OK;
}

static int check_flags(struct importer *im, const json_t *flags, const char *tier)
{
    struct triage_answers answers;
    enum tier t;

    if (!json_is_object(flags))
        return mrx_err_set(im->err, MRX_EINVAL, "red_flags", "must be an object");
    if (triage_answers_from_json(flags, "red_flags.", &answers, im->err))
        return MRX_EINVAL;
    if (strcmp(tier, "none") != 0 && !tier_from_name(tier, &t))
        return mrx_err_set(im->err, MRX_EINVAL, "red_flag_tier", "unknown tier '%s'", tier);
    return MRX_OK;
}

static int import_checkin(struct importer *im, json_t *j)
{
    struct checkin_rec c = {0};
    const char *date, *at;
    json_t *nmp, *walk, *stiff, *sleep, *steps, *feel, *get, *flags;
    json_error_t jerr;
    char *ft, *gt, *rt;
    int flare, rc;

    if (json_unpack_ex(j, &jerr, JSON_STRICT,
                       "{ss, si, so, so, so, so, so, so, so, so, ss, sb, ss}", "date", &date,
                       "pain", &c.pain, "next_morning_pain", &nmp, "walk_minutes", &walk,
                       "stiffness", &stiff, "sleep", &sleep, "steps", &steps, "feel_better", &feel,
                       "get_better", &get, "red_flags", &flags, "red_flag_tier", &c.red_flag_tier,
                       "flare", &flare, "recorded_at", &at))
        return bad(im, &jerr);
    if ((rc = opt_number(im, nmp, "next_morning_pain", &c.next_morning_pain)) ||
        (rc = opt_number(im, walk, "walk_minutes", &c.walk_minutes)) ||
        (rc = opt_number(im, stiff, "stiffness", &c.stiffness)) ||
        (rc = opt_number(im, sleep, "sleep", &c.sleep)) ||
        (rc = opt_number(im, steps, "steps", &c.steps)) ||
        (rc = day_of(im, date, "date", &c.day)) || (rc = ts_copy(im, at, c.recorded_at, "at")))
        return rc;
    if ((rc = records_check_words(feel, checkin_feel_better_words(), "feel_better", im->err)) ||
        (rc = records_check_words(get, checkin_get_better_words(), "get_better", im->err)) ||
        (rc = check_flags(im, flags, c.red_flag_tier)))
        return stored(im, rc);
    c.flare = flare;
    snprintf(c.org_id, sizeof(c.org_id), "%s", im->org);
    snprintf(c.episode_id, sizeof(c.episode_id), "%s", im->episode);
    c.feel_better = ft = json_text(feel);
    c.get_better = gt = json_text(get);
    c.red_flags = rt = json_text(flags);
    rc = stored(im, store_checkin_add(im->r->store, &c, im->err));
    free(ft);
    free(gt);
    free(rt);
    return rc;
}

static const char *opt_str(const json_t *j)
{
    return json_string_value(j);
}

/* An alert; occurrences and last_seen are new in export version 2. */
static int import_alert(struct importer *im, json_t *j)
{
    struct alert_rec a = {0};
    const char *id, *opened, *at, *last = NULL;
    json_t *detail, *ab, *aa, *rb, *ra, *rn;
    json_error_t jerr;
    int rc;

    a.occurrences = 1;
    if (json_unpack_ex(j, &jerr, JSON_STRICT,
                       "{ss, ss, ss, ss, ss, so, ss, ss, ss, so, so, so, so, so, s?i, s?s}", "id",
                       &id, "rule", &a.rule_id, "tier", &a.tier, "reason", &a.reason, "evidence",
                       &a.evidence, "detail", &detail, "opened", &opened, "opened_at", &at,
                       "status", &a.status, "acknowledged_by", &ab, "acknowledged_at", &aa,
                       "resolved_by", &rb, "resolved_at", &ra, "resolution_note", &rn,
                       "occurrences", &a.occurrences, "last_seen", &last))
        return bad(im, &jerr);
    if ((rc = id_copy(im, id, a.id, "id")) || (rc = day_of(im, opened, "opened", &a.opened_day)) ||
        (rc = ts_copy(im, at, a.opened_at, "opened_at")) ||
        (last && (rc = day_of(im, last, "last_seen", &a.last_day))))
        return rc;
    if (a.occurrences < 1)
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "occurrences: must be 1 or more");
    a.detail = opt_str(detail);
    a.acknowledged_by = opt_str(ab);
    a.acknowledged_at = opt_str(aa);
    a.resolved_by = opt_str(rb);
    a.resolved_at = opt_str(ra);
    a.resolution_note = opt_str(rn);
    snprintf(a.org_id, sizeof(a.org_id), "%s", im->org);
    snprintf(a.patient_id, sizeof(a.patient_id), "%s", im->patient);
    snprintf(a.episode_id, sizeof(a.episode_id), "%s", im->episode);
    return stored(im, store_alert_add(im->r->store, &a, im->err));
}

/* A care-team task (export version 3). */
static int import_task(struct importer *im, json_t *j)
{
    struct task_rec t = {0};
    const char *id, *due, *created;
    json_t *episode, *alert, *by, *at, *note;
    json_error_t jerr;
    int rc;

    if (json_unpack_ex(j, &jerr, JSON_STRICT, "{ss, ss, ss, ss, ss, ss, ss, so, so, so, so, so}",
                       "id", &id, "kind", &t.kind, "source", &t.source, "title", &t.title, "due",
                       &due, "created_at", &created, "status", &t.status, "episode", &episode,
                       "alert", &alert, "done_by", &by, "done_at", &at, "note", &note))
        return bad(im, &jerr);
    if ((rc = id_copy(im, id, t.id, "id")) || (rc = day_of(im, due, "due", &t.due_day)) ||
        (rc = ts_copy(im, created, t.created_at, "created_at")))
        return rc;
    if ((!json_is_null(episode) && !json_is_string(episode)) ||
        (!json_is_null(alert) && !json_is_string(alert)))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "episode and alert: an id or null");
    if (json_is_string(episode) &&
        (rc = id_copy(im, json_string_value(episode), t.episode_id, "episode")))
        return rc;
    t.alert_id = opt_str(alert);
    t.done_by = opt_str(by);
    t.done_at = opt_str(at);
    t.note = opt_str(note);
    snprintf(t.org_id, sizeof(t.org_id), "%s", im->org);
    snprintf(t.patient_id, sizeof(t.patient_id), "%s", im->patient);
    return stored(im, store_task_add(im->r->store, &t, im->err));
}

/* The alerts still open of an export from before tasks (version 1 or 2), by id. */
struct open_alerts {
    char id[256][STORE_ID_SIZE];
    int n;
};

static int take_open_alert(const struct alert_rec *a, void *arg)
{
    struct open_alerts *o = arg;

    if (strcmp(a->status, "resolved") != 0 && o->n < (int)MRX_ARRAY_LEN(o->id))
        snprintf(o->id[o->n++], STORE_ID_SIZE, "%s", a->id);
    return MRX_OK;
}

static int open_alert_tasks(struct importer *im, const struct open_alerts *o)
{
    int rc = MRX_OK;

    for (int k = 0; k < o->n && rc == MRX_OK; k++) {
        struct alert_rec a;
        if ((rc = store_alert_get(im->r->store, o->id[k], &a, im->err)) == MRX_OK)
            rc = task_for_alert(im->r, &a, NULL, im->err);
    }
    return rc;
}

typedef int (*import_fn)(struct importer *im, json_t *j);

static int import_list(struct importer *im, const json_t *list, const char *prefix, import_fn fn)
{
    json_t *e;
    size_t k;
    int rc;

    if (!json_is_array(list))
        return mrx_err_set(im->err, MRX_EINVAL, prefix, "must be a list");
    json_array_foreach((json_t *)list, k, e)
    {
        snprintf(im->path, sizeof(im->path), "%s[%zu]", prefix, k);
        if ((rc = fn(im, e)))
            return rc;
    }
    return MRX_OK;
}

/*
 * The episode's intake, read once: the engine state must fit this
 * installation's library and rules, and its plans' weeks keep to the days
 * it gave (im->days, im->n_days). An intake stopped before any plan has
 * neither state nor availability.
 */
static int check_intake_and_state(struct importer *im, const json_t *state, const json_t *answers)
{
    struct intake in;
    struct adapt_state s;
    int rc = MRX_OK;

    im->days = 0;
    im->n_days = 0;
    if (json_is_null(state) &&
        (!json_is_object(answers) || !json_object_get(answers, "availability")))
        return MRX_OK;
    if (intake_from_json(answers, &in, im->err))
        return mrx_err_recast(im->err, MRX_EINVAL, im->path);
    im->days = in.days;
    im->n_days = in.days_per_week;
    if (!json_is_null(state))
        rc = adapt_state_from_json(state, &im->r->data->adapt, &im->r->data->catalog, &in, &s,
                                   im->err);
    intake_release(&in);
    return rc ? mrx_err_recast(im->err, MRX_EINVAL, im->path) : MRX_OK;
}

static int import_episode(struct importer *im, const char *patient, json_t *j, size_t k)
{
    struct episode_rec e = {0};
    struct intake_rec ir = {0};
    const char *id, *start, *status, *reviewed, *created, *idate, *iat;
    json_t *state, *answers, *triage, *as, *pvs, *ds, *ss, *cs, *als;
    json_error_t jerr;
    char prefix[64], *st = NULL, *at = NULL, *tt = NULL;
    int rc;

    snprintf(prefix, sizeof(prefix), "episodes[%zu]", k);
    snprintf(im->path, sizeof(im->path), "%s", prefix);
    if (json_unpack_ex(j, &jerr, JSON_STRICT,
                       "{ss, si, ss, ss, ss, so, ss, s{ss, so, so, ss}, so, so, so, so, so, so}",
                       "id", &id, "seq", &e.seq, "start", &start, "status", &status,
                       "reviewed_through", &reviewed, "engine_state", &state, "created_at",
                       &created, "intake", "date", &idate, "answers", &answers, "triage", &triage,
                       "recorded_at", &iat, "assessments", &as, "plan_versions", &pvs, "decisions",
                       &ds, "sessions", &ss, "checkins", &cs, "alerts", &als))
        return bad(im, &jerr);
    if ((rc = id_copy(im, id, e.id, "id")) || (rc = day_of(im, start, "start", &e.start_day)) ||
        (rc = day_of(im, reviewed, "reviewed_through", &e.reviewed_through)) ||
        (rc = day_of(im, idate, "intake.date", &ir.day)) ||
        (rc = ts_copy(im, created, e.created_at, "created_at")) ||
        (rc = ts_copy(im, iat, ir.recorded_at, "intake.recorded_at")))
        return rc;
    if (!episode_status_from_name(status, &e.status))
        return mrx_err_set(im->err, MRX_EINVAL, im->path, "status: unknown '%s'", status);
    snprintf(im->path, sizeof(im->path), "%s.engine_state", prefix);
    if (json_is_null(state) && e.status != EPISODE_STOPPED && e.status != EPISODE_CLOSED &&
        e.status != EPISODE_NOT_STARTED)
        return mrx_err_set(im->err, MRX_EINVAL, im->path,
                           "only a stopped or never started episode has none");
    if ((rc = check_intake_and_state(im, state, answers)))
        return rc;
    snprintf(im->path, sizeof(im->path), "%s", prefix);
    snprintf(e.org_id, sizeof(e.org_id), "%s", im->org);
    snprintf(e.patient_id, sizeof(e.patient_id), "%s", patient);
    snprintf(im->episode, sizeof(im->episode), "%s", e.id);
    e.engine_state = st = opt_doc(state);
    snprintf(ir.org_id, sizeof(ir.org_id), "%s", im->org);
    snprintf(ir.episode_id, sizeof(ir.episode_id), "%s", e.id);
    ir.answers = at = json_text(answers);
    ir.triage = tt = json_text(triage);
    rc = stored(im, store_episode_add(im->r->store, &e, im->err));
    if (!rc)
        rc = stored(im, store_intake_add(im->r->store, &ir, im->err));
    free(st);
    free(at);
    free(tt);
    if (rc)
        return rc;
#define LIST(key, list, fn)                                                                        \
    do {                                                                                           \
        char p_[96];                                                                               \
        snprintf(p_, sizeof(p_), "%s.%s", prefix, key);                                            \
        if ((rc = import_list(im, list, p_, fn)))                                                  \
            return rc;                                                                             \
    } while (0)
    LIST("assessments", as, import_assessment);
    LIST("plan_versions", pvs, import_version);
    LIST("decisions", ds, import_decision);
    LIST("sessions", ss, import_session);
    LIST("checkins", cs, import_checkin);
    LIST("alerts", als, import_alert);
#undef LIST
    return MRX_OK;
}

static int import_message(struct importer *im, json_t *j, const char *patient)
{
    struct message_rec m = {0};
    const char *id, *at;
    json_t *read;
    json_error_t jerr;
    int rc;

    if (json_unpack_ex(j, &jerr, JSON_STRICT, "{ss, ss, ss, ss, so}", "id", &id, "sender",
                       &m.sender, "body", &m.body, "sent_at", &at, "read_at", &read))
        return bad(im, &jerr);
    if ((rc = id_copy(im, id, m.id, "id")) || (rc = ts_copy(im, at, m.sent_at, "sent_at")))
        return rc;
    m.read_at = json_string_value(read);
    snprintf(m.org_id, sizeof(m.org_id), "%s", im->org);
    snprintf(m.patient_id, sizeof(m.patient_id), "%s", patient);
    return stored(im, store_message_add(im->r->store, &m, im->err));
}

/* The organization of the export: this store's, or created with the same id and name. */
static int import_org(struct importer *im, const char *id, const char *name)
{
    struct org_rec o = {0};
    int rc = store_org_get(im->r->store, id, &o, im->err);

    if (rc != MRX_ENOTFOUND)
        return rc;
    mrx_err_clear(im->err);
    snprintf(im->path, sizeof(im->path), "organization");
    if ((rc = id_copy(im, id, o.id, "id")))
        return rc;
    o.name = name;
    snprintf(o.created_at, sizeof(o.created_at), "%s", im->r->now);
    return stored(im, store_org_add(im->r->store, &o, im->err));
}

int records_import(const struct records *r, const json_t *doc, json_t **out, struct mrx_err *err)
{
    struct importer im = {.r = r, .err = err};
    struct patient_rec p = {0}, existing;
    const char *format, *org_id, *org_name, *pid, *created;
    json_t *episodes, *messages, *alerts = NULL, *tasks = NULL, *e;
    json_error_t jerr;
    int version, rc;
    size_t k;

    snprintf(im.path, sizeof(im.path), "export");
    if (json_unpack_ex((json_t *)doc, &jerr, JSON_STRICT,
                       "{ss, si, s{ss, ss}, s{ss, ss, si, ss}, so, s?o, so, s?o}", "format",
                       &format, "format_version", &version, "organization", "id", &org_id, "name",
                       &org_name, "patient", "id", &pid, "name", &p.name, "birth_year",
                       &p.birth_year, "created_at", &created, "episodes", &episodes, "alerts",
                       &alerts, "messages", &messages, "tasks", &tasks))
        return bad(&im, &jerr);
    if (strcmp(format, "moverx-export") != 0 || version < 1 || version > 3)
        return mrx_err_set(err, MRX_EINVAL, "format", "not a MoveRx export (version 1 to 3)");
    if ((rc = import_org(&im, org_id, org_name)))
        return rc;
    snprintf(im.org, sizeof(im.org), "%s", org_id);
    snprintf(im.path, sizeof(im.path), "patient");
    if ((rc = records_check_name(p.name, "patient.name", err)) ||
        (rc = records_check_name(org_name, "organization.name", err)) ||
        (rc = id_copy(&im, pid, p.id, "id")) ||
        (rc = ts_copy(&im, created, p.created_at, "created_at")))
        return rc;
    if (store_patient_get(r->store, pid, &existing, NULL) == MRX_OK)
        return mrx_err_set(err, MRX_EINVAL, "patient", "'%s' is already in this store", pid);
    snprintf(p.org_id, sizeof(p.org_id), "%s", org_id);
    if ((rc = stored(&im, store_patient_add(r->store, &p, err))))
        return rc;
    if (!json_is_array(episodes) || !json_is_array(messages))
        return mrx_err_set(err, MRX_EINVAL, "episodes", "must be a list");
    snprintf(im.patient, sizeof(im.patient), "%s", p.id);
    json_array_foreach(episodes, k, e)
    {
        if ((rc = import_episode(&im, p.id, e, k)))
            return rc;
    }
    im.episode[0] = '\0'; /* the alerts of no episode */
    if (alerts && (rc = import_list(&im, alerts, "alerts", import_alert)))
        return rc;
    if (tasks && (rc = import_list(&im, tasks, "tasks", import_task))) /* after the alerts */
        return rc;
    /* an export from before tasks: every alert still open is still a promise */
    if (version < 3) {
        struct open_alerts *o = xcalloc(1, sizeof(*o));
        if ((rc = store_alerts_patient_each(r->store, org_id, p.id, take_open_alert, o, err)) ==
            MRX_OK)
            rc = open_alert_tasks(&im, o);
        free(o);
        if (rc)
            return rc;
    }
    json_array_foreach(messages, k, e)
    {
        snprintf(im.path, sizeof(im.path), "messages[%zu]", k);
        if ((rc = import_message(&im, e, p.id)))
            return rc;
    }
    if ((rc = audit(r, org_id, "patient.import", p.id, err)))
        return rc;
    *out = json_pack("{ss}", "id", p.id);
    return MRX_OK;
}
