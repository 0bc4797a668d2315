/*
 * memo.c: what the writes of one thread keep of the episodes they load
 * (see records.h, internal.h).
 *
 * Every check-in or session loads its episode's intake, newest plan and
 * engine state from the store as JSON text and parses them: about half of
 * what a check-in costs. The intake never changes and the plan seldom does,
 * so the memo keeps, by episode, those two texts beside what was parsed from
 * them, and hands out a parse only when the text just read from the store,
 * in the caller's own transaction, is byte for byte the same. So it is never
 * stale, whoever wrote the store (another process, a write rolled back), and
 * what the engine sees is exactly what a parse would give. (The engine state
 * changes with every entry, so it is parsed each time: keeping the state the
 * engine ended with would skip the text's rounding, and the command line,
 * which keeps no memo, would then decide differently.)
 *
 * Two-way sets (a new episode replaces the one used less recently), so that
 * memory stays bounded: MEMO_SETS x 2 entries of some 20 KiB.
 */
#include "compat.h"

#include "common/hash.h"
#include "common/xalloc.h"
#include "records/internal.h"

#define MEMO_SETS 256 /* a power of two */
#define MEMO_WAYS 2

struct memo_doc {
    char *text;
    json_t *doc; /* read-only: shared with whoever was handed it */
};

/* What engine_plan_json() reads of an engine state: equal slices render
 * equal plans. */
struct plan_slice {
    int n_items, walking;
    const struct exercise *exercise[ADAPT_MAX_ITEMS];
    struct dose dose[ADAPT_MAX_ITEMS];
    bool paused[ADAPT_MAX_ITEMS]; /* a paused item is left out of the plan */
    bool stopped, held, flare;
};

struct memo_entry {
    struct records_memo *memo;      /* the memo it is in */
    char episode_id[STORE_ID_SIZE]; /* "": unused */
    struct memo_doc intake, plan;
    bool renders_same;       /* rendering `slice` over the plan gives the plan again */
    struct plan_slice slice; /* (set with renders_same) */
    char *state_text;        /* NULL: no state kept */
    struct adapt_state state;
};

struct memo_set {
    struct memo_entry way[MEMO_WAYS];
    unsigned char recent;
};

struct records_memo {
    struct memo_set sets[MEMO_SETS];
    unsigned long long used, parsed; /* parses (and renders) spared, and made */
};

struct records_memo *records_memo_new(void)
{
    return xcalloc(1, sizeof(struct records_memo));
}

static void doc_clear(struct memo_doc *d)
{
    free(d->text);
    json_decref(d->doc);
    d->text = NULL;
    d->doc = NULL;
}

static void entry_clear(struct memo_entry *e)
{
    doc_clear(&e->intake);
    doc_clear(&e->plan);
    free(e->state_text);
    memset(e, 0, sizeof(*e));
}

void records_memo_free(struct records_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < MEMO_SETS; i++)
        for (int w = 0; w < MEMO_WAYS; w++)
            entry_clear(&m->sets[i].way[w]);
    free(m);
}

static struct memo_set *set_of(struct records_memo *m, const char *episode_id)
{
    uint64_t h = mrx_hash_str(episode_id);
    return &m->sets[(h ^ (h >> 29)) & (MEMO_SETS - 1)];
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

struct memo_entry *memo_find(struct records_memo *m, const char *episode_id)
{
    struct memo_set *set;

    if (!m || !episode_id || !*episode_id)
        return NULL;
    set = set_of(m, episode_id);
    for (int w = 0; w < MEMO_WAYS; w++)
        if (strcmp(set->way[w].episode_id, episode_id) == 0) {
            set->recent = (unsigned char)w;
            return &set->way[w];
        }
    return NULL;
}

struct memo_entry *memo_for(struct records_memo *m, const char *episode_id)
{
    struct memo_entry *e = memo_find(m, episode_id);
    struct memo_set *set;
    int w;

