/*
 * simulate.c: the day-by-day cohort simulation (see simulate.h and
 * docs/simulator.md).
 *
 * Each day, in order: the person may leave the program; pain follows their
 * natural recovery, the benefit of the exercise they have done and any
 * flare; they check in (pain now, pain this morning after yesterday's
 * session, yesterday's walk, any red flag); they may do today's session
 * (what the plan's week puts on the day: week.h, as the real schedule);
 * then the adaptation engine decides, exactly as for a real patient, and a
 * simulated care team clears holds and resolves alerts after a few days.
 *
 * What is done matters: a session's load is set against the person's
 * tolerance. Load up to tolerance earns benefit (too little earns little);
 * load beyond it hurts during the session and the next morning and raises
 * the chance of a flare; tolerance grows with sessions near it. So rule
 * sets that dose differently give different outcomes (docs/simulator.md).
 */
#include "compat.h"

#include <math.h>

#include "common/xalloc.h"
#include "core/simulate/patient.h"
#include "core/plan/week.h"
#include "core/simulate/simulate.h"

#define CHECKIN_CHANCE 0.9
#define CARE_TEAM_DAYS 3       /* a clinician acts on a hold or alert within this many days */
#define OVERLOAD_FLARE 0.25    /* chance of a flare per session, per unit of load past tolerance */
#define TRAINING_THRESHOLD 0.7 /* load below this share of tolerance does not raise it */

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
    double tolerance; /* the session load the person takes without extra pain */
    double dose_done; /* sessions' benefit so far, in sessions at tolerance */
    bool walked_yesterday, has_pending;
    double pending_next_morning;
    int held_days;
    long alert_opened[AR_COUNT]; /* when each open alert was raised */
    struct walking_target first_goal;
    /* A step to a harder exercise is no loss of volume: the item is credited with
     * the easier one's weekly minutes while it stays at that level or above. */
    double credit[ADAPT_MAX_ITEMS];
    int credit_level[ADAPT_MAX_ITEMS];
    /* The week the person follows, as the plan's schedule has it (week.h): the days
     * the simulation's week gives, each item's days among them, the pool's own days. */
    unsigned week_days, item_days[ADAPT_MAX_ITEMS];
    bool water_days;
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
    struct sim_event ev = {type, r->patient, day, 0, 0, 0, d, &r->s, &h, NULL, 0, NULL};

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

/* An item's load in one session: its level times its dose against the library's
 * starting dose; walking by the minutes. Relaxation and breathing load nothing. */
static double item_load(const struct adapt_item *it)
{
    const struct dose *d = &it->dose;
    double per =
        dose_weekly_volume(d) / (d->has[DOSE_DAYS_PER_WEEK] ? d->value[DOSE_DAYS_PER_WEEK] : 7);
    double def;

    if (!it->exercise)
        return d->value[DOSE_MINUTES] * d->value[DOSE_BOUTS] / 20.0;
    if (exercise_calms(it->exercise))
        return 0;
    def = dose_weekly_volume(&it->exercise->dose) /
          (it->exercise->dose.has[DOSE_DAYS_PER_WEEK] ? it->exercise->dose.value[DOSE_DAYS_PER_WEEK]
                                                      : 7);
    return it->exercise->level * (def > 0 ? per / def : 1);
}

static double plan_load(const struct adapt_state *s, unsigned items)
{
    double sum = 0;

    for (int i = 0; i < s->n_items; i++)
        if (((items >> i) & 1u) && !s->items[i].paused)
            sum += item_load(&s->items[i]);
    return sum;
}

/* The share of the natural-history pain exercise has taken away so far. */
static double effect(const struct run *r)
{
    return r->t.effect_max * (1 - exp(-r->dose_done * 0.69314718055994531 / r->t.dose_half_effect));
}

/* Natural history (Costa et al. 2012: fast for acute, slow for persistent pain). */
static double natural(const struct sim_traits *t, long day)
{
    return (t->baseline_pain - t->floor_pain) * exp(-t->recovery_rate * (double)day);
}

static double true_pain(const struct run *r, long day)
{
    return r->t.floor_pain + natural(&r->t, day) * (1 - effect(r)) + r->flare_bump;
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
    c->flare_reported = r->flare_bump >= 2 && rng_chance(&r->rng, 0.4);
    emit(r, SIM_CHECKIN, day, NULL, pain, 0);
}

