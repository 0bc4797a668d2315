/*
 * engine.c: running the adaptation engine over an episode's records and
 * storing what it decided (see internal.h, docs/records.md "When the plan
 * changes").
 *
 * The engine reviews each day once, in order, from the day after the last
 * reviewed day up to the day of the new entry; a new entry for the last
 * reviewed day reviews that day again (an item changes at most once a day,
 * and an alert already open is not raised twice). An entry for an earlier
 * day is recorded but changes nothing already decided.
 */
#include "compat.h"

#include "common/numfmt.h"
#include "common/xalloc.h"
#include "core/plan/plan.h"
#include "formats/adapt_state_json.h"
#include "formats/exercise_json.h"
#include "formats/plan_json.h"
#include "records/internal.h"

/* The item a session's entry was about: by its exercise, or, when the item has moved
 * along its chain since (an easier exercise after it hurt), by the chain, so that "this
 * one hurt" stays that item's answer and is not spread over the whole session. */
static int item_index(const struct history_buf *h, const char *item)
{
    const struct adapt_state *s = h->state;
    const struct exercise *ex;

    for (int i = 0; i < s->n_items; i++) {
        if (i == s->walking ? strcmp(item, "walking") == 0
                            : strcmp(item, s->items[i].exercise->id) == 0)
            return i;
    }
    if (!h->cat || !(ex = catalog_find(h->cat, item)))
        return -1;
    for (int i = 0; i < s->n_items; i++)
        if (i != s->walking && catalog_same_chain(h->cat, s->items[i].exercise, ex))
            return i;
    return -1;
}

static int take_session(const struct session_rec *rec, void *arg)
{
    struct history_buf *h = arg;
    struct session_log *l;
    json_t *items, *it;
    size_t k;

    h->sessions = xrealloc(h->sessions, (size_t)(h->n_sessions + 1) * sizeof(*h->sessions));
    l = &h->sessions[h->n_sessions++];
    memset(l, 0, sizeof(*l));
    l->day = rec->day;
    l->pain_during = rec->pain_during;
    l->difficulty = rec->difficulty;
    if (stored_json(rec->items, "session.items", &items, NULL))
        return MRX_EDATA;
    json_array_foreach(items, k, it)
    {
        const char *name = json_string_value(json_object_get(it, "item"));
        const char *diff = json_string_value(json_object_get(it, "difficulty"));
        json_t *pain = json_object_get(it, "pain");
        enum difficulty d;
        int i = name ? item_index(h, name) : -1;
        if (i < 0 || !json_is_true(json_object_get(it, "done")))
            continue;
        l->items_done |= 1u << i;
        if (json_is_integer(pain) && json_integer_value(pain) >= 0 &&
            json_integer_value(pain) <= 10) {
            l->items_pain |= 1u << i;
            l->item_pain[i] = (unsigned char)json_integer_value(pain);
        }
        if (diff && difficulty_from_name(diff, &d))
            l->item_difficulty[i] = (unsigned char)d;
    }
    json_decref(items);
    return MRX_OK;
}

static int take_checkin(const struct checkin_rec *rec, void *arg)
{
    struct history_buf *h = arg;
    struct checkin_log *l;
    enum tier tier = TIER_NONE;

    h->checkins = xrealloc(h->checkins, (size_t)(h->n_checkins + 1) * sizeof(*h->checkins));
    l = &h->checkins[h->n_checkins++];
    memset(l, 0, sizeof(*l));
    l->day = rec->day;
    l->pain = rec->pain;
    l->has_next_morning = rec->next_morning_pain != CHECKIN_NONE;
    l->next_morning_pain = l->has_next_morning ? rec->next_morning_pain : 0;
    l->has_stiffness = rec->stiffness != CHECKIN_NONE;
    l->stiffness = l->has_stiffness ? rec->stiffness : 0;
    l->walk_minutes = rec->walk_minutes == CHECKIN_NONE ? 0 : rec->walk_minutes;
    if (strcmp(rec->red_flag_tier, "none") != 0 && !tier_from_name(rec->red_flag_tier, &tier))
        return MRX_EDATA;
    l->red_flag_tier = tier;
    l->flare_reported = rec->flare;
    return MRX_OK;
}

