/*
 * records_cli.h: what the commands over the store share (CONTRACT.md
 * "Local records"): finding the store (--db), today's date (--date), and
 * running one operation in one transaction.
 */
#ifndef MOVERX_RECORDS_CLI_H
#define MOVERX_RECORDS_CLI_H

#include "cli/cli.h"
#include "records/records.h"

/* The store's path: --db, else $MOVERX_DB, else the user data directory
 * ($XDG_DATA_HOME or ~/.local/share)/moverx/moverx.db. Writes into buf. */
int records_db_path(const char *flag, char *buf, size_t size, struct mrx_err *err);

/* --date as a day number, or today's local date when not given. */
int records_day(const char *flag, const char *name, long *day, struct mrx_err *err);

/* A whole number in lo..hi from an option, naming the option on error. */
int records_int(const char *text, const char *name, int lo, int hi, int *out, struct mrx_err *err);

/* This moment as UTC text "YYYY-MM-DDTHH:MM:SSZ", for the audit and recorded_at. */
void records_now(char buf[STORE_TS_SIZE]);

typedef int (*records_op)(const struct records *r, const struct args *a, void *arg, json_t **out,
                          struct mrx_err *err);

/*
 * Opens the store named by --db, loads the data directory, runs `op` in one
 * transaction and commits; on any error rolls back, so the store is exactly
 * as it was. *out is the operation's result (printed by the caller).
 */
int records_run(const struct args *a, const struct opt_spec *specs, const struct cli_ctx *ctx,
                records_op op, void *arg, json_t **out, struct mrx_err *err);

/* records_run(), then its result printed: as JSON with --json, else by `print`. */
int records_run_print(const struct args *a, const struct opt_spec *specs, const struct cli_ctx *ctx,
                      records_op op, void *arg, void (*print)(const json_t *), struct mrx_err *err);

#endif
