/*
 * webpush.c: Web Push (see webpush.h). The message is one aes128gcm record:
 *   salt(16) | rs(4) | idlen(1)=65 | as_public(65) | ciphertext | tag(16)
 * with the keys of RFC 8291 section 3.4:
 *   IKM   = HKDF(salt=auth, ikm=ECDH(as, ua), info="WebPush: info\0"|ua_public|as_public, 32)
 *   CEK   = HKDF(salt, IKM, "Content-Encoding: aes128gcm\0", 16)
 *   NONCE = HKDF(salt, IKM, "Content-Encoding: nonce\0", 12)
 * and a padding delimiter 0x02 after the payload (the last record).
 */
#include "compat.h"

#include <curl/curl.h>
#include <jwt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sodium.h>
#include <stdlib.h>

#include "common/xalloc.h"
#include "notify/webpush.h"

#define POINT 65 /* an uncompressed P-256 point */
#define SALT 16
#define RECORD 4096
#define TAG 16

static bool b64url_decode(const char *text, unsigned char *out, size_t size, size_t *len)
{
    return text && sodium_base642bin(out, size, text, strlen(text), NULL, len, NULL,
                                     sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
}

static void b64url_encode(const unsigned char *bin, size_t len, char *out, size_t size)
{
    sodium_bin2base64(out, size, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int fail(struct mrx_err *err, const char *what)
{
    return mrx_err_set(err, MRX_EINTERNAL, "push", "%s failed", what);
}

/* ==================== Keys ==================== */

static int public_point(EVP_PKEY *key, unsigned char out[POINT])
{
    unsigned char *pt = NULL;
    size_t n = EVP_PKEY_get1_encoded_public_key(key, &pt);
    int ok = n == POINT;

    if (ok)
        memcpy(out, pt, POINT);
    OPENSSL_free(pt);
    return ok;
}

int vapid_new(char **pem, char public_b64[VAPID_PUBLIC_SIZE], struct mrx_err *err)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    unsigned char pt[POINT];
    BIO *bio = BIO_new(BIO_s_mem());
    char *data;
    long n;
    int rc = MRX_OK;

    *pem = NULL;
    if (!key || !bio || !PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) ||
        !public_point(key, pt)) {
        rc = fail(err, "making the VAPID key");
        goto out;
    }
    n = BIO_get_mem_data(bio, &data);
    *pem = xstrndup(data, (size_t)n);
    b64url_encode(pt, POINT, public_b64, VAPID_PUBLIC_SIZE);
out:
    BIO_free(bio);
    EVP_PKEY_free(key);
    return rc;
}

static EVP_PKEY *private_key(const char *pem)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    return key;
}

int vapid_public(const char *pem, char public_b64[VAPID_PUBLIC_SIZE], struct mrx_err *err)
{
    EVP_PKEY *key = private_key(pem);
    unsigned char pt[POINT];
    int ok = key && public_point(key, pt);

    EVP_PKEY_free(key);
    if (!ok)
        return fail(err, "reading the VAPID key");
    b64url_encode(pt, POINT, public_b64, VAPID_PUBLIC_SIZE);
    return MRX_OK;
}

/* A P-256 public key from its uncompressed point. */
static EVP_PKEY *peer_key(const unsigned char pt[POINT])
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    EVP_PKEY *key = NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"P-256", 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pt, POINT),
        OSSL_PARAM_construct_end()};

    if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        key = NULL;
    EVP_PKEY_CTX_free(ctx);
    return key;
}

int webpush_check_keys(const char *p256dh, const char *auth, struct mrx_err *err)
{
    unsigned char pt[POINT + 8], secret[32];
    size_t n;
    EVP_PKEY *key;

    if (!b64url_decode(p256dh, pt, sizeof(pt), &n) || n != POINT || pt[0] != 0x04 ||
        !(key = peer_key(pt)))
        return mrx_err_set(err, MRX_EINVAL, "keys.p256dh",
                           "must be a P-256 public key (base64url)");
    EVP_PKEY_free(key);
    if (!b64url_decode(auth, secret, sizeof(secret), &n) || n != 16)
        return mrx_err_set(err, MRX_EINVAL, "keys.auth", "must be 16 bytes (base64url)");
    return MRX_OK;
}

