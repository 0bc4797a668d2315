/*
 * reply.c: JSON replies and errors in the shape CONTRACT.md fixes:
 * {"error":{"code":"...","message":"...","field":"..."}}.
 */
#include "compat.h"

#include <stdarg.h>

#include "api/api_internal.h"

void reply_json(struct call *c, int status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));

    json_decref(body);
    if (!text)
        abort(); /* only out of memory */
    reply_json_text(c, status, text, strlen(text));
}

void reply_prepared(struct call *c, int status, struct http_prepared *body)
{
    c->rep->status = status;
    free(c->rep->body);
    c->rep->body = NULL;
    http_prepared_release(c->rep->prepared);
    c->rep->prepared = body;
}

void reply_text(struct call *c, int status, const char *content_type, char *text, size_t len)
{
    c->rep->status = status;
    c->rep->content_type = content_type;
    http_prepared_release(c->rep->prepared);
    c->rep->prepared = NULL;
    free(c->rep->body);
    c->rep->body = text;
    c->rep->body_len = len;
}

void reply_json_text(struct call *c, int status, char *text, size_t len)
{
    reply_text(c, status, "application/json", text, len);
}

void reply_error(struct call *c, int status, const char *code, const char *field, const char *fmt,
                 ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    reply_json(c, status,
               json_pack("{s{ss, ss, so}}", "error", "code", code, "message", msg, "field",
                         field ? json_string(field) : json_null()));
}

void reply_throttled(struct call *c, unsigned wait, const char *what)
{
    char *after = arena_alloc(c->req->arena, 16);

    if (after) {
        snprintf(after, 16, "%u", wait);
        http_reply_header(c->rep, "Retry-After", after);
    }
    reply_error(c, 429, "too_many_attempts", NULL, "too many failed %s; try again in %u seconds",
                what, wait);
}

void reply_not_found(struct call *c)
{
    reply_error(c, 404, "not_found", NULL, "no such resource");
}

/* The records layer names command-line flags ("--walk-minutes", "--red-flag
 * fever"); the API names JSON fields ("walk_minutes", "red_flags.fever"). */
static const char *api_field(const char *field, char *buf, size_t size)
{
    const char *rest;
    size_t n = 0;

    if (!field[0])
        return NULL;
    if (strncmp(field, "--", 2) != 0)
        return field;
    if (strncmp(field, "--red-flag", 10) == 0) {
        rest = field + 10;
        while (*rest == ' ' || *rest == ':')
            rest++;
        snprintf(buf, size, "red_flags%s%s", *rest ? "." : "", rest);
        return buf;
    }
    if (strcmp(field, "--item") == 0)
        return "items";
    for (const char *f = field + 2; *f && n + 1 < size; f++)
        buf[n++] = *f == '-' ? '_' : *f;
    buf[n] = '\0';
    return buf;
}

/* Whether a refusal is a clash with what is stored (a second entry that day,
 * an alert already resolved, an address taken, a program stopped, paused,
 * ended or never started). The
 * words are looked for outside quotes: a quoted subject is the caller's own
 * text (a PSFS activity "stopped at the door" is not a conflict). */
static bool is_conflict(const char *msg)
{
    static const char *const words[] = {"already",           "exists",
                                        "stopped",           "is paused",
                                        "has ended",         "no program was started",
                                        "not paused",        "not in maintenance",
                                        "the only clinician"};
    char plain[sizeof(((struct mrx_err *)0)->msg)];
    size_t n = 0;
    bool quoted = false;

    for (const char *m = msg; *m && n + 1 < sizeof(plain); m++) {
        if (*m == '\'')
            quoted = !quoted;
        else if (!quoted)
            plain[n++] = *m;
    }
    plain[n] = '\0';
    for (size_t i = 0; i < MRX_ARRAY_LEN(words); i++)
        if (strstr(plain, words[i]))
            return true;
    return false;
}

void reply_mrx(struct call *c, int rc, const struct mrx_err *err)
{
    char buf[160];
    const char *field = api_field(err->field, buf, sizeof(buf));

    switch (rc) {
    case MRX_EINVAL:
        /* A clash with what is stored is a conflict; anything else is a bad request. */
        if (is_conflict(err->msg))
            reply_error(c, 409, "conflict", field, "%s", err->msg);
        else
            reply_error(c, 400, "invalid", field, "%s", err->msg);
        break;
    case MRX_ENOTFOUND:
        if (strstr(err->msg, "no intake yet")) {
            reply_error(c, 409, "no_program", NULL,
                        "there is no program yet: the intake comes first");
            break;
        }
        /* The field names what is missing: a resource in the path, or a
         * reference inside the body (an exercise, ...). */
        if (field && (strcmp(field, "patient") == 0 || strcmp(field, "alert") == 0 ||
                      strcmp(field, "task") == 0 || strcmp(field, "user") == 0))
            reply_not_found(c);
        else
            reply_error(c, 400, "invalid", field, "%s", err->msg);
        break;
    case MRX_EBUSY: /* at capacity: nothing was done, and trying again soon is right */
        reply_error(c, 503, "busy", field, "%s", err->msg);
        http_reply_header(c->rep, "Retry-After", "1");
        break;
    default:
        /* A record's contents may be in other errors' details; the database's
         * own messages (MRX_EIO) name only tables and conditions. */
        fprintf(stderr, "moverx serve: %s: internal error %d (field %s)%s%s\n", c->rep->route, rc,
                field ? field : "-", rc == MRX_EIO ? ": " : "", rc == MRX_EIO ? err->msg : "");
        reply_error(c, 500, "internal", NULL, "the server could not complete the request");
    }
}
