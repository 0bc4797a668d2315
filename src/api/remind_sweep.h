/*
 * remind_sweep.h: the server sends the reminders due, every
 * remind_every_seconds (records/remind.c, notify/send.c).
 */
#ifndef MOVERX_API_REMIND_SWEEP_H
#define MOVERX_API_REMIND_SWEEP_H

struct api;
struct remind_sweep;

/* Starts it: at once, then every every_s seconds; NULL when every_s is 0 (off). */
struct remind_sweep *remind_sweep_start(struct api *api, unsigned every_s);
/* Stops it (waiting for the pass in progress); before the writer stops. NULL is fine. */
void remind_sweep_stop(struct remind_sweep *w);

#endif
