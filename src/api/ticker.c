/*
 * ticker.c: a job at once, then every every_s seconds (see ticker.h).
 */
#include "compat.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "api/ticker.h"
#include "common/xalloc.h"

struct ticker {
    unsigned every_s;
    void (*job)(struct ticker *, void *);
    void *arg;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
};

bool ticker_stopping(struct ticker *t)
{
    bool stop;
    pthread_mutex_lock(&t->mu);
    stop = t->stop;
    pthread_mutex_unlock(&t->mu);
    return stop;
}

static void *ticker_main(void *arg)
{
    struct ticker *t = arg;

    for (;;) {
        struct timespec until;
        t->job(t, t->arg);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += (time_t)t->every_s;
        pthread_mutex_lock(&t->mu);
        while (!t->stop && pthread_cond_timedwait(&t->cv, &t->mu, &until) == 0)
            ;
        if (t->stop) {
            pthread_mutex_unlock(&t->mu);
            return NULL;
        }
        pthread_mutex_unlock(&t->mu);
    }
}

struct ticker *ticker_start(const char *name, unsigned every_s,
                            void (*job)(struct ticker *, void *), void *arg)
{
    struct ticker *t;

    if (!every_s)
        return NULL;
    t = xcalloc(1, sizeof(*t));
    t->every_s = every_s;
    t->job = job;
    t->arg = arg;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    if (pthread_create(&t->thread, NULL, ticker_main, t) != 0) {
        fprintf(stderr, "moverx serve: %s could not start\n", name);
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
        free(t);
        return NULL;
    }
    return t;
}

void ticker_stop(struct ticker *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->mu);
    t->stop = true;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t);
}
