/*
 * api.c: the server's state, the route table and the dispatch of each
 * request: match the route, find the session, check CSRF and role, run the
 * handler inside a read transaction (see api.h).
 */
#include "compat.h"

#include <time.h>

#include "api/api_internal.h"
#include "api/remind_sweep.h"
#include "api/review_sweep.h"
#include "common/date.h"
#include "http/router.h"
#include "notify/webpush.h"

/* ==================== Routes ==================== */

enum {
    PUBLIC = 0,       /* no session needed */
    SESSION = 1 << 0, /* any signed-in user */
    R_PATIENT = 1 << 1,
    R_CLINICIAN = 1 << 2,
    R_ADMIN = 1 << 3,
    CARE = R_CLINICIAN | R_ADMIN,
};

struct api_route {
    struct route r; /* first: the router sees an array of these */
    const char *name;
    api_fn fn;
    unsigned flags; /* SESSION and the roles allowed (none listed: every role) */
};

#define ROUTE(m, p, fn, flags)                                                                     \
    {                                                                                              \
        {m, p}, #m " " p, fn, flags                                                                \
    }

/* Keep in step with docs/openapi.yaml: a test compares the two. */
static const struct api_route routes[] = {
    {{HTTP_GET, "/healthz"}, "GET /healthz", h_healthz, PUBLIC},
    {{HTTP_GET, "/metrics"}, "GET /metrics", h_metrics, PUBLIC},
    {{HTTP_POST, "/api/v1/login"}, "POST /api/v1/login", h_login, PUBLIC},
    {{HTTP_POST, "/api/v1/logout"}, "POST /api/v1/logout", h_logout, SESSION},
    {{HTTP_GET, "/api/v1/me"}, "GET /api/v1/me", h_me, SESSION},
    {{HTTP_GET, "/api/v1/checkin-questions"},
     "GET /api/v1/checkin-questions",
     h_checkin_questions,
     SESSION},
    {{HTTP_POST, "/api/v1/invitations/accept"},
     "POST /api/v1/invitations/accept",
     h_invite_accept,
     PUBLIC},
    {{HTTP_POST, "/api/v1/invitations"}, "POST /api/v1/invitations", h_invite, SESSION | CARE},
    {{HTTP_GET, "/api/v1/users"}, "GET /api/v1/users", h_users, SESSION | R_ADMIN},
    {{HTTP_PATCH, "/api/v1/users/{id}"},
     "PATCH /api/v1/users/{id}",
     h_user_update,
     SESSION | R_ADMIN},
    {{HTTP_POST, "/api/v1/patients"},
     "POST /api/v1/patients",
     h_patient_add,
     SESSION | R_CLINICIAN | R_ADMIN},
    {{HTTP_POST, "/api/v1/patients/{id}/care-team"},
     "POST /api/v1/patients/{id}/care-team",
     h_care_add,
     SESSION | R_ADMIN},
    {{HTTP_GET, "/api/v1/patients/{id}/care-team"},
     "GET /api/v1/patients/{id}/care-team",
     h_care_team,
     SESSION | CARE},
    {{HTTP_DELETE, "/api/v1/patients/{id}/care-team/{user}"},
     "DELETE /api/v1/patients/{id}/care-team/{user}",
     h_care_remove,
     SESSION | R_ADMIN},
    {{HTTP_GET, "/api/v1/org"}, "GET /api/v1/org", h_org, SESSION},
    {{HTTP_PATCH, "/api/v1/org"}, "PATCH /api/v1/org", h_org_update, SESSION | R_ADMIN},
    {{HTTP_GET, "/api/v1/rules"}, "GET /api/v1/rules", h_rules, SESSION | CARE},
    {{HTTP_GET, "/api/v1/lessons"}, "GET /api/v1/lessons", h_lessons, SESSION},
    {{HTTP_GET, "/api/v1/lessons/{id}"}, "GET /api/v1/lessons/{id}", h_lesson, SESSION},
    {{HTTP_GET, "/api/v1/exercises"}, "GET /api/v1/exercises", h_exercises, SESSION},
    {{HTTP_GET, "/api/v1/exercises/{id}"}, "GET /api/v1/exercises/{id}", h_exercise, SESSION},
    {{HTTP_GET, "/api/v1/instruments/{id}"}, "GET /api/v1/instruments/{id}", h_instrument, SESSION},
    {{HTTP_POST, "/api/v1/triage"}, "POST /api/v1/triage", h_triage, SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}"}, "GET /api/v1/patients/{id}", h_patient, SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}/today"},
     "GET /api/v1/patients/{id}/today",
     h_today,
     SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}/progress"},
     "GET /api/v1/patients/{id}/progress",
     h_progress,
     SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}/weekly"},
     "GET /api/v1/patients/{id}/weekly",
     h_weekly,
     SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}/reminders"},
     "GET /api/v1/patients/{id}/reminders",
     h_reminders,
     SESSION},
    {{HTTP_PATCH, "/api/v1/patients/{id}/reminders"},
     "PATCH /api/v1/patients/{id}/reminders",
     h_reminders_set,
     SESSION | R_PATIENT},
    {{HTTP_POST, "/api/v1/patients/{id}/calendar"},
     "POST /api/v1/patients/{id}/calendar",
     h_calendar_new,
     SESSION | R_PATIENT},
    {{HTTP_DELETE, "/api/v1/patients/{id}/calendar"},
     "DELETE /api/v1/patients/{id}/calendar",
     h_calendar_revoke,
     SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}/calendar.ics"},
     "GET /api/v1/patients/{id}/calendar.ics",
     h_calendar_download,
     SESSION},
    {{HTTP_GET, "/cal/{file}"}, "GET /cal/{file}", h_calendar_feed, PUBLIC},
    {{HTTP_GET, "/api/v1/push/key"}, "GET /api/v1/push/key", h_push_key, SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/messages/read"},
     "POST /api/v1/patients/{id}/messages/read",
     h_messages_read,
     SESSION},
    {{HTTP_GET, "/api/v1/unread"}, "GET /api/v1/unread", h_unread, SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/push-subscriptions"},
     "POST /api/v1/patients/{id}/push-subscriptions",
     h_push_subscribe,
     SESSION | R_PATIENT},
    {{HTTP_DELETE, "/api/v1/patients/{id}/push-subscriptions"},
     "DELETE /api/v1/patients/{id}/push-subscriptions",
     h_push_unsubscribe,
     SESSION},
    {{HTTP_GET, "/api/v1/org/mail"}, "GET /api/v1/org/mail", h_mail, SESSION | R_ADMIN},
    {{HTTP_PATCH, "/api/v1/org/mail"}, "PATCH /api/v1/org/mail", h_mail_set, SESSION | R_ADMIN},
    {{HTTP_GET, "/api/v1/patients/{id}/plan"}, "GET /api/v1/patients/{id}/plan", h_plan, SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/plan"},
     "POST /api/v1/patients/{id}/plan",
     h_plan_change,
     SESSION | R_CLINICIAN},
    {{HTTP_POST, "/api/v1/patients/{id}/discharge"},
     "POST /api/v1/patients/{id}/discharge",
     h_discharge_decide,
     SESSION | R_CLINICIAN},
    {{HTTP_POST, "/api/v1/patients/{id}/resume"},
     "POST /api/v1/patients/{id}/resume",
     h_program_resume,
     SESSION | CARE},
    {{HTTP_POST, "/api/v1/patients/{id}/intake"},
     "POST /api/v1/patients/{id}/intake",
     h_intake,
     SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/restart"},
     "POST /api/v1/patients/{id}/restart",
     h_restart,
     SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/sessions"},
     "POST /api/v1/patients/{id}/sessions",
     h_session_add,
     SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/checkins"},
     "POST /api/v1/patients/{id}/checkins",
     h_checkin_add,
     SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/flare"},
     "POST /api/v1/patients/{id}/flare",
     h_flare,
     SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/triage"},
     "POST /api/v1/patients/{id}/triage",
     h_patient_triage,
     SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/assessments"},
     "POST /api/v1/patients/{id}/assessments",
     h_assessment_add,
     SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}/messages"},
     "GET /api/v1/patients/{id}/messages",
     h_messages,
     SESSION},
    {{HTTP_POST, "/api/v1/patients/{id}/messages"},
     "POST /api/v1/patients/{id}/messages",
     h_message_send,
     SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}/export"},
     "GET /api/v1/patients/{id}/export",
     h_export,
     SESSION},
    {{HTTP_GET, "/api/v1/patients/{id}/handout.pdf"},
     "GET /api/v1/patients/{id}/handout.pdf",
     h_handout,
     SESSION},
    {{HTTP_GET, "/api/v1/alerts"}, "GET /api/v1/alerts", h_alerts, SESSION | CARE},
    {{HTTP_POST, "/api/v1/alerts/{id}/acknowledge"},
     "POST /api/v1/alerts/{id}/acknowledge",
     h_alert_ack,
     SESSION | CARE},
    {{HTTP_POST, "/api/v1/alerts/{id}/resolve"},
     "POST /api/v1/alerts/{id}/resolve",
     h_alert_resolve,
     SESSION | CARE},
    {{HTTP_GET, "/api/v1/tasks"}, "GET /api/v1/tasks", h_tasks, SESSION | CARE},
    {{HTTP_POST, "/api/v1/tasks/{id}/done"},
     "POST /api/v1/tasks/{id}/done",
     h_task_done,
     SESSION | CARE},
    {{HTTP_GET, "/api/v1/patients/{id}/tasks"},
     "GET /api/v1/patients/{id}/tasks",
     h_patient_tasks,
     SESSION | CARE},
    {{HTTP_GET, "/api/v1/panel"}, "GET /api/v1/panel", h_panel, SESSION | CARE},
    {{HTTP_GET, "/api/v1/outcomes"}, "GET /api/v1/outcomes", h_outcomes, SESSION | CARE},
};

