/*
 * due.c: whether a reminder is due (see due.h).
 */
#include "compat.h"

#include "notify/due.h"

int clock_minutes(const char *t)
{
    if (!t || strlen(t) != 5 || t[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (t[i] < '0' || t[i] > '9'))
            return -1;
    int hh = (t[0] - '0') * 10 + (t[1] - '0'), mm = (t[3] - '0') * 10 + (t[4] - '0');
    return hh > 23 || mm > 59 ? -1 : hh * 60 + mm;
}

bool in_quiet_hours(int m, int start, int end)
{
    if (start < 0 || end < 0 || start == end)
        return false;
    return start < end ? (m >= start && m < end) : (m >= start || m < end);
}

bool reminder_due(const struct remind_facts *f)
{
    if (!f->session_day || !f->running || f->done_today || f->at < 0)
        return false;
    if (f->now < f->at || f->now >= f->at + REMIND_WINDOW_MINUTES)
        return false;
    return !in_quiet_hours(f->now, f->quiet_start, f->quiet_end);
}
