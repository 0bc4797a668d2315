/*
 * strlist.c: comma-separated list splitting (see strlist.h).
 */
#include "compat.h"

#include "common/strlist.h"

static struct span trim(const char *p, size_t len)
{
    while (len > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        len--;
    }
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    return (struct span){p, len};
}

int strlist_split(const char *s, struct span *items, int max)
{
    int n = 0;
    const char *p = s;

    if (trim(s, strlen(s)).len == 0)
        return 0;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (n == max)
            return -1;
        items[n++] = trim(p, len);
        if (!comma)
            return n;
        p = comma + 1;
    }
}

bool span_eq(struct span sp, const char *lit)
{
    return strlen(lit) == sp.len && memcmp(sp.ptr, lit, sp.len) == 0;
}
