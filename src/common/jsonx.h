/*
 * jsonx.h: strict helpers over jansson for loading data files and inputs.
 *
 * Every data file and every input in MoveRx is strict: duplicate keys,
 * unknown keys and wrong types are errors that name the field, so that a typo
 * in a clinic's rules file or a patient's answers can never be silently
 * ignored.
 */
#ifndef MOVERX_JSONX_H
#define MOVERX_JSONX_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"

/*
 * Parses JSON text with duplicate keys rejected. On error returns `code`
 * (MRX_EINVAL for input, MRX_EDATA for data files) with field `source` and a
 * message giving line, column and reason. *out is a new reference.
 */
int jsonx_parse(const char *text, size_t len, const char *source, int code, json_t **out,
                struct mrx_err *err);

/* Fails with MRX_EDATA ("unknown field 'x'") when obj has a key not in the
 * NULL-terminated `allowed` list. */
int jsonx_check_keys(const json_t *obj, const char *const *allowed, const char *path,
                     struct mrx_err *err);

/*
 * Copies the non-empty string at obj[key] into *out (xstrdup'ed, caller
 * frees). Missing, empty or non-string is MRX_EDATA naming `key`.
 */
int jsonx_take_string(const json_t *obj, const char *key, char **out, struct mrx_err *err);

#endif