/* Each item's days of the week, as the plan's schedule places them (week_schedule): an
 * item whose days a week did not change keeps its days, as a new plan version does. */
static void schedule_items(struct run *r)
{
    struct week_need needs[ADAPT_MAX_ITEMS];
    unsigned keep[ADAPT_MAX_ITEMS], out[ADAPT_MAX_ITEMS];

    for (int i = 0; i < r->s.n_items; i++) {
        const struct adapt_item *it = &r->s.items[i];
        int times = it->dose.value[DOSE_DAYS_PER_WEEK];
        enum week_kind kind = week_kind_of(it->exercise);
        needs[i] = (struct week_need){times, adapt_item_minutes(&r->s, it->exercise, &it->dose),
                                      kind, r->water_days && kind != WEEK_POOL, 0};
        keep[i] = week_count(r->item_days[i]) ==
                          (times < week_count(r->week_days) ? times : week_count(r->week_days))
                      ? r->item_days[i]
                      : 0;
    }
    week_schedule(r->week_days, needs, r->s.n_items, keep, out);
    for (int i = 0; i < r->s.n_items; i++)
        r->item_days[i] = out[i];
}

/* The load of the week's heaviest day: its items as the week places them. */
static double heaviest_day_load(const struct run *r)
{
    double top = 0;

    for (int wd = 0; wd < WEEK_DAYS; wd++) {
        unsigned items = 0;
        for (int i = 0; i < r->s.n_items; i++)
            if ((r->item_days[i] >> wd) & 1u)
                items |= 1u << i;
        if (plan_load(&r->s, items) > top)
            top = plan_load(&r->s, items);
    }
    return top;
}

/* The difficulty the person reports: how the load felt against their tolerance. */
static enum difficulty felt(struct run *r, double ratio)
{
    if (!rng_chance(&r->rng, 0.6))
        return DIFFICULTY_NONE;
    return ratio < 0.7 ? DIFFICULTY_EASY : ratio > 1.15 ? DIFFICULTY_HARD : DIFFICULTY_RIGHT;
}

/* The item that carried most of the session's load: the one a person says hurt. */
static int heaviest(const struct run *r, unsigned items)
{
    int best = -1;

    for (int i = 0; i < r->s.n_items; i++)
        if (((items >> i) & 1u) &&
            (best < 0 || item_load(&r->s.items[i]) > item_load(&r->s.items[best])))
            best = i;
    return best;
}

/* Today's session, if the day is planned and the person does it. */
static void session(struct run *r, long day, double pain_now, long days)
{
    double keep = r->t.adherence * (1 - 0.15 * (double)day / (double)days);
    unsigned items = 0, planned = 0;
    double load, ratio, over, during, next;
    struct session_log *l;

    r->has_pending = false;
    r->walked_yesterday = false;
    /* A paused program shows no exercises and takes no session, as the real one. */
    if (r->s.progression_held)
        return;
    for (int i = 0; i < r->s.n_items; i++) /* the items the week puts on this day */
        if (!r->s.items[i].paused && ((r->item_days[i] >> (day % 7)) & 1u))
            planned |= 1u << i;
    if (!planned)
        return; /* a rest day */
    r->out.sessions_planned++;
    if (!rng_chance(&r->rng, keep))
        return;
    for (int i = 0; i < r->s.n_items; i++) {
        if (!((planned >> i) & 1u))
            continue;
        if (rng_chance(&r->rng,
                       i == r->s.walking ? (r->in.preferences.walking ? 0.85 : 0.6) : 0.92))
            items |= 1u << i;
    }
    load = plan_load(&r->s, items);
    ratio = load / r->tolerance;
    over = ratio > 1 ? ratio - 1 : 0;
    during = report(r, pain_now + 3 * (ratio > 0.7 ? ratio - 1 : -0.3), 0.8);
    next = report(r, true_pain(r, day + 1) + 1.5 * over, 0.5);
    l = &r->sessions[r->ns++];
    memset(l, 0, sizeof(*l));
    l->day = day;
    l->pain_during = during;
    l->items_done = items;
    l->difficulty = felt(r, ratio);
    if (over > 0 && rng_chance(&r->rng, 0.3)) { /* "this one hurt" */
        int k = heaviest(r, items);
        if (k >= 0) {
            l->items_pain = 1u << k;
            l->item_pain[k] = (unsigned char)during;
        }
    }
    r->pending_next_morning = next;
    r->has_pending = true;
    r->walked_yesterday = (items >> r->s.walking) & 1u;
    r->out.sessions_done++;
    /* Benefit: load at tolerance counts in full, too little counts little (the
     * square of the share: half the load, a quarter of the benefit), and beyond it
     * less and less (a session that hurts trains little). Tolerance grows only with
     * load near it. Overload risks a flare (CLINICAL.md 7.1, dose-response). */
    r->dose_done += ratio <= 1 ? ratio * ratio : ratio < 1.5 ? 1 - 2 * (ratio - 1) : 0;
    if (ratio > TRAINING_THRESHOLD) /* only load near tolerance raises it */
        r->tolerance *=
            1 + r->t.tolerance_gain *
                    (ratio < 1.2 ? ratio - TRAINING_THRESHOLD : 1.2 - TRAINING_THRESHOLD) /
                    (1 - TRAINING_THRESHOLD);
    if (rng_chance(&r->rng, OVERLOAD_FLARE * over))
        r->flare_bump += 2 + 1.5 * rng_uniform(&r->rng); /* an overload flare */
    emit(r, SIM_SESSION, day, NULL, during, next);
}

