/*
 * writer.c: the single writer with group commit (see writer.h).
 */
#include "compat.h"

#include <pthread.h>
#include <time.h>

#include "common/xalloc.h"
#include "api/writer.h"

struct job {
    write_fn fn;
    void *arg;
    void (*release)(void *arg); /* set: posted, nobody waits */
    int rc;
    struct mrx_err err;
    bool done;
    struct job *next;
};

struct writer {
    struct store *store;
    unsigned max_batch;
    batch_fn on_batch;
    void *ctx;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t work, done, room;
    struct job *head, *tail;
    unsigned queued;  /* jobs in the queue */
    unsigned waiting; /* of which someone waits for (writer_run) */
    bool stopping;
};

/*
 * Posted jobs (the audit events of reads) wait up to this long for company
 * before the writer wakes for them, unless a waited-for job or a full batch
 * comes first: one wake-up and one commit for many reads, instead of one
 * each. They are already not waited for (writer.h); this bounds how late.
 */
#define POSTED_DELAY_NS (10 * 1000 * 1000L)

/*
 * At most this many posted jobs wait: past it, posting blocks until the
 * writer takes a batch. Reads can come faster than one thread writes their
 * audit rows; without a bound the queue (and memory) would grow without end
 * and a durable write would wait behind all of it.
 */
#define POSTED_MAX 4096u

/* Posted jobs that wake the writer before the delay is up; one commit then
 * takes them all (audit rows touch index pages all over: the fewer commits,
 * the fewer pages written again). */
#define POSTED_WAKE 1024u

static void enqueue(struct writer *w, struct job *j)
{
    bool was_empty;

    pthread_mutex_lock(&w->lock);
    while (j->release && w->queued - w->waiting >= POSTED_MAX && !w->stopping)
        pthread_cond_wait(&w->room, &w->lock);
    was_empty = !w->head;
    j->next = NULL;
    if (w->tail)
        w->tail->next = j;
    else
        w->head = j;
    w->tail = j;
    w->queued++;
    if (!j->release)
        w->waiting++;
    /* Wake the writer for a job someone waits for, a full batch, or the first
     * posted job (from which the writer counts the delay). */
    if (!j->release || was_empty || w->queued - w->waiting == POSTED_WAKE)
        pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
}

/* Runs one batch: every job in its savepoint, one commit. */
static void run_batch(struct writer *w, struct job *batch, unsigned n)
{
    struct mrx_err err;
    int rc = store_begin(w->store, &err);

    for (struct job *j = batch; j; j = j->next) {
        if (rc) {
            j->rc = rc;
            j->err = err;
            continue;
        }
        mrx_err_clear(&j->err);
        if (j->release) { /* one statement: atomic without a savepoint */
            j->rc = j->fn(w->store, j->arg, &j->err);
            continue;
        }
        if ((j->rc = store_savepoint(w->store, &j->err)) == MRX_OK) {
            j->rc = j->fn(w->store, j->arg, &j->err);
            if (j->rc)
                store_rollback_to(w->store);
            else if ((j->rc = store_release(w->store, &j->err)))
                store_rollback_to(w->store);
        }
    }
    if (!rc && (rc = store_commit(w->store, &err)) != MRX_OK) {
        store_rollback(w->store);
        for (struct job *j = batch; j; j = j->next)
            if (!j->rc) {
                j->rc = rc;
                j->err = err;
            }
    }
    if (w->on_batch)
        w->on_batch(w->ctx, n);
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;

    for (;;) {
        struct job *batch, *j, *next;
        unsigned n = 0;

        pthread_mutex_lock(&w->lock);
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->work, &w->lock);
        if (!w->head && w->stopping) {
            pthread_mutex_unlock(&w->lock);
            return NULL;
        }
        if (!w->waiting && !w->stopping && w->queued < POSTED_WAKE) {
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until); /* the condition's clock */
            until.tv_nsec += POSTED_DELAY_NS;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            while (!w->waiting && !w->stopping && w->queued < POSTED_WAKE &&
                   pthread_cond_timedwait(&w->work, &w->lock, &until) == 0)
                ;
        }
        /* Take up to max_batch waited-for jobs and every posted one; the rest
         * wait for the next round. */
        struct job *last = batch = w->head;
        unsigned waited = !last->release;
        for (n = 1; last->next && (last->next->release || waited < w->max_batch); n++) {
            last = last->next;
            waited += !last->release;
        }
        w->head = last->next;
        if (!w->head)
            w->tail = NULL;
        last->next = NULL;
        w->queued -= n;
        for (j = batch; j; j = j->next)
            w->waiting -= !j->release;
        pthread_cond_broadcast(&w->room);
        pthread_mutex_unlock(&w->lock);

        run_batch(w, batch, n);

        pthread_mutex_lock(&w->lock);
        for (j = batch; j; j = next) {
            next = j->next;
            if (j->release) {
                if (j->rc)
                    fprintf(stderr, "moverx: a background write failed: %s\n", j->err.msg);
                j->release(j->arg);
                free(j);
            } else {
                j->done = true;
            }
        }
        pthread_cond_broadcast(&w->done);
        pthread_mutex_unlock(&w->lock);
    }
}

