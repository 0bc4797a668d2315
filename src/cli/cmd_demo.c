/*
 * cmd_demo.c: `moverx demo`: fills a store with a demonstration
 * organization for `make run` and the benchmarks: a clinician, an admin,
 * and synthetic patients with weeks of history ending yesterday.
 *
 * The histories come from the simulator (core/simulate): each synthetic
 * patient's check-ins and sessions are recorded through the same records
 * operations the server uses, so the engine's decisions, plan versions and
 * alerts in the store are the real ones. Never for production stores: the
 * demo accounts have published passwords.
 */
#include "compat.h"

#include <math.h>
#include <time.h>

#include "auth/password.h"
#include "cli/cli.h"
#include "cli/records_cli.h"
#include "common/date.h"
#include "common/numfmt.h"
#include "common/xalloc.h"
#include "core/simulate/simulate.h"
#include "records/records.h"

#define DEMO_CLINICIAN "clinician@demo.moverx.org"
#define DEMO_ADMIN "admin@demo.moverx.org"
#define DEMO_STAFF_PASSWORD "demo-clinician-2026"
#define DEMO_ADMIN_PASSWORD "demo-admin-2026"
#define DEMO_PATIENT_PASSWORD "demo-patient-2026"

static const struct opt_spec demo_opts[] = {
    {"--db", true},   {"--json", false},    {"--patients", true}, {"--weeks", true},
    {"--seed", true}, {"--accounts", true}, {NULL, false}};

/* One synthetic patient's days, gathered from the simulator's events. */
struct demo_day {
    bool session, checkin;
    double pain_during, pain_next_morning, pain;
    int walk_minutes;
};

struct demo_clinic {
    struct records r;
    struct store *store;
    const char *org, *clinician;
    json_t *intake;
    long start, patients, accounts;
    int weeks;
    long current;        /* the simulated patient being gathered, or -1 */
    struct intake drawn; /* their intake as the simulator drew it */
    bool has_drawn;
    struct demo_day days[SIM_MAX_WEEKS * 7];
    json_t *logins; /* [{"email":..,"patient":..}] */
    long entries;
    int rc;
    struct mrx_err *err;
};

/* The intake every demo patient starts from (age and pain vary per patient). */
static json_t *demo_intake(void)
{
    return json_pack(
        "{s{sb, sb, sb, sb, sb, sb}, si, si, si, si, sb, s[iiiiiiiii], "
        "s[iiiiiiiiii], s[{ss, si}, {ss, si}], si, s{si, si}, "
        "s{sb, sb, sb, sb, sb, sb}, sb}",
        "red_flags", "saddle_numbness", 0, "bladder_dysfunction", 0, "bowel_incontinence", 0,
        "both_legs_symptoms", 0, "chest_pain", 0, "cancer_history", 0, "age", 45, "pain_now", 6,
        "pain_week_average", 5, "duration_weeks", 10, "leg_pain", 0, "startback", 1, 0, 1, 0, 0, 1,
        0, 0, 3, "odi", 2, 1, 2, 2, 3, 2, 2, 1, 1, 2, "psfs", "activity", "gardening", "rating", 3,
        "activity", "carrying shopping", "rating", 5, "walking_minutes_per_day", 10, "availability",
        "minutes_per_day", 25, "days_per_week", 5, "preferences", "walking", 1, "pool_access", 0,
        "yoga", 0, "tai_chi", 0, "gym_equipment", 0, "floor_exercises_ok", 1, "pregnant", 0);
}

/* Fictional names: a clinic's list reads as people, not "Demo patient 7". */
static const char *const demo_names[] = {
    "Ada Brennan",     "Tom Okafor",  "Maria Lopes",    "Sam Whitfield",
    "Priya Natarajan", "Jon Eriksen", "Grace Mwangi",   "Luis Romero",
    "Hana Sato",       "Owen Price",  "Fatima Haddad",  "Ben Carroll",
    "Irene Kowalski",  "Dev Patel",   "Nora Lindqvist", "Kofi Asante"};

