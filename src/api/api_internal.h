/*
 * api_internal.h: what the files of src/api/ share: the server's state, one
 * call (a request being answered), replies and errors, authorization.
 */
#ifndef MOVERX_API_INTERNAL_H
#define MOVERX_API_INTERNAL_H

#include <jansson.h>

#include "api/api.h"
#include "api/auth_cache.h"
#include "api/metrics.h"
#include "api/readers.h"
#include "api/throttle.h"
#include "api/today_cache.h"
#include "api/writer.h"
#include "auth/token.h"
#include "common/xalloc.h"
#include "records/records.h"
#include "store/store.h"

struct api {
    struct api_config cfg;
    const struct data_set *data;
    struct readers *readers;
    struct writer *writer;
    struct metrics *metrics;
    struct throttle *throttle;
    struct today_cache *today;   /* rendered views of today's plan, or NULL */
    struct auth_cache *auth;     /* sessions and care teams as last read, or NULL */
    json_t *rules;               /* the rules in force, as loaded at start, for GET /api/v1/rules */
    struct records_memo *memo;   /* the writer's: parsed intakes and plans (records.h) */
    struct review_sweep *sweep;  /* the daily review of running programs, or NULL (off) */
    struct remind_sweep *remind; /* the reminders, or NULL (off) */
    char *vapid_pem;             /* the server's Web Push key (made on first start) */
    char vapid_public[96];       /* its public half, the browsers' applicationServerKey */
};

/* Who is calling: the session's user, when signed in. */
struct caller {
    bool signed_in;
    struct user_rec user; /* strings copied into the request's arena */
    char token[TOKEN_TEXT_SIZE];
    char token_hash[TOKEN_TEXT_SIZE];
    char csrf_hash[TOKEN_TEXT_SIZE];
};

/* One request being answered. */
struct call {
    struct api *api;
    const struct http_request *req;
    struct http_reply *rep;
    struct caller who;
    const char *const *params; /* the route's {name} segments */
    struct store *rs;          /* this request's read connection, in a read transaction */
    long long auth_rev;        /* the accounts revision in rs's snapshot, when known */
    bool auth_rev_known;
    const char *client; /* the client's address (X-Forwarded-For from a trusted proxy) */
    long long now_s;
    char now[STORE_TS_SIZE];
    long today; /* UTC date */
};

typedef void (*api_fn)(struct call *c);

/* ==================== Replies (reply.c) ==================== */

/* A JSON reply; takes the reference to body. */
void reply_json(struct call *c, int status, json_t *body);
/* A reply of content_type (a constant); takes text (malloc'd, len bytes). */
void reply_text(struct call *c, int status, const char *content_type, char *text, size_t len);
/* A reply of JSON text already rendered; takes text (malloc'd, len bytes). */
void reply_json_text(struct call *c, int status, char *text, size_t len);
/* A prepared body (http.h) as the reply; takes the reference. */
void reply_prepared(struct call *c, int status, struct http_prepared *body);
/* {"error":{"code","message","field"}}. */
void reply_error(struct call *c, int status, const char *code, const char *field, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));
/* 429 "too_many_attempts" with Retry-After: the throttle asks to wait `wait`
 * seconds; `what` names what failed too often ("sign-ins"). */
void reply_throttled(struct call *c, unsigned wait, const char *what);
/* The reply for an error from the records or the store: 400 naming the field,
 * 404, 409 for a conflict with what is stored, 500 (details only in the log). */
void reply_mrx(struct call *c, int rc, const struct mrx_err *err);
void reply_not_found(struct call *c);

/* Where patients open the app: the configured public_url, else this request's
 * own host (a plain host[:port] only); NULL when neither can be trusted (patients.c). */
const char *call_app_url(struct call *c);

/* ==================== Bodies (body.c) ==================== */

enum field_type { F_STRING, F_INT, F_BOOL, F_DATE, F_ARRAY, F_OBJECT };

struct field_spec {
    const char *name;
    enum field_type type;
    bool required;
    long min, max; /* F_INT: the range; F_STRING: the length in bytes */
};

/* The request body as a JSON object whose fields are all in spec, of the
 * right type and range. Replies 400 naming the field and returns NULL otherwise. */
