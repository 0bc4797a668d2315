/*
 * review_sweep.h: the server's daily review of running programs (see
 * review_sweep.c, docs/records.md "The daily review").
 */
#ifndef MOVERX_API_REVIEW_SWEEP_H
#define MOVERX_API_REVIEW_SWEEP_H

struct api;
struct review_sweep;

/* Starts the review: at once, then every every_s seconds; NULL when every_s is 0 (off). */
struct review_sweep *review_sweep_start(struct api *api, unsigned every_s);
/* Stops it (waiting for the write in progress); before the writer stops. NULL is fine. */
void review_sweep_stop(struct review_sweep *w);

#endif
