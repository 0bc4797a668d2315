/*
 * auth_cache.h: what the accounts tables said at an accounts revision:
 * signed-in sessions (by their token's hash, with their user) and care-team
 * memberships (clinician, patient).
 *
 * Every signed-in request needs both, and reading them costs three indexed
 * look-ups. The accounts revision (store_auth_rev) changes whenever a
 * session, an account or a care team changes, whoever writes (migration 8),
 * so an entry is served only when the revision read in the request's own
 * snapshot equals the one it was read at: a disabled account, an ended
 * session or a clinician taken off a care team is refused at once, exactly
 * as without the cache.
 *
 * The one change the revision leaves out is a session's last use moving
 * forward (the server's touch). A kept session's last use can only be older
 * than the store's, so when the kept one says "expired" or "touch it", the
 * caller asks the store instead: the cache lets requests through, and never
 * turns one away on its own.
 *
 * A fixed number of slots in sets of two (a new entry replaces the one used
 * less recently), so memory stays bounded.
 */
#ifndef MOVERX_API_AUTH_CACHE_H
#define MOVERX_API_AUTH_CACHE_H

#include "compat.h"

#include "auth/token.h"
#include "store/store.h"

#define AUTH_EMAIL_SIZE 256 /* addresses are at most 254 bytes (records/care.c) */

/* A signed-in session as the request needs it. */
struct auth_cached_session {
    char token_hash[TOKEN_TEXT_SIZE];
    char csrf_hash[TOKEN_TEXT_SIZE];
    long long created_s, seen_s; /* login and last use, Unix seconds */
    struct user_rec user;        /* email points at .email; no password hash */
    char email[AUTH_EMAIL_SIZE];
};

struct auth_cache;

/* A cache of about `slots` sessions and 4 x `slots` memberships (rounded up
 * to powers of two); 0 turns it off. */
struct auth_cache *auth_cache_new(size_t slots);
void auth_cache_free(struct auth_cache *ac);

/* Whether the session of token_hash is kept as read at revision rev; if so,
 * *out is a copy of it. */
bool auth_cache_session_get(struct auth_cache *ac, const char *token_hash, long long rev,
                            struct auth_cached_session *out);
/* Keeps a session read at revision rev (unless a later read is kept). */
void auth_cache_session_put(struct auth_cache *ac, long long rev,
                            const struct auth_cached_session *s);
/* Forgets a session: its last use is about to move. */
void auth_cache_session_drop(struct auth_cache *ac, const char *token_hash);

/* Whether (org, patient, user)'s membership is kept as read at revision rev;
 * if so, *member says it. */
bool auth_cache_member_get(struct auth_cache *ac, const char *org_id, const char *patient_id,
                           const char *user_id, long long rev, bool *member);
void auth_cache_member_put(struct auth_cache *ac, const char *org_id, const char *patient_id,
                           const char *user_id, long long rev, bool member);

/* Answers from the cache (hits) and from the store (misses), for /metrics. */
void auth_cache_counts(struct auth_cache *ac, unsigned long long *hits, unsigned long long *misses);

#endif
