/*
 * token.c: random tokens and their stored hashes (see token.h).
 */
#include "compat.h"

#include <sodium.h>

#include "auth/token.h"

void token_new(char out[TOKEN_TEXT_SIZE])
{
    unsigned char raw[TOKEN_BYTES];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(out, TOKEN_TEXT_SIZE, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
}

bool token_hash(const char *token, char out[TOKEN_TEXT_SIZE])
{
    unsigned char raw[TOKEN_BYTES], h[32];
    size_t n = 0;

    if (!token || strlen(token) != TOKEN_BYTES * 2 ||
        sodium_hex2bin(raw, sizeof(raw), token, TOKEN_BYTES * 2, NULL, &n, NULL) != 0 ||
        n != TOKEN_BYTES)
        return false;
    crypto_generichash(h, sizeof(h), raw, sizeof(raw), NULL, 0);
    sodium_bin2hex(out, TOKEN_TEXT_SIZE, h, sizeof(h));
    return true;
}

bool token_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

void token_derive(const char *token, const char *label, char out[TOKEN_TEXT_SIZE])
{
    unsigned char h[TOKEN_BYTES];
    crypto_generichash_state st;

    crypto_generichash_init(&st, NULL, 0, sizeof(h));
    crypto_generichash_update(&st, (const unsigned char *)label, strlen(label) + 1);
    crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
    crypto_generichash_final(&st, h, sizeof(h));
    sodium_bin2hex(out, TOKEN_TEXT_SIZE, h, sizeof(h));
}

void token_digest(const char *const *parts, const size_t *lens, int n, char out[TOKEN_TEXT_SIZE])
{
    unsigned char h[TOKEN_BYTES];
    crypto_generichash_state st;

    crypto_generichash_init(&st, NULL, 0, sizeof(h));
    for (int i = 0; i < n; i++) {
        unsigned long long len = lens[i];
        crypto_generichash_update(&st, (const unsigned char *)&len, sizeof(len));
        crypto_generichash_update(&st, (const unsigned char *)parts[i], lens[i]);
    }
    crypto_generichash_final(&st, h, sizeof(h));
    sodium_bin2hex(out, TOKEN_TEXT_SIZE, h, sizeof(h));
}
