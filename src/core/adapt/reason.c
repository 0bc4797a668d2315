/*
 * reason.c: explanation templates to plain text (see reason.h).
 *
 * Doses are written compactly and only where they change, so that a reason
 * reads like "your walks go from 10 minutes to 12 minutes", short enough to
 * stay at a low reading grade.
 */
#include "compat.h"

#include "core/adapt/reason.h"

static const char *const unit[DOSE_KEYS] = {"sets",    "reps",        "second holds",
                                            "minutes", "walks a day", "days a week"};
static const char *const unit_one[DOSE_KEYS] = {"set",    "rep",        "second hold",
                                                "minute", "walk a day", "day a week"};

static bool differs(const struct dose *d, const struct dose *other, enum dose_key k)
{
    return d->has[k] && (!other || !other->has[k] || other->value[k] != d->value[k]);
}

/* Appends "<bouts> walk(s) of <minutes> minutes"; false when the buffer is full. */
static bool put_walks(char *buf, size_t size, size_t *n, int bouts, int minutes)
{
    int w = snprintf(buf + *n, size - *n, "%s%d walk%s of %d minutes", *n ? ", " : "", bouts,
                     bouts == 1 ? "" : "s", minutes);
    if (w < 0 || (size_t)w >= size - *n)
        return false;
    *n += (size_t)w;
    return true;
}

/* Writes the keys of `d` (all of them, or those differing from `other`).
 * Walks read as "2 walks of 8 minutes". */
static void dose_text(const struct dose *d, const struct dose *other, char *buf, size_t size)
{
    size_t n = 0;
    bool walks = d->has[DOSE_BOUTS] && d->has[DOSE_MINUTES] && differs(d, other, DOSE_BOUTS);

    buf[0] = '\0';
    if (walks && !put_walks(buf, size, &n, d->value[DOSE_BOUTS], d->value[DOSE_MINUTES]))
        return;
    for (int k = 0; k < DOSE_KEYS; k++) {
        int w;
        if ((walks && (k == DOSE_BOUTS || k == DOSE_MINUTES)) || !differs(d, other, k))
            continue;
        w = snprintf(buf + n, size - n, "%s%d %s", n ? ", " : "", d->value[k],
                     d->value[k] == 1 ? unit_one[k] : unit[k]);
        if (w < 0 || (size_t)w >= size - n)
            return;
        n += (size_t)w;
    }
}

static void dose_pair(const struct decision *d, char *from, char *to, size_t size)
{
    bool same_exercise = d->from_exercise == d->to_exercise;

    dose_text(&d->from, same_exercise ? &d->to : NULL, from, size);
    dose_text(&d->to, same_exercise ? &d->from : NULL, to, size);
    if (!from[0]) /* nothing differs: say the whole dose */
        dose_text(&d->from, NULL, from, size);
    if (!to[0])
        dose_text(&d->to, NULL, to, size);
}

static const char *name_of(const struct exercise *ex)
{
    return ex ? ex->name : "walking";
}

/* The text for one placeholder name, or NULL if unknown. */
static const char *value_of(const char *name, size_t len, const struct decision *d,
                            const struct reason_values *v, char *scratch, size_t size)
{
    char from[96], to[96];

#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
    if (IS("item")) /* the exercise the person did, whatever it becomes */
        return name_of(d->from_exercise);
    if (IS("from_name"))
        return name_of(d->from_exercise);
    if (IS("to_name"))
        return name_of(d->to_exercise);
    if (IS("from") || IS("to")) {
        dose_pair(d, from, to, sizeof(from));
        if (IS("to") && d->kind == DECIDE_REGRESS && d->to_exercise != d->from_exercise)
            snprintf(scratch, size, "the easier %s", name_of(d->to_exercise));
        else if (IS("to") && d->to_exercise != d->from_exercise &&
                 (d->kind == DECIDE_RESTORE || d->kind == DECIDE_FLARE_START))
            /* back to, or in a flare over to, another exercise: name it */
            snprintf(scratch, size, "%s, %s", name_of(d->to_exercise), to);
        else
            snprintf(scratch, size, "%s", IS("from") ? from : to);
        return scratch;
    }
    if (IS("sessions") || IS("days") || IS("minutes") || IS("step") || IS("steps")) {
        snprintf(scratch, size, "%d",
                 IS("days")      ? v->days
                 : IS("minutes") ? v->minutes
                 : IS("step")    ? v->step
                 : IS("steps")   ? v->steps
                                 : v->sessions);
        return scratch;
    }
    if (IS("pain")) {
        snprintf(scratch, size, "%g", v->pain);
        return scratch;
    }
    if (IS("what"))
        return v->what ? v->what : "pain";
    if (IS("usual")) {
        snprintf(scratch, size, "%.0f", v->usual);
        return scratch;
    }
#undef IS
    return NULL;
}

void reason_render(const struct adapt_rule *rule, struct decision *d, const struct reason_values *v)
{
    const char *t = rule->explanation;
    size_t n = 0, size = sizeof(d->reason);
    char scratch[128];

    while (*t && n + 1 < size) {
        const char *close = *t == '{' ? strchr(t, '}') : NULL;
        const char *val =
            close ? value_of(t + 1, (size_t)(close - t - 1), d, v, scratch, sizeof(scratch)) : NULL;
        if (!val) {
            d->reason[n++] = *t++;
            continue;
        }
        for (; *val && n + 1 < size; val++)
            d->reason[n++] = *val;
        t = close + 1;
    }
    d->reason[n] = '\0';
    /* A sentence starts with a capital even when it starts with "your walks". */
    if (d->reason[0] >= 'a' && d->reason[0] <= 'z')
        d->reason[0] = (char)(d->reason[0] - 'a' + 'A');
}