/* The drawn intake in the shape `moverx intake` takes: so the demo's people
 * differ as the simulator's do (pain, duration, risk, disability, time, what
 * suits them), not one baseline for all. */
static void intake_from_drawn(const struct intake *in, json_t *doc)
{
    json_t *sb = json_array(), *prefs = json_object_get(doc, "preferences");

    json_object_set_new(doc, "pain_now", json_integer((json_int_t)lround(in->pain_now)));
    json_object_set_new(doc, "pain_week_average",
                        json_integer((json_int_t)lround(in->pain_week_average)));
    json_object_set_new(doc, "duration_weeks", json_integer(in->duration_weeks));
    json_object_set_new(doc, "leg_pain", json_boolean(in->leg_pain));
    for (int i = 0; i < STARTBACK_ITEMS; i++)
        json_array_append_new(sb, json_integer(in->startback[i]));
    json_object_set_new(doc, "startback", sb);
    if (in->disability == DISABILITY_RMDQ) {
        json_t *ticked = json_array();
        for (int i = 0; i < in->n_rmdq; i++)
            json_array_append_new(ticked, json_integer(in->rmdq[i]));
        json_object_del(doc, "odi");
        json_object_set_new(doc, "rmdq", ticked);
    } else {
        json_t *odi = json_array();
        for (int i = 0; i < ODI_SECTIONS; i++) {
            int k = 5;
            while (k > 0 && !(in->odi[i] & (1u << k)))
                k--;
            json_array_append_new(odi, json_integer(k));
        }
        json_object_set_new(doc, "odi", odi);
    }
    json_object_set_new(doc, "walking_minutes_per_day", json_integer(in->walking_minutes_per_day));
    json_object_set_new(json_object_get(doc, "availability"), "minutes_per_day",
                        json_integer(in->minutes_per_day));
    json_object_set_new(json_object_get(doc, "availability"), "days_per_week",
                        json_integer(in->days_per_week));
    json_object_set_new(prefs, "walking", json_boolean(in->preferences.walking));
    json_object_set_new(prefs, "pool_access", json_boolean(in->preferences.pool_access));
    json_object_set_new(prefs, "yoga", json_boolean(in->preferences.yoga));
    json_object_set_new(prefs, "tai_chi", json_boolean(in->preferences.tai_chi));
    json_object_set_new(prefs, "gym_equipment", json_boolean(in->preferences.gym_equipment));
    json_object_set_new(prefs, "floor_exercises_ok",
                        json_boolean(in->preferences.floor_exercises_ok));
}

static int clamp_pain(double v)
{
    long p = lround(v);
    return (int)(p < 0 ? 0 : p > 10 ? 10 : p);
}

/* What a check-in of the demo also says: the feel-better and get-better
 * things (a few, varied by day), and, for two patients in six, a warning sign
 * once, so that the queue holds routine and urgent alerts as a clinic's does. */
static void demo_checkin_extras(struct demo_clinic *d, long n, int i, struct checkin_input *in)
{
    static json_t *feel[4], *get[4], *night, *weight;

    if (!feel[0]) { /* made once; the process ends after the demo */
        feel[0] = json_pack("[s]", "heat");
        feel[1] = json_pack("[s, s]", "heat", "rest");
        feel[2] = json_pack("[s]", "bath");
        feel[3] = json_array();
        get[0] = json_pack("[s, s]", "walking", "exercise");
        get[1] = json_pack("[s]", "movement_breaks");
        get[2] = json_pack("[s, s]", "exercise", "pacing");
        get[3] = json_pack("[s]", "walking");
        night = json_pack("{sb}", "night_pain_unrelieved", true);
        weight = json_pack("{sb}", "unexplained_weight_loss", true);
    }
    in->feel_better = feel[(n + i) % 4];
    in->get_better = get[(n * 3 + i) % 4];
    if (in->pain >= 3)
        in->stiffness = in->pain - 1;
    /* near the end, so that most of the history comes first */
    if (n % 6 == 2 && i == d->weeks * 7 - 9)
        in->red_flags = night;
    else if (n % 6 == 4 && i == d->weeks * 7 - 3)
        in->red_flags = weight;
}

