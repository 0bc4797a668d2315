/*
 * bench_simulate.c: simulated patients per second (issue 3's target:
 * 100,000 patients x 12 weeks in under 10 seconds on one core).
 *
 * Prints, from one run on this machine: the reference (first plans alone:
 * intake drawn, triaged and planned, no days simulated), the full simulation
 * at a few cohort sizes, and the target run, with peak resident memory.
 * A benchmark prints figures; it asserts nothing.
 */
#include "compat.h"

#include <sys/resource.h>
#include <time.h>

#include "core/simulate/patient.h"
#include "core/simulate/simulate.h"
#include "data/datadir.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* The reference: drawing a patient and making their first plan, no days. */
static double plans_per_second(const struct sim_data *d, long n)
{
    struct triage_result none = {TIER_NONE, PROGRAM_CONTINUE, NULL, 0};
    struct mrx_err err;
    double t0 = now();

    for (long i = 0; i < n; i++) {
        struct rng r;
        struct sim_traits t;
        struct intake in;
        struct plan p;
        rng_init(&r, 1, (uint64_t)i);
        sim_patient_draw(&r, &t, &in);
        if (plan_first(&in, &none, d->cat, d->prog, &p, &err) == MRX_OK)
            plan_release(&p);
    }
    return (double)n / (now() - t0);
}

static double run(const struct sim_data *d, long patients, int weeks, double *seconds,
                  struct outcome_summary *s)
{
    struct sim_config cfg = {patients, weeks, 1, false};
    struct mrx_err err;
    double t0 = now();

    if (simulate(&cfg, d, NULL, NULL, s, &err)) {
        fprintf(stderr, "bench: %s: %s\n", err.field, err.msg);
        exit(1);
    }
    *seconds = now() - t0;
    return (double)patients / *seconds;
}

int main(int argc, char **argv)
{
    const char *dir = datadir_resolve(argc > 1 ? argv[1] : NULL);
    struct data_set ds;
    struct outcome_summary s;
    struct mrx_err err;
    double secs;

    if (datadir_load_all(dir, &ds, &err)) {
        fprintf(stderr, "bench: %s: %s\n", err.field, err.msg);
        return 1;
    }
    struct sim_data d = {&ds.catalog, &ds.program, &ds.triage, &ds.adapt};
    printf("moverx simulator benchmark (one core)\n\n");
    printf("reference: first plans only          %10.0f patients/s\n", plans_per_second(&d, 20000));
    for (int weeks = 4; weeks <= 12; weeks += 4) {
        double rate = run(&d, 10000, weeks, &secs, &s);
        printf("simulate 10,000 x %2d weeks           %10.0f patients/s  (%.2f s)\n", weeks, rate,
               secs);
    }
    run(&d, 100000, 12, &secs, &s);
    printf("simulate 100,000 x 12 weeks          %10.0f patients/s  (%.2f s; target < 10 s)\n",
           100000 / secs, secs);
    printf("  cohort: pain %.2f -> %.2f (%.1f %%), %.1f %% responders, %d of 100000 completed\n",
           s.all.mean_baseline, s.all.mean_final, s.all.reduction_percent, s.all.share_either,
           s.all.completed);
    printf("peak resident memory                 %10ld KiB\n", peak_rss_kb());
    datadir_release_all(&ds);
    return 0;
}
