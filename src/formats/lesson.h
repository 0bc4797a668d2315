/*
 * lesson.h: the short education lessons in data/lessons/.
 *
 * A lesson is a Markdown file named NN-<id>.md: NN orders the lessons, <id>
 * is the lesson's stable id, and the file starts with a level-1 heading, the
 * title. A lesson set owns its lessons; free with lesson_set_release().
 */
#ifndef MOVERX_LESSON_H
#define MOVERX_LESSON_H

#include "compat.h"
#include "common/err.h"

struct lesson {
    char *id;       /* "why-movement-helps" */
    char *file;     /* "01-why-movement-helps.md" */
    int order;      /* NN */
    char *title;    /* the level-1 heading */
    char *markdown; /* the whole source */
    long words;
    double grade; /* Flesch-Kincaid grade of all its text */
};

struct lesson_set {
    struct lesson *items; /* in file-name order */
    int n;
    size_t cap;
};

void lesson_set_init(struct lesson_set *set);

/*
 * Parses one lesson file and appends it. `file` is the bare file name, which
 * gives the id; `source` names it in errors. A bad name, a missing title or
 * a duplicate id is MRX_EDATA.
 */
int lesson_set_add(struct lesson_set *set, const char *file, const char *text, size_t len,
                   const char *source, struct mrx_err *err);

const struct lesson *lesson_set_find(const struct lesson_set *set, const char *id);
void lesson_set_release(struct lesson_set *set);

#endif
