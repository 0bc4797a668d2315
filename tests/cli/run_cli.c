/*
 * run_cli.c: runs the data-driven command-line cases in tests/cli/NAME.cases
 * against the real moverx binary, one cmocka test per case.
 *
 * A case:
 *   === cli-1.1: what it checks
 *   $ score odi --answers 1,2 --json     arguments ('a b' is one argument, '' an
 *                                        empty one, @SRC@ the source directory)
 *   < a line of standard input            (any number)
 *   stdin-from PATH                       standard input opened from PATH
 *   exit 2                                expected exit status (required)
 *   json {"a":1}                          stdout is one JSON object containing
 *                                         these members with these exact types
 *   stdout TEXT / stderr TEXT             the output contains TEXT
 *   stdout^ TEXT                          stdout starts with TEXT
 *   allow-stdout                          an exit-2 case may print a report
 * In TEXT, \n stands for a newline and \\ for a backslash.
 * Every case that exits 2 must also print nothing on stdout and exactly one
 * line "moverx: ..." on stderr (CONTRACT.md).
 */
#include "compat.h"

#include <fcntl.h>
#include <jansson.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/xalloc.h"

extern char **environ;

#define MAX_LINES 32

struct cli_case {
    char *id;
    char *args;
    char *checks[MAX_LINES]; /* "exit 2", "json {...}", ... */
    int n_checks;
    char *stdin_text;
    char *stdin_path; /* "stdin-from PATH": standard input opened from PATH */
    bool has_exit;
};

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return xstrdup("");
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = xmalloc((size_t)n + 1);
    buf[fread(buf, 1, (size_t)n, f)] = '\0';
    fclose(f);
    return buf;
}

/* Replaces every @SRC@ with the source directory (a new string). */
static char *expand_src(const char *line)
{
    size_t n = 0, src = strlen(MOVERX_SOURCE_DIR);
    char *out, *p;

    for (const char *s = line; (s = strstr(s, "@SRC@")) != NULL; s += 5)
        n++;
    out = p = xmalloc(strlen(line) + n * src + 1);
    for (const char *s = line; *s;) {
        if (strncmp(s, "@SRC@", 5) == 0) {
            memcpy(p, MOVERX_SOURCE_DIR, src);
            p += src;
            s += 5;
        } else {
            *p++ = *s++;
        }
    }
    *p = '\0';
    return out;
}

/* Splits on spaces; 'quoted text' is one argument (so '' is an empty one). */
static int split_args(const char *line, char **argv, int max)
{
    char *copy = expand_src(line), *tok = copy;
    int n = 0;

    argv[n++] = xstrdup(MOVERX_BIN);
    while (*tok && n < max - 1) {
        char *end;
        while (*tok == ' ')
            tok++;
        if (!*tok)
            break;
        if (*tok == '\'') {
            end = strchr(++tok, '\'');
            assert_non_null(end); /* an unclosed quote is a broken case */
        } else {
            end = tok + strcspn(tok, " ");
        }
        argv[n++] = xstrndup(tok, (size_t)(end - tok));
        tok = *end ? end + 1 : end;
    }
    free(copy);
    argv[n] = NULL;
    return n;
}

struct run_result {
    int status;
    char *out, *err;
};

static struct run_result run_case(const struct cli_case *c)
{
    char in_path[] = "/tmp/moverx-cli-in-XXXXXX", out_path[] = "/tmp/moverx-cli-out-XXXXXX",
         err_path[] = "/tmp/moverx-cli-err-XXXXXX";
    int in_fd = mkstemp(in_path), out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
    posix_spawn_file_actions_t fa;
    struct run_result r = {0};
    char *argv[64];
    int argc = split_args(c->args, argv, 64), wstatus;
    pid_t pid;

    assert_true(in_fd >= 0 && out_fd >= 0 && err_fd >= 0);
    if (c->stdin_path) {
        char *path = expand_src(c->stdin_path);
        close(in_fd);
        in_fd = open(path, O_RDONLY);
        free(path);
        assert_true(in_fd >= 0);
    }
    if (c->stdin_text)
        assert_true(write(in_fd, c->stdin_text, strlen(c->stdin_text)) >= 0);
    lseek(in_fd, 0, SEEK_SET);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, argv, environ), 0);
    assert_int_equal(waitpid(pid, &wstatus, 0), pid);
    posix_spawn_file_actions_destroy(&fa);
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    close(in_fd);
    close(out_fd);
    close(err_fd);
    unlink(in_path); /* harmless when stdin came from stdin_path */
    unlink(out_path);
    unlink(err_path);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return r;
}

/* Every member of `want` is in `got` with an equal value of the same type. */
static bool json_subset(json_t *want, json_t *got)
{
    const char *key;
    json_t *v;
    size_t i;

    if (json_is_object(want)) {
        if (!json_is_object(got))
            return false;
        json_object_foreach(want, key,
                            v) if (!json_subset(v, json_object_get(got, key))) return false;
        return true;
    }
    if (json_is_array(want)) {
        if (!json_is_array(got) || json_array_size(want) != json_array_size(got))
            return false;
        json_array_foreach(want, i, v) if (!json_subset(v, json_array_get(got, i))) return false;
        return true;
    }
    return got && json_equal(want, got);
}

static void check_json(const char *expected, const char *out, const char *id)
{
    json_error_t e;
    json_t *want = json_loads(expected, 0, &e), *got = json_loads(out, 0, &e);

    if (!want)
        fail_msg("%s: bad expected JSON: %s", id, expected);
    if (!got || !json_is_object(got))
        fail_msg("%s: stdout is not one JSON object: %s", id, out);
    if (!json_subset(want, got))
        fail_msg("%s: stdout %s does not contain %s", id, out, expected);
    json_decref(want);
    json_decref(got);
}

