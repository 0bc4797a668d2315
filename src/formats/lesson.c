/*
 * lesson.c: loading lessons from Markdown (see lesson.h).
 */
#include "compat.h"

#include <stdlib.h>

#include "common/xalloc.h"
#include "core/readability/readability.h"
#include "formats/lesson.h"
#include "formats/markdown.h"

void lesson_set_init(struct lesson_set *set)
{
    memset(set, 0, sizeof(*set));
}

/* Splits "NN-some-id.md" into order NN and a new string "some-id", or returns false. */
static bool parse_file_name(const char *file, int *order, char **id)
{
    size_t n = strlen(file), digits = 0;

    while (file[digits] >= '0' && file[digits] <= '9')
        digits++;
    if (digits == 0 || digits > 4 || file[digits] != '-' || n <= digits + 1 + 3)
        return false;
    for (size_t i = digits + 1; i < n - 3; i++) {
        char c = file[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    *order = 0;
    for (size_t i = 0; i < digits; i++)
        *order = *order * 10 + (file[i] - '0');
    *id = xstrndup(file + digits + 1, n - 3 - digits - 1);
    return true;
}

static void add_unit(void *ctx, const char *text, size_t len)
{
    readability_add(ctx, text, len);
}

int lesson_set_add(struct lesson_set *set, const char *file, const char *text, size_t len,
                   const char *source, struct mrx_err *err)
{
    struct lesson l = {0};
    struct readability r;

    if (!parse_file_name(file, &l.order, &l.id))
        return mrx_err_set(err, MRX_EDATA, source, "lesson files are named NN-<id>.md");
    if (lesson_set_find(set, l.id)) {
        mrx_err_set(err, MRX_EDATA, source, "duplicate lesson id '%s'", l.id);
        free(l.id);
        return MRX_EDATA;
    }
    l.title = markdown_title(text, len);
    if (!l.title || !*l.title) {
        free(l.id);
        free(l.title);
        return mrx_err_set(err, MRX_EDATA, source, "must start with a '# Title' line");
    }
    readability_init(&r);
    markdown_text_units(text, len, add_unit, &r);
    l.words = r.words;
    l.grade = readability_grade(&r);
    l.file = xstrdup(file);
    l.markdown = xstrndup(text, len);
    xgrow((void **)&set->items, &set->cap, (size_t)set->n + 1, sizeof(*set->items));
    set->items[set->n++] = l;
    return MRX_OK;
}

const struct lesson *lesson_set_find(const struct lesson_set *set, const char *id)
{
    for (int i = 0; i < set->n; i++)
        if (strcmp(set->items[i].id, id) == 0)
            return &set->items[i];
    return NULL;
}

void lesson_set_release(struct lesson_set *set)
{
    for (int i = 0; i < set->n; i++) {
        struct lesson *l = &set->items[i];
        free(l->id);
        free(l->file);
        free(l->title);
        free(l->markdown);
    }
    free(set->items);
    memset(set, 0, sizeof(*set));
}
