/*
 * cmd_lessons.c: `moverx lessons list [--json]` and
 * `moverx lessons show ID [--html] [--json]`.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "common/numfmt.h"
#include "data/datadir.h"
#include "formats/markdown.h"

#define WORDS_PER_MINUTE 200

static const struct opt_spec list_opts[] = {{"--json", false}, {NULL, false}};
static const struct opt_spec show_opts[] = {{"--html", false}, {"--json", false}, {NULL, false}};

static int minutes_to_read(long words)
{
    return (int)((words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE);
}

static json_t *lesson_summary_json(const struct lesson *l)
{
    return json_pack("{sssssisisIsf}", "id", l->id, "title", l->title, "order", l->order, "minutes",
                     minutes_to_read(l->words), "words", (json_int_t)l->words, "grade",
                     mrx_round_half_up(l->grade, 1));
}

static int list(const struct lesson_set *set, const struct args *a)
{
    if (args_has(a, list_opts, "--json")) {
        json_t *arr = json_array(), *o;
        for (int i = 0; i < set->n; i++)
            json_array_append_new(arr, lesson_summary_json(&set->items[i]));
        o = json_pack("{sisO}", "count", set->n, "lessons", arr);
        out_json(o);
        json_decref(o);
        json_decref(arr);
        return MRX_OK;
    }
    for (int i = 0; i < set->n; i++)
        printf("%-28s %-48s %d min\n", set->items[i].id, set->items[i].title,
               minutes_to_read(set->items[i].words));
    return MRX_OK;
}

/* The lesson for a reader here: the mark where the app puts the clinic's
 * crisis line and emergency number ({{crisis-line}}, docs/lessons.md) says
 * where to find them instead, as there is no clinic on the command line. */
static void print_with_help_lines(const char *text)
{
    static const char mark[] = "{{crisis-line}}";
    const char *at;

    while ((at = strstr(text, mark)) != NULL) {
        fwrite(text, 1, (size_t)(at - text), stdout);
        fputs("(Here the app shows your clinic's crisis line and its emergency number.)", stdout);
        text = at + sizeof(mark) - 1;
    }
    fputs(text, stdout);
}

static int show(const struct lesson_set *set, const struct args *a, struct mrx_err *err)
{
    const struct lesson *l;
    char *html;

    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "lessons show", "usage: moverx lessons show ID");
    l = lesson_set_find(set, a->pos[0]);
    if (!l)
        return mrx_err_set(err, MRX_ENOTFOUND, "lesson", "no lesson '%s'", a->pos[0]);
    html = markdown_to_html(l->markdown, strlen(l->markdown));
    if (args_has(a, show_opts, "--json")) {
        json_t *o = lesson_summary_json(l);
        json_object_set_new(o, "markdown", json_string(l->markdown));
        json_object_set_new(o, "html", json_string(html));
        out_json(o);
        json_decref(o);
    } else {
        const char *text = args_has(a, show_opts, "--html") ? html : l->markdown;
        print_with_help_lines(text);
    }
    free(html);
    return MRX_OK;
}

int cmd_lessons(int argc, char **argv, const struct cli_ctx *ctx)
{
    struct lesson_set set;
    struct mrx_err err;
    struct args a;
    bool is_list;
    int rc, sub;

    mrx_err_clear(&err);
    if ((sub = args_list_or_show(argc, argv, "lessons", &err)) < 0)
        return out_finish(MRX_EINVAL, &err);
    is_list = sub == 0;
    if ((rc =
             args_parse(argc, argv, 2, is_list ? list_opts : show_opts, is_list ? 0 : 1, &a, &err)))
        return out_finish(rc, &err);
    if ((rc = datadir_load_lessons(ctx->datadir, &set, &err)))
        return out_finish(rc, &err);
    rc = is_list ? list(&set, &a) : show(&set, &a, &err);
    lesson_set_release(&set);
    return out_finish(rc, &err);
}