static const char *const kind_names[] = {
    [DECIDE_PROGRESS] = "progress",   [DECIDE_HOLD] = "hold",
    [DECIDE_REGRESS] = "regress",     [DECIDE_FLARE_START] = "flare_start",
    [DECIDE_FLARE_END] = "flare_end", [DECIDE_RESTORE] = "restore",
    [DECIDE_ALERT] = "alert",
};

static const char *item_name(const struct adapt_state *s, int i)
{
    return i == s->walking ? "walking" : s->items[i].exercise->id;
}

/* ==================== The plan after a change ==================== */

json_t *engine_plan_json(const struct records *r, const json_t *prev, const struct adapt_state *s)
{
    json_t *plan = json_deep_copy(prev);
    json_t *old_items = json_object_get(prev, "items"), *items = json_array();
    json_t *walking = json_object_get(plan, "walking");
    const struct adapt_item *w = &s->items[s->walking];

    for (int i = 0; i < s->n_items; i++) {
        const struct adapt_item *it = &s->items[i];
        json_t *o, *old = json_array_get(old_items, (size_t)i);
        const char *was;
        struct dose d = it->dose;
        const struct caution *fl;
        if (i == s->walking || it->paused)
            continue; /* a paused item is not done until its flare is over */
        /* The item's own words when the plan held it already (wherever it stood);
         * otherwise the words of the item it replaced at this place (a step along
         * its chain), less the caution, which was about the other exercise. */
        for (size_t k = 0; k < json_array_size(old_items); k++) {
            was = json_string_value(json_object_get(json_array_get(old_items, k), "exercise"));
            if (was && strcmp(was, it->exercise->id) == 0)
                old = json_array_get(old_items, k);
        }
        o = old ? json_deep_copy(old) : json_object();
        was = json_string_value(json_object_get(old, "exercise"));
        if (old && (!was || strcmp(was, it->exercise->id) != 0))
            json_object_del(o, "caution");
        d.has[DOSE_DAYS_PER_WEEK] = false;
        json_object_set_new(o, "exercise", json_string(it->exercise->id));
        json_object_set_new(o, "name", json_string(it->exercise->name));
        json_object_set_new(o, "dose", dose_to_json(&d));
        json_object_set_new(o, "days_per_week", json_integer(it->dose.value[DOSE_DAYS_PER_WEEK]));
        json_object_set_new(o, "minutes",
                            json_real(mrx_round_half_up(dose_minutes(it->exercise, &it->dose), 1)));
        /* In a flare, the exercise's own flare advice goes with it. */
        fl = &it->exercise->cautions[CAUTION_FLARE];
        if (s->flare_active && fl->note)
            json_object_set_new(o, "flare_note", json_string(fl->note));
        else
            json_object_del(o, "flare_note");
        json_array_append_new(items, o);
    }
    json_object_set_new(plan, "items", items);
    json_object_set_new(walking, "minutes", json_integer(w->dose.value[DOSE_MINUTES]));
    json_object_set_new(walking, "bouts", json_integer(w->dose.value[DOSE_BOUTS]));
    json_object_set_new(walking, "days_per_week", json_integer(w->dose.value[DOSE_DAYS_PER_WEEK]));
    json_object_set_new(plan, "status",
                        json_string(s->stopped            ? "stopped"
                                    : s->progression_held ? "paused"
                                                          : "active"));
    json_object_set_new(plan, "progression_held", json_boolean(s->progression_held));
    json_object_set_new(plan, "flare", json_boolean(s->flare_active));
    /* the week follows the items, keeping what it can; the first maintenance plan is a
     * new week: its exercises share fewer days, where the course spread them */
    plan_json_set_week(plan, s->maintenance && !json_object_get(prev, "discharged") ? NULL : prev,
                       &r->data->catalog, s->maintenance);
    plan_json_link_goals(plan, &r->data->program.goals, &r->data->catalog);
    plan_json_drop_served(plan, &r->data->catalog);
    return plan;
}

