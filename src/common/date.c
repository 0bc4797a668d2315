/*
 * date.c: civil dates to day numbers and back (Howard Hinnant's algorithms,
 * public domain description), see date.h.
 */
#include "compat.h"

#include "common/date.h"

static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool digits(const char *s, int n, long *out)
{
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *out = *out * 10 + (s[i] - '0');
    }
    return true;
}

bool date_parse(const char *s, long *days)
{
    long y, m, d, cy, cm, cd;

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
        !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
        return false;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *days = days_from_civil(y, m, d);
    civil_from_days(*days, &cy, &cm, &cd); /* 2026-02-30 comes back as March */
    return cy == y && cm == m && cd == d;
}

/* Writes v as exactly `width` decimal digits (0 <= v < 10^width). */
static void put_digits(char *out, long v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        out[i] = (char)('0' + v % 10);
}

void date_format(long days, char *buf, size_t size)
{
    long y, m, d;

    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999 || size < 11) { /* rare: let snprintf sign, widen or cut */
        snprintf(buf, size, "%04ld-%02ld-%02ld", y, m, d);
        return;
    }
    /* By hand: every request stamps a time, and snprintf costs ten times this. */
    put_digits(buf, y, 4);
    buf[4] = '-';
    put_digits(buf + 5, m, 2);
    buf[7] = '-';
    put_digits(buf + 8, d, 2);
    buf[10] = '\0';
}

void date_timestamp(long long seconds, char *buf, size_t size)
{
    long long day = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    long rem = (long)(seconds - day * 86400);
    char d[16];

    date_format((long)day, d, sizeof(d));
    if (strlen(d) != 10 || size < 21) {
        snprintf(buf, size, "%sT%02ld:%02ld:%02ldZ", d, rem / 3600, rem / 60 % 60, rem % 60);
        return;
    }
    memcpy(buf, d, 10);
    buf[10] = 'T';
    put_digits(buf + 11, rem / 3600, 2);
    buf[13] = ':';
    put_digits(buf + 14, rem / 60 % 60, 2);
    buf[16] = ':';
    put_digits(buf + 17, rem % 60, 2);
    buf[19] = 'Z';
    buf[20] = '\0';
}

bool date_timestamp_parse(const char *s, long long *seconds)
{
    char d[11];
    long day;
    int h, m, sec;

    if (!s || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return false;
    memcpy(d, s, 10);
    d[10] = '\0';
    for (int i = 11; i < 19; i++)
        if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
            return false;
    h = (s[11] - '0') * 10 + (s[12] - '0');
    m = (s[14] - '0') * 10 + (s[15] - '0');
    sec = (s[17] - '0') * 10 + (s[18] - '0');
    if (!date_parse(d, &day) || h > 23 || m > 59 || sec > 60)
        return false;
    *seconds = (long long)day * 86400 + h * 3600 + m * 60 + sec;
    return true;
}