int writer_start(struct store *store, unsigned max_batch, batch_fn on_batch, void *ctx,
                 struct writer **out, struct mrx_err *err)
{
    struct writer *w = xcalloc(1, sizeof(*w));

    w->store = store;
    w->max_batch = max_batch ? max_batch : 1;
    w->on_batch = on_batch;
    w->ctx = ctx;
    pthread_condattr_t monotonic;

    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC); /* deaf to clock changes */
    pthread_cond_init(&w->work, &monotonic);
    pthread_condattr_destroy(&monotonic);
    pthread_cond_init(&w->done, NULL);
    pthread_cond_init(&w->room, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        free(w);
        return mrx_err_set(err, MRX_EIO, "writer", "cannot start the writer thread");
    }
    *out = w;
    return MRX_OK;
}

void writer_stop(struct writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->work);
    pthread_cond_broadcast(&w->room);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->work);
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->room);
    store_close(w->store);
    free(w);
}

int writer_run(struct writer *w, write_fn fn, void *arg, struct mrx_err *err)
{
    struct job j = {.fn = fn, .arg = arg};

    enqueue(w, &j);
    pthread_mutex_lock(&w->lock);
    while (!j.done)
        pthread_cond_wait(&w->done, &w->lock);
    pthread_mutex_unlock(&w->lock);
    if (j.rc && err)
        *err = j.err;
    return j.rc;
}

void writer_post(struct writer *w, write_fn fn, void *arg, void (*release)(void *arg))
{
    struct job *j = xcalloc(1, sizeof(*j));

    j->fn = fn;
    j->arg = arg;
    j->release = release;
    enqueue(w, j);
}

/* ==================== Audit events of reads ==================== */

/* An audit event with its strings in one allocation: every read posts one. */
struct audit_copy {
    struct audit_rec a;
    char text[]; /* the strings, one after another */
};

static int write_audit(struct store *s, void *arg, struct mrx_err *err)
{
    struct audit_copy *c = arg;
    return store_audit_add(s, &c->a, err);
}

void writer_audit(struct writer *w, const struct audit_rec *a)
{
    const char *const in[] = {a->org_id, a->at,         a->actor,  a->origin,
                              a->action, a->patient_id, a->outcome};
    enum { N = sizeof(in) / sizeof(in[0]) };
    size_t len[N], total = 0;
    struct audit_copy *c;
    const char *out[N];
    char *p;

    for (int i = 0; i < N; i++)
        total += (len[i] = in[i] ? strlen(in[i]) + 1 : 0);
    c = xmalloc(sizeof(*c) + total);
    p = c->text;
    for (int i = 0; i < N; i++) {
        out[i] = in[i] ? memcpy(p, in[i], len[i]) : NULL;
        p += len[i];
    }
    c->a = (struct audit_rec){.org_id = out[0],
                              .at = out[1],
                              .actor = out[2],
                              .origin = out[3],
                              .action = out[4],
                              .patient_id = out[5],
                              .outcome = out[6]};
    writer_post(w, write_audit, c, free);
}