/* ==================== Storing a day's decisions ==================== */

struct day_ctx {
    const struct records *r;
    struct episode_ctx *c;
    const struct adapt_state *before;
    long day;
    json_t *decisions_out, *alerts_out;
};

static json_t *decision_json(const struct day_ctx *x, const struct decision *d)
{
    const struct adapt_rules *rules = &x->r->data->adapt;
    json_t *o = json_pack("{ss, ss, so, ss, ss}", "kind", kind_names[d->kind], "rule",
                          rules->rules[d->rule].id, "date", json_date(x->day), "reason", d->reason,
                          "evidence", decision_citation(rules, d));

    if (d->item >= 0) {
        json_object_set_new(o, "item", json_string(item_name(x->before, d->item)));
        if (d->kind != DECIDE_HOLD) {
            json_object_set_new(o, "from", dose_to_json(&d->from));
            json_object_set_new(o, "to", dose_to_json(&d->to));
        }
        if (d->from_exercise && d->to_exercise && d->from_exercise != d->to_exercise) {
            json_object_set_new(o, "from_exercise", json_string(d->from_exercise->id));
            json_object_set_new(o, "to_exercise", json_string(d->to_exercise->id));
        }
    }
    return o;
}

/*
 * The alert of an engine rule. A red flag's decision (pause, stop, hold) has
 * no alert of its own: the triage that found it opened one per rule, with
 * the answers (triage_act.c).
 */
static int store_alert(const struct day_ctx *x, const struct decision *d, struct mrx_err *err)
{
    const struct adapt_rules *rules = &x->r->data->adapt;
    struct alert_rec a = {.rule_id = rules->rules[d->rule].id,
                          .tier = tier_name(d->tier == TIER_NONE ? TIER_ROUTINE : d->tier),
                          .reason = d->reason,
                          .evidence = decision_citation(rules, d),
                          .opened_day = x->day,
                          .last_day = x->day,
                          .occurrences = 1,
                          .status = "open"};
    int rc;

    if (d->rule == AR_ALERT_RED_FLAG)
        return MRX_OK;
    snprintf(a.org_id, sizeof(a.org_id), "%s", x->c->ep.org_id);
    snprintf(a.episode_id, sizeof(a.episode_id), "%s", x->c->ep.id);
    snprintf(a.patient_id, sizeof(a.patient_id), "%s", x->c->ep.patient_id);
    if ((rc = alert_raise(x->r, &a, NULL, err))) /* its message promises the care team */
        return rc;
    json_array_append_new(x->alerts_out, alert_json(&a));
    return MRX_OK;
}

/* Joins the reasons (or citations, without repeats) of the changing decisions. */
static void join(const struct day_ctx *x, const struct decision *d, int n, bool citations,
                 char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    /* The changes' own words; when none changed a dose, the alert that paused or stopped it. */
    for (int pass = 0; pass < 2 && used == 0; pass++)
        for (int k = 0; k < n && used < size; k++) {
            const char *t = citations ? decision_citation(&x->r->data->adapt, &d[k]) : d[k].reason;
            bool counts = pass == 0 ? d[k].kind != DECIDE_HOLD && d[k].kind != DECIDE_ALERT
                                    : d[k].kind == DECIDE_ALERT;
            if (!counts || !t || strstr(buf, t))
                continue;
            used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                     used ? (citations ? "; " : " ") : "", t);
        }
}

