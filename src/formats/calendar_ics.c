/*
 * calendar_ics.c: the iCalendar feed, built and serialized by libical (see
 * calendar_ics.h): escaping, line folding, CRLF and the VTIMEZONE all come
 * from the library, not from us.
 */
#include "compat.h"

#include <libical/ical.h>
#include <limits.h>
#include <time.h>

#include "common/date.h"
#include "core/plan/week.h"
#include "formats/calendar_ics.h"

static icaltimezone *zone(const char *name)
{
    if (!name || !*name || strlen(name) > 63)
        return NULL;
    return icaltimezone_get_builtin_timezone(name);
}

bool calendar_zone_known(const char *name)
{
    return zone(name) != NULL;
}

bool calendar_local_clock(const char *zone_name, long long utc_s, long *day, int *minute)
{
    icaltimezone *z = zone(zone_name);
    struct icaltimetype t;
    char date[16];

    if (!z)
        return false;
    t = icaltime_from_timet_with_zone((time_t)utc_s, 0, icaltimezone_get_utc_timezone());
    t = icaltime_convert_to_zone(t, z);
    snprintf(date, sizeof(date), "%04d-%02d-%02d", t.year, t.month, t.day);
    *minute = t.hour * 60 + t.minute;
    return date_parse(date, day);
}

/* A day at the local time, in the zone. */
static struct icaltimetype local_time(long day, int hh, int mm, icaltimezone *z)
{
    time_t midnight = (time_t)day * 86400; /* day numbers count from 1970-01-01 */
    struct tm tm;
    struct icaltimetype t = icaltime_null_time();

    gmtime_r(&midnight, &tm);
    t.year = tm.tm_year + 1900;
    t.month = tm.tm_mon + 1;
    t.day = tm.tm_mday;
    t.hour = hh;
    t.minute = mm;
    t.zone = z;
    return t;
}

static struct icalrecurrencetype weekly(unsigned weekdays, struct icaltimetype until)
{
    static const enum icalrecurrencetype_weekday names[7] = {
        ICAL_MONDAY_WEEKDAY, ICAL_TUESDAY_WEEKDAY,  ICAL_WEDNESDAY_WEEKDAY, ICAL_THURSDAY_WEEKDAY,
        ICAL_FRIDAY_WEEKDAY, ICAL_SATURDAY_WEEKDAY, ICAL_SUNDAY_WEEKDAY};
    struct icalrecurrencetype r;
    int n = 0;

    icalrecurrencetype_clear(&r);
    r.freq = ICAL_WEEKLY_RECURRENCE;
    r.week_start = ICAL_MONDAY_WEEKDAY;
    r.until = until;
    for (int d = 0; d < 7; d++)
        if (weekdays & (1u << d))
            r.by_day[n++] = (short)names[d];
    r.by_day[n] = ICAL_RECURRENCE_ARRAY_MAX;
    return r;
}

static struct icaltimetype utc_stamp(const char *stamp)
{
    long long secs;
    return date_timestamp_parse(stamp, &secs)
               ? icaltime_from_timet_with_zone((time_t)secs, 0, icaltimezone_get_utc_timezone())
               : icaltime_null_time();
}

static icalcomponent *alarm(void)
{
    struct icaltriggertype at = {icaltime_null_time(), icaldurationtype_null_duration()};
    return icalcomponent_vanew(ICAL_VALARM_COMPONENT, icalproperty_new_action(ICAL_ACTION_DISPLAY),
                               icalproperty_new_description("Time for your exercise session"),
                               icalproperty_new_trigger(at), (void *)0);
}

