/*
 * harness.h: what the server's tests share: a real `moverx serve` on an
 * ephemeral port of 127.0.0.1 with a temporary store, set-up through the
 * real command line, and an HTTP client (libcurl) that keeps each caller's
 * session cookie and CSRF token.
 */
#ifndef MOVERX_TEST_HARNESS_H
#define MOVERX_TEST_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct server {
    pid_t pid;
    unsigned port;
    char dir[256]; /* the temporary directory: store, logs */
    char db[300];
    char base[64]; /* "http://127.0.0.1:PORT" */
};

/* Creates the directory and the store (moverx init); does not start serving. */
void server_prepare(struct server *s);
/* Starts serving (extra env as "NAME=value" strings, NULL-terminated, may be NULL)
 * and waits until /healthz answers. */
void server_start(struct server *s, const char *const *env);
/* The same with more arguments after serve's own (NULL-terminated, may be NULL). */
void server_start_args(struct server *s, const char *const *env, const char *const *extra);
/* SIGTERM, waits for a clean exit (status 0), removes the directory unless keep. */
void server_stop(struct server *s, bool keep);

/* Runs `moverx ARGS... --db <store>` with input on stdin; returns its stdout
 * as JSON (the test fails on a non-zero exit). Caller decrefs. */
json_t *server_cli(struct server *s, const char *input, const char *const *args);
#define CLI_ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
/* The "id" a set-up command printed, copied into out (STORE_ID_SIZE). */
void server_cli_id(struct server *s, const char *input, const char *const *args, char *out);

/* One caller: a session cookie and its CSRF token, or neither (anonymous). */
struct client {
    char token[80];
    char csrf[80];
};

struct response {
    long status;
    char *body; /* malloc'd, with a terminator */
    size_t len;
    char *headers; /* all response headers as received */
    json_t *json;  /* the body parsed, or NULL */
};

/*
 * One request. body may be NULL; headers is an optional NULL-terminated list
 * of extra "Name: value" lines. The client's cookie is sent when it has one,
 * and X-CSRF-Token on methods other than GET when it has a token (set
 * c->csrf[0] = 0 to leave it out).
 */
void http_do(struct server *s, const struct client *c, const char *method, const char *path,
             const char *body, const char *const *headers, struct response *out);
void response_free(struct response *r);
/* A header's value (case-insensitive name) copied into buf, or false. */
bool response_header(const struct response *r, const char *name, char *buf, size_t size);

/* A whole file with a terminator (caller frees), or NULL; *len its size when len is not NULL. */
char *read_whole_file(const char *path, size_t *len);

/* Signs in (asserting 200) and fills c; returns the user JSON (caller decrefs). */
json_t *login(struct server *s, struct client *c, const char *email, const char *password);

/* ==================== The world of the authorization tests ==================== */

/*
 * Two organizations. Org 1: patients A and B (each with an account and a
 * program from examples/intake.json, started a week ago), clinician 1 on
 * A's care team (and B's), clinician 2 of the same organization on no care
 * team, admin 1. Org 2: clinician 3 and admin 2, and patient C.
 * Every password is WORLD_PASSWORD.
 */
#define WORLD_PASSWORD "correct horse battery"

enum caller_id {
    ANON,
    PATIENT_A,
    PATIENT_B,
    CLIN_A,      /* on A's care team */
    CLIN_SAME,   /* same organization, not on A's team */
    CLIN_OTHER,  /* another organization */
    ADMIN,       /* A's organization */
    ADMIN_OTHER, /* another organization */
    N_CALLERS
};

struct world {
    char org1[40], org2[40];
    char patient_a[40], patient_b[40], patient_c[40];
    char user[N_CALLERS][40]; /* the account ids ("" for ANON) */
    struct client who[N_CALLERS];
    char start[16], today[16]; /* the programs' start and today's date (UTC) */
};

extern const char *const caller_names[N_CALLERS];
/* Each caller's e-mail (NULL for ANON). */
extern const char *const world_emails[N_CALLERS];

/* Sets the world up through the command line and signs everyone in. */
void world_build(struct server *s, struct world *w);

#endif