/* The 4-weekly check-ups (weeks 4 and 8, as the app offers them): the same
 * questionnaire as at the intake, with disability following the person's pain
 * since, and their activities rated again. */
static int demo_followups(struct demo_clinic *d, const char *pid, long start, int days)
{
    const struct intake *in = &d->drawn;
    double base = in->pain_week_average > 0 ? in->pain_week_average : 1;

    for (int week = 4; d->has_drawn && week <= 8 && week * 7 < days; week += 4) {
        double sum = 0, ratio;
        int n = 0;
        struct assessment_input a = {.day = start + week * 7};
        json_t *list = json_array(), *ratings, *res = NULL;
        int rc;

        for (int i = (week - 1) * 7; i < week * 7; i++)
            if (d->days[i].checkin) {
                sum += d->days[i].pain;
                n++;
            }
        if (!n) { /* no check-in that week: they had left the program */
            json_decref(list);
            continue;
        }
        ratio = sum / n / base;
        if (ratio > 1.3)
            ratio = 1.3;
        if (in->disability == DISABILITY_RMDQ) {
            long ticked = lround(in->n_rmdq * ratio);
            for (long k = 1; k <= ticked && k <= RMDQ_ITEMS; k++)
                json_array_append_new(list, json_integer(k));
            a.rmdq = list;
        } else {
            for (int k = 0; k < ODI_SECTIONS; k++) {
                int v = 5;
                while (v > 0 && !(in->odi[k] & (1u << v)))
                    v--;
                json_array_append_new(list,
                                      json_integer(lround(v * ratio) > 5 ? 5 : lround(v * ratio)));
            }
            a.odi = list;
        }
        /* gardening and carrying shopping, from 3 and 5 at the intake */
        ratings = json_pack("[i, i]", (int)lround(10 - 7 * ratio > 10 ? 10 : 10 - 7 * ratio),
                            (int)lround(10 - 5 * ratio > 10 ? 10 : 10 - 5 * ratio));
        a.psfs_ratings = ratings;
        if ((rc = store_savepoint(d->store, d->err)) == MRX_OK) {
            if ((rc = records_assess(&d->r, pid, &a, &res, d->err)) == MRX_OK) {
                store_release(d->store, d->err);
                d->entries++;
            } else {
                store_rollback_to(d->store); /* a program no longer running takes none */
                rc = MRX_OK;
            }
        }
        json_decref(res);
        json_decref(list);
        json_decref(ratings);
        if (rc)
            return rc;
    }
    return MRX_OK;
}

/* A few conversations, both ways, left unread on the care team's side. */
static int demo_messages(struct demo_clinic *d, long n, const char *pid, const char *account)
{
    static const char *const asks[] = {
        "Is it normal to feel a bit stiff the morning after a session?",
        "I missed two days because of work. Should I start again from where I was?",
        "The bridge felt easy today. Can I do more?"};
    static const char *const answers[] = {
        "Yes, some stiffness the next morning is common and usually eases within an hour. "
        "If it lasts most of the day, tell us and we will adjust the plan.",
        "Pick up where you left off. The plan adjusts itself if a day was too much.",
        "Good to hear. The plan steps up by itself after two easy weeks; keep logging how it "
        "feels."};
    json_t *res = NULL;
    int rc;

    if (n % 3 == 2)
        return MRX_OK;
    if ((rc = records_message_send(&d->r, pid, account, asks[n % 3], &res, d->err)))
        return rc;
    json_decref(res);
    if (n % 3 == 0) { /* answered; the other stays waiting for a reply */
        res = NULL;
        if ((rc = records_message_send(&d->r, pid, d->clinician, answers[n % 3], &res, d->err)))
            return rc;
        json_decref(res);
    }
    return MRX_OK;
}