/* The event of one plan version, or NULL when it has no session day. */
static icalcomponent *event(const struct cal_feed *f, const struct cal_event *e, int hh, int mm,
                            icaltimezone *z)
{
    long first = e->first_day;
    icalcomponent *ev;
    icalproperty *start;
    char description[512];

    if (!(e->weekdays & 0x7fu))
        return NULL;
    while (!(e->weekdays & (1u << weekday_of(first))))
        first++;
    if (e->last_day != CAL_OPEN_ENDED && first > e->last_day)
        return NULL;
    snprintf(description, sizeof(description), "Your exercise session, about %d minutes.%s%s",
             e->minutes, f->app_url ? " Today's plan: " : "", f->app_url ? f->app_url : "");
    start = icalproperty_new_dtstart(local_time(first, hh, mm, z));
    icalproperty_add_parameter(start, icalparameter_new_tzid(f->time_zone));
    ev = icalcomponent_vanew(ICAL_VEVENT_COMPONENT, icalproperty_new_uid(e->uid),
                             icalproperty_new_sequence(e->sequence),
                             icalproperty_new_dtstamp(utc_stamp(e->stamp)), start,
                             icalproperty_new_duration(icaldurationtype_from_int(e->minutes * 60)),
                             icalproperty_new_summary("Exercise session (MoveRx)"),
                             icalproperty_new_description(description),
                             icalproperty_new_transp(ICAL_TRANSP_OPAQUE), (void *)0);
    if (f->app_url)
        icalcomponent_add_property(ev, icalproperty_new_url(f->app_url));
    /* UNTIL in UTC, as RFC 5545 asks when DTSTART has a time zone: the last day's session. */
    icalcomponent_add_property(
        ev, icalproperty_new_rrule(weekly(
                e->weekdays, e->last_day == CAL_OPEN_ENDED
                                 ? icaltime_null_time()
                                 : icaltime_convert_to_zone(local_time(e->last_day, hh, mm, z),
                                                            icaltimezone_get_utc_timezone()))));
    icalcomponent_add_component(ev, alarm());
    return ev;
}

/*
 * The zone's rules from a year before the first event: not its whole history
 * since 1847. Its TZID is the plain IANA name ("Europe/London", not libical's
 * "/freeassociation.sourceforge.net/Europe/London"), which Google and Outlook
 * also recognize.
 */
static icalcomponent *vtimezone(icaltimezone *z, const struct cal_feed *f)
{
    icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(z));
    icalproperty *tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    long first = LONG_MAX;

    if (tzid)
        icalproperty_set_tzid(tzid, f->time_zone);

    for (int i = 0; i < f->n_events; i++)
        if (f->events[i].first_day < first)
            first = f->events[i].first_day;
    if (first != LONG_MAX)
        icaltimezone_truncate_vtimezone(vtz,
                                        icaltime_convert_to_zone(local_time(first - 366, 0, 0, z),
                                                                 icaltimezone_get_utc_timezone()),
                                        icaltime_null_time(), 0);
    return vtz;
}

int calendar_ics(const struct cal_feed *f, char **out, struct mrx_err *err)
{
    icaltimezone *z = zone(f->time_zone);
    icalcomponent *cal;
    int hh, mm;

    *out = NULL;
    if (!z)
        return mrx_err_set(err, MRX_EINVAL, "time_zone", "'%s' is not a time zone we know",
                           f->time_zone ? f->time_zone : "");
    if (sscanf(f->time, "%2d:%2d", &hh, &mm) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
        return mrx_err_set(err, MRX_EINVAL, "time", "must be HH:MM");
    cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
                              icalproperty_new_prodid("-//MoveRx//Exercise sessions//EN"),
                              icalproperty_new_calscale("GREGORIAN"), (void *)0);
    /* What Apple, Google and Outlook show as the subscription's name, and how often to refresh. */
    icalcomponent_add_property(cal, icalproperty_new_x("MoveRx exercise sessions"));
    icalproperty_set_x_name(icalcomponent_get_first_property(cal, ICAL_X_PROPERTY), "X-WR-CALNAME");
    icalcomponent_add_component(cal, vtimezone(z, f));
    for (int i = 0; i < f->n_events; i++) {
        icalcomponent *ev = event(f, &f->events[i], hh, mm, z);
        if (ev)
            icalcomponent_add_component(cal, ev);
    }
    *out = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    if (!*out)
        return mrx_err_set(err, MRX_EINTERNAL, "calendar", "could not be written");
    return MRX_OK;
}
