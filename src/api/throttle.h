/*
 * throttle.h: login throttling. Failed logins are counted over a window
 * for each account from each address, and for each address; past either
 * limit, attempts from there are refused (429) without checking the
 * password until the window has passed. An account failing from anywhere
 * is not locked (that would let anyone lock its owner out, the right
 * password included: issue 25, F6); past its limit, each attempt on it
 * waits a back-off that doubles with each failure, up to a minute. A
 * success clears the account's counts.
 *
 * The counts live in the process: behind a load balancer, each server
 * throttles on its own. The table is fixed; when the slots a key may take
 * are all in use, the entry with the fewest failures gives way, never one
 * that blocks while others do not. Slots are placed by a keyed hash, so
 * that failures under made-up names cannot be aimed at an account's count.
 */
#ifndef MOVERX_API_THROTTLE_H
#define MOVERX_API_THROTTLE_H

#include "compat.h"

#include <time.h>

struct throttle;

struct throttle *throttle_new(unsigned per_account, unsigned per_address, unsigned window_s);
void throttle_free(struct throttle *t);

/* Seconds to wait before trying again, or 0 when an attempt may go ahead. */
unsigned throttle_check(struct throttle *t, const char *account, const char *address, time_t now);
void throttle_failed(struct throttle *t, const char *account, const char *address, time_t now);
void throttle_succeeded(struct throttle *t, const char *account, const char *address);

#endif
