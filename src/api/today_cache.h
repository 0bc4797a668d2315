/*
 * today_cache.h: today's plan of a patient, as rendered JSON text, kept by
 * (patient, day) with the patient's program revision it was rendered from.
 *
 * Reading a plan means parsing its stored JSON and rendering the view again.
 * The revision (patient_rec.rev) is on the patient's row, which the access
 * check reads anyway, and the store's triggers change it whenever anything
 * the view is made from changes (migration 007). An entry is served only when
 * the revision read in the request's own snapshot equals the entry's, so the
 * cache never shows a view older than the store, whoever wrote to it (this
 * server, another process, the command line).
 *
 * A fixed number of slots, in sets of two (a new entry replaces the one used
 * less recently), so memory stays bounded: about slots x the size of a view
 * (2-4 KiB).
 */
#ifndef MOVERX_API_TODAY_CACHE_H
#define MOVERX_API_TODAY_CACHE_H

#include <stddef.h>

#include "http/http.h"

struct today_cache;

/* A cache of `slots` entries (rounded up to a power of two); 0 turns it off. */
struct today_cache *today_cache_new(size_t slots);
void today_cache_free(struct today_cache *tc);

/* The view, as a prepared reply (a reference the caller lets go of), when
 * the entry for (patient, day) was rendered at revision rev; NULL otherwise. */
struct http_prepared *today_cache_get(struct today_cache *tc, const char *patient_id, long day,
                                      long long rev);

/* Keeps (a copy of) text as the view of (patient, day) at revision rev. */
void today_cache_put(struct today_cache *tc, const char *patient_id, long day, long long rev,
                     const char *text, size_t len);

/* Hits and misses so far, for /metrics. */
void today_cache_counts(struct today_cache *tc, unsigned long long *hits,
                        unsigned long long *misses);

#endif
