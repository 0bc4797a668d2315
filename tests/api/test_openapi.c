/*
 * test_openapi.c: docs/openapi.yaml and the server's route table
 * (src/api/api.c) describe the same operations: every route is in the
 * document with its method, and every path and method of the document is a
 * route.
 *
 * The document is read by a small line scanner over its fixed layout, not a
 * YAML parser: under the top-level "paths:", a path key is two spaces, a
 * "/..." and a colon; an operation is four spaces, a method name and a
 * colon; the next top-level key ends the paths.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/api.h"
#include "harness.h"

#define MAX_OPS 512
#define PATH_SIZE 256

#define MAX_CODES 24

struct op {
    char method[8]; /* upper case, as the route table names it: "GET" */
    char path[PATH_SIZE];
    bool body;            /* has a requestBody */
    int codes[MAX_CODES]; /* the statuses under its responses */
    int n_codes;
};

struct doc {
    char *text;
    struct op ops[MAX_OPS];
    size_t n_ops;
    bool saw_paths;   /* a top-level "paths:" was found */
    int stray_method; /* line of a method found before any path, or 0 */
};

static const char *const methods[] = {"get",   "put",     "post", "delete",
                                      "patch", "options", "head", "trace"};

/* ==================== The scanner ==================== */

/* The key of a YAML line "KEY:" (nothing after the colon but spaces or a
 * comment) into out, with quotes removed; false when the line is not that. */
static bool line_key(const char *line, size_t len, char *out, size_t size)
{
    size_t end = len, n;

    while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'))
        end--;
    for (size_t i = 0; i < end; i++)
        if (line[i] == '#' && i > 0 && line[i - 1] == ' ') {
            end = i;
            while (end > 0 && line[end - 1] == ' ')
                end--;
            break;
        }
    if (end == 0 || line[end - 1] != ':')
        return false;
    n = end - 1;
    if (n >= 2 && (line[0] == '\'' || line[0] == '"') && line[n - 1] == line[0]) {
        line++;
        n -= 2;
    }
    if (n == 0 || n >= size)
        return false;
    memcpy(out, line, n);
    out[n] = '\0';
    return true;
}

static bool is_method(const char *word)
{
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
        if (strcmp(word, methods[i]) == 0)
            return true;
    return false;
}

/* Fills d->ops from the paths section of text (which d does not own). */
static void scan(struct doc *d, const char *text)
{
    char path[PATH_SIZE] = "", key[PATH_SIZE];
    bool in_paths = false;
    int lineno = 0;
    struct op *cur = NULL; /* the operation whose lines these are */

    d->n_ops = 0;
    d->saw_paths = false;
    d->stray_method = 0;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);

        lineno++;
        if (!in_paths) {
            if (line_key(line, len, key, sizeof(key)) && strcmp(key, "paths") == 0) {
                in_paths = true;
                d->saw_paths = true;
            }
        } else if (len > 0 && line[0] != ' ' && line[0] != '#' && line[0] != '\r') {
            break; /* the next top-level key */
        } else if (len > 3 && strncmp(line, "  ", 2) == 0 &&
                   (line[2] == '/' || ((line[2] == '\'' || line[2] == '"') && line[3] == '/'))) {
            if (!line_key(line + 2, len - 2, path, sizeof(path)))
                path[0] = '\0';
            cur = NULL;
        } else if (len > 4 && strncmp(line, "    ", 4) == 0 && isalpha((unsigned char)line[4]) &&
                   line_key(line + 4, len - 4, key, sizeof(key)) && is_method(key)) {
            if (!path[0]) {
                if (!d->stray_method)
                    d->stray_method = lineno;
            } else if (d->n_ops < MAX_OPS) {
                struct op *o = &d->ops[d->n_ops++];
                size_t k;
                memset(o, 0, sizeof(*o));
                cur = o;
                for (k = 0; key[k] && k + 1 < sizeof(o->method); k++)
                    o->method[k] = (char)toupper((unsigned char)key[k]);
                o->method[k] = '\0';
                snprintf(o->path, sizeof(o->path), "%s", path);
            }
        } else if (cur && len > 6 && strncmp(line, "      ", 6) == 0 && line[6] != ' ' &&
                   line_key(line + 6, len - 6, key, sizeof(key))) {
            cur->body |= strcmp(key, "requestBody") == 0;
        } else if (cur && len > 8 && strncmp(line, "        ", 8) == 0 && line[8] != ' ' &&
                   line_key(line + 8, len - 8, key, sizeof(key)) && strlen(key) == 3 &&
                   isdigit((unsigned char)key[0]) && cur->n_codes < MAX_CODES) {
            cur->codes[cur->n_codes++] = (int)strtol(key, NULL, 10);
        }
        line = nl ? nl + 1 : line + len;
    }
}