static void check_one(const char *check, const struct run_result *r, const char *id)
{
    if (strcmp(check, "allow-stdout") == 0)
        return;
    if (strncmp(check, "exit ", 5) == 0) {
        if (r->status != (int)strtol(check + 5, NULL, 10))
            fail_msg("%s: exit %d, expected %s\nstdout: %s\nstderr: %s", id, r->status, check + 5,
                     r->out, r->err);
    } else if (strncmp(check, "json ", 5) == 0) {
        check_json(check + 5, r->out, id);
    } else if (strncmp(check, "stdout^ ", 8) == 0) {
        if (strncmp(r->out, check + 8, strlen(check + 8)) != 0)
            fail_msg("%s: stdout does not start with '%s':\n%s", id, check + 8, r->out);
    } else if (strncmp(check, "stdout ", 7) == 0) {
        if (!strstr(r->out, check + 7))
            fail_msg("%s: stdout lacks '%s':\n%s", id, check + 7, r->out);
    } else if (strncmp(check, "stderr ", 7) == 0) {
        if (!strstr(r->err, check + 7))
            fail_msg("%s: stderr lacks '%s':\n%s", id, check + 7, r->err);
    } else {
        fail_msg("%s: unknown check '%s'", id, check);
    }
}

/* CONTRACT.md: bad input is exit 2 and one line "moverx: <what>: <why>". */
static void check_bad_input_shape(const struct run_result *r, const char *id, bool allow_stdout)
{
    const char *nl = strchr(r->err, '\n');
    if (r->out[0] && !allow_stdout)
        fail_msg("%s: bad input must print nothing on stdout, got: %s", id, r->out);
    if (strncmp(r->err, "moverx: ", 8) != 0 || !nl || nl[1] != '\0')
        fail_msg("%s: stderr must be exactly one 'moverx: ' line, got: %s", id, r->err);
}

static bool has_check(const struct cli_case *c, const char *check)
{
    for (int i = 0; i < c->n_checks; i++)
        if (strcmp(c->checks[i], check) == 0)
            return true;
    return false;
}

static void run_one(void **state)
{
    const struct cli_case *c = *state;
    struct run_result r;

    if (!c->has_exit)
        fail_msg("%s: every case must say which exit status it expects", c->id);
    r = run_case(c);
    for (int i = 0; i < c->n_checks; i++)
        check_one(c->checks[i], &r, c->id);
    if (r.status == 2)
        check_bad_input_shape(&r, c->id, has_check(c, "allow-stdout"));
    if (r.status >= 128)
        fail_msg("%s: crashed with signal %d\n%s", c->id, r.status - 128, r.err);
    free(r.out);
    free(r.err);
}

/* Copies the line without its newline, turning the two characters \n into a newline. */
static char *chomp_dup(const char *s)
{
    size_t n = strcspn(s, "\n"), k = 0;
    char *out = xmalloc(n + 1);

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == 'n' || s[i + 1] == '\\')) {
            out[k++] = s[i + 1] == 'n' ? '\n' : '\\';
            i++;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = '\0';
    return out;
}

/* Parses a .cases file into *cases (appending). */
static void parse_cases(const char *path, struct cli_case **cases, size_t *n, size_t *cap)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    struct cli_case *c = NULL;

    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "=== ", 4) == 0) {
            xgrow((void **)cases, cap, *n + 1, sizeof(**cases));
            c = &(*cases)[(*n)++];
            memset(c, 0, sizeof(*c));
            c->id = chomp_dup(line + 4);
        } else if (!c || line[0] == '#' || line[0] == '\n') {
            continue;
        } else if (strncmp(line, "$ ", 2) == 0) {
            c->args = chomp_dup(line + 2);
        } else if (strncmp(line, "< ", 2) == 0) {
            size_t old = c->stdin_text ? strlen(c->stdin_text) : 0;
            c->stdin_text = xrealloc(c->stdin_text, old + strlen(line));
            memcpy(c->stdin_text + old, line + 2, strlen(line + 2) + 1);
        } else if (strncmp(line, "stdin-from ", 11) == 0) {
            c->stdin_path = chomp_dup(line + 11);
        } else if (c->n_checks < MAX_LINES) {
            c->has_exit |= strncmp(line, "exit ", 5) == 0;
            c->checks[c->n_checks++] = chomp_dup(line);
        } else {
            fprintf(stderr, "%s: case '%s' has more than %d checks\n", path, c->id, MAX_LINES);
            exit(1);
        }
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    struct cli_case *cases = NULL;
    struct CMUnitTest *tests;
    size_t n = 0, cap = 0;
    int failed;

    unsetenv("MOVERX_DATA");
    for (int i = 1; i < argc; i++)
        parse_cases(argv[i], &cases, &n, &cap);
    tests = xcalloc(n, sizeof(*tests));
    for (size_t i = 0; i < n; i++) {
        tests[i].name = cases[i].id;
        tests[i].test_func = run_one;
        tests[i].initial_state = &cases[i];
    }
    failed = _cmocka_run_group_tests("cli", tests, n, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        free(cases[i].id);
        free(cases[i].args);
        free(cases[i].stdin_text);
        free(cases[i].stdin_path);
        for (int k = 0; k < cases[i].n_checks; k++)
            free(cases[i].checks[k]);
    }
    free(cases);
    free(tests);
    return failed;
}
