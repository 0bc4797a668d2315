/*
 * simulate.c: the day-by-day cohort simulation (see simulate.h and
 * docs/simulator.md).
 *
 * Each day, in order: the person may leave the program; pain follows their
 * natural recovery, the sessions they have done and any flare; they check in
 * (pain now, pain this morning after yesterday's session, yesterday's walk,
 * any red flag); they may do today's session, and its pain depends on how
 * far the plan's difficulty runs ahead of what they can take; then the
 * adaptation engine decides, exactly as for a real patient, and a simulated
 * care team clears holds and resolves alerts after a few days.
 */
#include "compat.h"

#include <math.h>

#include "common/xalloc.h"
#include "core/simulate/patient.h"
#include "core/simulate/simulate.h"

#define CHECKIN_CHANCE 0.9
#define CARE_TEAM_DAYS 3 /* a clinician acts on a hold or alert within this many days */

struct run {
    const struct sim_config *cfg;
    const struct sim_data *data;
    sim_observer observe;
    void *ctx;
    long patient;
    struct rng rng;
    struct sim_traits t;
    struct intake in;
    struct plan plan;
    struct adapt_state s;
    struct session_log *sessions;
    struct checkin_log *checkins;
    int ns, nc;
    double flare_bump;
    double capacity; /* the difficulty the person can take without extra pain */
    long sessions_done;
    bool walked_yesterday, has_pending;
    double pending_next_morning;
    int held_days;
    long alert_opened[AR_COUNT]; /* when each open alert was raised */
    struct patient_outcome out;
};

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void emit(struct run *r, enum sim_event_type type, long day, const struct decision *d,
                 double a, double b)
{
    struct history h = {r->sessions, r->ns, r->checkins, r->nc};
    struct sim_event ev = {type, r->patient, day, 0, 0, 0, d, &r->s, &h};

    if (!r->observe)
        return;
    if (type == SIM_SESSION) {
        ev.pain_during = a;
        ev.pain_next_morning = b;
    } else if (type == SIM_CHECKIN) {
        ev.pain = a;
    }
    r->observe(r->ctx, &ev);
}

/* How hard the plan is: the mean over exercises of level plus place in the range. */
static double difficulty(const struct adapt_state *s)
{
    double sum = 0;
    int n = 0;

    for (int i = 0; i < s->n_items; i++) {
        const struct adapt_item *it = &s->items[i];
        struct dose lo = it->dose, hi = it->dose;
        double vlo, vhi;
        if (!it->exercise)
            continue;
        for (int k = 0; k < DOSE_KEYS; k++)
            if (lo.has[k])
                lo.value[k] = it->range.min[k], hi.value[k] = it->range.max[k];
        vlo = dose_weekly_volume(&lo);
        vhi = dose_weekly_volume(&hi);
        sum += it->exercise->level +
               (vhi > vlo ? (dose_weekly_volume(&it->dose) - vlo) / (vhi - vlo) : 0);
        n++;
    }
    return n ? sum / n : 0;
}

static double true_pain(const struct run *r, long day)
{
    const struct sim_traits *t = &r->t;
    double fade = exp(-t->recovery_rate * (double)day - t->response * (double)r->sessions_done);
    return t->floor_pain + (t->baseline_pain - t->floor_pain) * fade + r->flare_bump;
}

static int report(struct run *r, double pain, double sd)
{
    return (int)lround(clampd(pain + rng_normal(&r->rng, 0, sd), 0, 10));
}

static enum tier red_flag_today(struct run *r)
{
    double u;

    if (!rng_chance(&r->rng, r->t.red_flag_hazard))
        return TIER_NONE;
    u = rng_uniform(&r->rng);
    return u < 0.78 ? TIER_ROUTINE : u < 0.98 ? TIER_URGENT : TIER_EMERGENCY;
}

static void check_in(struct run *r, long day, double pain_now)
{
    enum tier flag = red_flag_today(r);
    struct checkin_log *c;
    int pain;

    if (flag == TIER_NONE && !rng_chance(&r->rng, CHECKIN_CHANCE))
        return;
    pain = report(r, pain_now, 0.6);
    c = &r->checkins[r->nc++];
    memset(c, 0, sizeof(*c));
    c->day = day;
    c->pain = pain;
    c->has_next_morning = r->has_pending;
    c->next_morning_pain = r->pending_next_morning;
    c->walk_minutes = r->walked_yesterday ? r->s.items[r->s.walking].dose.value[DOSE_MINUTES] *
                                                r->s.items[r->s.walking].dose.value[DOSE_BOUTS]
                                          : 0;
    c->red_flag_tier = flag;
    c->flare_reported = pain >= r->in.pain_now + 3 && rng_chance(&r->rng, 0.3);
    emit(r, SIM_CHECKIN, day, NULL, pain, 0);
}

