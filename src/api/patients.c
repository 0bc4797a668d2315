/*
 * patients.c: a patient's own resources (CONTRACT.md "Server"): summary,
 * today's plan, the plan's history, progress, sessions, check-ins, "I'm
 * having a flare", follow-up questionnaires, messages and the export. The
 * patient, the clinicians on their care team and the admins of their
 * organization may use them; to everyone else they do not exist (404).
 */
#include "compat.h"

#include "api/api_internal.h"
#include "common/date.h"
#include "core/triage/questions.h"
#include "render/handout.h"

/* ==================== Reads ==================== */

typedef int (*read_op)(const struct records *r, const char *patient_id, long day, json_t **out,
                       struct mrx_err *err);

/* The ?date= of a view, or today (UTC); false after replying 400. */
static bool view_day(struct call *c, long *day)
{
    const char *q = http_query(c->req, "date");

    *day = c->today;
    if (q && !date_parse(q, day)) {
        reply_error(c, 400, "invalid", "date", "must be a real date as YYYY-MM-DD");
        return false;
    }
    return true;
}

static void read_view(struct call *c, const char *action, read_op op, bool dated)
{
    struct records r;
    struct mrx_err err;
    json_t *out = NULL;
    long day = c->today;
    int rc;

    if ((dated && !view_day(c, &day)) || !access_patient(c, c->params[0], action, NULL))
        return;
    r = call_records(c, c->rs, true);
    if ((rc = op(&r, c->params[0], day, &out, &err)))
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

static int op_summary(const struct records *r, const char *id, long day, json_t **out,
                      struct mrx_err *err)
{
    (void)day;
    return records_patient_summary(r, id, out, err);
}

static int op_plan(const struct records *r, const char *id, long day, json_t **out,
                   struct mrx_err *err)
{
    (void)day;
    return records_plan_history(r, id, out, err);
}

static int op_messages(const struct records *r, const char *id, long day, json_t **out,
                       struct mrx_err *err)
{
    (void)day;
    return records_messages(r, id, out, err);
}

static int op_export(const struct records *r, const char *id, long day, json_t **out,
                     struct mrx_err *err)
{
    (void)day;
    return records_export(r, id, out, err);
}

void h_patient(struct call *c)
{
    read_view(c, "patient.read", op_summary, false);
}

static int op_care_team(const struct records *r, const char *id, long day, json_t **out,
                        struct mrx_err *err)
{
    (void)day;
    return records_care_team(r, id, out, err);
}

/* Who is on the care team (clinicians and admins of the organization: the console shows
 * it, and an admin changes it). */
void h_care_team(struct call *c)
{
    read_view(c, "care_team.read", op_care_team, false);
}

/*
 * Today's plan: from the cache when the patient's program revision, read in
 * this request's snapshot, matches; rendered (and kept) otherwise. The read
 * is audited either way.
 */
void h_today(struct call *c)
{
    const char *id = c->params[0];
    struct patient_rec p;
    struct records r;
    struct mrx_err err;
    json_t *out;
    struct http_prepared *view;
    long day;
    int rc;

    if (!view_day(c, &day) || !access_patient(c, id, "plan.read", &p))
        return;
    /* p.rev was read in this request's snapshot, as records_today reads. */
    if ((view = today_cache_get(c->api->today, id, day, p.rev))) {
        call_audit(c, p.org_id, "plan.read", id, "ok");
        reply_prepared(c, 200, view);
        return;
    }
    r = call_records(c, c->rs, true);
    if ((rc = records_today(&r, id, day, &out, &err))) {
        reply_mrx(c, rc, &err);
        return;
    }
    reply_json(c, 200, out);
    today_cache_put(c->api->today, id, day, p.rev, c->rep->body, c->rep->body_len);
}

void h_progress(struct call *c)
{
    read_view(c, "progress.read", records_progress, true);
}

void h_weekly(struct call *c)
{
    read_view(c, "weekly.read", records_weekly, true);
}

void h_plan(struct call *c)
{
    read_view(c, "plan.read", op_plan, false);
}

void h_messages(struct call *c)
{
    read_view(c, "messages.read", op_messages, false);
}

struct read_job {
    struct call *c;
    json_t *out;
};

static int run_mark_read(struct store *s, void *arg, struct mrx_err *err)
{
    struct read_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_messages_mark_read(&r, j->c->params[0], j->c->who.user.role == ROLE_PATIENT,
                                      &j->out, err);
}

/* The caller has read the conversation: the other side's messages are read. */
void h_messages_read(struct call *c)
{
    struct read_job j = {c, NULL};
    struct patient_rec p;

    if (access_patient(c, c->params[0], "messages.mark_read", &p) &&
        call_write(c, run_mark_read, &j, p.org_id, "messages.mark_read", c->params[0]))
        reply_json(c, 200, j.out);
}

/* How many messages wait for the caller: a patient's from their care team; a
 * clinician's from the patients on their care team; an admin's from the organization's. */
void h_unread(struct call *c)
{
    const struct user_rec *u = &c->who.user;
    struct records r = call_records(c, c->rs, true);
    struct mrx_err err;
    json_t *out;
    int rc = records_unread(&r, u->org_id, u->role == ROLE_PATIENT ? u->patient_id : NULL,
                            u->role == ROLE_CLINICIAN ? u->id : NULL, &out, &err);

    if (rc)
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

void h_export(struct call *c)
{
    read_view(c, "patient.export", op_export, false);
    if (c->rep->status == 200) {
        char *cd = arena_alloc(c->req->arena, 96);
        if (cd) {
            snprintf(cd, 96, "attachment; filename=\"moverx-%.40s.json\"", c->params[0]);
            http_reply_header(c->rep, "Content-Disposition", cd);
        }
    }
}

/* The address the person reached us at, for the handout's QR code (https when
 * the server is set up behind TLS, as its Secure cookies say): only a plain
 * host[:port] is taken, so no header can write a link of its own. */
const char *call_app_url(struct call *c)
{
    const char *host = http_header(c->req, "Host");
    char *url;

    if (c->api->cfg.public_url) /* set by the clinic: right behind any proxy */
        return c->api->cfg.public_url;
    if (!host || !*host || strlen(host) > 253 ||
        strspn(host, "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789.-:[]") != strlen(host))
        return NULL;
    if (!(url = arena_alloc(c->req->arena, strlen(host) + 16)))
        return NULL;
    snprintf(url, strlen(host) + 16, "http%s://%s/", c->api->cfg.cookie_secure ? "s" : "", host);
    return url;
}

/* The printable program (PDF): ?paper=a4|letter, ?date= as for today. */
void h_handout(struct call *c)
{
    const char *paper = http_query(c->req, "paper");
    struct handout_opts o = {PAPER_A4, NULL};
    struct records r;
    struct mrx_err err;
    json_t *doc;
    char *pdf;
    size_t len;
    long day;
    int rc;

    if (paper && !paper_from_name(paper, &o.paper)) {
        reply_error(c, 400, "invalid", "paper", "must be a4 or letter");
        return;
    }
    if (!view_day(c, &day) || !access_patient(c, c->params[0], "handout.read", NULL))
        return;
    r = call_records(c, c->rs, true);
    if ((rc = records_handout(&r, c->params[0], day, &doc, &err))) {
        reply_mrx(c, rc, &err);
        return;
    }
    o.app_url = call_app_url(c);
    rc = handout_pdf(doc, &r.data->catalog, &o, &pdf, &len, &err);
    json_decref(doc);
    if (rc) {
        reply_mrx(c, rc, &err);
        return;
    }
    reply_text(c, 200, "application/pdf", pdf, len);
    http_reply_header(c->rep, "Content-Disposition",
                      "inline; filename=\"my-exercise-program.pdf\"");
}

/* The yes/no red-flag questions asked on an occasion (ASKED_* bits). */
static json_t *questions_asked(unsigned when)
{
    json_t *list = json_array();

    for (size_t i = 0; i < triage_question_count(); i++)
        if (triage_question_asked(&triage_questions()[i], when))
            json_array_append_new(list, json_pack("{ss, ss}", "field", triage_questions()[i].field,
                                                  "question", triage_questions()[i].question));
    return list;
}

/* What a check-in asks: the red-flag questions that can change from day to
 * day (never a lifetime one again: those the intake asked are remembered),
 * the intake's and the check-up's, and the words a check-in knows. */
void h_checkin_questions(struct call *c)
{
    json_t *feel = json_array(), *get = json_array();

    for (const char *const *w = checkin_feel_better_words(); *w; w++)
        json_array_append_new(feel, json_string(*w));
    for (const char *const *w = checkin_get_better_words(); *w; w++)
        json_array_append_new(get, json_string(*w));
    reply_json(c, 200,
               json_pack("{so, so, so, so, so}", "red_flags", questions_asked(ASKED_CHECKIN),
                         "intake_red_flags", questions_asked(ASKED_INTAKE), "followup_red_flags",
                         questions_asked(ASKED_FOLLOWUP), "feel_better", feel, "get_better", get));
}

/* ==================== Writes ==================== */

/* A write of the records layer, run by the writer. */
struct entry_job {
    struct call *c;
    const char *patient_id;
    struct session_input session;
    struct checkin_input checkin;
    struct assessment_input assessment;
    const char *sender, *body;
    int (*op)(struct entry_job *j, const struct records *r, struct mrx_err *err);
    const char *idem_key; /* the Idempotency-Key, or NULL */
    int status;           /* the answer's, kept with the key */
    json_t *out;
};

static int run_entry(struct store *s, void *arg, struct mrx_err *err)
{
    struct entry_job *j = arg;
    struct records r = call_records(j->c, s, false);
    int rc = j->op(j, &r, err);

    if (rc == MRX_OK)
        rc = idem_record(s, j->c, j->idem_key, j->status, j->out, err);
    if (rc && j->out) {
        json_decref(j->out);
        j->out = NULL;
    }
    return rc;
}

static void write_entry(struct call *c, struct entry_job *j, const char *action, int status)
{
    struct patient_rec p;
    char org[STORE_ID_SIZE];

    if (!access_patient(c, c->params[0], action, &p) || !idem_key(c, &j->idem_key))
        return;
    if (idem_replay(c, j->idem_key)) { /* the stored answer goes out again: audited too */
        call_audit(c, p.org_id, action, p.id, c->rep->status < 400 ? "replayed" : "invalid");
        return;
    }
    snprintf(org, sizeof(org), "%s", p.org_id);
    j->c = c;
    j->patient_id = c->params[0];
    j->status = status;
    if (call_write(c, run_entry, j, org, action, j->patient_id))
        reply_json(c, status, j->out);
}

static int op_log(struct entry_job *j, const struct records *r, struct mrx_err *err)
{
    return records_log(r, j->patient_id, &j->session, &j->out, err);
}

static int op_checkin(struct entry_job *j, const struct records *r, struct mrx_err *err)
{
    return records_checkin(r, j->patient_id, &j->checkin, &j->out, err);
}

static int op_message(struct entry_job *j, const struct records *r, struct mrx_err *err)
{
    return records_message_send(r, j->patient_id, j->sender, j->body, &j->out, err);
}

static int op_assess(struct entry_job *j, const struct records *r, struct mrx_err *err)
{
    return records_assess(r, j->patient_id, &j->assessment, &j->out, err);
}

static const struct field_spec session_fields[] = {
    {"date", F_DATE, true, 0, 0},          {"pain_during", F_INT, true, 0, 10},
    {"difficulty", F_STRING, false, 0, 0}, {"note", F_STRING, false, 1, 2000},
    {"items", F_ARRAY, false, 0, 0},       {"red_flags", F_OBJECT, false, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

/*
 * [{"exercise":"bridge","done":true,"pain":6,"difficulty":"hard"}, ...] (CONTRACT.md
 * "Sessions with per-item responses"; "item" is read as "exercise" too): false after
 * replying 400.
 */
static bool session_items(struct call *c, const json_t *items, struct session_input *in)
{
    static const char *const shape = "each item must be {\"exercise\": \"id\", \"done\": "
                                     "true|false, \"pain\": 0..10, \"difficulty\": "
                                     "\"easy|right|hard\"} (pain and difficulty optional)";
    size_t i;
    json_t *it;

    if (!items)
        return true;
    if (json_array_size(items) > SESSION_MAX_ITEMS) {
        reply_error(c, 400, "invalid", "items", "at most %d items", SESSION_MAX_ITEMS);
        return false;
    }
    json_array_foreach(items, i, it)
    {
        const char *key, *diff;
        json_t *v;
        const json_t *name = json_object_get(it, "exercise"), *done = json_object_get(it, "done");
        const json_t *pain = json_object_get(it, "pain"), *d = json_object_get(it, "difficulty");
        bool other = false;
        if (!name)
            name = json_object_get(it, "item");
        json_object_foreach((json_t *)it, key, v) other |=
            strcmp(key, "item") != 0 && strcmp(key, "exercise") != 0 && strcmp(key, "done") != 0 &&
            strcmp(key, "pain") != 0 && strcmp(key, "difficulty") != 0;
        if (!json_is_object(it) || !json_is_string(name) || !json_is_boolean(done) || other ||
            (json_object_get(it, "item") && json_object_get(it, "exercise")) ||
            (pain && !json_is_null(pain) &&
             (!json_is_integer(pain) || json_integer_value(pain) < 0 ||
              json_integer_value(pain) > 10)) ||
            (d && !json_is_null(d) && !json_is_string(d))) {
            reply_error(c, 400, "invalid", "items", "%s", shape);
            return false;
        }
        in->items[i].item = json_string_value(name);
        in->items[i].done = json_is_true(done);
        in->items[i].has_pain = json_is_integer(pain);
        in->items[i].pain = in->items[i].has_pain ? (int)json_integer_value(pain) : 0;
        in->items[i].difficulty = DIFFICULTY_NONE;
        if ((diff = json_string_value(d)) &&
            !difficulty_from_name(diff, &in->items[i].difficulty)) {
            reply_error(c, 400, "invalid", "items", "difficulty must be easy, right or hard");
            return false;
        }
    }
    in->n_items = (int)json_array_size(items);
    return true;
}

void h_session_add(struct call *c)
{
    json_t *body = body_object(c, session_fields);
    struct entry_job j = {.op = op_log};
    const char *diff;

    if (!body)
        return;
    j.session.day = body_date(body, "date", 0);
    j.session.pain_during = (int)body_int(body, "pain_during", 0);
    j.session.note = body_str(body, "note");
    j.session.red_flags = json_object_get(body, "red_flags");
    if (json_is_null(j.session.red_flags))
        j.session.red_flags = NULL;
    if ((diff = body_str(body, "difficulty")) &&
        !difficulty_from_name(diff, &j.session.difficulty)) {
        reply_error(c, 400, "invalid", "difficulty", "must be easy, right or hard");
    } else if (session_items(c, json_object_get(body, "items"), &j.session)) {
        write_entry(c, &j, "session.create", 201);
    }
    json_decref(body);
}

static const struct field_spec checkin_fields[] = {
    {"date", F_DATE, true, 0, 0},
    {"pain", F_INT, true, 0, 10},
    {"next_morning_pain", F_INT, false, 0, 10},
    {"walk_minutes", F_INT, false, 0, 1440},
    {"stiffness", F_INT, false, 0, 10},
    {"sleep", F_INT, false, 0, 10},
    {"steps", F_INT, false, 0, 200000},
    {"feel_better", F_ARRAY, false, 0, 0},
    {"get_better", F_ARRAY, false, 0, 0},
    {"red_flags", F_OBJECT, false, 0, 0},
    {"flare", F_BOOL, false, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

static void checkin_from(const json_t *body, struct checkin_input *in)
{
    in->day = body_date(body, "date", 0);
    in->pain = (int)body_int(body, "pain", 0);
    in->next_morning_pain = (int)body_int(body, "next_morning_pain", CHECKIN_NONE);
    in->walk_minutes = (int)body_int(body, "walk_minutes", CHECKIN_NONE);
    in->stiffness = (int)body_int(body, "stiffness", CHECKIN_NONE);
    in->sleep = (int)body_int(body, "sleep", CHECKIN_NONE);
    in->steps = (int)body_int(body, "steps", CHECKIN_NONE);
    in->feel_better = json_object_get(body, "feel_better");
    in->get_better = json_object_get(body, "get_better");
    in->red_flags = json_object_get(body, "red_flags");
    in->flare = body_bool(body, "flare");
    if (in->feel_better && json_is_null(in->feel_better))
        in->feel_better = NULL;
    if (in->get_better && json_is_null(in->get_better))
        in->get_better = NULL;
    if (in->red_flags && json_is_null(in->red_flags))
        in->red_flags = NULL;
}

void h_checkin_add(struct call *c)
{
    json_t *body = body_object(c, checkin_fields);
    struct entry_job j = {.op = op_checkin};

    if (!body)
        return;
    checkin_from(body, &j.checkin);
    write_entry(c, &j, "checkin.create", 201);
    json_decref(body);
}

/* "I'm having a flare": a check-in that says so, for today unless a date is given. */
static const struct field_spec flare_fields[] = {
    {"date", F_DATE, false, 0, 0},
    {"pain", F_INT, true, 0, 10},
    {"red_flags", F_OBJECT, false, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

void h_flare(struct call *c)
{
    json_t *body = body_object(c, flare_fields);
    struct entry_job j = {.op = op_checkin};

    if (!body)
        return;
    checkin_from(body, &j.checkin);
    if (!json_object_get(body, "date"))
        j.checkin.day = c->today;
    j.checkin.flare = true;
    write_entry(c, &j, "checkin.create", 201);
    json_decref(body);
}

static const struct field_spec message_fields[] = {
    {"body", F_STRING, true, 1, 10000},
    {NULL, F_STRING, false, 0, 0},
};

void h_message_send(struct call *c)
{
    json_t *body = body_object(c, message_fields);
    struct entry_job j = {.op = op_message};

    if (!body)
        return;
    j.sender = c->who.user.id;
    j.body = body_str(body, "body");
    write_entry(c, &j, "message.create", 201);
    json_decref(body);
}

/* Follow-up questionnaires: one or more of the ODI, the RMDQ and the PSFS,
 * for today unless a date is given. */
static const struct field_spec assessment_fields[] = {
    {"date", F_DATE, false, 0, 0},        {"odi", F_ARRAY, false, 0, 0},
    {"rmdq", F_ARRAY, false, 0, 0},       {"psfs", F_ARRAY, false, 0, 0},
    {"red_flags", F_OBJECT, false, 0, 0}, {NULL, F_STRING, false, 0, 0},
};

/* A list of the body, or NULL when absent or null. */
static const json_t *body_list(const json_t *body, const char *name)
{
    const json_t *v = json_object_get(body, name);
    return json_is_array(v) ? v : NULL;
}

void h_assessment_add(struct call *c)
{
    json_t *body = body_object(c, assessment_fields);
    struct entry_job j = {.op = op_assess};

    if (!body)
        return;
    j.assessment.day = body_date(body, "date", c->today);
    j.assessment.odi = body_list(body, "odi");
    j.assessment.rmdq = body_list(body, "rmdq");
    j.assessment.psfs = body_list(body, "psfs");
    j.assessment.red_flags = json_object_get(body, "red_flags");
    if (json_is_null(j.assessment.red_flags))
        j.assessment.red_flags = NULL;
    write_entry(c, &j, "assessment.create", 201);
    json_decref(body);
}

/* ==================== Warning signs, any time ==================== */

static int op_report(struct entry_job *j, const struct records *r, struct mrx_err *err)
{
    return records_triage_report(r, j->patient_id, j->checkin.day, j->checkin.red_flags, &j->out,
                                 err);
}

static const struct field_spec report_fields[] = {
    {"date", F_DATE, false, 0, 0},
    {"red_flags", F_OBJECT, true, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

/*
 * Warning signs reported whatever the program's state, even before the
 * intake is finished: triaged and recorded (an alert per rule that fires;
 * a running program paused or stopped; an emergency with no program stops
 * one). The reply's triage says what to do now.
 */
void h_patient_triage(struct call *c)
{
    json_t *body = body_object(c, report_fields);
    struct entry_job j = {.op = op_report};

    if (!body)
        return;
    j.checkin.day = body_date(body, "date", c->today);
    j.checkin.red_flags = json_object_get(body, "red_flags");
    write_entry(c, &j, "triage.report", 201);
    json_decref(body);
}
