/*
 * jsonx.c: strict JSON loading helpers (see jsonx.h).
 */
#include "compat.h"

#include "common/jsonx.h"
#include "common/xalloc.h"

int jsonx_parse(const char *text, size_t len, const char *source, int code, json_t **out,
                struct mrx_err *err)
{
    json_error_t jerr;

    *out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*out)
        return mrx_err_set(err, code, source, "invalid JSON at line %d column %d: %s", jerr.line,
                           jerr.column, jerr.text);
    return MRX_OK;
}

static bool allowed_key(const char *key, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (strcmp(key, *allowed) == 0)
            return true;
    return false;
}

int jsonx_check_keys(const json_t *obj, const char *const *allowed, const char *path,
                     struct mrx_err *err)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)obj, key, v)
    {
        (void)v;
        if (!allowed_key(key, allowed))
            return mrx_err_set(err, MRX_EDATA, path, "unknown field '%s'", key);
    }
    return MRX_OK;
}

int jsonx_take_string(const json_t *obj, const char *key, char **out, struct mrx_err *err)
{
    const json_t *v = json_object_get(obj, key);

    if (!json_is_string(v) || json_string_length(v) == 0)
        return mrx_err_set(err, MRX_EDATA, key, "must be a non-empty string");
    *out = xstrdup(json_string_value(v));
    return MRX_OK;
}
