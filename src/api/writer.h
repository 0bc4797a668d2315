/*
 * writer.h: the one writer of the server's store (DESIGN.md "Serving").
 *
 * Request threads hand their writes to a single writer thread. It takes
 * every write waiting, runs them in one transaction (each inside its own
 * savepoint, so one refused write fails alone) and commits once: group
 * commit. writer_run() returns only when its write is durable or has
 * failed, so a request is answered only once what it wrote is on disk.
 *
 * Some writes need no answer (the audit events of reads, a session's last
 * use): writer_post() queues them for the next batch and returns at once.
 */
#ifndef MOVERX_API_WRITER_H
#define MOVERX_API_WRITER_H

#include "compat.h"
#include "common/err.h"
#include "store/store.h"

struct writer;

/* A write: runs inside the writer's transaction on the writer's store. */
typedef int (*write_fn)(struct store *s, void *arg, struct mrx_err *err);

/* Called with the size of each committed batch (for the metrics). */
typedef void (*batch_fn)(void *ctx, unsigned size);

/* Takes over `store` (closed by writer_stop). max_batch bounds one transaction. */
int writer_start(struct store *store, unsigned max_batch, batch_fn on_batch, void *ctx,
                 struct writer **out, struct mrx_err *err);
/* Writes what is still queued, stops the thread and closes the store. */
void writer_stop(struct writer *w);

/* Runs fn(store, arg) in the next batch and waits until it is durable. */
int writer_run(struct writer *w, write_fn fn, void *arg, struct mrx_err *err);

/* Queues fn(store, arg) for the next batch without waiting; the writer calls
 * release(arg) afterwards. A failure is only logged. fn must be a single
 * statement (atomic alone): it runs without a savepoint of its own. Blocks
 * while the writer is far behind (a bounded queue). */
void writer_post(struct writer *w, write_fn fn, void *arg, void (*release)(void *arg));

/* Queues an audit event (copied) without waiting. */
void writer_audit(struct writer *w, const struct audit_rec *a);

#endif
