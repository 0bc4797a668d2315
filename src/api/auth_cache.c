/*
 * auth_cache.c: sessions and care-team memberships as read at an accounts
 * revision (see auth_cache.h).
 *
 * Both are one kind of table: a string key, the revision it was read at and
 * a fixed-size value, in two-way sets under striped locks (as the views of
 * today's plan are kept: a key may sit in either slot of its set, and a new
 * key replaces the slot used less recently).
 */
#include "compat.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>

#include "api/auth_cache.h"
#include "common/hash.h"
#include "common/textcopy.h"
#include "common/xalloc.h"

#define STRIPES 64 /* locks; set i is under lock i % STRIPES */
#define WAYS 2
#define KEY_SIZE (3 * STORE_ID_SIZE + 8) /* org, patient, user, 2 lengths; a token's hash fits */
#define MEMBERS_PER_SESSION 4            /* a clinician reads several patients */

struct head {
    char key[KEY_SIZE];
    long long rev;
    bool used;
};

struct table {
    size_t mask;       /* sets - 1 */
    size_t value_size; /* bytes after each head */
    size_t stride;     /* bytes per slot: the head, the value, padding */
    unsigned char *slots;
    unsigned char *recent; /* per set, the way used last */
    pthread_mutex_t locks[STRIPES];
};

struct auth_cache {
    struct table sessions, members;
    atomic_ullong hits, misses;
};

static void table_init(struct table *t, size_t slots, size_t value_size)
{
    size_t n = 1, align = alignof(struct head);

    while (n * WAYS < slots)
        n <<= 1;
    t->mask = n - 1;
    t->value_size = value_size;
    t->stride = (sizeof(struct head) + value_size + align - 1) / align * align;
    t->slots = xcalloc(n * WAYS, t->stride);
    t->recent = xcalloc(n, 1);
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&t->locks[i], NULL);
}

static void table_free(struct table *t)
{
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_destroy(&t->locks[i]);
    free(t->slots);
    free(t->recent);
}

static struct head *slot(const struct table *t, size_t set, int way)
{
    return (struct head *)(void *)(t->slots + (set * WAYS + (size_t)way) * t->stride);
}

static void *value_of(struct head *h)
{
    return (unsigned char *)h + sizeof(*h);
}

static int find(const struct table *t, size_t set, const char *key)
{
    for (int w = 0; w < WAYS; w++) {
        const struct head *h = slot(t, set, w);
        if (h->used && strcmp(h->key, key) == 0)
            return w;
    }
    return -1;
}

static bool table_get(struct table *t, const char *key, long long rev, void *value)
{
    size_t set = (size_t)mrx_hash_str(key) & t->mask;
    bool found = false;
    int w;

    pthread_mutex_lock(&t->locks[set % STRIPES]);
    if ((w = find(t, set, key)) >= 0 && slot(t, set, w)->rev == rev) {
        memcpy(value, value_of(slot(t, set, w)), t->value_size);
        t->recent[set] = (unsigned char)w;
        found = true;
    }
    pthread_mutex_unlock(&t->locks[set % STRIPES]);
    return found;
}

static void table_put(struct table *t, const char *key, long long rev, const void *value)
{
    size_t set = (size_t)mrx_hash_str(key) & t->mask;
    struct head *h;
    int w;

    if (strlen(key) >= KEY_SIZE)
        return;
    pthread_mutex_lock(&t->locks[set % STRIPES]);
    /* The key's own slot (unless it holds a later read), else an empty one,
     * else the one used less recently. */
    if ((w = find(t, set, key)) >= 0 && slot(t, set, w)->rev > rev) {
        pthread_mutex_unlock(&t->locks[set % STRIPES]);
        return;
    }
    for (int k = 0; w < 0 && k < WAYS; k++)
        if (!slot(t, set, k)->used)
            w = k;
    if (w < 0)
        w = !t->recent[set];
    t->recent[set] = (unsigned char)w;
    h = slot(t, set, w);
    text_copy(h->key, sizeof(h->key), key);
    h->rev = rev;
    h->used = true;
    memcpy(value_of(h), value, t->value_size);
    pthread_mutex_unlock(&t->locks[set % STRIPES]);
}

