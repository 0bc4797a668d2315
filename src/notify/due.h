/*
 * due.h: whether a patient's reminder is due now (pure: the clock and the
 * facts come in).
 *
 * A reminder goes on a day the plan has a session (and, when the patient
 * chose days, one of those), once the patient's own time has come, while
 * their program runs and today's session is not yet logged. One that could
 * not go at its time (the server was down) may still go within the window
 * after it, but never in the quiet hours and never on another day: a late
 * nudge at 23:00 helps nobody.
 */
#ifndef MOVERX_NOTIFY_DUE_H
#define MOVERX_NOTIFY_DUE_H

#include "compat.h"

#define REMIND_WINDOW_MINUTES 180

/* "HH:MM" as minutes of the day, or -1 when it is not one. */
int clock_minutes(const char *hhmm);

/* Whether minute m of the day falls in quiet hours from start to end (minutes
 * of the day; they may run past midnight); none when start < 0. */
bool in_quiet_hours(int m, int start, int end);

struct remind_facts {
    int now;                    /* the minute of the patient's day, local */
    int at;                     /* their reminder time, minutes */
    int quiet_start, quiet_end; /* -1 for none */
    bool session_day;           /* the plan has a session today (on a day they chose) */
    bool running;               /* the program runs (not paused, stopped or closed) */
    bool done_today;            /* today's session is logged */
};

bool reminder_due(const struct remind_facts *f);

#endif
