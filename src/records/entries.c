/*
 * entries.c: a session or a check-in is recorded, then the adaptation engine
 * reviews the plan (see records.h). Red flags given with either are triaged
 * at once, with what is remembered merged in (triage_act.c): each rule that
 * fires alerts the care team, an emergency stops the program, an urgent one
 * pauses it.
 *
 * What the program's state allows (CONTRACT.md "What the program actions
 * mean"): a paused program takes check-ins but no sessions; a stopped one,
 * or one that never started, takes neither. An entry that cannot be
 * recorded, or a patient with no program yet, still has its warning signs
 * triaged: they reach the care team and the reply says what to do now.
 * Only an entry with no warning sign is refused.
 */
#include "compat.h"

#include "common/date.h"
#include "common/xalloc.h"
#include "core/plan/plan.h"
#include "formats/exercise_json.h"
#include "formats/triage_json.h"
#include "records/internal.h"

static const char *const feel_better_words[] = {"heat",        "cold",  "medication", "massage",
                                                "massage_gun", "rest",  "bath",       "tens",
                                                "acupressure", "brace", "other",      NULL};
static const char *const get_better_words[] = {
    "exercise",      "walking", "strength", "stretching", "movement_breaks", "active_day",
    "sleep_routine", "lesson",  "pacing",   "relaxation", "other",           NULL};

const char *const *checkin_feel_better_words(void)
{
    return feel_better_words;
}

const char *const *checkin_get_better_words(void)
{
    return get_better_words;
}

static int check_day(const struct records *r, const struct episode_ctx *c, long day,
                     struct mrx_err *err)
{
    char start[16];

    if (!records_day_plausible(r, day))
        return mrx_err_set(err, MRX_EINVAL, "--date", "is in the future");

    if (day < c->ep.start_day) {
        date_format(c->ep.start_day, start, sizeof(start));
        return mrx_err_set(err, MRX_EINVAL, "--date", "is before the program started (%s)", start);
    }
    return MRX_OK;
}

static json_t *result(const struct episode_ctx *c, long day, const char *recorded,
                      json_t *decisions, json_t *alerts)
{
    return json_pack("{so, ss, ss, ss, sO, sO}", "date", json_date(day), "patient", c->patient.id,
                     "recorded", recorded, "status", episode_status_name(c->ep.status), "decisions",
                     decisions, "alerts", alerts);
}

/* ==================== Sessions ==================== */

struct open_rule {
    const char *rule;
    bool open;
};

static int take_open_rule(const struct alert_rec *a, void *arg)
{
    struct open_rule *o = arg;
    o->open |= strcmp(a->rule_id, o->rule) == 0 && strcmp(a->status, "resolved") != 0;
    return MRX_OK;
}

/*
 * What the session's answers call for at once (core/adapt/answer.c): words for the person
 * when it hurt too much or was too hard, in *out as "advice"; at 8 or more, the care team's
 * alert and task (once while one is open), in `alerts`.
 */
static int answer_session(const struct records *r, struct episode_ctx *c,
                          const struct session_input *in, json_t *alerts, json_t *out,
                          struct mrx_err *err)
{
    struct history_buf h;
    struct session_answer ans;
    int pain = in->pain_during, rc;

