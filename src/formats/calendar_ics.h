/*
 * calendar_ics.h: a patient's exercise sessions as an iCalendar feed
 * (RFC 5545), written with libical: one recurring event per plan version on
 * its session days, at the patient's own time in their own time zone (with
 * its VTIMEZONE), each with a reminder (VALARM) when it starts.
 *
 * The feed says only that a session is due and where the plan is: a
 * calendar is often shared or synced to other services, so no health
 * details go into it.
 */
#ifndef MOVERX_CALENDAR_ICS_H
#define MOVERX_CALENDAR_ICS_H

#include "compat.h"
#include <limits.h>

#include "common/err.h"

#define CAL_OPEN_ENDED LONG_MAX

struct cal_event {
    char uid[128];     /* stable for the plan version: a client updates, not duplicates */
    int sequence;      /* rises with every change to the event */
    long first_day;    /* the version's first day */
    long last_day;     /* its last day, or CAL_OPEN_ENDED */
    unsigned weekdays; /* the session days, Monday bit 0 */
    int minutes;       /* the session's length */
    const char *stamp; /* when the event last changed: UTC "YYYY-MM-DDTHH:MM:SSZ" */
};

struct cal_feed {
    const char *time;      /* "HH:MM", local */
    const char *time_zone; /* IANA name, as calendar_zone_known() takes */
    const char *app_url;   /* where the plan is, or NULL */
    const struct cal_event *events;
    int n_events;
};

/* Whether libical knows the time zone (from the system's tzdata). */
bool calendar_zone_known(const char *zone);

/* A UTC instant as the date (a day number) and minute of the day in the zone;
 * false for a zone not known. */
bool calendar_local_clock(const char *zone, long long utc_s, long *day, int *minute);

/* The feed as iCalendar text (CRLF lines, folded at 75 octets); the caller
 * frees it. MRX_EINVAL naming "time_zone" for a zone not known. */
int calendar_ics(const struct cal_feed *f, char **out, struct mrx_err *err);

#endif
