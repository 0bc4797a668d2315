/*
 * password.h: password hashing with argon2id (libsodium). Hashing is slow
 * and takes memory on purpose, so at most `max_parallel` hashes run at once
 * (the others wait): a burst of logins cannot exhaust the machine. And at
 * most `max_waiting` wait (the rest are turned away with MRX_EBUSY at once):
 * in the server each waiting login holds a worker thread, and without a
 * bound a burst of them would hold every worker, so that check-ins and other
 * writes queued behind sign-ins.
 */
#ifndef MOVERX_AUTH_PASSWORD_H
#define MOVERX_AUTH_PASSWORD_H

#include "compat.h"
#include "common/err.h"

#define PASSWORD_HASH_SIZE 128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN 10
#define PASSWORD_MAX 256

struct password_cost {
    unsigned long long ops;
    size_t mem_bytes;
};

/* Initialises libsodium and the cap; MRX_EIO when libsodium cannot start.
 * max_waiting 0: no bound on the callers waiting (the command line). */
int password_init(unsigned max_parallel, unsigned max_waiting, struct password_cost cost,
                  struct mrx_err *err);
void password_shutdown(void);

/* The cost used when none is configured: OWASP's argon2id minimum (19 MiB, 2 passes). */
struct password_cost password_default_cost(void);

/* A password acceptable to store (password_policy.c): at least PASSWORD_MIN characters, at
 * most PASSWORD_MAX bytes, no control characters, not the account's e-mail (may be NULL) or
 * built from it, and not guessable by libpwquality's dictionary checks. */
int password_check(const char *pw, size_t len, const char *email, struct mrx_err *err);

/* MRX_OK; MRX_EBUSY when max_waiting callers already wait; MRX_EIO out of memory. */
int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_SIZE], struct mrx_err *err);

/* MRX_OK with *match set to whether pw matches the stored hash, or MRX_EBUSY
 * (nothing checked) when max_waiting callers already wait. With hash NULL (no
 * such account) it does the same work against a dummy hash and sets false,
 * so that the answer takes as long either way. */
int password_verify(const char *hash, const char *pw, size_t len, bool *match, struct mrx_err *err);

/* The most hashes that ran at once since password_init (never above the
 * cap), and how many callers were turned away busy. */
unsigned password_peak_parallel(void);
unsigned long long password_busy_count(void);
/* The hashes running and the callers waiting for a turn, now. */
void password_queue(unsigned *running, unsigned *waiting);

#endif
