/*
 * throttle.c: failed-login counts per key over a window (see throttle.h).
 */
#include "compat.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>

#include "api/throttle.h"
#include "common/xalloc.h"

#define SLOTS 4096
#define PROBES 16
#define KEY_MAX 320
#define BACKOFF_MAX_S                                                                              \
    60 /* an account's wait after its limit, at most: slows a guesser, locks no one */

struct slot {
    char key[KEY_MAX]; /* "a:" account, "ip:" address or "p:" account from address; "" free */
    unsigned failures;
    time_t first; /* the window's start */
    time_t last;  /* the latest failure */
};

struct throttle {
    pthread_mutex_t lock;
    unsigned per_account, per_address, window;
    unsigned char hash_key[crypto_shorthash_KEYBYTES];
    struct slot slots[SLOTS];
};

struct throttle *throttle_new(unsigned per_account, unsigned per_address, unsigned window_s)
{
    struct throttle *t = xcalloc(1, sizeof(*t));

    pthread_mutex_init(&t->lock, NULL);
    t->per_account = per_account;
    t->per_address = per_address;
    t->window = window_s;
    randombytes_buf(t->hash_key, sizeof(t->hash_key));
    return t;
}

void throttle_free(struct throttle *t)
{
    if (t) {
        pthread_mutex_destroy(&t->lock);
        free(t);
    }
}

/* Keyed (SipHash, a random key per process): nobody can pick e-mails that
 * land next to an account they want to reset. */
static size_t slot_of(const struct throttle *t, const char *key)
{
    unsigned char h[crypto_shorthash_BYTES];
    uint64_t v = 0;

    crypto_shorthash(h, (const unsigned char *)key, strlen(key), t->hash_key);
    for (size_t i = 0; i < sizeof(v); i++)
        v = v << 8 | h[i];
    return (size_t)(v % SLOTS);
}

/* Which nearby slot a new key takes: a free or expired one; otherwise the
 * one with the fewest failures (the oldest of those), so that a flood of
 * single failures never pushes out a count that is about to block. */
static bool better_victim(const struct throttle *t, const struct slot *s, const struct slot *v,
                          time_t now)
{
    bool s_free = !s->key[0] || now - s->first >= (time_t)t->window;
    bool v_free = !v->key[0] || now - v->first >= (time_t)t->window;

    if (s_free != v_free)
        return s_free;
    if (s->failures != v->failures)
        return s->failures < v->failures;
    return s->first < v->first;
}

/* The slot of key, or (create) the best victim nearby. */
static struct slot *find(struct throttle *t, const char *key, time_t now, bool create)
{
    size_t base = slot_of(t, key);
    struct slot *victim = NULL;

    for (size_t i = 0; i < PROBES; i++) {
        struct slot *s = &t->slots[(base + i) % SLOTS];
        if (strcmp(s->key, key) == 0) {
            if (now - s->first >= (time_t)t->window) {
                s->failures = 0;
                s->first = now;
            }
            return s;
        }
        if (!victim || better_victim(t, s, victim, now))
            victim = s;
    }
    if (!create)
        return NULL;
    snprintf(victim->key, sizeof(victim->key), "%s", key);
    victim->failures = 0;
    victim->first = now;
    return victim;
}

/* A block: refused until the window has passed. */
static unsigned wait_for(struct throttle *t, const char *key, unsigned limit, time_t now)
{
    struct slot *s = find(t, key, now, false);

    if (!s || s->failures < limit)
        return 0;
    return (unsigned)(s->first + (time_t)t->window - now) + 1;
}

/* A back-off: past the limit, 1 s after the latest failure, doubling with each one more,
 * up to BACKOFF_MAX_S. */
static unsigned backoff_for(struct throttle *t, const char *key, unsigned limit, time_t now)
{
    struct slot *s = find(t, key, now, false);
    unsigned over, delay;

    if (!s || s->failures < limit)
        return 0;
    over = s->failures - limit;
    delay = over >= 6 ? BACKOFF_MAX_S : 1u << over;
    delay = delay > BACKOFF_MAX_S ? BACKOFF_MAX_S : delay;
    return s->last + (time_t)delay > now ? (unsigned)(s->last + (time_t)delay - now) : 0;
}

static void keys(const char *account, const char *address, char ka[KEY_MAX], char kb[KEY_MAX],
                 char kp[KEY_MAX])
{
    snprintf(ka, KEY_MAX, "a:%s", account);
    snprintf(kb, KEY_MAX, "ip:%s", address);
    snprintf(kp, KEY_MAX, "p:%s\n%s", account, address);
}

unsigned throttle_check(struct throttle *t, const char *account, const char *address, time_t now)
{
    char ka[KEY_MAX], kb[KEY_MAX], kp[KEY_MAX];
    unsigned a, b, p;

    keys(account, address, ka, kb, kp);
    pthread_mutex_lock(&t->lock);
    a = backoff_for(t, ka, t->per_account, now);
    b = wait_for(t, kb, t->per_address, now);
    p = wait_for(t, kp, t->per_account, now);
    pthread_mutex_unlock(&t->lock);
    return a > b ? (a > p ? a : p) : (b > p ? b : p);
}

void throttle_failed(struct throttle *t, const char *account, const char *address, time_t now)
{
    char ka[KEY_MAX], kb[KEY_MAX], kp[KEY_MAX];
    struct slot *s;

    keys(account, address, ka, kb, kp);
    pthread_mutex_lock(&t->lock);
    s = find(t, ka, now, true);
    s->failures++;
    s->last = now;
    find(t, kb, now, true)->failures++;
    find(t, kp, now, true)->failures++;
    pthread_mutex_unlock(&t->lock);
}

void throttle_succeeded(struct throttle *t, const char *account, const char *address)
{
    char ka[KEY_MAX], kb[KEY_MAX], kp[KEY_MAX];
    struct slot *s;

    keys(account, address, ka, kb, kp);
    pthread_mutex_lock(&t->lock);
    if ((s = find(t, ka, 0, false)) != NULL)
        s->failures = 0;
    if ((s = find(t, kp, 0, false)) != NULL)
        s->failures = 0;
    pthread_mutex_unlock(&t->lock);
}
