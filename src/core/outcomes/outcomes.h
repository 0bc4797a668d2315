/*
 * outcomes.h: per-patient and cohort outcomes (CLINICAL.md section 7):
 * baseline and latest pain, mean change and mean % change, the share
 * reaching clinically important change (points rule, percent rule, either),
 * adherence, completion, flares and escalations, split by acute, subacute
 * and chronic.
 *
 * Both the change in mean pain and the mean of each person's % change are
 * reported, because they differ and published programs use either
 * (CLINICAL.md section 7, "Benchmarking caveat").
 */
#ifndef MOVERX_OUTCOMES_H
#define MOVERX_OUTCOMES_H

#include "compat.h"
#include "core/plan/intake.h"

/* ==================== Completing the program ==================== */

/*
 * The program lasts 12 weeks. A patient has reached its end once the
 * episode started at least PROGRAM_DAYS before the day, and completed it
 * when the program was not stopped and had a session in its final 4 weeks
 * (episode days 56..83, counting the start as day 0): "completed into the
 * final month", as the Hinge 10k cohort counted it (Bailey et al., J Med
 * Internet Res 2020;22(5):e18250; CLINICAL.md section 7).
 */
#define PROGRAM_DAYS 84
#define PROGRAM_FINAL_MONTH 56 /* the first day of the final 4 weeks */

/* Whether a program started on start_day has reached its end by `day`. */
bool program_ended(long start_day, long day);
/* Whether a session on session_day falls in the program's final 4 weeks. */
bool program_final_month(long start_day, long session_day);

/* A questionnaire score at the start and the end; has = both are known. */
struct score_pair {
    bool has;
    double baseline, final;
};

struct patient_outcome {
    enum chronicity group;
    double baseline_pain;
    bool has_final;    /* at least one pain report in the final week */
    double final_pain; /* mean pain reported in the final week */
    int sessions_planned;
    int sessions_done;
    bool completed; /* still in the program at the end, with a final pain */
    int flares;
    int escalations;        /* alerts raised for the care team */
    struct score_pair odi;  /* percent */
    struct score_pair rmdq; /* 0..24 */
    struct score_pair psfs; /* mean rating 0..10 */
    /* The simulator's view of the plan itself (docs/simulator.md); zero elsewhere. */
    bool has_volumes;
    double start_volume, end_volume; /* the plan's weekly minutes (see simulate.c) */
    double start_walks, end_walks;   /* the walks' weekly minutes, first plan and last */
    bool started_above_tolerance;    /* the first plan loaded more than the person took */
    bool ended_in_flare;             /* a flare on (or being come back from) on the last day */
    bool walking_goal_reached;       /* the program's first walking goal, at any time */
    int harder_switches;             /* steps to a harder exercise of a chain */
    int tasks;                       /* promises made to the person, each a care-team task */
    bool no_improvement_alert;
    bool has_no_program;
    double no_program_final; /* the same person's final-week pain with natural history only */
};

/* One questionnaire's change over the people who have it at both ends. */
struct measure_outcome {
    int patients;
    double mean_baseline, mean_final, mean_change; /* change: improvement, positive is better */
    double share_important; /* % with clinically important change (change_compute) */
};

struct outcome_group {
    int patients;
    int completed;
    double mean_baseline; /* over patients with a final pain */
    double mean_final;
    double mean_change;         /* baseline - final, points */
    double mean_percent_change; /* mean of each person's % improvement */
    double reduction_percent;   /* change in mean pain as % of mean baseline */
    double share_points;        /* % of completers improving >= 2 points */
    double share_percent;       /* % of completers improving >= 30 % */
    double share_either;        /* % of completers with either (MCID responders) */
    double adherence_percent;   /* sessions done / planned, over everyone */
    int flares;
    int escalations;
    struct measure_outcome odi, rmdq, psfs;
    /* Simulated cohorts only. */
    double ended_below_start_percent; /* completers whose plan ended below its start */
    int below_above_tolerance, below_in_flare, below_neither; /* of them, by why (counts) */
    double walks_below_start_percent;       /* completers whose walks ended below their first plan's
                                             * (the first measure: 32 % before rule set 2) */
    int walks_below_in_flare;               /* of them, in a flare at the end (count) */
    double walking_goal_percent;            /* completers who reached the first walking goal */
    int harder_switches;                    /* over everyone */
    double flares_per_patient;              /* over everyone */
    int no_improvement_alerts;              /* people alerted */
    double no_improvement_improved_percent; /* of those with a final pain: % reaching MCID */
    struct {
        int patients; /* the program arm's people with a final pain */
        double mean_final, reduction_percent, share_either;
    } no_program;
};

struct outcome_summary {
    struct outcome_group all;
    struct outcome_group by_group[3]; /* by enum chronicity */
};

/* Running sums; add each patient, then finish. */
struct outcome_acc {
    struct {
        int patients, completed, finals, points, percent, either, flares, escalations;
        long planned, done;
        double base, fin, pct;
        int volumes, below, walk_goal, switches, ni, ni_finals, ni_improved;
        int below_tol, below_flare;
        int below_walks;       /* completers whose walks ended below their first plan's */
        int below_walks_flare; /* of them, in a flare (or coming back from one) at the end */
        int np, np_either;
        double np_base, np_fin;
        struct {
            int n, important;
            double base, fin, change;
        } m[3]; /* odi, rmdq, psfs */
    } g[4];     /* 0..2 by chronicity, 3 all */
};

void outcomes_init(struct outcome_acc *acc);
void outcomes_add(struct outcome_acc *acc, const struct patient_outcome *p);
void outcomes_finish(const struct outcome_acc *acc, struct outcome_summary *out);

#endif