/* An item's weekly minutes at a dose. */
static double item_week_minutes(const struct exercise *ex, const struct dose *d)
{
    int days = d->has[DOSE_DAYS_PER_WEEK] ? d->value[DOSE_DAYS_PER_WEEK] : 7;
    int bouts = d->has[DOSE_BOUTS] ? d->value[DOSE_BOUTS] : 1;

    return (ex ? dose_minutes(ex, d) : d->value[DOSE_MINUTES] * bouts) * days;
}

/*
 * The plan's volume: its weekly minutes, exercises and walks. A step to a
 * harder exercise of a chain starts it low, so the plan is credited with the
 * minutes the easier one had: moving up a chain never counts as a loss.
 */
static double plan_volume(const struct run *r)
{
    double sum = 0;

    for (int i = 0; i < r->s.n_items; i++) {
        const struct adapt_item *it = &r->s.items[i];
        double now = it->paused ? 0 : item_week_minutes(it->exercise, &it->dose);
        bool credited = it->exercise && it->exercise->level >= r->credit_level[i];
        sum += credited && r->credit[i] > now ? r->credit[i] : now;
    }
    return sum;
}

/* The walks' weekly minutes. */
static double walks_volume(const struct run *r)
{
    const struct adapt_item *w = &r->s.items[r->s.walking];
    return w->paused ? 0 : item_week_minutes(NULL, &w->dose);
}

static void note_walking_goal(struct run *r)
{
    const struct dose *w = &r->s.items[r->s.walking].dose;

    if (w->value[DOSE_MINUTES] >= r->first_goal.minutes &&
        w->value[DOSE_DAYS_PER_WEEK] >= r->first_goal.days_per_week)
        r->out.walking_goal_reached = true;
}

/* A promise made to the person: a task on the care team's queue, due by due_day. */
static void task(struct run *r, long day, const char *kind, long due_day)
{
    struct history h = {r->sessions, r->ns, r->checkins, r->nc};
    struct sim_event ev = {.type = SIM_TASK,
                           .patient = r->patient,
                           .day = day,
                           .before = &r->s,
                           .history = &h,
                           .task_kind = kind,
                           .due_day = due_day};

    r->out.tasks++;
    if (r->observe)
        r->observe(r->ctx, &ev);
}