static void table_drop(struct table *t, const char *key)
{
    size_t set = (size_t)mrx_hash_str(key) & t->mask;
    int w;

    pthread_mutex_lock(&t->locks[set % STRIPES]);
    if ((w = find(t, set, key)) >= 0)
        slot(t, set, w)->used = false;
    pthread_mutex_unlock(&t->locks[set % STRIPES]);
}

struct auth_cache *auth_cache_new(size_t slots)
{
    struct auth_cache *ac;

    if (slots == 0)
        return NULL;
    ac = xcalloc(1, sizeof(*ac));
    table_init(&ac->sessions, slots, sizeof(struct auth_cached_session));
    table_init(&ac->members, slots * MEMBERS_PER_SESSION, sizeof(bool));
    return ac;
}

void auth_cache_free(struct auth_cache *ac)
{
    if (!ac)
        return;
    table_free(&ac->sessions);
    table_free(&ac->members);
    free(ac);
}

static bool counted(struct auth_cache *ac, bool hit)
{
    atomic_fetch_add_explicit(hit ? &ac->hits : &ac->misses, 1, memory_order_relaxed);
    return hit;
}

bool auth_cache_session_get(struct auth_cache *ac, const char *token_hash, long long rev,
                            struct auth_cached_session *out)
{
    if (!ac)
        return false;
    if (!table_get(&ac->sessions, token_hash, rev, out))
        return counted(ac, false);
    out->user.email = out->email; /* the copy's own buffer, not the slot's */
    out->user.password_hash = NULL;
    return counted(ac, true);
}

void auth_cache_session_put(struct auth_cache *ac, long long rev,
                            const struct auth_cached_session *s)
{
    if (ac)
        table_put(&ac->sessions, s->token_hash, rev, s);
}

void auth_cache_session_drop(struct auth_cache *ac, const char *token_hash)
{
    if (ac)
        table_drop(&ac->sessions, token_hash);
}

/* Appends "<length> " and s at *p, when it fits before end. */
static bool key_part(char **p, const char *end, const char *s, bool with_length)
{
    size_t n = strlen(s);
    char digits[24];
    int d = 0;

    if (with_length) {
        size_t v = n;
        do
            digits[d++] = (char)('0' + v % 10);
        while ((v /= 10) != 0);
        digits[d++] = ' ';
    }
    if ((size_t)(end - *p) <= n + (size_t)d)
        return false;
    for (int i = d - 2; i >= 0; i--) /* the digits, most significant first */
        *(*p)++ = digits[i];
    if (with_length)
        *(*p)++ = ' ';
    memcpy(*p, s, n);
    *p += n;
    **p = '\0';
    return true;
}

/* "<length> org<length> patient user": the lengths keep any three ids apart.
 * Built by hand, not by snprintf: every clinician's read of a patient makes one. */
static bool member_key(const char *org_id, const char *patient_id, const char *user_id,
                       char key[KEY_SIZE])
{
    char *p = key;
    const char *end = key + KEY_SIZE;

    return key_part(&p, end, org_id, true) && key_part(&p, end, patient_id, true) &&
           key_part(&p, end, user_id, false);
}

bool auth_cache_member_get(struct auth_cache *ac, const char *org_id, const char *patient_id,
                           const char *user_id, long long rev, bool *member)
{
    char key[KEY_SIZE];

    if (!ac || !member_key(org_id, patient_id, user_id, key))
        return false;
    return counted(ac, table_get(&ac->members, key, rev, member));
}

void auth_cache_member_put(struct auth_cache *ac, const char *org_id, const char *patient_id,
                           const char *user_id, long long rev, bool member)
{
    char key[KEY_SIZE];

    if (ac && member_key(org_id, patient_id, user_id, key))
        table_put(&ac->members, key, rev, &member);
}

void auth_cache_counts(struct auth_cache *ac, unsigned long long *hits, unsigned long long *misses)
{
    *hits = ac ? atomic_load(&ac->hits) : 0;
    *misses = ac ? atomic_load(&ac->misses) : 0;
}