json_t *body_object(struct call *c, const struct field_spec *spec);
/* A field's value, or dflt when absent or null. */
long body_int(const json_t *o, const char *name, long dflt);
const char *body_str(const json_t *o, const char *name);
bool body_bool(const json_t *o, const char *name);
long body_date(const json_t *o, const char *name, long dflt);

/* ==================== Callers and access (access.c) ==================== */

/* The records context for this call on store s: reads send their audit
 * events to the writer's queue; writes (on the writer's store) keep theirs
 * in the transaction. */
struct records call_records(struct call *c, struct store *s, bool read);

/* An audit event of this call, queued (outcome "denied", "invalid", ...). */
void call_audit(struct call *c, const char *org_id, const char *action, const char *patient_id,
                const char *outcome);

/* Whether the caller may see the patient: the patient themself, a clinician
 * on their care team, an admin of their organization. Otherwise replies 404
 * (whether or not the patient exists) and audits the refusal. */
bool access_patient(struct call *c, const char *patient_id, const char *action,
                    struct patient_rec *out);

/* Runs a write in the writer's next batch; true when it is durable. Replies
 * the error otherwise (and audits it against the patient, when one is given). */
bool call_write(struct call *c, write_fn fn, void *arg, const char *org_id, const char *action,
                const char *patient_id);

/* ==================== Idempotency keys (idempotency.c) ==================== */

/* The request's Idempotency-Key header, or NULL; false after replying 400. */
bool idem_key(struct call *c, const char **key);
/* Whether the caller already used the key: then replies its first answer
 * again (or 422 when the key came with another request) and returns true. */
bool idem_replay(struct call *c, const char *key);
/* In the write's own job: keeps its answer under the key (nothing without one). */
int idem_record(struct store *s, struct call *c, const char *key, int status, const json_t *out,
                struct mrx_err *err);

/* ==================== Sessions (session.c) ==================== */

/* Finds the caller's session from the cookie; expired sessions are ended. */
void session_resolve(struct call *c);
/* Whether a write made with the session cookie carries the right X-CSRF-Token. */
bool session_csrf_ok(struct call *c);

#define SESSION_COOKIE "mrx_session"

/* ==================== Handlers ==================== */

void h_healthz(struct call *c);
void h_metrics(struct call *c);
void h_login(struct call *c);
void h_logout(struct call *c);
void h_me(struct call *c);
void h_patient(struct call *c);
void h_care_team(struct call *c);
void h_today(struct call *c);
void h_progress(struct call *c);
void h_weekly(struct call *c);
void h_reminders(struct call *c);
void h_reminders_set(struct call *c);
void h_calendar_new(struct call *c);
void h_calendar_revoke(struct call *c);
void h_calendar_download(struct call *c);
void h_calendar_feed(struct call *c);
void h_push_key(struct call *c);
void h_push_subscribe(struct call *c);
void h_push_unsubscribe(struct call *c);
void h_mail(struct call *c);
void h_mail_set(struct call *c);
void h_plan(struct call *c);
void h_session_add(struct call *c);
void h_checkin_add(struct call *c);
void h_flare(struct call *c);
void h_patient_triage(struct call *c);
void h_program_resume(struct call *c);
void h_assessment_add(struct call *c);
void h_checkin_questions(struct call *c);
void h_messages(struct call *c);
void h_messages_read(struct call *c);
void h_unread(struct call *c);
void h_message_send(struct call *c);
void h_export(struct call *c);
void h_handout(struct call *c);
void h_alerts(struct call *c);
void h_alert_ack(struct call *c);
void h_alert_resolve(struct call *c);
void h_panel(struct call *c);
void h_static(struct call *c);
void h_patient_add(struct call *c);
void h_care_add(struct call *c);
void h_care_remove(struct call *c);
void h_user_update(struct call *c);
void h_intake(struct call *c);
void h_restart(struct call *c);
void h_discharge_decide(struct call *c);
void h_plan_change(struct call *c);
void h_lessons(struct call *c);
void h_users(struct call *c);
void h_outcomes(struct call *c);
void h_tasks(struct call *c);
void h_patient_tasks(struct call *c);
void h_task_done(struct call *c);
void h_org(struct call *c);
void h_org_update(struct call *c);
void h_rules(struct call *c);
void h_invite(struct call *c);
void h_invite_accept(struct call *c);
void h_lesson(struct call *c);
void h_exercises(struct call *c);
void h_exercise(struct call *c);
void h_instrument(struct call *c);
void h_triage(struct call *c);

#endif
