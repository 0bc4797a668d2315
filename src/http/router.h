/*
 * router.h: matching a request's method and path against route patterns
 * such as "/api/v1/patients/{id}/today". Written by hand on purpose
 * (DESIGN.md): small, and no packaged library does just this.
 */
#ifndef MOVERX_HTTP_ROUTER_H
#define MOVERX_HTTP_ROUTER_H

#include "compat.h"
#include "http/arena.h"
#include "http/http.h"

#define ROUTE_MAX_PARAMS 3

struct route {
    enum http_method method;
    const char *pattern; /* literal segments and {name} segments */
};

enum route_result {
    ROUTE_FOUND,     /* out->index and out->params are set */
    ROUTE_NO_PATH,   /* no pattern matches the path: 404 */
    ROUTE_NO_METHOD, /* the path is known but not with this method: 405, out->allow */
};

struct route_match {
    size_t index;                         /* into the routes given */
    int n_params;                         /* {name} segments, in order */
    const char *params[ROUTE_MAX_PARAMS]; /* percent-decoded, in the arena */
    char allow[64];                       /* "GET, POST" for a 405 */
};

/* routes: an array of n pointers. A parameter that decodes to something
 * with a '/' or a control character does not match. */
enum route_result router_match(const struct route *const *routes, size_t n, enum http_method m,
                               const char *path, struct arena *a, struct route_match *out);

/* Whether a pattern is well formed: starts with '/', {name} segments whole. */
bool router_pattern_valid(const char *pattern);

#endif