    for (int k = 0; k < in->n_items; k++) /* "this one hurt" counts as the session's worst */
        if (in->items[k].done && in->items[k].has_pain && in->items[k].pain > pain)
            pain = in->items[k].pain;
    /* no acceptable zone is below its floor, and the care team hears only from 8: an
     * ordinary session needs no second read of the history */
    if (pain <= r->data->adapt.p.acceptable_floor && in->difficulty != DIFFICULTY_HARD)
        return MRX_OK;
    if ((rc = load_history(r, c, in->day, in->day, &h, err)) == MRX_OK)
        adapt_answer_session(&r->data->adapt, &c->state,
                             &(struct history){h.sessions, h.n_sessions, h.checkins, h.n_checkins},
                             in->day, pain, in->difficulty, &ans);
    free(h.sessions);
    free(h.checkins);
    if (rc)
        return rc;
    if (ans.verdict != SESSION_OK)
        json_object_set_new(out, "advice",
                            json_pack("{ss, ss}", "verdict",
                                      ans.verdict == SESSION_TOO_MUCH ? "too_much" : "too_hard",
                                      "text", ans.advice));
    if (ans.tell_team) {
        struct open_rule o = {"alert_session_pain", false};
        struct alert_rec a = {
            .rule_id = o.rule,
            .tier = "routine",
            .reason = ans.team,
            .evidence = decision_citation(
                &r->data->adapt, &(struct decision){.rule = AR_ALERT_SESSION_PAIN, .item = -1}),
            .opened_day = in->day,
            .last_day = in->day,
            .occurrences = 1,
            .status = "open"};
        if ((rc = store_alerts_each(r->store, c->ep.org_id, c->ep.id, take_open_rule, &o, err)))
            return rc;
        if (o.open)
            return MRX_OK; /* told already, and not yet seen to */
        snprintf(a.org_id, sizeof(a.org_id), "%s", c->ep.org_id);
        snprintf(a.episode_id, sizeof(a.episode_id), "%s", c->ep.id);
        snprintf(a.patient_id, sizeof(a.patient_id), "%s", c->ep.patient_id);
        if ((rc = alert_raise(r, &a, NULL, err)))
            return rc;
        json_array_append_new(alerts, alert_json(&a));
    }
    return MRX_OK;
}

/* The items of the session: as given, or every item planned for the day. */
static int session_items(const struct episode_ctx *c, const struct session_input *in, json_t **out,
                         struct mrx_err *err)
{
    const struct adapt_state *s = &c->state;
    bool given[ADAPT_MAX_ITEMS] = {false}, done[ADAPT_MAX_ITEMS] = {false};
    int pain[ADAPT_MAX_ITEMS], from[ADAPT_MAX_ITEMS];

    for (int k = 0; k < in->n_items; k++) {
        int i;
        for (i = 0; i < s->n_items; i++)
            if (i == s->walking ? strcmp(in->items[k].item, "walking") == 0
                                : strcmp(in->items[k].item, s->items[i].exercise->id) == 0)
                break;
        if (i == s->n_items)
            return mrx_err_set(err, MRX_EINVAL, "--item", "'%s' is not in the plan",
                               in->items[k].item);
        if (given[i])
            return mrx_err_set(err, MRX_EINVAL, "--item", "'%s' is given twice", in->items[k].item);
        if (!in->items[k].done &&
            (in->items[k].has_pain || in->items[k].difficulty != DIFFICULTY_NONE))
            return mrx_err_set(err, MRX_EINVAL, "--item",
                               "'%s': pain and difficulty are for an exercise that was done",
                               in->items[k].item);
        if (in->items[k].has_pain && (in->items[k].pain < 0 || in->items[k].pain > 10))
            return mrx_err_set(err, MRX_EINVAL, "--item", "'%s': pain must be 0..10",
                               in->items[k].item);
        given[i] = true;
        done[i] = in->items[k].done;
        pain[i] = in->items[k].has_pain ? in->items[k].pain : -1;
        from[i] = k;
    }
    *out = json_array();
    for (int i = 0; i < s->n_items; i++) {
        const struct adapt_item *it = &s->items[i];
        bool planned =
            c->plan ? plan_has_on(c->plan, i == s->walking ? "walking" : it->exercise->id,
                                  c->ep.start_day, in->day)
                    : planned_on(it->dose.value[DOSE_DAYS_PER_WEEK], c->ep.start_day, in->day);
        bool did = in->n_items ? done[i] : planned;
        if (!planned && !given[i])
            continue;
        json_t *o =
            json_pack("{ss, sb, so}", "item", i == s->walking ? "walking" : it->exercise->id,
                      "done", did, "dose", dose_to_json(&it->dose));
        if (given[i] && pain[i] >= 0)
            json_object_set_new(o, "pain", json_integer(pain[i]));
        if (given[i] && in->items[from[i]].difficulty != DIFFICULTY_NONE)
            json_object_set_new(o, "difficulty",
                                json_string(difficulty_name(in->items[from[i]].difficulty)));
        json_array_append_new(*out, o);
    }
    return MRX_OK;
}

