/*
 * err.c: filling in struct mrx_err. See err.h for the message style.
 */
#include "compat.h"

#include <stdarg.h>
#include <stdio.h>

#include "common/err.h"

void mrx_err_clear(struct mrx_err *err)
{
    if (!err)
        return;
    err->code = MRX_OK;
    err->field[0] = '\0';
    err->msg[0] = '\0';
}

int mrx_err_set(struct mrx_err *err, int code, const char *field, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

int mrx_err_prefix(struct mrx_err *err, const char *fmt, ...)
{
    char prefix[128];
    char old[sizeof(err->field)];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    memcpy(old, err->field, sizeof(old));
    if (old[0])
        snprintf(err->field, sizeof(err->field), "%s: %s", prefix, old);
    else
        snprintf(err->field, sizeof(err->field), "%s", prefix);
    return err->code;
}

int mrx_err_recast(struct mrx_err *err, int code, const char *field)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->field, sizeof(err->field), "%s", field);
    return code;
}

int mrx_exit_status(int code)
{
    switch (code) {
    case MRX_OK:
        return 0;
    case MRX_EINVAL:
    case MRX_ENOTFOUND:
    case MRX_EDATA:
        return 2;
    default:
        return 1;
    }
}