/* Today's session, if the day is planned and the person does it. */
static void session(struct run *r, long day, double pain_now, long days)
{
    double keep = r->t.adherence * (1 - 0.15 * (double)day / (double)days);
    unsigned items = 0;
    double overload, during;

    r->has_pending = false;
    r->walked_yesterday = false;
    /* A paused program shows no exercises and takes no session, as the real one. */
    if (day % 7 >= r->in.days_per_week || r->s.progression_held)
        return;
    r->out.sessions_planned++;
    if (!rng_chance(&r->rng, keep))
        return;
    for (int i = 0; i < r->s.n_items; i++)
        if (rng_chance(&r->rng,
                       i == r->s.walking ? (r->in.preferences.walking ? 0.85 : 0.6) : 0.92))
            items |= 1u << i;
    overload = difficulty(&r->s) - r->capacity;
    during = report(r, pain_now * 0.6 + (overload > 0 ? overload * 2.5 : 0), 0.9);
    r->pending_next_morning =
        report(r, true_pain(r, day + 1) + 0.45 * (during > 4 ? during - 4 : 0), 0.5);
    r->has_pending = true;
    r->walked_yesterday = (items >> r->s.walking) & 1u;
    r->sessions[r->ns++] = (struct session_log){day, during, items};
    r->sessions_done++;
    r->out.sessions_done++;
    r->capacity += r->t.capacity_gain;
    emit(r, SIM_SESSION, day, NULL, during, r->pending_next_morning);
}

static void report_decisions(struct run *r, long day, const struct decision *d, int n)
{
    bool flare = false;

    for (int i = 0; i < n; i++) {
        switch (d[i].kind) {
        case DECIDE_FLARE_START:
            if (!flare)
                emit(r, SIM_FLARE_START, day, &d[i], 0, 0);
            flare = true;
            emit(r, SIM_PLAN_CHANGE, day, &d[i], 0, 0);
            break;
        case DECIDE_PROGRESS:
        case DECIDE_REGRESS:
            emit(r, SIM_PLAN_CHANGE, day, &d[i], 0, 0);
            break;
        case DECIDE_FLARE_END:
            emit(r, SIM_FLARE_END, day, &d[i], 0, 0);
            break;
        case DECIDE_ALERT:
            r->out.escalations++;
            emit(r, SIM_ESCALATION, day, &d[i], 0, 0);
            break;
        case DECIDE_HOLD:
            break;
        }
    }
    r->out.flares += flare;
}

/*
 * The simulated care team acts on each alert CARE_TEAM_DAYS after it was
 * raised: it clears a hold (and its red flag), resolves the others. "No
 * improvement" stays on record, as it is raised only once.
 */
static void care_team(struct run *r, long day, const struct decision *d, int n)
{
    for (int i = 0; i < n; i++)
        if (d[i].kind == DECIDE_ALERT)
            r->alert_opened[d[i].rule] = day;
    r->held_days = r->s.progression_held ? r->held_days + 1 : 0;
    if (r->held_days >= CARE_TEAM_DAYS)
        adapt_clear_hold(&r->s);
    for (int a = 0; a < AR_COUNT; a++) {
        bool open = r->s.open_alerts & (1u << a);
        if (!open || a == AR_ALERT_NO_IMPROVEMENT || day - r->alert_opened[a] < CARE_TEAM_DAYS)
            continue;
        if (a == AR_ALERT_RED_FLAG && r->s.progression_held)
            continue; /* an urgent flag is cleared with the hold */
        adapt_resolve_alert(&r->s, (enum adapt_rule_id)a);
    }
}

static void day_step(struct run *r, long day, long days)
{
    struct decision d[ADAPT_MAX_DECISIONS];
    double pain;
    int n;

    if (rng_chance(&r->rng, r->t.flare_hazard))
        r->flare_bump += 2 + 1.5 * rng_uniform(&r->rng);
    pain = true_pain(r, day);
    check_in(r, day, pain);
    session(r, day, pain, days);
    n = adapt_decide(r->data->rules, r->data->cat, &r->s,
                     &(struct history){r->sessions, r->ns, r->checkins, r->nc}, day, d);
    report_decisions(r, day, d, n);
    adapt_apply(r->data->rules, &r->s, d, n, day);
    care_team(r, day, d, n);
    r->flare_bump *= 0.7;
}

