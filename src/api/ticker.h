/*
 * ticker.h: a background thread that runs a job at once and then every so
 * many seconds until stopped (the daily review, the reminders).
 */
#ifndef MOVERX_API_TICKER_H
#define MOVERX_API_TICKER_H

#include "compat.h"

struct ticker;

/* Starts it; NULL when every_s is 0 (off) or the thread cannot start (said on stderr). */
struct ticker *ticker_start(const char *name, unsigned every_s,
                            void (*job)(struct ticker *, void *), void *arg);
/* Whether stop has been asked: a long job checks between its steps. */
bool ticker_stopping(struct ticker *t);
/* Stops it, waiting for the job in progress. NULL is fine. */
void ticker_stop(struct ticker *t);

#endif
