/*
 * http_internal.h: what the files of src/http share and nothing else sees.
 */
#ifndef MOVERX_HTTP_INTERNAL_H
#define MOVERX_HTTP_INTERNAL_H

#include <microhttpd.h>

#include "http/http.h"

/* Every header the server adds to a reply: its type, no caching, and the
 * security headers (Strict-Transport-Security when tls). */
void http_add_server_headers(struct MHD_Response *r, const char *content_type, bool tls);

/* p's shared response for a server with or without TLS, built at the first
 * call; NULL when libmicrohttpd cannot build it. p keeps it. */
struct MHD_Response *http_prepared_response(struct http_prepared *p, bool tls);

/* p's body and type. */
const char *http_prepared_body(const struct http_prepared *p, size_t *len,
                               const char **content_type);

#endif
