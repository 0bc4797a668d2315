/*
 * idempotency.c: writes a client may send twice. A phone that lost its
 * connection cannot know whether its session was stored; its offline queue
 * sends it again with the same Idempotency-Key header. The first answer is
 * kept under the key, in the same transaction as the write, so that a
 * repeat gets that answer again and writes nothing (see api_internal.h).
 */
#include "compat.h"

#include "api/api_internal.h"
#include "common/date.h"

#define KEY_MAX 128

bool idem_key(struct call *c, const char **key)
{
    const char *k = http_header(c->req, "Idempotency-Key");
    size_t n = k ? strlen(k) : 0;

    *key = NULL;
    if (!k)
        return true;
    if (n == 0 || n > KEY_MAX) {
        reply_error(c, 400, "invalid", "Idempotency-Key", "must be 1 to %d characters", KEY_MAX);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (k[i] < 0x21 || k[i] > 0x7e) {
            reply_error(c, 400, "invalid", "Idempotency-Key",
                        "must be printable ASCII without spaces (a UUID, say)");
            return false;
        }
    *key = k;
    return true;
}

/* What the key answers for: the method, the path and the body. */
static void fingerprint(const struct call *c, char out[TOKEN_TEXT_SIZE])
{
    const char *method = http_method_name(c->req->method);
    const char *parts[3] = {method, c->req->path, c->req->body};
    size_t lens[3] = {strlen(method), strlen(c->req->path), c->req->body_len};

    token_digest(parts, lens, 3, out);
}

/* Keys older than this have expired (the server's idempotency_days). */
static void expired_before(const struct call *c, char out[STORE_TS_SIZE])
{
    date_timestamp(c->now_s - (long long)c->api->cfg.idempotency_s, out, STORE_TS_SIZE);
}

bool idem_replay(struct call *c, const char *key)
{
    char cutoff[STORE_TS_SIZE];
    struct idempotency_rec rec;
    struct mrx_err err;
    char fp[TOKEN_TEXT_SIZE];
    int rc;

    if (!key)
        return false;
    expired_before(c, cutoff);
    rc = store_idempotency_get(c->rs, c->who.user.id, key, cutoff, &rec, &err);
    if (rc == MRX_ENOTFOUND)
        return false;
    if (rc) {
        reply_mrx(c, rc, &err);
        return true;
    }
    fingerprint(c, fp);
    if (!token_equal(fp, rec.fingerprint)) {
        reply_error(c, 422, "key_reused", "Idempotency-Key",
                    "this key was used for a different request; use a new key for a new one");
        return true;
    }
    reply_json_text(c, rec.status, xstrdup(rec.body), strlen(rec.body));
    http_reply_header(c->rep, "Idempotent-Replayed", "true");
    return true;
}

int idem_record(struct store *s, struct call *c, const char *key, int status, const json_t *out,
                struct mrx_err *err)
{
    struct idempotency_rec rec = {.key = key, .status = status};
    char *body, cutoff[STORE_TS_SIZE];
    int rc;

    if (!key)
        return MRX_OK;
    body = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(15));
    if (!body)
        abort(); /* only out of memory */
    snprintf(rec.org_id, sizeof(rec.org_id), "%s", c->who.user.org_id);
    snprintf(rec.user_id, sizeof(rec.user_id), "%s", c->who.user.id);
    snprintf(rec.created_at, sizeof(rec.created_at), "%s", c->now);
    fingerprint(c, rec.fingerprint);
    rec.body = body;
    expired_before(c, cutoff);
    rc = store_idempotency_add(s, &rec, cutoff, err);
    free(body);
    /* Two requests with one key at once: the second's write is undone with
     * its savepoint; a retry gets the first's answer. */
    if (rc == MRX_EINVAL)
        return mrx_err_set(err, MRX_EINVAL, "Idempotency-Key",
                           "a request with this key is already being answered; retry shortly");
    return rc;
}