static void final_pain(struct run *r, long days)
{
    double sum = 0;
    int n = 0;

    for (int i = r->nc - 1; i >= 0 && r->checkins[i].day >= days - 7; i--, n++)
        sum += r->checkins[i].pain;
    r->out.has_final = n > 0;
    r->out.final_pain = n ? sum / n : 0;
}

/*
 * Questionnaires at the start and the end: disability and function follow
 * the change in pain (ratio of final to baseline pain), with noise.
 */
static void final_scores(struct run *r)
{
    double base = r->out.baseline_pain > 0.5 ? r->out.baseline_pain : 0.5;
    double ratio = r->out.has_final ? r->out.final_pain / base : 1;
    double odi_base = 0, psfs_base;

    if (!r->out.has_final)
        return;
    if (intake_disability_percent(&r->in, &odi_base) && r->in.disability == DISABILITY_ODI) {
        r->out.odi = (struct score_pair){
            true, odi_base, clampd(odi_base * ratio + rng_normal(&r->rng, 0, 4), 0, 100)};
    } else if (r->in.disability == DISABILITY_RMDQ) {
        double rm = r->in.n_rmdq;
        r->out.rmdq = (struct score_pair){
            true, rm, round(clampd(rm * ratio + rng_normal(&r->rng, 0, 1), 0, 24))};
    }
    psfs_base = clampd(10 - 0.9 * r->t.baseline_pain + rng_normal(&r->rng, 0, 1), 0, 10);
    r->out.psfs = (struct score_pair){
        true, psfs_base,
        clampd(10 - (10 - psfs_base) * ratio + rng_normal(&r->rng, 0, 0.7), 0, 10)};
}

static int run_patient(struct run *r, long days, struct mrx_err *err)
{
    struct triage_result none = {TIER_NONE, PROGRAM_CONTINUE, NULL, 0};
    bool left = false;
    int rc;

    rng_init(&r->rng, r->cfg->seed, (uint64_t)r->patient);
    sim_patient_draw(&r->rng, &r->t, &r->in);
    if ((rc = plan_first(&r->in, &none, r->data->cat, r->data->prog, &r->plan, err)))
        return rc;
    adapt_state_from_plan(&r->plan, &r->in, 0, &r->s);
    plan_release(&r->plan);
    memset(&r->out, 0, sizeof(r->out));
    r->out.group = intake_chronicity(&r->in);
    r->out.baseline_pain = r->in.pain_week_average;
    r->ns = r->nc = 0;
    r->flare_bump = 0;
    r->capacity = difficulty(&r->s) + 0.3;
    r->sessions_done = 0;
    r->has_pending = r->walked_yesterday = false;
    r->held_days = 0;
    memset(r->alert_opened, 0, sizeof(r->alert_opened));
    for (long day = 0; day < days && !left; day++) {
        if (rng_chance(&r->rng, r->t.dropout) || r->s.stopped) {
            left = true;
            break;
        }
        day_step(r, day, days);
    }
    final_pain(r, days);
    final_scores(r);
    r->out.completed = !left && !r->s.stopped && r->out.has_final;
    return MRX_OK;
}

int simulate(const struct sim_config *cfg, const struct sim_data *data, sim_observer observe,
             void *ctx, struct outcome_summary *out, struct mrx_err *err)
{
    long days = (long)cfg->weeks * 7;
    struct run r = {.cfg = cfg, .data = data, .observe = observe, .ctx = ctx};
    struct outcome_acc acc;
    int rc = MRX_OK;

    if (cfg->patients < 1 || cfg->weeks < 1 || cfg->weeks > SIM_MAX_WEEKS)
        return mrx_err_set(err, MRX_EINVAL, "simulate", "patients >= 1 and weeks 1..%d",
                           SIM_MAX_WEEKS);
    r.sessions = xcalloc((size_t)days, sizeof(*r.sessions));
    r.checkins = xcalloc((size_t)days, sizeof(*r.checkins));
    outcomes_init(&acc);
    for (r.patient = 0; r.patient < cfg->patients && !rc; r.patient++)
        if (!(rc = run_patient(&r, days, err)))
            outcomes_add(&acc, &r.out);
    free(r.sessions);
    free(r.checkins);
    outcomes_finish(&acc, out);
    return rc;
}