static bool has_op(const struct doc *d, const char *method, const char *path)
{
    for (size_t i = 0; i < d->n_ops; i++)
        if (strcmp(d->ops[i].method, method) == 0 && strcmp(d->ops[i].path, path) == 0)
            return true;
    return false;
}

static bool is_route(const char *method, const char *path)
{
    for (size_t i = 0; i < api_route_count(); i++) {
        const char *m, *p;
        api_route_at(i, &m, &p);
        if (strcmp(m, method) == 0 && strcmp(p, path) == 0)
            return true;
    }
    return false;
}

/* ==================== The document ==================== */

static int load(void **state)
{
    static struct doc d;
    const char *name = MOVERX_SOURCE_DIR "/docs/openapi.yaml";

    memset(&d, 0, sizeof(d));
    d.text = read_whole_file(name, NULL);
    if (!d.text) {
        fprintf(stderr, "cannot read %s\n", name);
        return -1;
    }
    scan(&d, d.text);
    *state = &d;
    return 0;
}

static int unload(void **state)
{
    struct doc *d = *state;
    free(d->text);
    return 0;
}

/* ==================== Tests ==================== */

static void document_is_openapi_3_1(void **state)
{
    const struct doc *d = *state;

    assert_true(strncmp(d->text, "openapi: 3.1", strlen("openapi: 3.1")) == 0);
    assert_true(d->saw_paths);
    assert_int_equal(d->stray_method, 0);
    assert_true(d->n_ops > 0);
    assert_true(d->n_ops < MAX_OPS);
}

/*
 * A plain (unquoted) YAML value may not hold ": " (a real parser stops there: "mapping values
 * are not allowed here"), which this scanner would never notice. Every "key: value" line
 * outside a block scalar (after "key: |" or ">", the lines indented deeper) whose value is
 * not quoted, a block or a flow collection must be free of it. A 409's description was.
 */
static bool plain_value_ok(const char *line, size_t len, size_t *indent_out, bool *opens_block)
{
    size_t i = 0, key;
    const char *v;
    size_t vlen;

    while (i < len && line[i] == ' ')
        i++;
    *indent_out = i;
    *opens_block = false;
    if (i < len && line[i] == '-') /* a list item: "- $ref: ..." and the like */
        for (i++; i < len && line[i] == ' '; i++)
            ;
    key = i;
    while (i < len && (isalnum((unsigned char)line[i]) || strchr("_$-'/{}.", line[i])))
        i++;
    if (i == key || i + 1 >= len || line[i] != ':' || line[i + 1] != ' ')
        return true; /* not a "key: value" line */
    v = line + i + 2;
    vlen = len - i - 2;
    if (vlen == 0)
        return true;
    if (*v == '|' || *v == '>') {
        *opens_block = true;
        return true;
    }
    if (*v == '\'' || *v == '"' || *v == '[' || *v == '{')
        return true;
    for (size_t k = 0; k + 1 < vlen; k++)
        if (v[k] == ':' && v[k + 1] == ' ')
            return false;
    return true;
}

static void plain_values_parse_as_yaml(void **state)
{
    const struct doc *d = *state;
    const char *line = d->text;
    size_t block = 0; /* the indentation of the key that opened a block scalar; 0: none */
    int n = 1;

    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line), indent = 0, k = 0;
        bool opens = false;
        while (k < len && line[k] == ' ')
            k++;
        if (block && (k == len || k > block)) {
            /* inside the block scalar: its text is free */
        } else {
            block = 0;
            if (!plain_value_ok(line, len, &indent, &opens))
                fail_msg("docs/openapi.yaml:%d: a plain value with \": \" in it: quote it, or "
                         "use a block (|): %.*s",
                         n, (int)len, line);
            if (opens)
                block = indent ? indent : 1;
        }
        if (!nl)
            break;
        line = nl + 1;
        n++;
    }
}

