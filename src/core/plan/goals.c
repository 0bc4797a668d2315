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

/* Whether `word` (lower case) starts a word of `text`, case aside. */
static bool starts_a_word(const char *text, const char *word)
{
    size_t n = strlen(word);

    for (const char *t = text; *t; t++) {
        size_t k = 0;
        if (t != text && is_letter(t[-1]))
            continue;
        while (k < n && t[k] && lower(t[k]) == word[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

const struct goal_activity *goal_match(const struct goal_table *t, const char *activity)
{
    for (int i = 0; activity && i < t->n; i++)
        for (int k = 0; k < t->activities[i].n_keywords; k++)
            if (starts_a_word(activity, t->activities[i].keywords[k]))
                return &t->activities[i];
    return NULL;
}

static bool named(const struct goal_activity *g, const char *id)
{
    for (int k = 0; k < g->n_trains; k++)
        if (strcmp(g->trains[k], id) == 0)
            return true;
    return false;
}

bool goal_trained_by(const struct goal_activity *g, const struct exercise *ex)
{
    return ex && named(g, ex->id);
}
