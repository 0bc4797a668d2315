/*
 * goals.c: goals linked to what trains them (see goals.h).
 */
#include "compat.h"

#include "core/plan/goals.h"

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_letter(char c)
{
    c = lower(c);
    return (c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80;
}

/* Whether text, from t, is one of the endings and then the end of the word. */
static bool ends_word_with(const char *t, const char *const *endings, size_t n_endings)
{
    for (size_t e = 0; e < n_endings; e++) {
        size_t n = strlen(endings[e]), k = 0;
        while (k < n && lower(t[k]) == endings[e][k])
            k++;
        if (k == n && !is_letter(t[n]))
            return true;
    }
    return false;
}

/* Whether text, from t, ends a word after one of the endings a keyword may
 * take: none, -s, -es, -ed, -ing, -er, -ers, with the last letter doubled or
 * not ("sit" is in "sitting", not in "site"; "walk" in "walks"). */
static bool word_form_ends(const char *t, char last)
{
    static const char *const endings[] = {"", "s", "es", "ed", "ing", "er", "ers"};

    return ends_word_with(t, endings, MRX_ARRAY_LEN(endings)) ||
           (is_letter(last) && lower(*t) == last &&
            ends_word_with(t + 1, endings, MRX_ARRAY_LEN(endings)));
}

/* A keyword ending in a silent e drops it before -ing, -ed, -er ("drive": "driving",
 * "driver"; "dance": "danced"; "cycle": "cycling"). */
static bool drops_e_ends(const char *t)
{
    static const char *const endings[] = {"ing", "ed", "er", "ers"};

    return ends_word_with(t, endings, MRX_ARRAY_LEN(endings));
}

/* Whether `word` (lower case, maybe several words) is a word of `text`, in one of its forms. */
static bool has_word(const char *text, const char *word)
{
    size_t n = strlen(word);

    for (const char *t = text; *t; t++) {
        size_t k = 0;
        if (t != text && is_letter(t[-1]))
            continue;
        while (k < n && t[k] && lower(t[k]) == word[k])
            k++;
        if (k == n && n > 0 && word_form_ends(t + n, word[n - 1]))
            return true;
        if (k + 1 >= n && n >= 3 && word[n - 1] == 'e' && drops_e_ends(t + n - 1))
            return true;
    }
    return false;
}

int goal_match(const struct goal_table *t, const char *activity, const struct goal_activity **out,
               int max)
{
    int n = 0;

    for (int i = 0; activity && i < t->n && n < max; i++)
        for (int k = 0; k < t->activities[i].n_keywords; k++)
            if (has_word(activity, t->activities[i].keywords[k])) {
                out[n++] = &t->activities[i];
                break;
            }
    return n;
}

/* Where the entry names an exercise id among what trains it, or -1. */
static int named_at(const struct goal_activity *g, const char *id)
{
    for (int k = 0; k < g->n_trains; k++)
        if (strcmp(g->trains[k], id) == 0)
            return k;
    return -1;
}

int goal_train_rank(const struct goal_activity *g, const struct exercise *ex)
{
    int best = -1;

    if (!ex)
        return -1;
    best = named_at(g, ex->id);
    for (int i = 0; i < ex->n_routine; i++) { /* a routine trains what its moves train */
        int at = named_at(g, ex->routine[i].exercise);
        if (at >= 0 && (best < 0 || at < best))
            best = at;
    }
    return best;
}

bool goal_trained_by(const struct goal_activity *g, const struct exercise *ex,
                     const struct catalog *cat)
{
    /* a harder version of what trains it trains it too: the hip hinge, sit to stand's next
     * step, still trains getting up from a chair (a physiotherapist's vignette: the step
     * left "no exercise in your plan trains it yet" at discharge) */
    enum exercise_category kind = ex ? ex->category : CAT_COUNT;

    for (int steps = 0; ex && ex->category == kind && steps <= (cat ? cat->n : 0); steps++) {
        if (goal_train_rank(g, ex) >= 0)
            return true;
        ex = cat && ex->regression ? catalog_find(cat, ex->regression) : NULL;
    }
    return false;
}