/* A note in the patient's words: UTF-8 text, at most 2000 bytes, line breaks allowed. */
static int check_note(const char *note, struct mrx_err *err)
{
    json_t *utf8 = json_string(note);

    if (!utf8)
        return mrx_err_set(err, MRX_EINVAL, "--note", "must be UTF-8 text");
    json_decref(utf8);
    if (strlen(note) > 2000)
        return mrx_err_set(err, MRX_EINVAL, "--note", "must be at most 2000 bytes");
    for (const char *c = note; *c; c++)
        if (((unsigned char)*c < 0x20 && *c != '\n') || *c == 0x7f)
            return mrx_err_set(err, MRX_EINVAL, "--note", "must not hold control characters");
    return MRX_OK;
}

/* Why the episode takes no entry of this kind, or NULL when it does. */
static const char *refusal(const struct episode_ctx *c, bool session)
{
    switch (c->ep.status) {
    case EPISODE_STOPPED:
        return "the program is stopped after an emergency answer; a clinician must see the "
               "patient before it goes on";
    case EPISODE_NOT_STARTED:
        return "no program was started (the intake found MoveRx is not for this person)";
    case EPISODE_CLOSED:
        return "the program has ended";
    case EPISODE_PAUSED:
        return session ? "the program is paused after an urgent answer; sessions go on once a "
                         "clinician has cleared the pause (check-ins are still taken)"
                       : NULL;
    default:
        return NULL;
    }
}

/* The red flags of an entry that is recorded: its own alerts, and the
 * engine acts on them now (the day's review reads only a check-in's). */
static int act_on_flags(const struct records *r, struct episode_ctx *c, long day,
                        const char *occasion, const struct triage_entry *e, bool engine,
                        json_t *decisions, json_t *alerts, struct mrx_err *err)
{
    enum tier red = triage_red_flag_tier(&e->result);
    int rc = triage_alerts(r, c, true, day, occasion, e, alerts, err);

    if (!rc && engine && red > TIER_NONE)
        rc = engine_red_flag(r, c, red, decisions, alerts, err);
    return rc;
}

/*
 * An entry refused for its date (a second one of the day, a flare after the
 * morning's check-in; a day before the program started, a check-in queued
 * offline before the intake, say): its warning signs are not refused
 * (report.c); an entry with none that fires keeps its error. A date in the
 * future is bad input all the same.
 */
static int refused_entry(const struct records *r, struct episode_ctx *c, long day,
                         const json_t *flags, const char *occasion, int rc, json_t **out,
                         struct mrx_err *err)
{
    char why[sizeof(err->msg)];

    if (rc != MRX_EINVAL || strcmp(err->field, "--date") != 0 || !flags ||
        !records_day_plausible(r, day))
        return rc;
    snprintf(why, sizeof(why), "%s", err->msg);
    mrx_err_clear(err);
    rc = report_or_refuse(r, c, true, day, flags, occasion, why, out, err);
    if (rc == MRX_EINVAL && strcmp(err->field, "patient") == 0)
        rc = mrx_err_set(err, MRX_EINVAL, "--date", "%s", why);
    return rc;
}