static const struct route *route_ptrs[MRX_ARRAY_LEN(routes)];

size_t api_route_count(void)
{
    return MRX_ARRAY_LEN(routes);
}

void api_route_at(size_t i, const char **method, const char **pattern)
{
    *method = http_method_name(routes[i].r.method);
    *pattern = routes[i].r.pattern;
}

/* ==================== Opening and closing ==================== */

void api_config_defaults(struct api_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->readers = 4;
    cfg->max_batch = 256;
    cfg->view_cache = 4096;
    cfg->auth_cache = 1024;
    cfg->session_idle_s = 30 * 60;
    cfg->idempotency_s = 7 * 86400;
    cfg->review_every_s = 3600;
    cfg->remind_every_s = 60;
    cfg->session_absolute_s = 12 * 3600;
    cfg->login_per_account = 5;
    cfg->login_per_address = 20;
    cfg->login_window_s = 15 * 60;
    cfg->hash_parallel = 2;
    cfg->hash_waiting = 8;
    cfg->cost = password_default_cost();
}

/* The rule files as loaded at start: what the engine and triage run on. */
static json_t *load_rules(const char *data_dir)
{
    static const char *const files[] = {"triage", "adapt"};
    json_t *o = json_object();
    char path[4096];

    for (size_t i = 0; i < MRX_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof(path), "%s/rules/%s.json", data_dir ? data_dir : ".", files[i]);
        json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
        json_object_set_new(o, files[i], doc ? doc : json_null());
    }
    return o;
}