    if (e || !m || !episode_id || !*episode_id || strlen(episode_id) >= STORE_ID_SIZE)
        return e;
    /* An empty way, else the one used less recently. */
    set = set_of(m, episode_id);
    for (w = 0; w < MEMO_WAYS && set->way[w].episode_id[0]; w++)
        ;
    if (w == MEMO_WAYS)
        w = !set->recent;
    set->recent = (unsigned char)w;
    e = &set->way[w];
    entry_clear(e);
    e->memo = m;
    snprintf(e->episode_id, sizeof(e->episode_id), "%s", episode_id);
    return e;
}

void records_memo_counts(const struct records_memo *m, unsigned long long *used,
                         unsigned long long *parsed)
{
    *used = m ? m->used : 0;
    *parsed = m ? m->parsed : 0;
}

static int doc_get(struct records_memo *m, struct memo_doc *d, const char *text, const char *what,
                   json_t **out, struct mrx_err *err)
{
    int rc;

    if (d && d->doc && same(d->text, text)) {
        m->used++;
        *out = json_incref(d->doc);
        return MRX_OK;
    }
    if (d)
        m->parsed++;
    if ((rc = stored_json(text, what, out, err)) == MRX_OK && d) {
        doc_clear(d);
        d->text = xstrdup(text);
        d->doc = json_incref(*out);
    }
    return rc;
}

int memo_intake_doc(struct memo_entry *e, const char *text, json_t **out, struct mrx_err *err)
{
    if (e && !same(e->intake.text, text)) { /* the state kept was read against another */
        free(e->state_text);
        e->state_text = NULL;
    }
    return doc_get(e ? e->memo : NULL, e ? &e->intake : NULL, text, "intake", out, err);
}

int memo_plan_doc(struct memo_entry *e, const char *text, json_t **out, struct mrx_err *err)
{
    if (e && !same(e->plan.text, text))
        e->renders_same = false;
    return doc_get(e ? e->memo : NULL, e ? &e->plan : NULL, text, "plan", out, err);
}

/* ==================== Plans that render the same ==================== */

static void slice_of(const struct adapt_state *s, struct plan_slice *out)
{
    memset(out, 0, sizeof(*out));
    out->n_items = s->n_items;
    out->walking = s->walking;
    for (int i = 0; i < s->n_items && i < ADAPT_MAX_ITEMS; i++) {
        out->exercise[i] = s->items[i].exercise;
        memcpy(out->dose[i].has, s->items[i].dose.has, sizeof(out->dose[i].has));
        memcpy(out->dose[i].value, s->items[i].dose.value, sizeof(out->dose[i].value));
        out->paused[i] = s->items[i].paused;
    }
    out->stopped = s->stopped;
    out->held = s->progression_held;
    out->flare = s->flare_active;
}

static bool slice_equal(const struct plan_slice *a, const struct plan_slice *b)
{
    if (a->n_items != b->n_items || a->walking != b->walking || a->stopped != b->stopped ||
        a->held != b->held || a->flare != b->flare)
        return false;
    for (int i = 0; i < a->n_items && i < ADAPT_MAX_ITEMS; i++)
        if (a->exercise[i] != b->exercise[i] ||
            memcmp(a->dose[i].has, b->dose[i].has, sizeof(a->dose[i].has)) != 0 ||
            memcmp(a->dose[i].value, b->dose[i].value, sizeof(a->dose[i].value)) != 0 ||
            a->paused[i] != b->paused[i])
            return false;
    return true;
}

bool memo_plan_renders_same(struct memo_entry *e, const json_t *plan, const struct adapt_state *s)
{
    struct plan_slice now;

    if (!e || !e->renders_same || !plan || e->plan.doc != plan)
        return false;
    slice_of(s, &now);
    if (!slice_equal(&now, &e->slice))
        return false;
    e->memo->used++;
    return true;
}

void memo_plan_rendered_same(struct memo_entry *e, const json_t *plan, const struct adapt_state *s)
{
    if (!e || !plan || e->plan.doc != plan)
        return; /* not the plan kept: a plan of this write, not yet stored */
    slice_of(s, &e->slice);
    e->renders_same = true;
}

/* ==================== Engine states ==================== */

bool memo_state_get(struct memo_entry *e, const char *text, struct adapt_state *out)
{
    if (!e)
        return false;
    if (!e->intake.doc || !same(e->state_text, text)) {
        e->memo->parsed++;
        return false;
    }
    e->memo->used++;
    *out = e->state; /* plain data: its pointers lead only into the loaded catalog */
    return true;
}

void memo_state_keep(struct memo_entry *e, const char *text, const struct adapt_state *s)
{
    if (!e)
        return;
    free(e->state_text);
    e->state_text = xstrdup(text);
    e->state = *s;
}
