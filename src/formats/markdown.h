/*
 * markdown.h: CommonMark through cmark, for lessons.
 *
 * Raw HTML in the source is never passed through (cmark's safe default), so a
 * lesson file cannot inject script into the web app.
 */
#ifndef MOVERX_MARKDOWN_H
#define MOVERX_MARKDOWN_H

#include "compat.h"

/* Renders Markdown to HTML. Returns a new string (xmalloc'ed; caller frees). */
char *markdown_to_html(const char *text, size_t len);

/* Called once per block of readable text: a paragraph, heading or list item paragraph. */
typedef void (*markdown_unit_fn)(void *ctx, const char *text, size_t len);

/* Walks the document and hands the plain text of each block to fn. */
void markdown_text_units(const char *text, size_t len, markdown_unit_fn fn, void *ctx);

/* The text of the document's first block if it is a level-1 heading, else NULL.
 * Returns a new string (caller frees). */
char *markdown_title(const char *text, size_t len);

#endif