/* Records one synthetic patient: the patient, an intake, every day, in one transaction. */
static int flush_patient(struct demo_clinic *d)
{
    char name[64], email[96], hash[PASSWORD_HASH_SIZE];
    const char *pid;
    json_t *out = NULL, *intake = json_deep_copy(d->intake);
    long n = d->current;
    /* staggered starts, so the clinic's patients are in different weeks of the course */
    long offset = (n % 4) * 7, start = d->start + offset;
    int rc;

    if (n < (long)MRX_ARRAY_LEN(demo_names))
        snprintf(name, sizeof(name), "%s", demo_names[n]);
    else
        snprintf(name, sizeof(name), "%s %ld", demo_names[n % (long)MRX_ARRAY_LEN(demo_names)],
                 n + 1);
    json_object_set_new(intake, "age", json_integer(30 + (n * 7) % 45));
    if (d->has_drawn)
        intake_from_drawn(&d->drawn, intake);
    if ((rc = store_begin(d->store, d->err)))
        goto out;
    if ((rc = records_patient_add(&d->r, d->org, name, 1996 - (int)((n * 7) % 45), &out, d->err)))
        goto fail;
    pid = json_string_value(json_object_get(out, "id"));
    {
        json_t *res = NULL;
        if ((rc = records_intake(&d->r, pid, intake, start, false, &res, d->err)))
            goto fail;
        json_decref(res);
        if ((rc = records_care_add(&d->r, pid, d->clinician, &res, d->err)))
            goto fail;
        json_decref(res);
    }
    for (int i = 0; i < d->weeks * 7 - offset; i++) {
        struct demo_day *day = &d->days[i];
        json_t *res = NULL;
        if (day->session) {
            struct session_input in = {.day = start + i,
                                       .pain_during = clamp_pain(day->pain_during),
                                       .difficulty = DIFFICULTY_RIGHT};
            if (store_savepoint(d->store, d->err) == MRX_OK) {
                if (records_log(&d->r, pid, &in, &res, d->err) == MRX_OK) {
                    store_release(d->store, d->err);
                    d->entries++;
                } else {
                    store_rollback_to(d->store); /* e.g. a program the engine paused */
                }
            }
            json_decref(res);
            res = NULL;
        }
        if (day->checkin) {
            struct checkin_input in = {.day = start + i,
                                       .pain = clamp_pain(day->pain),
                                       .next_morning_pain = CHECKIN_NONE,
                                       .walk_minutes = day->walk_minutes,
                                       .stiffness = CHECKIN_NONE,
                                       .sleep = CHECKIN_NONE,
                                       .steps = CHECKIN_NONE};
            if (i > 0 && d->days[i - 1].session)
                in.next_morning_pain = clamp_pain(d->days[i - 1].pain_next_morning);
            demo_checkin_extras(d, n, i + (int)offset, &in);
            if (store_savepoint(d->store, d->err) == MRX_OK) {
                if (records_checkin(&d->r, pid, &in, &res, d->err) == MRX_OK) {
                    store_release(d->store, d->err);
                    d->entries++;
                } else {
                    store_rollback_to(d->store);
                }
            }
            json_decref(res);
        }
    }
    if ((rc = demo_followups(d, pid, start, d->weeks * 7 - (int)offset)))
        goto fail;
    if (n < d->accounts) {
        json_t *res = NULL;
        snprintf(email, sizeof(email), "patient%ld@demo.moverx.org", n + 1);
        if ((rc = password_hash(DEMO_PATIENT_PASSWORD, strlen(DEMO_PATIENT_PASSWORD), hash,
                                d->err)) ||
            (rc = records_user_add(&d->r, d->org, ROLE_PATIENT, email, hash, pid, &res, d->err)))
            goto fail;
        json_array_append_new(d->logins, json_pack("{ss, ss}", "email", email, "patient", pid));
        rc = demo_messages(d, n, pid, json_string_value(json_object_get(res, "id")));
        json_decref(res);
        if (rc)
            goto fail;
    }
    rc = store_commit(d->store, d->err);
    if (rc)
        goto fail;
    goto out;
fail:
    store_rollback(d->store);
out:
    json_decref(out);
    json_decref(intake);
    memset(d->days, 0, sizeof(d->days));
    d->has_drawn = false;
    return rc;
}

