/*
 * password.h: password hashing with argon2id (libsodium). Hashing is slow
 * and takes memory on purpose, so at most `max_parallel` hashes run at once
 * (the others wait): a burst of logins cannot exhaust the machine.
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

/* Initialises libsodium and the cap; MRX_EIO when libsodium cannot start. */
int password_init(unsigned max_parallel, struct password_cost cost, struct mrx_err *err);
void password_shutdown(void);

/* The cost used when none is configured: OWASP's argon2id minimum (19 MiB, 2 passes). */
struct password_cost password_default_cost(void);

/* A password acceptable to store: PASSWORD_MIN..PASSWORD_MAX bytes, no control characters. */
int password_check(const char *pw, size_t len, struct mrx_err *err);

int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_SIZE], struct mrx_err *err);

/* Whether pw matches the stored hash. With hash NULL (no such account) it
 * does the same work against a dummy hash and answers false, so that the
 * answer takes as long either way. */
bool password_verify(const char *hash, const char *pw, size_t len);

/* The most hashes that ran at once since password_init (never above the cap). */
unsigned password_peak_parallel(void);

#endif