int records_log(const struct records *r, const char *patient_id, const struct session_input *in,
                json_t **out, struct mrx_err *err)
{
    struct episode_ctx c = {0};
    struct triage_entry e = {0};
    struct session_rec rec = {.day = in->day,
                              .pain_during = in->pain_during,
                              .difficulty = in->difficulty,
                              .note = in->note};
    json_t *items = NULL, *decisions = json_array(), *alerts = json_array();
    char *items_text = NULL;
    const char *why = NULL;
    bool has_episode;
    int rc;

    /* every refusal goes out through `out`: the lists above are released there */
    if (in->pain_during < 0 || in->pain_during > 10) {
        rc = mrx_err_set(err, MRX_EINVAL, "--pain-during", "must be 0..10, got '%d'",
                         in->pain_during);
        goto out;
    }
    if (in->note && (rc = check_note(in->note, err)))
        goto out;
    if (in->n_items > 0) { /* a session is something done: at least one exercise or walk */
        bool any = false;
        for (int k = 0; k < in->n_items; k++)
            any |= in->items[k].done;
        if (!any) {
            rc = mrx_err_set(err, MRX_EINVAL, "--item", /* the API names it "items" */
                             "no exercise or walk is marked as done: tick what you did");
            goto out;
        }
    }
    if ((rc = episode_load_current(r, patient_id, &c, &has_episode, err)))
        goto out;
    if (!has_episode || (why = refusal(&c, true)) != NULL) {
        rc = report_or_refuse(r, &c, has_episode, in->day, in->red_flags, "session", why, out, err);
        goto out;
    }
    if ((rc = check_day(r, &c, in->day, err))) {
        rc = refused_entry(r, &c, in->day, in->red_flags, "session", rc, out, err);
        goto out;
    }
    if ((rc = triage_entry(r, &c, in->day, in->red_flags, "--red-flag", &e, err)) ||
        (rc = session_items(&c, in, &items, err)))
        goto out;
    items_text = json_text(items);
    snprintf(rec.org_id, sizeof(rec.org_id), "%s", c.ep.org_id);
    snprintf(rec.episode_id, sizeof(rec.episode_id), "%s", c.ep.id);
    snprintf(rec.recorded_at, sizeof(rec.recorded_at), "%s", r->now);
    rec.items = items_text;
    if ((rc = store_session_add(r->store, &rec, err))) {
        rc = refused_entry(r, &c, in->day, in->red_flags, "session", rc, out, err);
        goto out;
    }
    if ((rc = engine_review(r, &c, in->day, decisions, alerts, err)) ||
        (rc = act_on_flags(r, &c, in->day, "session", &e, true, decisions, alerts, err)) ||
        (rc = discharge_review(r, &c, in->day, err)))
        goto out;
    *out = result(&c, in->day, "session", decisions, alerts);
    if ((rc = answer_session(r, &c, in, alerts, *out, err)) ||
        (rc = audit(r, c.ep.org_id, "session.create", c.patient.id, err))) {
        json_decref(*out);
        *out = NULL;
        goto out;
    }
    json_object_set(*out, "items", items);
    if (in->red_flags)
        json_object_set_new(*out, "triage", triage_result_to_json(&e.result));
out:
    free(items_text);
    json_decref(items);
    json_decref(decisions);
    json_decref(alerts);
    triage_entry_release(&e);
    episode_release(&c);
    return rc;
}

/* ==================== Check-ins ==================== */

int records_check_words(const json_t *list, const char *const *allowed, const char *field,
                        struct mrx_err *err)
{
    size_t k, j;
    json_t *v, *w;

    if (!list)
        return MRX_OK;
    if (!json_is_array(list))
        return mrx_err_set(err, MRX_EINVAL, field, "must be a list");
    json_array_foreach((json_t *)list, k, v)
    {
        const char *word = json_string_value(v);
        int i;
        if (!word)
            return mrx_err_set(err, MRX_EINVAL, field, "must be a list of words");
        for (i = 0; allowed[i] && strcmp(allowed[i], word) != 0; i++)
            ;
        if (!allowed[i])
            return mrx_err_set(err, MRX_EINVAL, field, "unknown '%s' (see docs/records.md)", word);
        json_array_foreach((json_t *)list, j, w)
        {
            if (j < k && json_equal(v, w))
                return mrx_err_set(err, MRX_EINVAL, field, "'%s' is given twice", word);
        }
    }
    return MRX_OK;
}

static int check_pain(int v, const char *field, bool optional, struct mrx_err *err)
{
    if (optional && v == CHECKIN_NONE)
        return MRX_OK;
    if (v < 0 || v > 10)
        return mrx_err_set(err, MRX_EINVAL, field, "must be 0..10, got '%d'", v);
    return MRX_OK;
}

