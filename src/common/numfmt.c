/*
 * numfmt.c: rounding for output and strict parsing of numbers from the
 * command line (see numfmt.h).
 */
#include "compat.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "common/numfmt.h"

double mrx_round_half_up(double x, int decimals)
{
    double scale = pow(10.0, decimals);
    double scaled = fabs(x) * scale;
    /* A relative nudge: values computed as 100*a/b that should end in 5 may
     * land one ulp below it. */
    double r = floor(scaled + 0.5 + scaled * 1e-12);
    return copysign(r / scale, x);
}

static bool all_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool mrx_parse_long(const char *s, size_t len, long *out)
{
    char buf[32];
    size_t start = (len > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    char *end;
    long v;

    if (len >= sizeof(buf) || !all_digits(s + start, len - start))
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    v = strtol(buf, &end, 10);
    if (errno == ERANGE || *end != '\0')
        return false;
    *out = v;
    return true;
}

bool mrx_parse_count(const char *s, size_t len, long *out)
{
    if (len == 0 || len > 9 || !all_digits(s, len) || (len > 1 && s[0] == '0'))
        return false;
    return mrx_parse_long(s, len, out);
}

bool mrx_parse_decimal(const char *s, size_t len, double *out, bool *is_integer)
{
    char buf[64];
    size_t start = (len > 0 && s[0] == '-') ? 1 : 0;
    const char *dot;
    size_t ilen;
    char *end;

    if (len >= sizeof(buf) || len == start)
        return false;
    dot = memchr(s + start, '.', len - start);
    ilen = dot ? (size_t)(dot - (s + start)) : len - start;
    if (!all_digits(s + start, ilen))
        return false;
    if (dot && !all_digits(dot + 1, len - start - ilen - 1))
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    *out = strtod(buf, &end);
    if (*end != '\0' || !isfinite(*out))
        return false;
    if (is_integer)
        *is_integer = (dot == NULL);
    return true;
}