static int new_version(const struct day_ctx *x, const struct decision *d, int n, json_t *plan,
                       json_t *changes, struct mrx_err *err)
{
    struct plan_version_rec pv = {
        .version = x->c->plan_version + 1, .day = x->day, .author = "engine"};
    char reason[4096], evidence[1024];
    char *plan_text = json_text(plan), *changes_text = json_text(changes);
    int rc;

    join(x, d, n, false, reason, sizeof(reason));
    join(x, d, n, true, evidence, sizeof(evidence));
    for (int k = 0; k < n; k++)
        if (d[k].kind != DECIDE_HOLD && d[k].kind != DECIDE_ALERT) {
            pv.rule_id = x->r->data->adapt.rules[d[k].rule].id;
            break;
        }
    pv.reason = reason[0] ? reason : "The plan's status changed.";
    pv.evidence = evidence;
    pv.plan = plan_text;
    pv.changes = changes_text;
    rc = plan_version_store(x->r, x->c, &pv, err);
    free(plan_text);
    free(changes_text);
    return rc;
}

static int store_day(struct day_ctx *x, const struct decision *d, int n, struct mrx_err *err)
{
    const struct adapt_rules *rules = &x->r->data->adapt;
    struct memo_entry *memo = memo_find(x->r->memo, x->c->ep.id);
    json_t *plan = NULL, *changes = json_array();
    bool changed = false;
    int seq, rc = MRX_OK;

    /* Render the plan again unless the memo knows that gives the same plan. */
    if (!memo_plan_renders_same(memo, x->c->plan, &x->c->state)) {
        plan = engine_plan_json(x->r, x->c->plan, &x->c->state);
        changed = !json_equal(plan, x->c->plan);
        if (!changed)
            memo_plan_rendered_same(memo, x->c->plan, &x->c->state);
    }

    for (int k = 0; k < n; k++)
        if (d[k].kind != DECIDE_HOLD && d[k].kind != DECIDE_ALERT)
            json_array_append_new(changes, decision_json(x, &d[k]));
    if (changed && (rc = new_version(x, d, n, plan, changes, err)))
        goto out;
    if (changed) {
        json_decref(x->c->plan);
        x->c->plan = json_incref(plan);
    }
    if ((rc = store_decision_next_seq(x->r->store, x->c->ep.org_id, x->c->ep.id, &seq, err)))
        goto out;
    for (int k = 0; k < n; k++, seq++) {
        json_t *dj = decision_json(x, &d[k]);
        char *from = json_object_get(dj, "from") ? json_text(json_object_get(dj, "from")) : NULL;
        char *to = json_object_get(dj, "to") ? json_text(json_object_get(dj, "to")) : NULL;
        struct decision_rec rec = {
            .seq = seq,
            .day = x->day,
            .kind = kind_names[d[k].kind],
            .rule_id = rules->rules[d[k].rule].id,
            .item = d[k].item >= 0 ? item_name(x->before, d[k].item) : NULL,
            .from_dose = from,
            .to_dose = to,
            .reason = d[k].reason,
            .evidence = decision_citation(rules, &d[k]),
            .plan_version = changed && d[k].kind != DECIDE_HOLD && d[k].kind != DECIDE_ALERT
                                ? x->c->plan_version
                                : 0,
        };
        snprintf(rec.org_id, sizeof(rec.org_id), "%s", x->c->ep.org_id);
        snprintf(rec.episode_id, sizeof(rec.episode_id), "%s", x->c->ep.id);
        rc = store_decision_add(x->r->store, &rec, err);
        free(from);
        free(to);
        if (!rc && d[k].kind == DECIDE_ALERT)
            rc = store_alert(x, &d[k], err);
        if (rc) {
            json_decref(dj);
            goto out;
        }
        json_array_append_new(x->decisions_out, dj);
    }
out:
    json_decref(plan);
    json_decref(changes);
    return rc;
}

/* ==================== The review ==================== */

/* The engine looks back at most two weeks (trends, reviews, inactivity): four is plenty. */
#define HISTORY_DAYS 28

int load_history(const struct records *r, const struct episode_ctx *c, long first, long through,
                 struct history_buf *h, struct mrx_err *err)
{
    long from = first - HISTORY_DAYS > c->ep.start_day ? first - HISTORY_DAYS : c->ep.start_day;
    int rc;