/* ==================== The message ==================== */

static bool hkdf(const unsigned char *salt, size_t salt_len, const unsigned char *ikm,
                 size_t ikm_len, const unsigned char *info, size_t info_len, unsigned char *out,
                 size_t out_len)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)ikm, ikm_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, info_len),
        OSSL_PARAM_construct_end()};
    bool ok = ctx && EVP_KDF_derive(ctx, out, out_len, params) > 0;

    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return ok;
}

static bool ecdh(EVP_PKEY *mine, EVP_PKEY *theirs, unsigned char out[32])
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(mine, NULL);
    size_t n = 32;
    bool ok = ctx && EVP_PKEY_derive_init(ctx) > 0 && EVP_PKEY_derive_set_peer(ctx, theirs) > 0 &&
              EVP_PKEY_derive(ctx, out, &n) > 0 && n == 32;
    EVP_PKEY_CTX_free(ctx);
    return ok;
}

static bool aes128gcm(const unsigned char key[16], const unsigned char nonce[12],
                      const unsigned char *plain, size_t len, unsigned char *out)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0, m = 0;
    bool ok = ctx && EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, key, nonce) > 0 &&
              EVP_EncryptUpdate(ctx, out, &n, plain, (int)len) > 0 &&
              EVP_EncryptFinal_ex(ctx, out + n, &m) > 0 &&
              EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG, out + n + m) > 0;
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

int webpush_encrypt(const char *p256dh, const char *auth, const char *payload, unsigned char **body,
                    size_t *len, struct mrx_err *err)
{
    static const char key_label[] = "WebPush: info";
    static const char cek_label[] = "Content-Encoding: aes128gcm";
    static const char nonce_label[] = "Content-Encoding: nonce";
    unsigned char ua[POINT + 8], secret[32], shared[32], ikm[32], cek[16], nonce[12];
    unsigned char as[POINT], salt[SALT], info[sizeof(key_label) + 2 * POINT];
    size_t n, plen = strlen(payload);
    EVP_PKEY *peer = NULL, *eph = NULL;
    unsigned char *plain = NULL, *out = NULL;
    int rc;

    *body = NULL;
    if ((rc = webpush_check_keys(p256dh, auth, err)))
        return rc;
    if (plen + 1 + TAG > RECORD - 86)
        return mrx_err_set(err, MRX_EINVAL, "payload", "is too long for one push message");
    b64url_decode(p256dh, ua, sizeof(ua), &n);
    b64url_decode(auth, secret, sizeof(secret), &n);
    rc = MRX_EINTERNAL;
    if (!(peer = peer_key(ua)) || !(eph = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) ||
        !public_point(eph, as) || !ecdh(eph, peer, shared) || RAND_bytes(salt, SALT) != 1)
        goto out;
    memcpy(info, key_label, sizeof(key_label)); /* the label with its NUL */
    memcpy(info + sizeof(key_label), ua, POINT);
    memcpy(info + sizeof(key_label) + POINT, as, POINT);
    if (!hkdf(secret, 16, shared, 32, info, sizeof(info), ikm, 32) ||
        !hkdf(salt, SALT, ikm, 32, (const unsigned char *)cek_label, sizeof(cek_label), cek, 16) ||
        !hkdf(salt, SALT, ikm, 32, (const unsigned char *)nonce_label, sizeof(nonce_label), nonce,
              12))
        goto out;
    plain = xmalloc(plen + 1);
    memcpy(plain, payload, plen);
    plain[plen] = 0x02; /* the last record: padding delimiter, no padding */
    *len = SALT + 4 + 1 + POINT + plen + 1 + TAG;
    out = xmalloc(*len);
    memcpy(out, salt, SALT);
    out[16] = (RECORD >> 24) & 0xff;
    out[17] = (RECORD >> 16) & 0xff;
    out[18] = (RECORD >> 8) & 0xff;
    out[19] = RECORD & 0xff;
    out[20] = POINT;
    memcpy(out + 21, as, POINT);
    if (!aes128gcm(cek, nonce, plain, plen + 1, out + 21 + POINT))
        goto out;
    *body = out;
    out = NULL;
    rc = MRX_OK;
out:
    if (rc)
        mrx_err_set(err, MRX_EINTERNAL, "push", "the message could not be encrypted");
    OPENSSL_cleanse(shared, sizeof(shared));
    OPENSSL_cleanse(ikm, sizeof(ikm));
    OPENSSL_cleanse(cek, sizeof(cek));
    free(plain);
    free(out);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(eph);
    return rc;
}

