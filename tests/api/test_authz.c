/*
 * test_authz.c: who may call what, against a real `moverx serve`.
 *
 * One table: a row per route and method of the route table (src/api/api.c),
 * a column per caller of the harness's world (harness.h), each cell the
 * status the server must answer (CONTRACT.md "Server"):
 *
 *   - no session where one is needed: 401;
 *   - a patient's resources: the patient, the clinicians on their care team
 *     and the admins of their organization; to everyone else 404, exactly as
 *     for an id that does not exist (every 404 cell is compared with the same
 *     request for a random id), and the refusal is audited;
 *   - the care team's lists and the rules: clinicians and admins; patients
 *     get 403;
 *   - acting on an alert: as for its patient, but patients get 403 (role);
 *   - changing a plan: clinicians only (403 for other roles), and only on
 *     their care team's patients;
 *   - the accounts and invitations: admins only (403 for other roles); an
 *     invitation for a patient's account, only the admins of the patient's
 *     organization (404 for the others);
 *   - /healthz, /metrics, login and accepting an invitation: everyone; me,
 *     the organization, check-in questions, lessons, exercises, instruments and logout: anyone
 *     signed in.
 *
 * The {id} of patient routes is patient A's (and, in a second table,
 * patient B's); the {id} of alert routes is an open alert of patient A, of
 * lesson routes the first lesson; an invitation names patient A.
 * Writes that must succeed carry valid bodies on dates of their own; every
 * check-in reports an urgent red flag (unexplained weight loss), so that it
 * opens a fresh alert, which the acknowledge and resolve cells then use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "api/api.h"
#include "common/date.h"
#include "harness.h"

/* ==================== The table ==================== */

/* What a request sends: the body, or how the cell is run. */
enum body_kind {
    B_NONE,    /* no body */
    B_LOGIN,   /* the caller's own e-mail and password (anonymous: patient A's) */
    B_LOGOUT,  /* no body, from a second session of the caller's (signed in afresh) */
    B_SESSION, /* an exercise session on a date of its own */
    B_CHECKIN, /* a check-in on a date of its own, with a routine red flag of its own */
    B_FLARE,   /* "I'm having a flare", the same */
    B_REPORT,  /* warning signs reported any time: a routine red flag of its own */
    B_RESUME,  /* {"note": ...}: lift a pause (the program is not paused: 409 when allowed) */
    B_RESTART, /* warning signs and pain: start again (not in maintenance: 409 when allowed) */
    B_DECIDE,  /* {"decision":"extend","weeks":2,"reason":..}: more weeks before the review */
    B_ASSESS,  /* a follow-up RMDQ on a date of its own */
    B_MESSAGE,
    B_ACK,         /* {} */
    B_RESOLVE,     /* {"note": ...} */
    B_PLAN,        /* the current plan with one exercise on a day a week fewer */
    B_INTAKE,      /* examples/intake.json, today */
    B_INVITE,      /* a second account for the patient: refused (409), one account a patient */
    B_ACCEPT,      /* a password for a new invitation (the admin invites first) */
    B_ORG,         /* {"name": ...}: the organization's settings */
    B_NEW_PATIENT, /* {"name","birth_year"}: a new patient record */
    B_CARE,        /* {"clinician": A's clinician}: already on the team, so nothing changes */
    B_REMINDERS,   /* {"time":"19:00"} */
    B_PUSH,        /* a push subscription at a push service the server trusts */
    B_MAIL,        /* the organization's SMTP server */
    B_ENABLE,      /* {"disabled": false} for clinician 2 (enabled already: nothing changes) */
    B_TRIAGE,      /* {"red_flags": {...}}: triaged, nothing stored */
    B_TASK,        /* {"note": ...}: a task done */
};

struct row {
    const char *method;
    const char *pattern; /* as in the route table; {id} is filled in */
    enum body_kind body;
    const char *audit; /* the action a refusal (404) is audited as, or NULL */
    int expect[N_CALLERS];
};

/*
 * Columns, in the order of enum caller_id: anonymous, patient A, patient B,
 * A's clinician, a clinician of the same organization on no care team, a
 * clinician of the other organization, the admin of A's organization, the
 * admin of the other one.
 */
