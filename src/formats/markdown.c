/*
 * markdown.c: cmark-backed rendering and text extraction (see markdown.h).
 */
#include "compat.h"

#include <cmark.h>
#include <stdlib.h>

#include "common/xalloc.h"
#include "formats/markdown.h"

char *markdown_to_html(const char *text, size_t len)
{
    char *html = cmark_markdown_to_html(text, len, CMARK_OPT_DEFAULT);
    char *copy = xstrdup(html ? html : "");
    free(html);
    return copy;
}

struct textbuf {
    char *buf;
    size_t len, cap;
};

static void textbuf_add(struct textbuf *tb, const char *s, size_t n)
{
    xgrow((void **)&tb->buf, &tb->cap, tb->len + n + 1, 1);
    memcpy(tb->buf + tb->len, s, n);
    tb->len += n;
    tb->buf[tb->len] = '\0';
}

/* Appends the inline text under `block` (text, code spans, breaks as spaces). */
static void collect_inline(cmark_node *block, struct textbuf *tb)
{
    cmark_iter *it = cmark_iter_new(block);
    cmark_event_type ev;

    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        const char *lit;
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            textbuf_add(tb, " ", 1);
            continue;
        }
        if (t != CMARK_NODE_TEXT && t != CMARK_NODE_CODE)
            continue;
        lit = cmark_node_get_literal(n);
        if (lit)
            textbuf_add(tb, lit, strlen(lit));
    }
    cmark_iter_free(it);
}

static bool is_text_block(cmark_node_type t)
{
    return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK;
}

void markdown_text_units(const char *text, size_t len, markdown_unit_fn fn, void *ctx)
{
    cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;

    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        struct textbuf tb = {0};
        if (ev != CMARK_EVENT_ENTER || !is_text_block(t))
            continue;
        if (t == CMARK_NODE_CODE_BLOCK) {
            const char *lit = cmark_node_get_literal(n);
            textbuf_add(&tb, lit ? lit : "", lit ? strlen(lit) : 0);
        } else {
            collect_inline(n, &tb);
        }
        if (tb.len)
            fn(ctx, tb.buf, tb.len);
        free(tb.buf);
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
}

char *markdown_title(const char *text, size_t len)
{
    cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
    cmark_node *first = cmark_node_first_child(doc);
    char *title = NULL;

    if (first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
        cmark_node_get_heading_level(first) == 1) {
        struct textbuf tb = {0};
        collect_inline(first, &tb);
        title = tb.buf;
    }
    cmark_node_free(doc);
    return title;
}
