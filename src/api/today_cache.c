/*
 * today_cache.c: rendered views of today's plan, by (patient, day), served
 * only when their revision matches the store's (see today_cache.h).
 *
 * Two-way sets under striped locks: a key may sit in either slot of its set
 * (so two busy keys that hash alike do not evict each other), and a new key
 * replaces the slot used less recently. A lookup takes one lock for the
 * length of two compares and a reference; there is no eviction list to keep.
 * Views are kept as prepared replies (http.h): a hit is sent without
 * building a response or its headers again.
 */
#include "compat.h"

#include <pthread.h>
#include <stdatomic.h>

#include "api/today_cache.h"
#include "common/hash.h"
#include "common/textcopy.h"
#include "common/xalloc.h"
#include "store/store.h"

#define STRIPES 64 /* locks; set i is under lock i % STRIPES */
#define WAYS 2

struct entry {
    char patient_id[STORE_ID_SIZE];
    long day;
    long long rev;
    struct http_prepared *view; /* NULL: the slot is empty */
};

struct set {
    struct entry way[WAYS];
    unsigned char recent; /* the way used last */
};

struct today_cache {
    size_t mask; /* sets - 1 */
    struct set *sets;
    pthread_mutex_t locks[STRIPES];
    atomic_ullong hits, misses;
};

struct today_cache *today_cache_new(size_t slots)
{
    struct today_cache *tc;
    size_t n = 1;

    if (slots == 0)
        return NULL;
    while (n * WAYS < slots)
        n <<= 1;
    tc = xcalloc(1, sizeof(*tc));
    tc->mask = n - 1;
    tc->sets = xcalloc(n, sizeof(*tc->sets));
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&tc->locks[i], NULL);
    return tc;
}

void today_cache_free(struct today_cache *tc)
{
    if (!tc)
        return;
    for (size_t i = 0; i <= tc->mask; i++)
        for (int w = 0; w < WAYS; w++)
            http_prepared_release(tc->sets[i].way[w].view);
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_destroy(&tc->locks[i]);
    free(tc->sets);
    free(tc);
}

/* FNV-1a of the id, then the day mixed in: neighbouring days of one patient
 * land in different slots. */
static size_t set_of(const struct today_cache *tc, const char *patient_id, long day)
{
    uint64_t h = mrx_hash_str(patient_id);

    h ^= (uint64_t)day * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
    return (size_t)h & tc->mask;
}

static bool holds(const struct entry *e, const char *patient_id, long day)
{
    return e->view && e->day == day && strcmp(e->patient_id, patient_id) == 0;
}

struct http_prepared *today_cache_get(struct today_cache *tc, const char *patient_id, long day,
                                      long long rev)
{
    size_t i;
    struct set *set;
    struct http_prepared *view = NULL;

    if (!tc)
        return NULL;
    i = set_of(tc, patient_id, day);
    set = &tc->sets[i];
    pthread_mutex_lock(&tc->locks[i % STRIPES]);
    for (int w = 0; w < WAYS; w++) {
        const struct entry *e = &set->way[w];
        if (holds(e, patient_id, day) && e->rev == rev) {
            view = http_prepared_ref(e->view);
            set->recent = (unsigned char)w;
            break;
        }
    }
    pthread_mutex_unlock(&tc->locks[i % STRIPES]);
    atomic_fetch_add_explicit(view ? &tc->hits : &tc->misses, 1, memory_order_relaxed);
    return view;
}

void today_cache_put(struct today_cache *tc, const char *patient_id, long day, long long rev,
                     const char *text, size_t len)
{
    size_t i;
    struct set *set;
    struct entry *e;
    struct http_prepared *view, *old;
    int w;

    if (!tc || strlen(patient_id) >= STORE_ID_SIZE)
        return;
    view = http_prepared_new("application/json", text, len);
    i = set_of(tc, patient_id, day);
    set = &tc->sets[i];
    pthread_mutex_lock(&tc->locks[i % STRIPES]);
    /* The key's own slot (a newer view), else an empty one, else the older. */
    for (w = 0; w < WAYS && !holds(&set->way[w], patient_id, day); w++)
        ;
    for (int k = 0; w == WAYS && k < WAYS; k++)
        if (!set->way[k].view)
            w = k;
    if (w == WAYS)
        w = !set->recent;
    set->recent = (unsigned char)w;
    e = &set->way[w];
    old = e->view;
    text_copy(e->patient_id, sizeof(e->patient_id), patient_id);
    e->day = day;
    e->rev = rev;
    e->view = view;
    pthread_mutex_unlock(&tc->locks[i % STRIPES]);
    http_prepared_release(old); /* outside the lock */
}

void today_cache_counts(struct today_cache *tc, unsigned long long *hits,
                        unsigned long long *misses)
{
    *hits = tc ? atomic_load(&tc->hits) : 0;
    *misses = tc ? atomic_load(&tc->misses) : 0;
}