/* clang-format off */
static const struct row rows_a[] = {
/*  method  route                                  body       a 404 is audited as   anon  pat.A pat.B clinA same  other admin adm.2 */
  {"GET",  "/healthz",                             B_NONE,    NULL,                {200,  200,  200,  200,  200,  200,  200,  200}},
  {"GET",  "/metrics",                             B_NONE,    NULL,                {200,  200,  200,  200,  200,  200,  200,  200}},
  {"POST", "/api/v1/login",                        B_LOGIN,   NULL,                {200,  200,  200,  200,  200,  200,  200,  200}},
  {"POST", "/api/v1/logout",                       B_LOGOUT,  NULL,                {401,  204,  204,  204,  204,  204,  204,  204}},
  {"GET",  "/api/v1/me",                           B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/checkin-questions",            B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"POST", "/api/v1/invitations/accept",           B_ACCEPT,  NULL,                {200,  200,  200,  200,  200,  200,  200,  200}},
  {"POST", "/api/v1/invitations",                  B_INVITE,  "invitation.create", {401,  403,  403,  409,  404,  404,  409,  404}},
  {"GET",  "/api/v1/users",                        B_NONE,    NULL,                {401,  403,  403,  403,  403,  403,  200,  200}},
  {"PATCH","/api/v1/users/{id}",                   B_ENABLE,  NULL,                {401,  403,  403,  403,  403,  403,  200,  404}},
  {"POST", "/api/v1/patients",                     B_NEW_PATIENT, NULL,            {401,  403,  403,  201,  201,  201,  201,  201}},
  {"POST", "/api/v1/patients/{id}/care-team",      B_CARE,    "care_team.add",     {401,  403,  403,  403,  403,  403,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/care-team",      B_NONE,    "care_team.read",    {401,  403,  403,  200,  404,  404,  200,  404}},
  {"DELETE","/api/v1/patients/{id}/care-team/{user}", B_NONE, "care_team.remove",  {401,  403,  403,  403,  403,  403,  200,  404}},
  {"GET",  "/api/v1/org",                          B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"PATCH","/api/v1/org",                          B_ORG,     NULL,                {401,  403,  403,  403,  403,  403,  200,  200}},
  {"GET",  "/api/v1/rules",                        B_NONE,    NULL,                {401,  403,  403,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/lessons",                      B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/lessons/{id}",                 B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/exercises",                    B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/exercises/{id}",               B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/instruments/{id}",             B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"POST", "/api/v1/triage",                       B_TRIAGE,  NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/patients/{id}",                B_NONE,    "patient.read",      {401,  200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/today",          B_NONE,    "plan.read",         {401,  200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/progress",       B_NONE,    "progress.read",     {401,  200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/weekly",         B_NONE,    "weekly.read",       {401,  200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/reminders",      B_NONE,    "reminders.read",    {401,  200,  404,  200,  404,  404,  200,  404}},
  {"PATCH","/api/v1/patients/{id}/reminders",      B_REMINDERS, "reminders.update", {401, 200,  404,  403,  403,  403,  403,  403}},
  {"POST", "/api/v1/patients/{id}/calendar",       B_NONE,    "calendar.create",   {401,  201,  404,  403,  403,  403,  403,  403}},
  {"DELETE","/api/v1/patients/{id}/calendar",      B_NONE,    "calendar.revoke",   {401,  200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/calendar.ics",   B_NONE,    "calendar.read",     {401,  200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/cal/{file}",                          B_NONE,    NULL,                {404,  404,  404,  404,  404,  404,  404,  404}},
  {"GET",  "/api/v1/push/key",                     B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"POST", "/api/v1/patients/{id}/messages/read",  B_NONE,    "messages.mark_read", {401, 200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/unread",                       B_NONE,    NULL,                {401,  200,  200,  200,  200,  200,  200,  200}},
  {"POST", "/api/v1/patients/{id}/push-subscriptions", B_PUSH, "push.subscribe",   {401,  201,  404,  403,  403,  403,  403,  403}},
  {"DELETE","/api/v1/patients/{id}/push-subscriptions", B_NONE, "push.unsubscribe", {401, 400,  404,  400,  404,  404,  400,  404}},
  {"GET",  "/api/v1/org/mail",                     B_NONE,    NULL,                {401,  403,  403,  403,  403,  403,  200,  200}},
  {"PATCH","/api/v1/org/mail",                     B_MAIL,    NULL,                {401,  403,  403,  403,  403,  403,  200,  200}},
  {"GET",  "/api/v1/patients/{id}/plan",           B_NONE,    "plan.read",         {401,  200,  404,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/patients/{id}/plan",           B_PLAN,    "plan.change",       {401,  403,  403,  201,  404,  404,  403,  403}},
  {"POST", "/api/v1/patients/{id}/sessions",       B_SESSION, "session.create",    {401,  201,  404,  201,  404,  404,  201,  404}},
  {"POST", "/api/v1/patients/{id}/checkins",       B_CHECKIN, "checkin.create",    {401,  201,  404,  201,  404,  404,  201,  404}},
  {"POST", "/api/v1/patients/{id}/flare",          B_FLARE,   "checkin.create",    {401,  201,  404,  201,  404,  404,  201,  404}},
  {"POST", "/api/v1/patients/{id}/triage",         B_REPORT,  "triage.report",     {401,  201,  404,  201,  404,  404,  201,  404}},
  {"POST", "/api/v1/patients/{id}/resume",         B_RESUME,  "program.resume",    {401,  403,  403,  409,  404,  404,  409,  404}},
  {"POST", "/api/v1/patients/{id}/restart",        B_RESTART, "episode.restart",   {401,  409,  404,  409,  404,  404,  409,  404}},
  {"POST", "/api/v1/patients/{id}/discharge",      B_DECIDE,  "discharge.decide",  {401,  403,  403,  201,  404,  404,  403,  403}},
  {"POST", "/api/v1/patients/{id}/assessments",    B_ASSESS,  "assessment.create", {401,  201,  404,  201,  404,  404,  201,  404}},
  {"GET",  "/api/v1/patients/{id}/messages",       B_NONE,    "messages.read",     {401,  200,  404,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/patients/{id}/messages",       B_MESSAGE, "message.create",    {401,  201,  404,  201,  404,  404,  201,  404}},
  {"GET",  "/api/v1/patients/{id}/export",         B_NONE,    "patient.export",    {401,  200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/handout.pdf",    B_NONE,    "handout.read",      {401,  200,  404,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/alerts",                       B_NONE,    NULL,                {401,  403,  403,  200,  200,  200,  200,  200}},
  {"POST", "/api/v1/alerts/{id}/acknowledge",      B_ACK,     "alert.acknowledge", {401,  403,  403,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/alerts/{id}/resolve",          B_RESOLVE, "alert.resolve",     {401,  403,  403,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/panel",                        B_NONE,    NULL,                {401,  403,  403,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/outcomes",                     B_NONE,    NULL,                {401,  403,  403,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/tasks",                        B_NONE,    NULL,                {401,  403,  403,  200,  200,  200,  200,  200}},
  {"GET",  "/api/v1/patients/{id}/tasks",          B_NONE,    "task.read",         {401,  403,  403,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/tasks/{id}/done",              B_TASK,    "task.done",         {401,  403,  403,  200,  404,  404,  200,  404}},
  /* Last: a new intake starts a new episode today, before which the dates above would fall. */
  {"POST", "/api/v1/patients/{id}/intake",         B_INTAKE,  "intake.create",     {401,  201,  404,  201,  404,  404,  201,  404}},
};

/* The patient routes again with patient B's id: patient A is now the stranger. */
static const struct row rows_b[] = {
/*  method  route                                  body       a 404 is audited as   anon  pat.A pat.B clinA same  other admin adm.2 */
  {"GET",  "/api/v1/patients/{id}",                B_NONE,    "patient.read",      {401,  404,  200,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/today",          B_NONE,    "plan.read",         {401,  404,  200,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/progress",       B_NONE,    "progress.read",     {401,  404,  200,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/weekly",         B_NONE,    "weekly.read",       {401,  404,  200,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/reminders",      B_NONE,    "reminders.read",    {401,  404,  200,  200,  404,  404,  200,  404}},
  {"PATCH","/api/v1/patients/{id}/reminders",      B_REMINDERS, "reminders.update", {401, 404,  200,  403,  403,  403,  403,  403}},
  {"POST", "/api/v1/patients/{id}/calendar",       B_NONE,    "calendar.create",   {401,  404,  201,  403,  403,  403,  403,  403}},
  {"DELETE","/api/v1/patients/{id}/calendar",      B_NONE,    "calendar.revoke",   {401,  404,  200,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/calendar.ics",   B_NONE,    "calendar.read",     {401,  404,  200,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/patients/{id}/push-subscriptions", B_PUSH, "push.subscribe",   {401,  404,  201,  403,  403,  403,  403,  403}},
  {"POST", "/api/v1/patients/{id}/messages/read",  B_NONE,    "messages.mark_read", {401, 404,  200,  200,  404,  404,  200,  404}},
  {"DELETE","/api/v1/patients/{id}/push-subscriptions", B_NONE, "push.unsubscribe", {401, 404,  400,  400,  404,  404,  400,  404}},
  {"GET",  "/api/v1/patients/{id}/plan",           B_NONE,    "plan.read",         {401,  404,  200,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/patients/{id}/plan",           B_PLAN,    "plan.change",       {401,  403,  403,  201,  404,  404,  403,  403}},
  {"POST", "/api/v1/patients/{id}/sessions",       B_SESSION, "session.create",    {401,  404,  201,  201,  404,  404,  201,  404}},
  {"POST", "/api/v1/patients/{id}/checkins",       B_CHECKIN, "checkin.create",    {401,  404,  201,  201,  404,  404,  201,  404}},
  {"POST", "/api/v1/patients/{id}/flare",          B_FLARE,   "checkin.create",    {401,  404,  201,  201,  404,  404,  201,  404}},
  {"POST", "/api/v1/patients/{id}/triage",         B_REPORT,  "triage.report",     {401,  404,  201,  201,  404,  404,  201,  404}},
  {"POST", "/api/v1/patients/{id}/resume",         B_RESUME,  "program.resume",    {401,  403,  403,  409,  404,  404,  409,  404}},
  {"POST", "/api/v1/patients/{id}/restart",        B_RESTART, "episode.restart",   {401,  404,  409,  409,  404,  404,  409,  404}},
  {"POST", "/api/v1/patients/{id}/discharge",      B_DECIDE,  "discharge.decide",  {401,  403,  403,  201,  404,  404,  403,  403}},
  {"POST", "/api/v1/patients/{id}/assessments",    B_ASSESS,  "assessment.create", {401,  404,  201,  201,  404,  404,  201,  404}},
  {"GET",  "/api/v1/patients/{id}/messages",       B_NONE,    "messages.read",     {401,  404,  200,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/patients/{id}/messages",       B_MESSAGE, "message.create",    {401,  404,  201,  201,  404,  404,  201,  404}},
  {"GET",  "/api/v1/patients/{id}/export",         B_NONE,    "patient.export",    {401,  404,  200,  200,  404,  404,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/handout.pdf",    B_NONE,    "handout.read",      {401,  404,  200,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/patients/{id}/care-team",      B_CARE,    "care_team.add",     {401,  403,  403,  403,  403,  403,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/care-team",      B_NONE,    "care_team.read",    {401,  403,  403,  200,  404,  404,  200,  404}},
  {"DELETE","/api/v1/patients/{id}/care-team/{user}", B_NONE, "care_team.remove",  {401,  403,  403,  403,  403,  403,  200,  404}},
  {"GET",  "/api/v1/patients/{id}/tasks",          B_NONE,    "task.read",         {401,  403,  403,  200,  404,  404,  200,  404}},
  {"POST", "/api/v1/patients/{id}/intake",         B_INTAKE,  "intake.create",     {401,  404,  201,  201,  404,  404,  201,  404}},
};
/* clang-format on */

/* ==================== The state the tests share ==================== */

#define MAX_ALERTS 32
#define MAX_DENIALS 256

/* A refusal the audit trail must hold. */
struct denial {
    const char *patient, *action;
    enum caller_id who;
};

struct ctx {
    struct server s;
    struct world w;
    long start, today;    /* as day numbers */
    long next_checkin[2]; /* per patient (0: A, 1: B): the next free date */
    long next_session[2];
    long next_assessment[2];
    char alert[40];             /* an open alert of patient A nobody may act on */
    char task[40];              /* its task, which nobody may mark done */
    int flag_turn;              /* the next of red_flag_turns for patient A's writes */
    char fresh[MAX_ALERTS][40]; /* open alerts of patient A, not yet used */
    int n_fresh;
    char nobody[40]; /* a random id that names nothing */
    char lesson[64]; /* a lesson's id */
    int invited;     /* invitations sent, for e-mails of their own */
    char *intake;    /* examples/intake.json */
    struct denial denials[MAX_DENIALS];
    int n_denials;
};

static struct ctx X;

/* ==================== Helpers ==================== */

static bool is_alert_route(const char *pattern)
{
    return strncmp(pattern, "/api/v1/alerts/{id}", 19) == 0;
}

static bool is_task_route(const char *pattern)
{
    return strncmp(pattern, "/api/v1/tasks/{id}", 18) == 0;
}

static bool is_lesson_route(const char *pattern)
{
    return strcmp(pattern, "/api/v1/lessons/{id}") == 0;
}

static bool is_user_route(const char *pattern)
{
    return strcmp(pattern, "/api/v1/users/{id}") == 0;
}

static bool is_patient_route(const char *pattern)
{
    return strncmp(pattern, "/api/v1/patients/{id}", 21) == 0;
}

/* The pattern with {id} replaced. */
/* The pattern with {id} filled in; a {user} (a care-team member to take off) is the
 * clinician of A's organization on no care team, so that no cell changes a team (the
 * admin's answer is "removed": false). */
static void fill_path(const char *pattern, const char *id, char *out, size_t size)
{
    const char *p = strstr(pattern, "{id}"), *u;
    char half[256];

    if (!p)
        snprintf(half, sizeof(half), "%s", pattern);
    else
        snprintf(half, sizeof(half), "%.*s%s%s", (int)(p - pattern), pattern, id, p + 4);
    if ((u = strstr(half, "{user}")))
        snprintf(out, size, "%.*s%s%s", (int)(u - half), half, X.w.user[CLIN_SAME], u + 6);
    else
        snprintf(out, size, "%s", half);
}

/* A new version-4 UUID that names nothing in the store. */
static void random_id(char out[40])
{
    unsigned char b[16];
    FILE *f = fopen("/dev/urandom", "rb");

    assert_non_null(f);
    assert_int_equal(fread(b, 1, sizeof(b), f), sizeof(b));
    fclose(f);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

static const struct client *client_of(enum caller_id who)
{
    return who == ANON ? NULL : &X.w.who[who];
}

/* The next free date of a patient for check-ins or sessions; today is kept for
 * the writes that must be refused, so that one wrongly let through cannot
 * take a date another cell needs. */
static void next_date(long *next, char out[16])
{
    if (*next >= X.today)
        fail_msg("the test ran out of dates between the program's start and today");
    date_format((*next)++, out, 16);
}

/* The session cookie a login answered with, into c. */
static bool take_session(const struct response *r, struct client *c)
{
    char cookie[512], *semi;
    const char *csrf = json_string_value(json_object_get(r->json, "csrf_token"));

    if (!response_header(r, "Set-Cookie", cookie, sizeof(cookie)) ||
        strncmp(cookie, "mrx_session=", 12) != 0 || !csrf)
        return false;
    if ((semi = strchr(cookie, ';')))
        *semi = '\0';
    memset(c, 0, sizeof(*c));
    snprintf(c->token, sizeof(c->token), "%s", cookie + 12);
    snprintf(c->csrf, sizeof(c->csrf), "%s", csrf);
    return true;
}

/* Keeps the open alerts a check-in of patient A answered with, for the
 * acknowledge and resolve cells. */
static void keep_alerts(const struct response *r)
{
    size_t i;
    json_t *a;

    json_array_foreach(json_object_get(r->json, "alerts"), i, a)
    {
        const char *id = json_string_value(json_object_get(a, "id"));
        const char *status = json_string_value(json_object_get(a, "status"));
        bool kept = false;
        for (int k = 0; k < X.n_fresh && !kept; k++)
            kept = strcmp(X.fresh[k], id ? id : "") == 0; /* added to: the same alert */
        if (id && status && strcmp(status, "open") == 0 && !kept && X.n_fresh < MAX_ALERTS)
            snprintf(X.fresh[X.n_fresh++], 40, "%s", id);
    }
}

/* printf into a new string. */
static char *text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *text(const char *fmt, ...)
{
    va_list ap;
    char *out;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    out = malloc((size_t)n + 1);
    assert_non_null(out);
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

/* A change a clinician may make: the patient's current plan with its first
 * exercise on one day a week fewer (one more when it is done on 3 days or fewer, the
 * fewest most exercises' ranges allow). */
static char *plan_change_body(const char *patient)
{
    struct response r;
    char path[128], *out;
    json_t *versions, *items, *it, *edit = json_array(), *body;
    size_t i;

    fill_path("/api/v1/patients/{id}/plan", patient, path, sizeof(path));
    http_do(&X.s, &X.w.who[CLIN_A], "GET", path, NULL, NULL, &r);
    versions = json_object_get(r.json, "versions");
    items = json_object_get(
        json_object_get(json_array_get(versions, json_array_size(versions) - 1), "plan"), "items");
    if (r.status != 200 || json_array_size(items) == 0)
        fail_msg("GET %s as A's clinician (for a plan change): %ld %.300s", path, r.status, r.body);
    json_array_foreach(items, i, it)
    {
        json_int_t days = json_integer_value(json_object_get(it, "days_per_week"));
        if (i == 0)
            days = days > 3 ? days - 1 : days + 1;
        json_array_append_new(edit, json_pack("{sO, sO, sI}", "exercise",
                                              json_object_get(it, "exercise"), "dose",
                                              json_object_get(it, "dose"), "days_per_week", days));
    }
    body = json_pack("{ss, so}", "reason",
                     "A day a week more or fewer of your first exercise, to fit your week.",
                     "items", edit);
    out = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    response_free(&r);
    return out;
}

/* The one-time token of a new invitation the admin sends (a clinician's). */
static char *invitation_token(void)
{
    struct response r;
    char *body = text("{\"email\":\"invited-%d@example.org\",\"role\":\"clinician\"}", ++X.invited),
         *token;

    http_do(&X.s, &X.w.who[ADMIN], "POST", "/api/v1/invitations", body, NULL, &r);
    if (r.status != 201 || !json_is_string(json_object_get(r.json, "token")))
        fail_msg("POST /api/v1/invitations as admin: %ld %.300s", r.status, r.body);
    token = text("%s", json_string_value(json_object_get(r.json, "token")));
    response_free(&r);
    free(body);
    return token;
}

/*
 * A routine red flag for each write of patient A that succeeds: each fires a
 * rule of its own, so each opens an alert of its own (a rule that fires
 * again adds to its open alert), and none pauses the program, whose
 * sessions must go on. The shared alert is the intake's (one leg).
 */
static const char *const red_flag_turns[] = {
    "\"worse_cough_sneeze\":true",     "\"pain_worsening\":true",
    "\"stops_daily_activities\":true", "\"struggling_to_cope\":true",
    "\"weeks_without_improvement\":4", "\"generally_unwell\":true",
};

static const char *red_flag_for(int p, bool succeeds)
{
    if (p != 0 || !succeeds)
        return red_flag_turns[0];
    return red_flag_turns[X.flag_turn++ % (int)MRX_ARRAY_LEN(red_flag_turns)];
}

/* The body of a cell (NULL: none; the caller frees it); writes that must
 * succeed get dates of their own. */
static char *cell_body(enum body_kind kind, enum caller_id who, const char *patient, int p,
                       bool succeeds)
{
    char date[16];

    if (kind == B_SESSION || kind == B_CHECKIN || kind == B_FLARE || kind == B_ASSESS) {
        if (succeeds)
            next_date(kind == B_SESSION  ? &X.next_session[p]
                      : kind == B_ASSESS ? &X.next_assessment[p]
                                         : &X.next_checkin[p],
                      date);
        else
            snprintf(date, sizeof(date), "%s", X.w.today);
    }
    switch (kind) {
    case B_NONE:
    case B_LOGOUT:
        return NULL;
    case B_LOGIN:
        return text("{\"email\":\"%s\",\"password\":\"%s\"}",
                    world_emails[who == ANON ? PATIENT_A : who], WORLD_PASSWORD);
    case B_SESSION:
        return text("{\"date\":\"%s\",\"pain_during\":3,\"difficulty\":\"right\"}", date);
    case B_CHECKIN:
        return text("{\"date\":\"%s\",\"pain\":4,\"next_morning_pain\":3,\"walk_minutes\":10,"
                    "\"red_flags\":{%s}}",
                    date, red_flag_for(p, succeeds));
    case B_FLARE:
        return text("{\"date\":\"%s\",\"pain\":7,\"red_flags\":{%s}}", date,
                    red_flag_for(p, succeeds));
    case B_REPORT:
        return text("{\"red_flags\":{%s}}", red_flag_for(p, succeeds));
    case B_RESUME:
        return text("{\"note\":\"Seen by %s.\"}", caller_names[who]);
    case B_DECIDE:
        return text("{\"decision\":\"extend\",\"weeks\":2,\"reason\":\"Seen by %s.\"}",
                    caller_names[who]);
    case B_RESTART:
        return text("{\"red_flags\":{\"fever_or_chills\":false},\"pain_now\":5}");
    case B_ASSESS:
        return text("{\"date\":\"%s\",\"rmdq\":[2,5,11]}", date);
    case B_MESSAGE:
        return text("{\"body\":\"A word from %s.\"}", caller_names[who]);
    case B_ACK:
        return text("{}");
    case B_ORG:
        return text("{\"name\":\"Renamed by %s\"}", caller_names[who]);
    case B_RESOLVE:
        return text("{\"note\":\"Seen by %s; advised to see the GP.\"}", caller_names[who]);
    case B_PLAN:
        return plan_change_body(patient);
    case B_INTAKE:
        return text("{\"intake\":%s,\"date\":\"%s\"}", X.intake, X.w.today);
    case B_INVITE:
        return text(
            "{\"email\":\"invited-%d@example.org\",\"role\":\"patient\",\"patient\":\"%s\"}",
            ++X.invited, patient);
    case B_NEW_PATIENT:
        return text("{\"name\":\"Patient made by %s\",\"birth_year\":1980}", caller_names[who]);
    case B_CARE:
        return text("{\"clinician\":\"%s\"}", X.w.user[CLIN_A]);
    case B_REMINDERS:
        return text("{\"time\":\"19:00\"}");
    case B_PUSH:
        return text(
            "{\"endpoint\":\"https://fcm.googleapis.com/fcm/send/authz-%d\","
            "\"keys\":{\"p256dh\":\"BIfFK90UBK3LpRpU7We3y0mxl0eHvhVTJCAmfvHf1YsNCP3aWVoIKUtO"
            "wBzwV5f0O0WhmMympe-Dzi0_q_9yYz0\",\"auth\":\"oyaShCbbnCfYzRpN9hot4g\"}}",
            (int)who);
    case B_MAIL:
        return text("{\"smtp_url\":\"smtp://127.0.0.1:1\",\"from\":\"care@example.org\"}");
    case B_ENABLE:
        return text("{\"disabled\":false}");
    case B_TRIAGE:
        return text("{\"red_flags\":{\"saddle_numbness\":true}}");
    case B_TASK:
        return text("{\"note\":\"Rang the patient: %s.\"}", caller_names[who]);
    case B_ACCEPT: {
        char *token = invitation_token(), *out;
        out = text("{\"token\":\"%s\",\"password\":\"%s\"}", token, WORLD_PASSWORD);
        free(token);
        return out;
    }
    }
    return NULL;
}

/* Logout from a second session of the caller's, so that the one the other
 * cells use goes on; the session it ended must be gone. */
static void run_logout(enum caller_id who, const char *path, struct response *out, int *failures)
{
    struct client c;
    struct response me;

    if (who == ANON) {
        http_do(&X.s, NULL, "POST", path, NULL, NULL, out);
        return;
    }
    json_decref(login(&X.s, &c, world_emails[who], WORLD_PASSWORD));
    http_do(&X.s, &c, "POST", path, NULL, NULL, out);
    if (out->status != 204)
        return;
    http_do(&X.s, &c, "GET", "/api/v1/me", NULL, NULL, &me);
    if (me.status != 401) {
        print_error("FAIL POST %s as %s: the session still works after logout (GET /api/v1/me: "
                    "%ld)\n",
                    path, caller_names[who], me.status);
        (*failures)++;
    }
    response_free(&me);
}

/* A caller signed in again: the new session replaces the one the request
 * came with, which must no longer work. */
static void relogged(enum caller_id who, const struct response *res, int *failures)
{
    struct client old = X.w.who[who];
    struct response me;

    if (!take_session(res, &X.w.who[who]))
        fail_msg("POST /api/v1/login as %s: no new session in the answer", caller_names[who]);
    http_do(&X.s, &old, "GET", "/api/v1/me", NULL, NULL, &me);
    if (me.status != 401) {
        print_error("FAIL POST /api/v1/login as %s: the session it replaced still works (GET "
                    "/api/v1/me: %ld)\n",
                    caller_names[who], me.status);
        (*failures)++;
    }
    response_free(&me);
}

/* An open task of patient A other than the shared one and its alert's, for a
 * cell that marks it done. */
static bool fresh_task(char out[40])
{
    struct response r;
    char path[128];
    json_t *t;
    size_t i;

    out[0] = '\0';
    fill_path("/api/v1/patients/{id}/tasks", X.w.patient_a, path, sizeof(path));
    http_do(&X.s, &X.w.who[CLIN_A], "GET", path, NULL, NULL, &r);
    json_array_foreach(json_object_get(r.json, "tasks"), i, t)
    {
        const char *id = json_string_value(json_object_get(t, "id"));
        const char *alert = json_string_value(json_object_get(t, "alert"));
        const char *status = json_string_value(json_object_get(t, "status"));
        if (id && status && strcmp(status, "open") == 0 && strcmp(id, X.task) != 0 &&
            !(alert && strcmp(alert, X.alert) == 0)) {
            snprintf(out, 40, "%s", id);
            break;
        }
    }
    response_free(&r);
    return out[0] != '\0';
}

/* Runs one cell, checks it and, for a 404, its twin with an id that names
 * nothing: the same status, the same body, byte for byte. */
static void run_cell(const struct row *r, enum caller_id who, const char *patient, int p,
                     int *failures)
{
    int want = r->expect[who];
    bool succeeds = want >= 200 && want < 300;
    const char *id = patient;
    char path[256], *body, task[40];
    struct response res;

    if (is_alert_route(r->pattern)) {
        if (succeeds && X.n_fresh == 0) {
            print_error("FAIL %s %s as %s: no fresh open alert of patient A left (the check-in "
                        "cells should have opened them)\n",
                        r->method, r->pattern, caller_names[who]);
            (*failures)++;
            return;
        }
        id = succeeds ? X.fresh[--X.n_fresh] : X.alert;
    } else if (is_task_route(r->pattern)) {
        if (succeeds && !fresh_task(task)) {
            print_error("FAIL %s %s as %s: no open task of patient A left\n", r->method, r->pattern,
                        caller_names[who]);
            (*failures)++;
            return;
        }
        id = succeeds ? task : X.task;
    } else if (is_lesson_route(r->pattern)) {
        id = X.lesson;
    } else if (strcmp(r->pattern, "/api/v1/exercises/{id}") == 0) {
        id = "bridge";
    } else if (strcmp(r->pattern, "/api/v1/instruments/{id}") == 0) {
        id = "startback";
    } else if (is_user_route(r->pattern)) {
        id = X.w.user[CLIN_SAME];
    }
    fill_path(r->pattern, id, path, sizeof(path));
    body = cell_body(r->body, who, patient, p, succeeds);

    if (r->body == B_LOGOUT) {
        run_logout(who, path, &res, failures);
    } else {
        http_do(&X.s, client_of(who), r->method, path, body, NULL, &res);
        if (r->body == B_LOGIN && res.status == 200 && who != ANON)
            relogged(who, &res, failures);
        if ((r->body == B_CHECKIN || r->body == B_FLARE || r->body == B_REPORT) &&
            res.status == 201 && strcmp(patient, X.w.patient_a) == 0)
            keep_alerts(&res);
    }

    if (res.status != want) {
        print_error("FAIL %s %s as %s: expected %d, got %ld: %.300s\n", r->method, path,
                    caller_names[who], want, res.status, res.body);
        (*failures)++;
    }

    if (want == 404 && (strstr(r->pattern, "{id}") || r->body == B_INVITE)) {
        struct response twin;
        char twin_path[256], *twin_body = NULL;

        fill_path(r->pattern, X.nobody, twin_path, sizeof(twin_path));
        if (r->body == B_INVITE) /* the patient is named in the body */
            twin_body = cell_body(r->body, who, X.nobody, p, false);
        http_do(&X.s, client_of(who), r->method, twin_path, twin_body ? twin_body : body, NULL,
                &twin);
        free(twin_body);
        if (twin.status != res.status || twin.len != res.len ||
            memcmp(twin.body, res.body, res.len) != 0) {
            print_error("FAIL %s %s as %s: the refusal differs from the answer for an id that "
                        "does not exist:\n  refused: %ld %s\n  no such id: %ld %s\n",
                        r->method, path, caller_names[who], res.status, res.body, twin.status,
                        twin.body);
            (*failures)++;
        }
        response_free(&twin);
        if (r->audit && who != ANON && X.n_denials < MAX_DENIALS) {
            struct denial *d = &X.denials[X.n_denials++];
            d->patient = patient;
            d->who = who;
            d->action = r->audit;
        }
    }
    free(body);
    response_free(&res);
}

static void run_table(const struct row *rows, size_t n, const char *patient, int p)
{
    int failures = 0, cells = 0;

    for (size_t i = 0; i < n; i++)
        for (int who = 0; who < N_CALLERS; who++, cells++)
            run_cell(&rows[i], (enum caller_id)who, patient, p, &failures);
    if (failures)
        fail_msg("%d of %d cells answered otherwise than expected (see above)", failures, cells);
}

/* ==================== Set-up ==================== */

/* Patient A reports tingling in one leg again (the intake said so first);
 * A's clinician finds the one alert of that rule, which it added to. */
static void open_shared_alert(void)
{
    struct response r;
    char body[256], date[16], path[128];
    size_t i;
    json_t *a;

    next_date(&X.next_checkin[0], date);
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain\":5,\"red_flags\":{\"one_leg_numbness_tingling\":true}}",
             date);
    fill_path("/api/v1/patients/{id}/checkins", X.w.patient_a, path, sizeof(path));
    http_do(&X.s, &X.w.who[PATIENT_A], "POST", path, body, NULL, &r);
    if (r.status != 201)
        fail_msg("patient A's check-in with a red flag: %ld %s", r.status, r.body);
    response_free(&r);

    http_do(&X.s, &X.w.who[CLIN_A], "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "alerts"), i, a)
    {
        const char *id = json_string_value(json_object_get(a, "id"));
        const char *who = json_string_value(json_object_get(a, "patient"));
        const char *status = json_string_value(json_object_get(a, "status"));
        const char *rule = json_string_value(json_object_get(a, "rule"));
        if (id && who && status && strcmp(who, X.w.patient_a) == 0 && strcmp(status, "open") == 0 &&
            rule && strcmp(rule, "one_leg_symptoms") == 0) {
            snprintf(X.alert, sizeof(X.alert), "%s", id);
            break;
        }
    }
    if (!X.alert[0])
        fail_msg("no open alert of patient A in GET /api/v1/alerts: %s", r.body);
    response_free(&r);

    /* the alert's task: every alert is a promise with a due date */
    fill_path("/api/v1/patients/{id}/tasks", X.w.patient_a, path, sizeof(path));
    http_do(&X.s, &X.w.who[CLIN_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "tasks"), i, a)
    {
        const char *id = json_string_value(json_object_get(a, "id"));
        const char *alert = json_string_value(json_object_get(a, "alert"));
        if (id && alert && strcmp(alert, X.alert) == 0)
            snprintf(X.task, sizeof(X.task), "%s", id);
    }
    if (!X.task[0])
        fail_msg("no task for patient A's alert %s: %s", X.alert, r.body);
    response_free(&r);
}

/* A whole file as a string (the caller frees it). */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        fail_msg("cannot read %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The id of the first lesson the server lists. */
static void find_lesson(void)
{
    struct response r;
    const char *id;

    http_do(&X.s, &X.w.who[PATIENT_A], "GET", "/api/v1/lessons", NULL, NULL, &r);
    id = json_string_value(
        json_object_get(json_array_get(json_object_get(r.json, "lessons"), 0), "id"));
    if (r.status != 200 || !id)
        fail_msg("GET /api/v1/lessons: %ld %.300s", r.status, r.body);
    snprintf(X.lesson, sizeof(X.lesson), "%s", id);
    response_free(&r);
}

static int setup(void **state)
{
    memset(&X, 0, sizeof(X));
    server_prepare(&X.s);
    server_start(&X.s, NULL);
    world_build(&X.s, &X.w);
    assert_true(date_parse(X.w.start, &X.start));
    assert_true(date_parse(X.w.today, &X.today));
    for (int p = 0; p < 2; p++)
        X.next_checkin[p] = X.next_session[p] = X.next_assessment[p] = X.start;
    random_id(X.nobody);
    X.intake = read_text(MOVERX_SOURCE_DIR "/examples/intake.json");
    find_lesson();
    open_shared_alert();
    *state = &X;
    return 0;
}

static int teardown(void **state)
{
    int status, rc = 0;
    (void)state;

    /* A server that died (a crash under the sanitizers) said why in serve.err:
     * show it, and still remove the directory. */
    if (X.s.pid > 0 && waitpid(X.s.pid, &status, WNOHANG) == X.s.pid) {
        char path[320], *why;
        snprintf(path, sizeof(path), "%s/serve.err", X.s.dir);
        why = read_text(path);
        print_error("moverx serve died during the tests (status %d):\n%s\n", status, why);
        free(why);
        X.s.pid = 0;
        rc = -1;
    }
    server_stop(&X.s, false); /* stops it if it still runs; removes the directory */
    free(X.intake);
    return rc;
}

/* ==================== Tests ==================== */

/* The table has exactly the server's routes, each once; the second table
 * has every patient route. */
static void table_names_every_route(void **state)
{
    size_t n = api_route_count(), patient_routes = 0;
    (void)state;

    for (size_t i = 0; i < n; i++) {
        const char *method, *pattern;
        int found = 0, found_b = 0;
        api_route_at(i, &method, &pattern);
        for (size_t k = 0; k < MRX_ARRAY_LEN(rows_a); k++)
            found +=
                strcmp(rows_a[k].method, method) == 0 && strcmp(rows_a[k].pattern, pattern) == 0;
        for (size_t k = 0; k < MRX_ARRAY_LEN(rows_b); k++)
            found_b +=
                strcmp(rows_b[k].method, method) == 0 && strcmp(rows_b[k].pattern, pattern) == 0;
        if (found != 1)
            fail_msg("route %s %s is in the table %d times", method, pattern, found);
        if (is_patient_route(pattern)) {
            patient_routes++;
            if (found_b != 1)
                fail_msg("patient route %s %s is in patient B's table %d times", method, pattern,
                         found_b);
        }
    }
    assert_int_equal(MRX_ARRAY_LEN(rows_a), n);
    assert_int_equal(MRX_ARRAY_LEN(rows_b), patient_routes);
}

static void patient_a_matrix(void **state)
{
    (void)state;
    run_table(rows_a, MRX_ARRAY_LEN(rows_a), X.w.patient_a, 0);
}

static void patient_b_matrix(void **state)
{
    (void)state;
    run_table(rows_b, MRX_ARRAY_LEN(rows_b), X.w.patient_b, 1);
}

/* A state-changing request made with the cookie but without the right
 * X-CSRF-Token is refused (403 "csrf") before anything else is looked at. */
static void csrf_is_required(void **state)
{
    int failures = 0, not_post = 0;
    (void)state;

    for (size_t i = 0; i < MRX_ARRAY_LEN(rows_a); i++) {
        const struct row *r = &rows_a[i];
        if (strcmp(r->method, "GET") == 0 || r->expect[ANON] != 401)
            continue; /* reads, and public routes: they take no CSRF token */
        not_post += strcmp(r->method, "POST") != 0;
        for (int who = PATIENT_A; who < N_CALLERS; who++) {
            for (int variant = 0; variant < 2; variant++) {
                struct client c = X.w.who[who];
                struct response res;
                char path[256], *body;
                const char *code;

                if (r->body == B_LOGOUT)
                    json_decref(login(&X.s, &c, world_emails[who], WORLD_PASSWORD));
                if (variant == 0) /* none */
                    c.csrf[0] = '\0';
                else /* another session's */
                    snprintf(c.csrf, sizeof(c.csrf), "%s",
                             X.w.who[who == ADMIN_OTHER ? PATIENT_A : who + 1].csrf);
                fill_path(r->pattern,
                          is_alert_route(r->pattern)  ? X.alert
                          : is_task_route(r->pattern) ? X.task
                                                      : X.w.patient_a,
                          path, sizeof(path));
                body = cell_body(r->body, (enum caller_id)who, X.w.patient_a, 0, false);
                http_do(&X.s, &c, r->method, path, body, NULL, &res);
                free(body);
                code =
                    json_string_value(json_object_get(json_object_get(res.json, "error"), "code"));
                if (res.status != 403 || !code || strcmp(code, "csrf") != 0) {
                    print_error("FAIL %s %s as %s with %s X-CSRF-Token: expected 403 csrf, got "
                                "%ld: %.300s\n",
                                r->method, path, caller_names[who],
                                variant ? "another session's" : "no", res.status, res.body);
                    failures++;
                }
                response_free(&res);
            }
        }
    }
    if (failures)
        fail_msg("%d requests without the right CSRF token were not refused", failures);
    assert_true(not_post >= 2); /* PATCH /org and /users/{id} were among them */
}

/* The lists show only the patients the caller may see: the care team's
 * alerts and panel (asked by the clinicians and admins), the organization's
 * accounts (asked by the admins). */
static void lists_show_only_their_patients(void **state)
{
    static const struct {
        const char *path, *list, *field;
        enum caller_id first; /* the callers from this one on may ask */
    } lists[] = {{"/api/v1/alerts", "alerts", "patient", CLIN_A},
                 {"/api/v1/panel", "patients", "patient", CLIN_A},
                 {"/api/v1/users", "users", "patient", ADMIN}};
    int failures = 0;
    (void)state;

    for (size_t l = 0; l < MRX_ARRAY_LEN(lists); l++)
        for (int who = (int)lists[l].first; who < N_CALLERS; who++) {
            struct response r;
            bool sees_a = false, may = who == CLIN_A || who == ADMIN;
            size_t i;
            json_t *it;

            http_do(&X.s, &X.w.who[who], "GET", lists[l].path, NULL, NULL, &r);
            assert_int_equal(r.status, 200);
            json_array_foreach(json_object_get(r.json, lists[l].list), i, it)
            {
                const char *p = json_string_value(json_object_get(it, lists[l].field));
                sees_a |= p && strcmp(p, X.w.patient_a) == 0;
            }
            if (sees_a != may) {
                print_error("FAIL GET %s as %s: patient A is %s, expected %s\n", lists[l].path,
                            caller_names[who], sees_a ? "listed" : "missing",
                            may ? "listed" : "not listed");
                failures++;
            }
            response_free(&r);
        }
    if (failures)
        fail_msg("%d lists showed the wrong patients", failures);
}

static long count_rows(sqlite3 *db, const char *sql, const char *a, const char *b, const char *c)
{
    sqlite3_stmt *st;
    long n = -1;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (a)
        sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    if (c)
        sqlite3_bind_text(st, 3, c, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Every refusal of the matrices is in the audit trail, with the caller, the
 * action and the patient; the callers who may see patient A never are. */
static void refusals_are_audited(void **state)
{
    static const enum caller_id allowed[] = {PATIENT_A, CLIN_A, ADMIN};
    sqlite3 *db;
    int failures = 0;
    long n;
    (void)state;

    server_stop(&X.s, true); /* writes what is queued, keeps the store */
    assert_int_equal(sqlite3_open_v2(X.s.db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);

    n = count_rows(db,
                   "SELECT count(*) FROM audit_events WHERE outcome = 'denied' AND patient_id = ?1",
                   X.w.patient_a, NULL, NULL);
    if (n <= 0) {
        print_error("FAIL no audit event with outcome 'denied' for patient A\n");
        failures++;
    }
    assert_true(X.n_denials > 0);
    for (int i = 0; i < X.n_denials; i++) {
        const struct denial *d = &X.denials[i];
        n = count_rows(db,
                       "SELECT count(*) FROM audit_events WHERE outcome = 'denied' AND "
                       "patient_id = ?1 AND actor = ?2 AND action = ?3",
                       d->patient, X.w.user[d->who], d->action);
        if (n <= 0) {
            print_error("FAIL no 'denied' audit event for %s by %s on patient %s\n", d->action,
                        caller_names[d->who], strcmp(d->patient, X.w.patient_a) == 0 ? "A" : "B");
            failures++;
        }
    }
    for (size_t i = 0; i < MRX_ARRAY_LEN(allowed); i++) {
        n = count_rows(db,
                       "SELECT count(*) FROM audit_events WHERE outcome = 'denied' AND "
                       "patient_id = ?1 AND actor = ?2",
                       X.w.patient_a, X.w.user[allowed[i]], NULL);
        if (n != 0) {
            print_error("FAIL %ld 'denied' audit events of %s, who may see patient A\n", n,
                        caller_names[allowed[i]]);
            failures++;
        }
    }
    sqlite3_close(db);
    if (failures)
        fail_msg("%d audit checks failed", failures);
}

/* Allowed is not the same as possible: an alert already acted on is a
 * conflict (409) for a caller who may act on it, not a refusal. Run on the
 * store the audit test kept, served again, after that test, so that
 * whatever happens here cannot cost the audit trail. */
static void acting_twice_is_a_conflict(void **state)
{
    static const struct {
        const char *action, *body;
        int status;
    } steps[] = {
        {"acknowledge", "{}", 200},
        {"acknowledge", "{}", 409},
        {"resolve", "{\"note\":\"Seen; advised to see the GP.\"}", 200},
        {"resolve", "{\"note\":\"Seen again.\"}", 409},
        {"acknowledge", "{}", 409},
    };
    int failures = 0;
    (void)state;

    X.s.port = 0;
    server_start(&X.s, NULL);
    for (size_t i = 0; i < MRX_ARRAY_LEN(steps); i++) {
        struct response r;
        char path[160];

        snprintf(path, sizeof(path), "/api/v1/alerts/%s/%s", X.alert, steps[i].action);
        http_do(&X.s, &X.w.who[CLIN_A], "POST", path, steps[i].body, NULL, &r);
        if (r.status != steps[i].status) {
            print_error("FAIL POST %s as %s (step %zu): expected %d, got %ld: %.300s\n", path,
                        caller_names[CLIN_A], i + 1, steps[i].status, r.status, r.body);
            failures++;
        }
        response_free(&r);
    }
    if (failures)
        fail_msg("%d steps answered otherwise than expected", failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_names_every_route),
        cmocka_unit_test(patient_a_matrix),
        cmocka_unit_test(patient_b_matrix),
        cmocka_unit_test(csrf_is_required),
        cmocka_unit_test(lists_show_only_their_patients),
        cmocka_unit_test(refusals_are_audited),
        cmocka_unit_test(acting_twice_is_a_conflict),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
