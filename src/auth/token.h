/*
 * token.h: session and CSRF tokens: 32 random bytes (libsodium), sent to
 * the client as 64 hex digits and stored only as a hash (BLAKE2b), so that
 * a copy of the database signs no one in.
 */
#ifndef MOVERX_AUTH_TOKEN_H
#define MOVERX_AUTH_TOKEN_H

#include "compat.h"

#define TOKEN_BYTES 32
#define TOKEN_TEXT_SIZE (TOKEN_BYTES * 2 + 1)

/* A new random token as hex text. */
void token_new(char out[TOKEN_TEXT_SIZE]);
/* The hash stored for a token: 64 hex digits. False when the text is not a token. */
bool token_hash(const char *token, char out[TOKEN_TEXT_SIZE]);
/* A second token derived from a token and a label (the CSRF token from the
 * session token), so that it can be given again without being stored. */
void token_derive(const char *token, const char *label, char out[TOKEN_TEXT_SIZE]);
/* A digest (BLAKE2b, 64 hex digits) of the parts, each length-prefixed so
 * that ("ab","c") and ("a","bc") differ: a request's fingerprint. */
void token_digest(const char *const *parts, const size_t *lens, int n, char out[TOKEN_TEXT_SIZE]);
/* Compares two hashes in constant time. */
bool token_equal(const char *a, const char *b);

#endif
