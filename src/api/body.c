/*
 * body.c: request bodies: one JSON object whose fields are all known, of
 * the right type and inside their range; anything else is a 400 that names
 * the field (see api_internal.h).
 */
#include "compat.h"

#include <strings.h>

#include "api/api_internal.h"
#include "common/date.h"

static const char *const type_names[] = {
    "a string", "an integer", "true or false", "a date (YYYY-MM-DD)", "an array", "an object"};

static bool type_ok(const json_t *v, enum field_type t)
{
    switch (t) {
    case F_STRING:
    case F_DATE:
        return json_is_string(v);
    case F_INT:
        return json_is_integer(v);
    case F_BOOL:
        return json_is_boolean(v);
    case F_ARRAY:
        return json_is_array(v);
    case F_OBJECT:
        return json_is_object(v);
    }
    return false;
}

/* One field against its spec: false after replying 400. */
static bool check_field(struct call *c, const struct field_spec *f, const json_t *v)
{
    long day;

    if (!type_ok(v, f->type)) {
        reply_error(c, 400, "invalid", f->name, "must be %s", type_names[f->type]);
        return false;
    }
    if (f->type == F_INT && (json_integer_value(v) < f->min || json_integer_value(v) > f->max)) {
        reply_error(c, 400, "invalid", f->name, "must be from %ld to %ld", f->min, f->max);
        return false;
    }
    if (f->type == F_STRING && f->max &&
        (json_string_length(v) < (size_t)f->min || json_string_length(v) > (size_t)f->max)) {
        reply_error(c, 400, "invalid", f->name, "must be %ld to %ld bytes long", f->min, f->max);
        return false;
    }
    if (f->type == F_DATE && !date_parse(json_string_value(v), &day)) {
        reply_error(c, 400, "invalid", f->name, "must be a real date as YYYY-MM-DD");
        return false;
    }
    return true;
}

json_t *body_object(struct call *c, const struct field_spec *spec)
{
    json_error_t jerr;
    json_t *o, *v;
    const char *key, *ct;
    void *next;

    /* JSON only: a cross-site HTML form cannot send application/json, so this
     * also keeps other sites from posting to the API (a login form, say). */
    ct = http_header(c->req, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';')) {
        reply_error(c, 415, "unsupported_media_type", "Content-Type",
                    "the body must be JSON, sent as application/json");
        return NULL;
    }
    o = json_loadb(c->req->body, c->req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!o) {
        reply_error(c, 400, "invalid", "body", "not valid JSON: %s (at byte %d)", jerr.text,
                    jerr.position);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        reply_error(c, 400, "invalid", "body", "must be a JSON object");
        return NULL;
    }
    json_object_foreach_safe(o, next, key, v)
    {
        const struct field_spec *f = spec;
        while (f->name && strcmp(f->name, key) != 0)
            f++;
        if (!f->name) {
            reply_error(c, 400, "invalid", key, "is not a field of this request");
            json_decref(o);
            return NULL;
        }
        /* null means absent, for every reader after this; but in a PATCH it clears the
         * setting (JSON merge patch), so there it is kept for the handler */
        if (json_is_null(v) && !f->required) {
            if (c->req->method != HTTP_PATCH)
                json_object_del(o, key);
            continue;
        }
        if (!check_field(c, f, v)) {
            json_decref(o);
            return NULL;
        }
    }
    for (const struct field_spec *f = spec; f->name; f++)
        if (f->required && (!(v = json_object_get(o, f->name)) || json_is_null(v))) {
            reply_error(c, 400, "invalid", f->name, "is required");
            json_decref(o);
            return NULL;
        }
    return o;
}

long body_int(const json_t *o, const char *name, long dflt)
{
    const json_t *v = json_object_get(o, name);
    return json_is_integer(v) ? (long)json_integer_value(v) : dflt;
}

const char *body_str(const json_t *o, const char *name)
{
    return json_string_value(json_object_get(o, name));
}

bool body_bool(const json_t *o, const char *name)
{
    return json_is_true(json_object_get(o, name));
}

long body_date(const json_t *o, const char *name, long dflt)
{
    long day;
    const char *s = body_str(o, name);
    return s && date_parse(s, &day) ? day : dflt;
}
