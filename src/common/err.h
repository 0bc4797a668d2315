/*
 * err.h: the project-wide result codes and the error detail that travels
 * with them.
 *
 * Functions return an int result code (MRX_OK on success) in a local called
 * rc, and put the human-readable detail into a caller-supplied struct mrx_err.
 * Messages follow one style: lowercase, the problem first, the subject quoted,
 * no full stop ("must be 0..5, got '7'"). `field` names what was wrong (an
 * answer, a flag, a rule id, a file) so that the command line can print
 * "moverx: <field>: <message>".
 */
#ifndef MOVERX_ERR_H
#define MOVERX_ERR_H

#include "compat.h"

enum mrx_rc {
    MRX_OK = 0,
    MRX_EINVAL,    /* bad input: exit status 2 */
    MRX_ENOTFOUND, /* unknown id: exit status 2 */
    MRX_EDATA,     /* a data file (rules, exercises, lessons) is malformed */
    MRX_EIO,       /* reading or writing failed */
    MRX_EINTERNAL, /* a bug or an impossible state */
    MRX_EBUSY,     /* at capacity now (the server answers 503): try again shortly */
};

struct mrx_err {
    int code;
    char field[128];
    char msg[384];
};

/* Clears *err to "no error". */
void mrx_err_clear(struct mrx_err *err);

/*
 * Records an error and returns `code`, so callers can write
 * `return mrx_err_set(err, MRX_EINVAL, "answers", "expected %d values", n);`.
 * `field` may be NULL. `err` may be NULL (the detail is then dropped).
 */
int mrx_err_set(struct mrx_err *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Prefixes the existing field with `prefix` and a separator, so an inner
 * error "tier: unknown tier 'x'" becomes "rule 'fever': tier: ...". Returns
 * err->code.
 */
int mrx_err_prefix(struct mrx_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Keeps the message but gives the error a new code and field, e.g. to report
 * a nested data-style error as bad input on the input's field. Returns code.
 */
int mrx_err_recast(struct mrx_err *err, int code, const char *field);

/* The process exit status for a result code: 0, 2 for bad input, 1 otherwise. */
int mrx_exit_status(int code);

#endif