int records_checkin(const struct records *r, const char *patient_id, const struct checkin_input *in,
                    json_t **out, struct mrx_err *err)
{
    struct episode_ctx c = {0};
    struct triage_entry e = {0};
    struct checkin_rec rec = {.day = in->day,
                              .pain = in->pain,
                              .next_morning_pain = in->next_morning_pain,
                              .walk_minutes = in->walk_minutes,
                              .stiffness = in->stiffness,
                              .sleep = in->sleep,
                              .steps = in->steps,
                              .flare = in->flare};
    json_t *decisions = json_array(), *alerts = json_array(), *empty = json_array();
    char *feel = NULL, *get = NULL, *flags = NULL;
    const char *why = NULL, *occasion = in->flare ? "flare report" : "check-in";
    enum tier red;
    bool has_episode;
    int rc;

    if ((rc = check_pain(in->pain, "--pain", false, err)) ||
        (rc = check_pain(in->next_morning_pain, "--next-morning-pain", true, err)) ||
        (rc = records_check_words(in->feel_better, feel_better_words, "--feel-better", err)) ||
        (rc = records_check_words(in->get_better, get_better_words, "--get-better", err)))
        goto out;
    if ((rc = check_pain(in->stiffness, "--stiffness", true, err)) ||
        (rc = check_pain(in->sleep, "--sleep", true, err)))
        goto out;
    if (in->steps != CHECKIN_NONE && (in->steps < 0 || in->steps > 200000)) {
        rc = mrx_err_set(err, MRX_EINVAL, "--steps", "must be 0..200000, got '%d'", in->steps);
        goto out;
    }
    if (in->walk_minutes != CHECKIN_NONE && (in->walk_minutes < 0 || in->walk_minutes > 1440)) {
        rc = mrx_err_set(err, MRX_EINVAL, "--walk-minutes", "must be 0..1440, got '%d'",
                         in->walk_minutes);
        goto out;
    }
    if ((rc = episode_load_current(r, patient_id, &c, &has_episode, err)))
        goto out;
    if (!has_episode || (why = refusal(&c, false)) != NULL) {
        rc = report_or_refuse(r, &c, has_episode, in->day, in->red_flags, occasion, why, out, err);
        goto out;
    }
    if ((rc = check_day(r, &c, in->day, err))) {
        rc = refused_entry(r, &c, in->day, in->red_flags, occasion, rc, out, err);
        goto out;
    }
    if ((rc = triage_entry(r, &c, in->day, in->red_flags, "--red-flag", &e, err)))
        goto out;
    red = triage_red_flag_tier(&e.result);
    feel = json_text(in->feel_better ? in->feel_better : empty);
    get = json_text(in->get_better ? in->get_better : empty);
    flags = in->red_flags ? json_text(in->red_flags) : xstrdup("{}");
    snprintf(rec.org_id, sizeof(rec.org_id), "%s", c.ep.org_id);
    snprintf(rec.episode_id, sizeof(rec.episode_id), "%s", c.ep.id);
    snprintf(rec.recorded_at, sizeof(rec.recorded_at), "%s", r->now);
    rec.feel_better = feel;
    rec.get_better = get;
    rec.red_flags = flags;
    /* The engine reads the red flags' tier: yellow flags never hold a plan. */
    rec.red_flag_tier = tier_name(red);
    if ((rc = store_checkin_add(r->store, &rec, err))) {
        rc = refused_entry(r, &c, in->day, in->red_flags, occasion, rc, out, err);
        goto out;
    }
    if ((rc = engine_review(r, &c, in->day, decisions, alerts, err)) ||
        /* An earlier day than the engine has reviewed: the red flag still acts now. */
        (rc = act_on_flags(r, &c, in->day, occasion, &e, in->day < c.ep.reviewed_through, decisions,
                           alerts, err)) ||
        (rc = discharge_review(r, &c, in->day, err)) ||
        (rc = audit(r, c.ep.org_id, "checkin.create", c.patient.id, err)))
        goto out;
    *out = result(&c, in->day, "checkin", decisions, alerts);
    json_object_set_new(*out, "triage", triage_result_to_json(&e.result));
out:
    free(feel);
    free(get);
    free(flags);
    json_decref(decisions);
    json_decref(alerts);
    json_decref(empty);
    triage_entry_release(&e);
    episode_release(&c);
    return rc;
}