static void on_batch(void *ctx, unsigned size)
{
    metrics_batch(((struct api *)ctx)->metrics, size);
}

/* The server's Web Push key: read, or made and kept on the first start. */
static int vapid_write(struct store *s, void *arg, struct mrx_err *err)
{
    struct api *api = arg;
    char now[STORE_TS_SIZE];
    struct records r = {s, api->data, now, "system:start", "server", NULL, NULL, NULL};

    date_timestamp((long long)time(NULL), now, sizeof(now));
    return records_vapid_key(&r, &api->vapid_pem, err);
}

int api_open(const struct api_config *cfg, const struct data_set *data, struct api **out,
             struct mrx_err *err)
{
    struct api *api = xcalloc(1, sizeof(*api));
    const char *names[MRX_ARRAY_LEN(routes)];
    struct store *ws = NULL;
    char now[STORE_TS_SIZE];
    int rc;

    date_timestamp((long long)time(NULL), now, sizeof(now));
    for (size_t i = 0; i < MRX_ARRAY_LEN(routes); i++) {
        route_ptrs[i] = &routes[i].r;
        names[i] = routes[i].name;
    }
    api->cfg = *cfg;
    api->data = data;
    if ((rc = password_init(cfg->hash_parallel, cfg->hash_waiting, cfg->cost, err)) ||
        (rc = store_open(cfg->db, STORE_OPEN_EXISTING, now, &ws, err)) ||
        (rc = readers_open(cfg->db, cfg->readers ? cfg->readers : 1, now, &api->readers, err))) {
        store_close(ws);
        free(api);
        return rc;
    }
    api->rules = load_rules(cfg->data_dir);
    api->metrics = metrics_new(names, MRX_ARRAY_LEN(routes));
    api->today = today_cache_new(cfg->view_cache);
    api->auth = auth_cache_new(cfg->auth_cache);
    api->memo = records_memo_new();
    api->throttle =
        throttle_new(cfg->login_per_account, cfg->login_per_address, cfg->login_window_s);
    if ((rc = writer_start(ws, cfg->max_batch, on_batch, api, &api->writer, err))) {
        store_close(ws);
        api->writer = NULL;
        api_close(api);
        return rc;
    }
    if ((rc = writer_run(api->writer, vapid_write, api, err)) ||
        (rc = vapid_public(api->vapid_pem, api->vapid_public, err))) {
        api_close(api);
        return rc;
    }
    api->sweep = review_sweep_start(api, cfg->review_every_s);
    api->remind = remind_sweep_start(api, cfg->remind_every_s);
    *out = api;
    return MRX_OK;
}