static void observe(void *ctx, const struct sim_event *ev)
{
    struct demo_clinic *d = ctx;

    if (d->rc)
        return;
    if (ev->patient != d->current) {
        if (d->current >= 0 && (d->rc = flush_patient(d)))
            return;
        d->current = ev->patient;
    }
    if (ev->type == SIM_START) {
        d->drawn = *ev->intake; /* its PSFS names are none: the simulator draws no PSFS */
        d->has_drawn = true;
        return;
    }
    if (ev->day < 0 || ev->day >= d->weeks * 7)
        return;
    if (ev->type == SIM_SESSION) {
        d->days[ev->day].session = true;
        d->days[ev->day].pain_during = ev->pain_during;
        d->days[ev->day].pain_next_morning = ev->pain_next_morning;
    } else if (ev->type == SIM_CHECKIN) {
        const struct history *h = ev->history;
        d->days[ev->day].checkin = true;
        d->days[ev->day].pain = ev->pain;
        d->days[ev->day].walk_minutes = CHECKIN_NONE;
        if (h && h->n_checkins && h->checkins[h->n_checkins - 1].day == ev->day &&
            h->checkins[h->n_checkins - 1].walk_minutes > 0)
            d->days[ev->day].walk_minutes = h->checkins[h->n_checkins - 1].walk_minutes;
    }
}

static int staff(struct demo_clinic *d, enum user_role role, const char *email, char *id_out)
{
    char hash[PASSWORD_HASH_SIZE];
    json_t *res;
    int rc;

    const char *password = role == ROLE_ADMIN ? DEMO_ADMIN_PASSWORD : DEMO_STAFF_PASSWORD;

    if ((rc = password_hash(password, strlen(password), hash, d->err)) ||
        (rc = records_user_add(&d->r, d->org, role, email, hash, NULL, &res, d->err)))
        return rc;
    snprintf(id_out, STORE_ID_SIZE, "%s", json_string_value(json_object_get(res, "id")));
    json_decref(res);
    return MRX_OK;
}

static int count_opt(const struct args *a, const char *name, long dflt, long max, long *out,
                     struct mrx_err *err)
{
    const char *v = args_get(a, demo_opts, name);

    *out = dflt;
    if (v && (!mrx_parse_long(v, strlen(v), out) || *out < 1 || *out > max))
        return mrx_err_set(err, MRX_EINVAL, name, "must be a whole number 1..%ld", max);
    return MRX_OK;
}

