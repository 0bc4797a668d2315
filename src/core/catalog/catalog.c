/*
 * catalog.c: owning and looking up the exercises of the library.
 */
#include "compat.h"

#include <stdlib.h>

#include "common/xalloc.h"
#include "core/catalog/catalog.h"

void catalog_init(struct catalog *cat)
{
    memset(cat, 0, sizeof(*cat));
}

void catalog_add(struct catalog *cat, struct exercise *ex)
{
    size_t cap = (size_t)cat->cap;

    xgrow((void **)&cat->items, &cap, (size_t)cat->n + 1, sizeof(*cat->items));
    cat->cap = (int)cap;
    cat->items[cat->n++] = *ex;
    memset(ex, 0, sizeof(*ex));
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const struct exercise *)a)->id, ((const struct exercise *)b)->id);
}

const struct exercise *catalog_find(const struct catalog *cat, const char *id)
{
    struct exercise key = {.id = (char *)id};

    if (cat->n == 0)
        return NULL;
    return bsearch(&key, cat->items, (size_t)cat->n, sizeof(*cat->items), by_id);
}

void catalog_sort(struct catalog *cat)
{
    if (cat->n > 1)
        qsort(cat->items, (size_t)cat->n, sizeof(*cat->items), by_id);
}

void catalog_release(struct catalog *cat)
{
    for (int i = 0; i < cat->n; i++)
        exercise_release(&cat->items[i]);
    free(cat->items);
    memset(cat, 0, sizeof(*cat));
}

bool catalog_same_chain(const struct catalog *cat, const struct exercise *a,
                        const struct exercise *b)
{
    /* from each end, both ways: a regression need not name its exercise as progression */
    for (int dir = 0; dir < 4; dir++) {
        const struct exercise *e = dir < 2 ? a : b, *to = dir < 2 ? b : a;
        for (int steps = 0; e && steps <= cat->n; steps++) {
            if (e == to)
                return true;
            e = dir % 2 ? (e->progression ? catalog_find(cat, e->progression) : NULL)
                        : (e->regression ? catalog_find(cat, e->regression) : NULL);
        }
    }
    return false;
}
