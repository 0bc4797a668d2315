/*
 * webpush.h: Web Push from the server's own key pair: the message encrypted
 * for the browser (RFC 8291, aes128gcm content coding of RFC 8188) and the
 * server identified to the push service (VAPID, RFC 8292), sent with libcurl.
 * OpenSSL does the elliptic curves, HKDF and AES-GCM; libjwt signs the VAPID
 * token; libsodium does base64url.
 */
#ifndef MOVERX_WEBPUSH_H
#define MOVERX_WEBPUSH_H

#include "compat.h"
#include "common/err.h"

#define VAPID_PUBLIC_SIZE 96 /* 65 bytes as unpadded base64url, and a terminator */

/* A new P-256 key pair: the private key as PEM (the caller frees it) and the
 * public key as the browser's applicationServerKey (base64url, unpadded). */
int vapid_new(char **pem, char public_b64[VAPID_PUBLIC_SIZE], struct mrx_err *err);
/* The public key of a private key PEM. */
int vapid_public(const char *pem, char public_b64[VAPID_PUBLIC_SIZE], struct mrx_err *err);

/* Whether a subscription's keys are what the Push API gives: p256dh a P-256
 * point (65 bytes), auth 16 bytes, both base64url. MRX_EINVAL naming the key. */
int webpush_check_keys(const char *p256dh, const char *auth, struct mrx_err *err);

/* The body for one subscription: salt, record size, the server's one-time
 * public key, then the payload encrypted (RFC 8291 section 4). Caller frees. */
int webpush_encrypt(const char *p256dh, const char *auth, const char *payload, unsigned char **body,
                    size_t *len, struct mrx_err *err);

struct push_send {
    const char *endpoint, *p256dh, *auth;
    const char *payload;   /* JSON for the service worker */
    const char *vapid_pem; /* the server's private key */
    const char *subject;   /* VAPID sub: mailto: or https: of whoever runs the server */
    int ttl_s;             /* how long the push service may hold it */
    long long now_s;
};

/* Sends one message; *status is the push service's HTTP answer (201 taken;
 * 404 and 410: the subscription is gone), 0 when it could not be reached. */
int webpush_send(const struct push_send *p, long *status, struct mrx_err *err);

#endif