static int demo_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    char path[4096], now[STORE_TS_SIZE], org_id[STORE_ID_SIZE], clin[STORE_ID_SIZE],
        admin[STORE_ID_SIZE];
    struct demo_clinic *d = xcalloc(1, sizeof(*d));
    struct data_set data;
    struct outcome_summary sum;
    struct user_rec existing;
    json_t *res;
    long weeks, seed, today;
    int rc;

    d->err = err;
    if ((rc = count_opt(a, "--patients", 12, 100000, &d->patients, err)) ||
        (rc = count_opt(a, "--weeks", 6, SIM_MAX_WEEKS, &weeks, err)) ||
        (rc = count_opt(a, "--seed", 1, 999999999, &seed, err)) ||
        (rc = count_opt(a, "--accounts", d->patients < 20 ? d->patients : 20, 100000, &d->accounts,
                        err)) ||
        (rc = records_db_path(args_get(a, demo_opts, "--db"), path, sizeof(path), err)) ||
        (rc = datadir_load_all(ctx->datadir, &data, err))) {
        free(d);
        return rc;
    }
    d->weeks = (int)weeks;
    date_timestamp((long long)time(NULL), now, sizeof(now));
    today = (long)(time(NULL) / 86400);
    d->start = today - d->weeks * 7;
    if ((rc = store_open(path, STORE_OPEN_CREATE, now, &d->store, err)))
        goto out_data;
    if (store_user_by_email(d->store, DEMO_CLINICIAN, &existing, err) == MRX_OK) {
        rc = mrx_err_set(err, MRX_EINVAL, "--db", "already holds the demo organization");
        goto out_store;
    }
    if ((rc = password_init(2, 0, password_default_cost(), err)))
        goto out_store;
    /* A memo: each patient's weeks of entries parse the same intake and plan. */
    d->r = (struct records){d->store, &data, now, "demo", "cli", NULL, NULL, records_memo_new()};
    d->current = -1;
    d->logins = json_array();
    d->intake = demo_intake();
    if ((rc = store_begin(d->store, err)) ||
        (rc = records_org_add(&d->r, "MoveRx demo clinic", &res, err)))
        goto out_txn;
    snprintf(org_id, sizeof(org_id), "%s", json_string_value(json_object_get(res, "id")));
    json_decref(res);
    d->org = org_id;
    /* A UK demo clinic: its patients' emergency screen dials 999, the coping
     * rule shows Samaritans (116 123), and its handouts a phone from Ofcom's
     * range kept for drama (never a real line). */
    if ((rc = records_org_update(&d->r, org_id,
                                 &(struct org_settings){NULL, "999", "116 123", "01632 960123"},
                                 &res, err)))
        goto out_txn;
    json_decref(res);
    if ((rc = staff(d, ROLE_CLINICIAN, DEMO_CLINICIAN, clin)) ||
        (rc = staff(d, ROLE_ADMIN, DEMO_ADMIN, admin)) || (rc = store_commit(d->store, err)))
        goto out_txn;
    d->clinician = clin;

    struct sim_config cfg = {d->patients, d->weeks, (uint64_t)seed, true};
    rc = simulate(&cfg, &(struct sim_data){&data.catalog, &data.program, &data.triage, &data.adapt},
                  observe, d, &sum, err);
    if (!rc)
        rc = d->rc;
    if (!rc && d->current >= 0)
        rc = flush_patient(d);
    if (!rc) {
        json_t *o = json_pack("{ss, sI, si, sI, s{ss, ss}, s{ss, ss}, s{sO, ss}}", "org", org_id,
                              "patients", (json_int_t)d->patients, "weeks", d->weeks, "entries",
                              (json_int_t)d->entries, "clinician", "email", DEMO_CLINICIAN,
                              "password", DEMO_STAFF_PASSWORD, "admin", "email", DEMO_ADMIN,
                              "password", DEMO_ADMIN_PASSWORD, "patient_logins", "accounts",
                              d->logins, "password", DEMO_PATIENT_PASSWORD);
        if (args_has(a, demo_opts, "--json"))
            out_json(o);
        else
            printf("Demo organization with %ld patients, %d weeks each (%ld entries).\n"
                   "  clinician: %s  password: %s\n  admin:     %s  password: %s\n"
                   "  patients:  patient1@demo.moverx.org .. patient%ld@demo.moverx.org  "
                   "password: %s\n",
                   d->patients, d->weeks, d->entries, DEMO_CLINICIAN, DEMO_STAFF_PASSWORD,
                   DEMO_ADMIN, DEMO_ADMIN_PASSWORD, d->accounts, DEMO_PATIENT_PASSWORD);
        json_decref(o);
    }
    goto out_intake;
out_txn:
    store_rollback(d->store);
out_intake:
    json_decref(d->intake);
    json_decref(d->logins);
out_store:
    records_memo_free(d->r.memo);
    store_close(d->store);
out_data:
    datadir_release_all(&data);
    free(d);
    return rc;
}

int cmd_demo(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, demo_opts, 0, demo_run, ctx);
}
