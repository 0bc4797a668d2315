/*
 * password.c: argon2id hashing behind a concurrency cap (see password.h).
 */
#include "compat.h"

#include <pthread.h>
#include <sodium.h>

#include "auth/password.h"

static struct {
    pthread_mutex_t lock;
    pthread_cond_t free;
    unsigned running, max, peak;
    unsigned waiting, max_waiting; /* max_waiting 0: no bound */
    unsigned long long busy;
    struct password_cost cost;
    char dummy[crypto_pwhash_STRBYTES]; /* verified against when there is no account */
    bool ready;
} cap = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 1, 0, 0, 0, 0, {0, 0}, {0}, false};

_Static_assert(PASSWORD_HASH_SIZE == crypto_pwhash_STRBYTES, "hash size");

struct password_cost password_default_cost(void)
{
    return (struct password_cost){2, 19u * 1024 * 1024};
}

/* A slot to hash in, after waiting for one; false (at once) when
 * max_waiting callers already wait. */
static bool take(void)
{
    pthread_mutex_lock(&cap.lock);
    if (cap.running >= cap.max && cap.max_waiting && cap.waiting >= cap.max_waiting) {
        cap.busy++;
        pthread_mutex_unlock(&cap.lock);
        return false;
    }
    cap.waiting++;
    while (cap.running >= cap.max)
        pthread_cond_wait(&cap.free, &cap.lock);
    cap.waiting--;
    if (++cap.running > cap.peak)
        cap.peak = cap.running;
    pthread_mutex_unlock(&cap.lock);
    return true;
}

static int busy(struct mrx_err *err)
{
    /* No field: nothing is wrong with what was sent. */
    return mrx_err_set(err, MRX_EBUSY, NULL, "too many sign-ins at once; try again shortly");
}

static void give(void)
{
    pthread_mutex_lock(&cap.lock);
    cap.running--;
    pthread_cond_signal(&cap.free);
    pthread_mutex_unlock(&cap.lock);
}

int password_init(unsigned max_parallel, unsigned max_waiting, struct password_cost cost,
                  struct mrx_err *err)
{
    unsigned char junk[32];

    if (sodium_init() < 0)
        return mrx_err_set(err, MRX_EIO, "libsodium", "cannot initialise");
    if (cost.ops < crypto_pwhash_OPSLIMIT_MIN || cost.mem_bytes < crypto_pwhash_MEMLIMIT_MIN)
        return mrx_err_set(err, MRX_EINVAL, "password cost", "below argon2id's minimum");
    pthread_mutex_lock(&cap.lock);
    cap.max = max_parallel ? max_parallel : 1;
    cap.max_waiting = max_waiting;
    cap.peak = 0;
    cap.busy = 0;
    pthread_mutex_unlock(&cap.lock);
    cap.cost = cost;
    randombytes_buf(junk, sizeof(junk));
    if (crypto_pwhash_str_alg(cap.dummy, (const char *)junk, sizeof(junk), cost.ops, cost.mem_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return mrx_err_set(err, MRX_EIO, "password", "out of memory hashing");
    cap.ready = true;
    return MRX_OK;
}

void password_shutdown(void)
{
    cap.ready = false;
}

int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_SIZE], struct mrx_err *err)
{
    int rc;

    if (!take())
        return busy(err);
    rc = crypto_pwhash_str_alg(out, pw, len, cap.cost.ops, cap.cost.mem_bytes,
                               crypto_pwhash_ALG_ARGON2ID13);
    give();
    return rc == 0 ? MRX_OK : mrx_err_set(err, MRX_EIO, "password", "out of memory hashing");
}

int password_verify(const char *hash, const char *pw, size_t len, bool *match, struct mrx_err *err)
{
    bool ok;

    *match = false;
    if (!take())
        return busy(err);
    if (hash && strlen(hash) < crypto_pwhash_STRBYTES)
        ok = crypto_pwhash_str_verify(hash, pw, len) == 0;
    else {
        /* Same work as a real check; the answer is no whatever it says. */
        volatile int same_work = crypto_pwhash_str_verify(cap.dummy, pw, len);
        (void)same_work;
        ok = false;
    }
    give();
    *match = ok;
    return MRX_OK;
}

unsigned password_peak_parallel(void)
{
    unsigned peak;

    pthread_mutex_lock(&cap.lock);
    peak = cap.peak;
    pthread_mutex_unlock(&cap.lock);
    return peak;
}

void password_queue(unsigned *running, unsigned *waiting)
{
    pthread_mutex_lock(&cap.lock);
    *running = cap.running;
    *waiting = cap.waiting;
    pthread_mutex_unlock(&cap.lock);
}

unsigned long long password_busy_count(void)
{
    unsigned long long n;

    pthread_mutex_lock(&cap.lock);
    n = cap.busy;
    pthread_mutex_unlock(&cap.lock);
    return n;
}