/* ==================== Sending ==================== */

/* The push service's origin, which the VAPID token names as its audience. */
static bool origin_of(const char *endpoint, char *out, size_t size)
{
    const char *p = strstr(endpoint, "://");
    size_t n;

    if (!p)
        return false;
    p += 3;
    n = strcspn(p, "/?#");
    if (n == 0 || (size_t)(p - endpoint) + n >= size)
        return false;
    snprintf(out, size, "%.*s", (int)((size_t)(p - endpoint) + n), endpoint);
    return true;
}

static char *vapid_token(const struct push_send *p, const char *aud)
{
    jwt_t *jwt = NULL;
    char *token = NULL;

    if (jwt_new(&jwt) == 0 && jwt_add_grant(jwt, "aud", aud) == 0 &&
        jwt_add_grant_int(jwt, "exp", (long)(p->now_s + 12 * 3600)) == 0 &&
        jwt_add_grant(jwt, "sub", p->subject) == 0 &&
        jwt_set_alg(jwt, JWT_ALG_ES256, (const unsigned char *)p->vapid_pem,
                    (int)strlen(p->vapid_pem)) == 0)
        token = jwt_encode_str(jwt);
    jwt_free(jwt);
    return token;
}

static size_t discard(char *ptr, size_t size, size_t n, void *arg)
{
    (void)ptr;
    (void)arg;
    return size * n;
}

int webpush_send(const struct push_send *p, long *status, struct mrx_err *err)
{
    char aud[512], pub[VAPID_PUBLIC_SIZE], header[1024], ttl[32];
    unsigned char *body = NULL;
    struct curl_slist *headers = NULL;
    char *token = NULL;
    CURL *curl = NULL;
    size_t len;
    int rc;

    *status = 0;
    if (!origin_of(p->endpoint, aud, sizeof(aud)))
        return mrx_err_set(err, MRX_EINVAL, "endpoint", "is not a URL");
    if ((rc = vapid_public(p->vapid_pem, pub, err)) ||
        (rc = webpush_encrypt(p->p256dh, p->auth, p->payload, &body, &len, err)))
        return rc;
    if (!(token = vapid_token(p, aud))) {
        rc = fail(err, "signing the VAPID token");
        goto out;
    }
    snprintf(header, sizeof(header), "Authorization: vapid t=%s, k=%s", token, pub);
    snprintf(ttl, sizeof(ttl), "TTL: %d", p->ttl_s);
    headers = curl_slist_append(headers, header);
    headers = curl_slist_append(headers, ttl);
    headers = curl_slist_append(headers, "Content-Encoding: aes128gcm");
    headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
    headers = curl_slist_append(headers, "Urgency: normal");
    if (!(curl = curl_easy_init())) {
        rc = fail(err, "starting libcurl");
        goto out;
    }
    curl_easy_setopt(curl, CURLOPT_URL, p->endpoint);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, (const char *)body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)len);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 15L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
    rc = MRX_OK;
out:
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    free(token); /* libjwt 1.10: the caller frees it */
    free(body);
    return rc;
}