void api_close(struct api *api)
{
    if (!api)
        return;
    review_sweep_stop(api->sweep); /* its writes go through the writer */
    remind_sweep_stop(api->remind);
    writer_stop(api->writer);
    records_memo_free(api->memo); /* after the writer, its only user */
    readers_close(api->readers);
    metrics_free(api->metrics);
    json_decref(api->rules);
    throttle_free(api->throttle);
    today_cache_free(api->today);
    auth_cache_free(api->auth);
    password_shutdown();
    free(api->vapid_pem);
    free(api);
}

void api_request_done(void *ctx, const char *route, int status, double seconds)
{
    metrics_request(((struct api *)ctx)->metrics, route, status, seconds);
}

/* ==================== Dispatch ==================== */

static bool role_allowed(const struct caller *who, unsigned flags)
{
    unsigned roles = flags & (R_PATIENT | R_CLINICIAN | R_ADMIN);
    unsigned mine = who->user.role == ROLE_PATIENT     ? R_PATIENT
                    : who->user.role == ROLE_CLINICIAN ? R_CLINICIAN
                                                       : R_ADMIN;
    return !roles || (roles & mine);
}

static void run_route(struct call *c, const struct api_route *rt)
{
    struct mrx_err err;

    c->rs = readers_take(c->api->readers);
    if (store_begin_read(c->rs, &err) != MRX_OK) {
        reply_mrx(c, MRX_EIO, &err);
    } else {
        if (rt->flags & SESSION)
            session_resolve(c);
        if ((rt->flags & SESSION) && !c->who.signed_in)
            reply_error(c, 401, "unauthorized", NULL, "sign in first");
        else if ((rt->flags & SESSION) && c->req->method != HTTP_GET && !session_csrf_ok(c))
            reply_error(c, 403, "csrf", "X-CSRF-Token",
                        "this request needs the X-CSRF-Token header given at sign-in");
        else if ((rt->flags & SESSION) && !role_allowed(&c->who, rt->flags))
            reply_error(c, 403, "forbidden", NULL, "your role may not do this");
        else
            rt->fn(c);
        store_rollback(c->rs);
    }
    readers_give(c->api->readers, c->rs);
    c->rs = NULL;
}

/* The client's address: the peer, or behind the trusted proxy the last
 * address the proxy added to X-Forwarded-For (the one it saw connect). */
static const char *client_address(const struct api *api, const struct http_request *req)
{
    const char *xff, *last;
    size_t n;

    if (!api->cfg.trusted_proxy || strcmp(req->client, api->cfg.trusted_proxy) != 0 ||
        !(xff = http_header(req, "X-Forwarded-For")))
        return req->client;
    last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ')
        last++;
    n = strcspn(last, " ");
    if (n == 0 || n > 45 || strspn(last, "0123456789abcdefABCDEF.:") < n)
        return req->client;
    const char *copy = arena_strndup(req->arena, last, n);
    return copy ? copy : req->client;
}

void api_handle(void *ctx, const struct http_request *req, struct http_reply *rep)
{
    struct api *api = ctx;
    struct call c = {.api = api, .req = req, .rep = rep};
    struct route_match m;
    enum route_result res;

    c.now_s = (long long)time(NULL);
    date_timestamp(c.now_s, c.now, sizeof(c.now));
    c.today = (long)(c.now_s / 86400);
    c.client = client_address(api, req);

    res = router_match(route_ptrs, MRX_ARRAY_LEN(routes), req->method, req->path, req->arena, &m);
    if (res == ROUTE_FOUND) {
        const struct api_route *rt = &routes[m.index];
        rep->route = rt->name;
        c.params = m.params;
        run_route(&c, rt);
        return;
    }
    if (strncmp(req->path, "/api/", 5) != 0 && res == ROUTE_NO_PATH && (req->method == HTTP_GET)) {
        rep->route = "static";
        h_static(&c);
        return;
    }
    if (res == ROUTE_NO_METHOD) {
        char *allow = arena_strdup(req->arena, m.allow);
        reply_error(&c, 405, "method_not_allowed", NULL, "%s is not allowed here",
                    http_method_name(req->method));
        if (allow)
            http_reply_header(rep, "Allow", allow);
        return;
    }
    reply_error(&c, 404, "not_found", NULL, "no such resource");
}
