/*
 * router.c: segment-by-segment matching of paths against route patterns
 * (see router.h).
 */
#include "compat.h"

#include "http/router.h"

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A path segment, percent-decoded into the arena; NULL when it cannot be a parameter. */
static const char *decode_segment(const char *s, size_t n, struct arena *a)
{
    char *out = arena_alloc(a, n + 1), *o = out;

    if (!out || n == 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int h = i + 2 < n ? hex(s[i + 1]) : -1, l = i + 2 < n ? hex(s[i + 2]) : -1;
            if (h < 0 || l < 0)
                return NULL;
            c = (unsigned char)(h * 16 + l);
            i += 2;
        }
        if (c < 0x20 || c == 0x7f || c == '/')
            return NULL;
        *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

/* Matches one pattern; params go to out when it matches. */
static bool match_one(const char *pattern, const char *path, struct arena *a,
                      struct route_match *out)
{
    const char *p = pattern, *q = path;
    int n = 0;

    while (*p && *q) {
        if (*p != '/' || *q != '/')
            return false;
        p++, q++;
        const char *pe = strchr(p, '/'), *qe = strchr(q, '/');
        size_t pn = pe ? (size_t)(pe - p) : strlen(p), qn = qe ? (size_t)(qe - q) : strlen(q);
        if (pn >= 2 && p[0] == '{' && p[pn - 1] == '}') {
            const char *v = decode_segment(q, qn, a);
            if (!v || n >= ROUTE_MAX_PARAMS)
                return false;
            out->params[n++] = v;
        } else if (pn != qn || memcmp(p, q, pn) != 0) {
            return false;
        }
        p += pn, q += qn;
    }
    if (*p || *q)
        return false;
    out->n_params = n;
    return true;
}

enum route_result router_match(const struct route *const *routes, size_t n, enum http_method m,
                               const char *path, struct arena *a, struct route_match *out)
{
    bool path_known = false;

    out->allow[0] = '\0';
    out->n_params = 0;
    for (size_t i = 0; i < n; i++) {
        struct route_match tmp = {0};
        if (!match_one(routes[i]->pattern, path, a, &tmp))
            continue;
        if (routes[i]->method == m) {
            *out = tmp;
            out->index = i;
            return ROUTE_FOUND;
        }
        path_known = true;
        size_t len = strlen(out->allow);
        snprintf(out->allow + len, sizeof(out->allow) - len, "%s%s", len ? ", " : "",
                 http_method_name(routes[i]->method));
    }
    return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

bool router_pattern_valid(const char *pattern)
{
    if (!pattern || pattern[0] != '/')
        return false;
    for (const char *s = pattern; *s; s++) {
        if (*s == '{' && (s[-1] != '/'))
            return false;
        if (*s == '}' && s[1] && s[1] != '/')
            return false;
    }
    return true;
}