static void every_route_is_documented(void **state)
{
    const struct doc *d = *state;
    size_t missing = 0;

    assert_true(api_route_count() > 0);
    for (size_t i = 0; i < api_route_count(); i++) {
        const char *m, *p;
        api_route_at(i, &m, &p);
        if (!has_op(d, m, p)) {
            fprintf(stderr, "docs/openapi.yaml lacks the route %s %s\n", m, p);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void every_documented_operation_is_a_route(void **state)
{
    const struct doc *d = *state;
    size_t extra = 0;

    for (size_t i = 0; i < d->n_ops; i++)
        if (!is_route(d->ops[i].method, d->ops[i].path)) {
            fprintf(stderr, "docs/openapi.yaml has %s %s, which is no route of src/api/api.c\n",
                    d->ops[i].method, d->ops[i].path);
            extra++;
        }
    assert_int_equal(extra, 0);
}

/* Each operation once in the document and in the route table, so that the
 * two lists match one for one. */
static void no_operation_twice(void **state)
{
    const struct doc *d = *state;
    size_t twice = 0;

    for (size_t i = 0; i < d->n_ops; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(d->ops[i].method, d->ops[j].method) == 0 &&
                strcmp(d->ops[i].path, d->ops[j].path) == 0) {
                fprintf(stderr, "docs/openapi.yaml has %s %s twice\n", d->ops[i].method,
                        d->ops[i].path);
                twice++;
            }
    for (size_t i = 0; i < api_route_count(); i++)
        for (size_t j = 0; j < i; j++) {
            const char *mi, *pi, *mj, *pj;
            api_route_at(i, &mi, &pi);
            api_route_at(j, &mj, &pj);
            if (strcmp(mi, mj) == 0 && strcmp(pi, pj) == 0) {
                fprintf(stderr, "the route table has %s %s twice\n", mi, pi);
                twice++;
            }
        }
    assert_int_equal(twice, 0);
    assert_int_equal(d->n_ops, api_route_count());
}

static bool documents(const struct op *o, int code)
{
    for (int i = 0; i < o->n_codes; i++)
        if (o->codes[i] == code)
            return true;
    return false;
}

/* The answers every request of a kind can get, whatever its handler does:
 * a body can be malformed (400), too large (413) or not JSON (415); every
 * request but a GET passes the body limit (413) and a path known with
 * another method gets 405; anything can fail inside (500). */
static void every_operation_documents_the_common_answers(void **state)
{
    const struct doc *d = *state;
    size_t missing = 0;

    for (size_t i = 0; i < d->n_ops; i++) {
        const struct op *o = &d->ops[i];
        int need[6], n = 0;
        need[n++] = 500;
        if (strcmp(o->method, "GET") != 0) {
            need[n++] = 405;
            need[n++] = 413;
        }
        if (o->body) {
            need[n++] = 400;
            need[n++] = 415;
        }
        for (int k = 0; k < n; k++)
            if (!documents(o, need[k])) {
                fprintf(stderr, "docs/openapi.yaml: %s %s does not document %d\n", o->method,
                        o->path, need[k]);
                missing++;
            }
    }
    assert_int_equal(missing, 0);
}

/* The scanner itself: path and method keys only at their indentation, other
 * keys ignored, the paths ending at the next top-level key. */
static void scanner_reads_the_layout(void **state)
{
    static struct doc d;
    const char *text = "openapi: 3.1.0\n"
                       "info:\n"
                       "  /not-a-path:\n"
                       "    get:\n"
                       "paths:\n"
                       "  # a comment\n"
                       "  /a/{id}:\n"
                       "    parameters:\n"
                       "      - name: id\n"
                       "    get:\n"
                       "      summary: x\n"
                       "      responses:\n"
                       "        '200':\n"
                       "          description: post:\n"
                       "\n"
                       "    post:   # writes\n"
                       "      requestBody:\n"
                       "        required: true\n"
                       "      responses:\n"
                       "        '201':\n"
                       "          description: made\n"
                       "        '415':\n"
                       "  '/b':\r\n"
                       "    delete:\r\n"
                       "components:\n"
                       "  /c:\n"
                       "    put:\n";
    (void)state;

    scan(&d, text);
    assert_true(d.saw_paths);
    assert_int_equal(d.stray_method, 0);
    assert_int_equal(d.n_ops, 3);
    assert_string_equal(d.ops[0].method, "GET");
    assert_string_equal(d.ops[0].path, "/a/{id}");
    assert_false(d.ops[0].body);
    assert_int_equal(d.ops[0].n_codes, 1);
    assert_int_equal(d.ops[0].codes[0], 200);
    assert_true(d.ops[1].body);
    assert_int_equal(d.ops[1].n_codes, 2);
    assert_int_equal(d.ops[1].codes[1], 415);
    assert_string_equal(d.ops[1].method, "POST");
    assert_string_equal(d.ops[1].path, "/a/{id}");
    assert_string_equal(d.ops[2].method, "DELETE");
    assert_string_equal(d.ops[2].path, "/b");

    scan(&d, "openapi: 3.1.0\npaths:\n    get:\n  /x:\n    get:\n");
    assert_int_equal(d.stray_method, 3);
    assert_int_equal(d.n_ops, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scanner_reads_the_layout),
        cmocka_unit_test(document_is_openapi_3_1),
        cmocka_unit_test(plain_values_parse_as_yaml),
        cmocka_unit_test(every_route_is_documented),
        cmocka_unit_test(every_documented_operation_is_a_route),
        cmocka_unit_test(no_operation_twice),
        cmocka_unit_test(every_operation_documents_the_common_answers),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