static void report_decisions(struct run *r, long day, const struct decision *d, int n)
{
    bool flare = false;

    for (int i = 0; i < n; i++) {
        if (d[i].kind == DECIDE_PROGRESS && d[i].to_exercise != d[i].from_exercise) {
            double was = item_week_minutes(d[i].from_exercise, &d[i].from);
            r->out.harder_switches++;
            if (was > r->credit[d[i].item] || r->credit_level[d[i].item] == 0)
                r->credit[d[i].item] = was;
            r->credit_level[d[i].item] = d[i].to_exercise->level;
        }
        if (d[i].kind == DECIDE_ALERT && d[i].rule == AR_ALERT_NO_IMPROVEMENT)
            r->out.no_improvement_alert = true;
        switch (d[i].kind) {
        case DECIDE_FLARE_START:
            if (d[i].item < 0) {
                emit(r, SIM_FLARE_START, day, &d[i], 0, 0);
                flare = true;
            } else {
                emit(r, SIM_PLAN_CHANGE, day, &d[i], 0, 0);
            }
            break;
        case DECIDE_PROGRESS:
        case DECIDE_REGRESS:
        case DECIDE_RESTORE:
            emit(r, SIM_PLAN_CHANGE, day, &d[i], 0, 0);
            break;
        case DECIDE_FLARE_END:
            emit(r, SIM_FLARE_END, day, &d[i], 0, 0);
            break;
        case DECIDE_ALERT:
            r->out.escalations++;
            emit(r, SIM_ESCALATION, day, &d[i], 0, 0);
            task(r, day, r->data->rules->rules[d[i].rule].id,
                 day + adapt_alert_due_days(d[i].tier));
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
        bool open = r->s.open_alerts & ADAPT_RULE_BIT(a);
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
    if (n)
        schedule_items(r); /* the new plan version's week */
    note_walking_goal(r);
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

/*
 * The no-program arm: the same person (the same traits) over the same days
 * with natural history and flares only, reporting pain as they would at a
 * check-in. Its own random stream, so the program arm is unchanged by it.
 */
static void no_program(struct run *r, long days)
{
    struct rng rng;
    double bump = 0, sum = 0;
    int n = 0;

    rng_init(&rng, r->cfg->seed ^ 0x6e6f2d70726f6772ULL, (uint64_t)r->patient);
    for (long day = 0; day < days; day++) {
        const struct sim_traits *t = &r->t;
        double pain;
        if (rng_chance(&rng, t->flare_hazard))
            bump += 2 + 1.5 * rng_uniform(&rng);
        pain = t->floor_pain + natural(t, day) + bump;
        if (day >= days - 7 && rng_chance(&rng, CHECKIN_CHANCE)) {
            sum += round(clampd(pain + rng_normal(&rng, 0, 0.6), 0, 10));
            n++;
        }
        bump *= 0.7;
    }
    r->out.has_no_program = n > 0;
    r->out.no_program_final = n ? sum / n : 0;
}

static int run_patient(struct run *r, long days, struct mrx_err *err)
{
    const char *review_who;
    int review_days;
    struct triage_result none = {TIER_NONE, PROGRAM_CONTINUE, NULL, 0};
    bool left = false;
    int rc;

    rng_init(&r->rng, r->cfg->seed, (uint64_t)r->patient);
    sim_patient_draw(&r->rng, &r->t, &r->in);
    if (r->observe && r->cfg->start_events) { /* who they are, for moverx demo to record */
        struct sim_event start = {
            .type = SIM_START, .patient = r->patient, .day = -1, .intake = &r->in};
        r->observe(r->ctx, &start);
    }
    if ((rc = plan_first(&r->in, &none, r->data->cat, r->data->prog, &r->plan, err)))
        return rc;
    adapt_state_from_plan(&r->plan, &r->in, 0, &r->s);
    r->first_goal = r->plan.walking.goal;
    r->water_days = r->plan.water_days;
    r->week_days = week_default_days(r->in.days_per_week, 0); /* day 0 is bit 0 */
    memset(r->item_days, 0, sizeof(r->item_days));
    schedule_items(r);
    review_who = r->plan.review_who;
    review_days = r->plan.review_within_days;
    plan_release(&r->plan);
    memset(&r->out, 0, sizeof(r->out));
    memset(r->credit, 0, sizeof(r->credit));
    memset(r->credit_level, 0, sizeof(r->credit_level));
    r->out.has_volumes = true;
    r->out.start_volume = plan_volume(r);
    r->out.start_walks = walks_volume(r);
    /* the first week's heaviest session against the person's own tolerance */
    r->out.started_above_tolerance = heaviest_day_load(r) > r->t.tolerance;
    note_walking_goal(r);
    if (review_who) /* the plan told the person who would look at it, and when */
        task(r, 0, plan_promise_task(review_who, review_days, false), review_days);
    r->out.group = intake_chronicity(&r->in);
    r->out.baseline_pain = r->in.pain_week_average;
    r->ns = r->nc = 0;
    r->flare_bump = 0;
    r->tolerance = r->t.tolerance;
    r->dose_done = 0;
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
    r->out.end_volume = plan_volume(r);
    r->out.end_walks = walks_volume(r);
    r->out.ended_in_flare = r->s.flare_active || adapt_recovering_from_flare(&r->s);
    final_pain(r, days);
    final_scores(r);
    no_program(r, days);
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
