/*
 * program.c: starting and changing a program over the API: the intake
 * (the patient or their care team), a clinician's plan change, and the
 * lessons every signed-in user may read.
 */
#include "compat.h"

#include "api/api_internal.h"
#include "formats/markdown.h"

/* ==================== Intake ==================== */

struct program_job {
    struct call *c;
    const char *patient_id;
    const json_t *doc, *items, *walking;
    const char *reason;
    long day;
    bool after_review;
    json_t *out;
};

static int run_intake(struct store *s, void *arg, struct mrx_err *err)
{
    struct program_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_intake(&r, j->patient_id, j->doc, j->day, j->after_review, &j->out, err);
}

static const struct field_spec intake_fields[] = {
    {"intake", F_OBJECT, true, 0, 0},
    {"date", F_DATE, false, 0, 0},
    {"after_review", F_BOOL, false, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

/* The intake: triage first; an emergency stops the program and says what to do now. */
void h_intake(struct call *c)
{
    json_t *body = body_object(c, intake_fields);
    struct program_job j = {.c = c, .patient_id = c->params[0]};
    struct patient_rec p;
    char org[STORE_ID_SIZE];

    if (!body)
        return;
    j.doc = json_object_get(body, "intake");
    j.day = body_date(body, "date", c->today);
    j.after_review = body_bool(body, "after_review");
    if (j.after_review && c->who.user.role == ROLE_PATIENT)
        reply_error(c, 403, "forbidden", "after_review",
                    "only the care team can restart a program after a review");
    else if (access_patient(c, j.patient_id, "intake.create", &p)) {
        snprintf(org, sizeof(org), "%s", p.org_id);
        if (call_write(c, run_intake, &j, org, "intake.create", j.patient_id))
            reply_json(c, 201, j.out);
    }
    json_decref(body);
}

/* ==================== Starting again from maintenance ==================== */

static int run_restart(struct store *s, void *arg, struct mrx_err *err)
{
    struct program_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_restart(&r, j->patient_id, j->doc, j->day, &j->out, err);
}

static const struct field_spec restart_fields[] = {
    {"date", F_DATE, false, 0, 0},           {"red_flags", F_OBJECT, true, 0, 0},
    {"pain_now", F_INT, true, 0, 10},        {"pain_week_average", F_INT, false, 0, 10},
    {"leg_pain", F_BOOL, false, 0, 0},       {"pregnant", F_BOOL, false, 0, 0},
    {"availability", F_OBJECT, false, 0, 0}, {"walking_minutes_per_day", F_INT, false, 0, 1440},
    {"startback", F_ARRAY, false, 0, 0},     {NULL, F_STRING, false, 0, 0},
};

/* A new course from maintenance: the warning signs and pain now, no fresh intake. */
void h_restart(struct call *c)
{
    json_t *body = body_object(c, restart_fields);
    struct program_job j = {.c = c, .patient_id = c->params[0]};
    struct patient_rec p;
    char org[STORE_ID_SIZE];

    if (!body)
        return;
    j.day = body_date(body, "date", c->today);
    json_object_del(body, "date");
    j.doc = body;
    if (access_patient(c, j.patient_id, "episode.restart", &p)) {
        snprintf(org, sizeof(org), "%s", p.org_id);
        if (call_write(c, run_restart, &j, org, "episode.restart", j.patient_id))
            reply_json(c, 201, j.out);
    }
    json_decref(body);
}

/* ==================== Plan change ==================== */

static int run_plan_change(struct store *s, void *arg, struct mrx_err *err)
{
    struct program_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_plan_change(&r, j->patient_id, j->items, j->walking, j->reason, j->day, &j->out,
                               err);
}

static const struct field_spec plan_fields[] = {
    {"reason", F_STRING, true, 1, 2000}, {"items", F_ARRAY, true, 0, 0},
    {"walking", F_OBJECT, false, 0, 0},  {"date", F_DATE, false, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

/* A clinician on the care team changes the plan; the reason is shown to the patient. */
void h_plan_change(struct call *c)
{
    json_t *body = body_object(c, plan_fields);
    struct program_job j = {.c = c, .patient_id = c->params[0]};
    struct patient_rec p;
    char org[STORE_ID_SIZE];

    if (!body)
        return;
    j.items = json_object_get(body, "items");
    j.walking = json_object_get(body, "walking");
    if (json_is_null(j.walking))
        j.walking = NULL;
    j.reason = body_str(body, "reason");
    j.day = body_date(body, "date", c->today);
    if (access_patient(c, j.patient_id, "plan.change", &p)) {
        snprintf(org, sizeof(org), "%s", p.org_id);
        if (call_write(c, run_plan_change, &j, org, "plan.change", j.patient_id))
            reply_json(c, 201, j.out);
    }
    json_decref(body);
}

/* ==================== A clinician's end-of-course decision ==================== */

struct decide_job {
    struct call *c;
    const char *patient_id, *decision, *reason;
    int weeks;
    long day;
    json_t *out;
};

static int run_decide(struct store *s, void *arg, struct mrx_err *err)
{
    struct decide_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_discharge_decide(&r, j->patient_id, j->decision, j->weeks, j->reason, j->day,
                                    &j->out, err);
}

static const struct field_spec decide_fields[] = {
    {"decision", F_STRING, true, 1, 20}, {"weeks", F_INT, false, 1, 12},
    {"reason", F_STRING, true, 1, 2000}, {"date", F_DATE, false, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

/* Maintenance now, or more weeks: a clinician on the care team decides; the
 * reason is what the patient reads. */
void h_discharge_decide(struct call *c)
{
    json_t *body = body_object(c, decide_fields);
    struct decide_job j = {.c = c, .patient_id = c->params[0]};
    struct patient_rec p;
    char org[STORE_ID_SIZE];

    if (!body)
        return;
    j.decision = body_str(body, "decision");
    j.weeks = (int)body_int(body, "weeks", c->api->data->program.discharge.extension_weeks);
    j.reason = body_str(body, "reason");
    j.day = body_date(body, "date", c->today);
    if (access_patient(c, j.patient_id, "discharge.decide", &p)) {
        snprintf(org, sizeof(org), "%s", p.org_id);
        if (call_write(c, run_decide, &j, org, "discharge.decide", j.patient_id))
            reply_json(c, 201, j.out);
    }
    json_decref(body);
}

/* ==================== Resuming a paused program ==================== */

static int run_resume(struct store *s, void *arg, struct mrx_err *err)
{
    struct program_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_program_resume(&r, j->patient_id, j->reason, &j->out, err);
}

static const struct field_spec resume_fields[] = {
    {"note", F_STRING, true, 1, 2000},
    {NULL, F_STRING, false, 0, 0},
};

/* The care team lifts a pause (the patient was seen; its alerts may already
 * be resolved). Patients may not: a pause is lifted by a clinician. */
void h_program_resume(struct call *c)
{
    json_t *body = body_object(c, resume_fields);
    struct program_job j = {.c = c, .patient_id = c->params[0]};
    struct patient_rec p;
    char org[STORE_ID_SIZE];

    if (!body)
        return;
    j.reason = body_str(body, "note");
    if (access_patient(c, j.patient_id, "program.resume", &p)) {
        snprintf(org, sizeof(org), "%s", p.org_id);
        if (call_write(c, run_resume, &j, org, "program.resume", j.patient_id))
            reply_json(c, 200, j.out);
    }
    json_decref(body);
}

/* ==================== Lessons ==================== */

void h_lessons(struct call *c)
{
    const struct lesson_set *ls = &c->api->data->lessons;
    json_t *list = json_array();

    for (int i = 0; i < ls->n; i++)
        json_array_append_new(list, json_pack("{ss, ss, sI}", "id", ls->items[i].id, "title",
                                              ls->items[i].title, "words",
                                              (json_int_t)ls->items[i].words));
    reply_json(c, 200, json_pack("{so}", "lessons", list));
}

void h_lesson(struct call *c)
{
    const struct lesson *l = lesson_set_find(&c->api->data->lessons, c->params[0]);
    char *html;

    if (!l) {
        reply_not_found(c);
        return;
    }
    html = markdown_to_html(l->markdown, strlen(l->markdown));
    reply_json(c, 200,
               json_pack("{ss, ss, ss, ss}", "id", l->id, "title", l->title, "markdown",
                         l->markdown, "html", html ? html : ""));
    free(html);
}
