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
    long current; /* the simulated patient being gathered, or -1 */
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

static int clamp_pain(double v)
{
    long p = lround(v);
    return (int)(p < 0 ? 0 : p > 10 ? 10 : p);
}

/* Records one synthetic patient: the patient, an intake, every day, in one transaction. */
static int flush_patient(struct demo_clinic *d)
{
    char name[64], email[96], hash[PASSWORD_HASH_SIZE];
    const char *pid;
    json_t *out = NULL, *intake = json_deep_copy(d->intake);
    long n = d->current;
    int rc;

    snprintf(name, sizeof(name), "Demo patient %ld", n + 1);
    json_object_set_new(intake, "age", json_integer(30 + (n * 7) % 45));
    json_object_set_new(intake, "pain_now", json_integer(clamp_pain(d->days[0].pain)));
    json_object_set_new(intake, "pain_week_average", json_integer(clamp_pain(d->days[0].pain)));
    if ((rc = store_begin(d->store, d->err)))
        goto out;
    if ((rc = records_patient_add(&d->r, d->org, name, 1996 - (int)((n * 7) % 45), &out, d->err)))
        goto fail;
    pid = json_string_value(json_object_get(out, "id"));
    {
        json_t *res = NULL;
        if ((rc = records_intake(&d->r, pid, intake, d->start, false, &res, d->err)))
            goto fail;
        json_decref(res);
        if ((rc = records_care_add(&d->r, pid, d->clinician, &res, d->err)))
            goto fail;
        json_decref(res);
    }
    for (int i = 0; i < d->weeks * 7; i++) {
        struct demo_day *day = &d->days[i];
        json_t *res = NULL;
        if (day->session) {
            struct session_input in = {.day = d->start + i,
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
            struct checkin_input in = {.day = d->start + i,
                                       .pain = clamp_pain(day->pain),
                                       .next_morning_pain = CHECKIN_NONE,
                                       .walk_minutes = day->walk_minutes,
                                       .stiffness = CHECKIN_NONE,
                                       .sleep = CHECKIN_NONE,
                                       .steps = CHECKIN_NONE};
            if (i > 0 && d->days[i - 1].session)
                in.next_morning_pain = clamp_pain(d->days[i - 1].pain_next_morning);
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
    if (n < d->accounts) {
        json_t *res = NULL;
        snprintf(email, sizeof(email), "patient%ld@demo.moverx.org", n + 1);
        if ((rc = password_hash(DEMO_PATIENT_PASSWORD, strlen(DEMO_PATIENT_PASSWORD), hash,
                                d->err)) ||
            (rc = records_user_add(&d->r, d->org, ROLE_PATIENT, email, hash, pid, &res, d->err)))
            goto fail;
        json_decref(res);
        json_array_append_new(d->logins, json_pack("{ss, ss}", "email", email, "patient", pid));
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

    if ((rc = password_hash(DEMO_STAFF_PASSWORD, strlen(DEMO_STAFF_PASSWORD), hash, d->err)) ||
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

    struct sim_config cfg = {d->patients, d->weeks, (uint64_t)seed};
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
                              "password", DEMO_STAFF_PASSWORD, "patient_logins", "accounts",
                              d->logins, "password", DEMO_PATIENT_PASSWORD);
        if (args_has(a, demo_opts, "--json"))
            out_json(o);
        else
            printf("Demo organization with %ld patients, %d weeks each (%ld entries).\n"
                   "  clinician: %s  password: %s\n  admin:     %s  password: %s\n"
                   "  patients:  patient1@demo.moverx.org .. patient%ld@demo.moverx.org  "
                   "password: %s\n",
                   d->patients, d->weeks, d->entries, DEMO_CLINICIAN, DEMO_STAFF_PASSWORD,
                   DEMO_ADMIN, DEMO_STAFF_PASSWORD, d->accounts, DEMO_PATIENT_PASSWORD);
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
