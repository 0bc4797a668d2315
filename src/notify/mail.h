/*
 * mail.h: one plain-text e-mail through an organization's SMTP server, sent
 * with libcurl (STARTTLS asked for on smtp://, TLS from the start on smtps://).
 */
#ifndef MOVERX_MAIL_H
#define MOVERX_MAIL_H

#include "compat.h"
#include "common/err.h"

struct mail_server {
    const char *url;      /* smtp://host:port or smtps://host:port */
    const char *user;     /* or NULL: no sign-in */
    const char *password; /* or NULL */
    bool require_tls;     /* refuse to send in the clear, but to this machine (mail_tls_required) */
};

struct mail_message {
    const char *from;    /* an address */
    const char *to;      /* an address */
    const char *subject; /* one line */
    const char *text;    /* the body, UTF-8, lines ending in \n */
    long long now_s;     /* for the Date header */
};

/* Whether a header value is safe to send: one line of printable ASCII. */
bool mail_header_ok(const char *v);

/* Whether mail to this server must go over TLS: always, but to a server on this
 * machine (a local relay, or a test's receiver), where nothing crosses a network. */
bool mail_tls_required(const char *url);

/* The message as RFC 5322 text (CRLF lines; the caller frees it). */
char *mail_render(const struct mail_message *m);

int mail_send(const struct mail_server *s, const struct mail_message *m, struct mrx_err *err);

#endif
