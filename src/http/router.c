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

/* Where a path's parameters are, before they are decoded. */
struct spans {
    int n;
    const char *at[ROUTE_MAX_PARAMS];
    size_t len[ROUTE_MAX_PARAMS];
};

/* Whether the path has the pattern's shape: literal segments equal, one
 * segment for each {name}. Nothing is decoded or allocated yet, since most
 * patterns tried do not match. */
static bool match_shape(const char *p, const char *q, struct spans *sp)
{
    sp->n = 0;
    while (*p == '/' && *q == '/') {
        p++, q++;
        if (*p == '{') {
            const char *start = q;
            while (*p && *p != '/')
                p++;
            while (*q && *q != '/')
                q++;
            if (sp->n >= ROUTE_MAX_PARAMS)
                return false;
            sp->at[sp->n] = start;
            sp->len[sp->n++] = (size_t)(q - start);
            continue;
        }
        while (*p && *p != '/' && *p == *q)
            p++, q++;
        if ((*p && *p != '/') || (*q && *q != '/') || (*p != *q))
            return false;
    }
    return !*p && !*q;
}

/* The parameters decoded into out; false when one cannot be a parameter. */
static bool decode_params(const struct spans *sp, struct arena *a, struct route_match *out)
{
    for (int i = 0; i < sp->n; i++)
        if (!(out->params[i] = decode_segment(sp->at[i], sp->len[i], a)))
            return false;
    out->n_params = sp->n;
    return true;
}

enum route_result router_match(const struct route *const *routes, size_t n, enum http_method m,
                               const char *path, struct arena *a, struct route_match *out)
{
    bool path_known = false;
    struct spans sp;

    out->allow[0] = '\0';
    out->n_params = 0;
    /* The request's own method first: most requests name a route, and the
     * shapes of the other methods' routes need not be tried for them. */
    for (size_t i = 0; i < n; i++) {
        if (routes[i]->method == m && match_shape(routes[i]->pattern, path, &sp) &&
            decode_params(&sp, a, out)) {
            out->index = i;
            return ROUTE_FOUND;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (routes[i]->method == m || !match_shape(routes[i]->pattern, path, &sp) ||
            !decode_params(&sp, a, out))
            continue;
        path_known = true;
        size_t len = strlen(out->allow);
        snprintf(out->allow + len, sizeof(out->allow) - len, "%s%s", len ? ", " : "",
                 http_method_name(routes[i]->method));
    }
    out->n_params = 0;
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