    memset(h, 0, sizeof(*h));
    h->state = &c->state;
    h->cat = &r->data->catalog;
    if ((rc = store_sessions_each(r->store, c->ep.org_id, c->ep.id, from, through, take_session, h,
                                  err)) ||
        (rc = store_checkins_each(r->store, c->ep.org_id, c->ep.id, from, through, take_checkin, h,
                                  err)))
        return rc == MRX_EDATA ? mrx_err_set(err, MRX_EDATA, "history", "stored entry is damaged")
                               : rc;
    return MRX_OK;
}

int episode_save(const struct records *r, struct episode_ctx *c, struct mrx_err *err)
{
    json_t *sj = adapt_state_to_json(&r->data->adapt, &c->state);
    char *text = json_text(sj);
    struct memo_entry *memo = memo_find(r->memo, c->ep.id);
    struct adapt_state stored;
    int rc;

    free(c->state_buf);
    c->state_buf = text;
    c->ep.engine_state = text;
    c->ep.status = c->state.stopped            ? EPISODE_STOPPED
                   : c->state.progression_held ? EPISODE_PAUSED
                                               : EPISODE_ACTIVE;
    rc = store_episode_update(r->store, &c->ep, err);
    json_decref(sj);
    /* The next write of this episode reads this text back: keep what it will
     * read (the state as its text has it, not c->state, which may hold more
     * digits), and it need not parse it. */
    if (rc == MRX_OK && memo && c->has_intake &&
        adapt_state_as_read(&c->state, &r->data->catalog, &c->intake, STORED_REAL_DIGITS, &stored))
        memo_state_keep(memo, text, &stored);
    return rc;
}

int engine_red_flag(const struct records *r, struct episode_ctx *c, enum tier tier,
                    json_t *decisions, json_t *alerts, struct mrx_err *err)
{
    struct decision d[1];
    struct adapt_state before = c->state;
    long day = c->ep.reviewed_through;
    struct day_ctx x = {r, c, &before, day, decisions, alerts};
    int n, rc;

    if (!c->has_state || c->ep.status == EPISODE_CLOSED)
        return MRX_OK;
    n = adapt_red_flag(&r->data->adapt, &c->state, tier, d);
    adapt_apply(&r->data->adapt, &c->state, d, n, day);
    if ((rc = store_day(&x, d, n, err)))
        return rc;
    return episode_save(r, c, err);
}

int engine_review(const struct records *r, struct episode_ctx *c, long through, json_t *decisions,
                  json_t *alerts, struct mrx_err *err)
{
    struct history_buf h;
    long first;
    int ns = 0, nc = 0, rc;

    if (!c->has_state || c->ep.status == EPISODE_CLOSED || through < c->ep.reviewed_through)
        return MRX_OK; /* no plan, or an earlier day: nothing already decided changes */
    first = through == c->ep.reviewed_through ? through : c->ep.reviewed_through + 1;
    if ((rc = load_history(r, c, first, through, &h, err)))
        goto out;
    for (long day = first; day <= through; day++) {
        struct decision d[ADAPT_MAX_DECISIONS];
        struct adapt_state before = c->state;
        struct day_ctx x = {r, c, &before, day, decisions, alerts};
        int n;
        while (ns < h.n_sessions && h.sessions[ns].day <= day)
            ns++;
        while (nc < h.n_checkins && h.checkins[nc].day <= day)
            nc++;
        n = adapt_decide(&r->data->adapt, &r->data->catalog, &c->state,
                         &(struct history){h.sessions, ns, h.checkins, nc}, day, d);
        adapt_apply(&r->data->adapt, &c->state, d, n, day);
        if ((rc = store_day(&x, d, n, err)))
            goto out;
    }
    c->ep.reviewed_through = through;
    rc = episode_save(r, c, err);
out:
    free(h.sessions);
    free(h.checkins);
    return rc;
}
