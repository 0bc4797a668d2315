/*
 * sqlite.c: the embedded SQLite backend of the store (see store.h,
 * docs/store.md).
 *
 * WAL journal, synchronous=FULL (a commit that returned is on disk),
 * foreign keys on, STRICT tables. Every statement is a constant prepared
 * once and cached; input only ever reaches SQL through bound parameters.
 */
#include "compat.h"

#include <errno.h>
#include <sys/stat.h>

#include "common/xalloc.h"
#include "store/migrations.h"
#include "store/sqlite_internal.h"

/* The WAL's bound. A commit's own statements are reset before it (sqlite_commit), so
 * that no read of the writer outlives it. Past WAL_PASSIVE_FRAMES (SQLite's own default)
 * a commit copies what it can back without waiting; readers that always overlap can
 * starve that, so past WAL_TRUNCATE_FRAMES it waits a little for the readers to move to
 * the newest snapshot, which a request's read does within milliseconds, and empties the
 * file. */
#define WAL_PASSIVE_FRAMES 1000
#define WAL_TRUNCATE_FRAMES 8000 /* about 32 MB of 4 KiB pages */
#define WAL_TRUNCATE_WAIT_MS 200 /* a reader longer than this (an export) only delays it */
#define BUSY_TIMEOUT_MS 10000

/* 'MVRX': marks a file as a MoveRx store (PRAGMA application_id). */
#define MOVERX_APPLICATION_ID 0x4d565258

/* After every commit (sqlite3_wal_hook): keep the WAL bounded (see WAL_TRUNCATE_FRAMES). */
static int wal_bound(void *arg, sqlite3 *db, const char *name, int frames)
{
    (void)arg;
    if (frames >= WAL_TRUNCATE_FRAMES) { /* the writer waits a little, never long */
        sqlite3_busy_timeout(db, WAL_TRUNCATE_WAIT_MS);
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
        sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    } else if (frames >= WAL_PASSIVE_FRAMES)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return SQLITE_OK; /* a checkpoint that could not finish is tried again at the next */
}

#define EPISODE_COLS                                                                               \
    "id, org_id, patient_id, seq, start_date, status, reviewed_through, engine_state, created_at"
#define PLAN_COLS                                                                                  \
    "org_id, episode_id, version, date, author, rule_id, reason, evidence, plan, changes, "        \
    "recorded_at"
#define ALERT_COLS                                                                                 \
    "a.id, a.org_id, a.episode_id, a.patient_id, a.rule_id, a.tier, a.reason, a.evidence, "        \
    "a.detail, a.opened_date, a.opened_at, a.status, a.acknowledged_by, a.acknowledged_at, "       \
    "a.resolved_by, a.resolved_at, a.resolution_note, a.last_date, a.occurrences"
#define ORG_COLS "id, name, is_default, created_at, emergency_number, crisis_line, phone"
/* Whether message q was written by the patient (their own account, or "patient" from the CLI). */
#define FROM_PATIENT                                                                               \
    "(q.sender = 'patient' OR EXISTS (SELECT 1 FROM users u WHERE u.id = q.sender AND "            \
    "u.org_id = q.org_id AND u.patient_id = q.patient_id))"
#define USER_COLS "id, org_id, role, email, password_hash, patient_id, created_at, disabled_at"
#define TASK_COLS                                                                                  \
    "t.id, t.org_id, coalesce(t.episode_id, ''), t.patient_id, t.kind, t.source, t.alert_id, "     \
    "t.title, t.due_date, t.created_at, t.status, t.done_by, t.done_at, t.note"
#define TIER_ORDER "CASE a.tier WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END"

static const char *const sql[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_ORG_ADD] =
        "INSERT INTO organizations (id, name, is_default, created_at) VALUES (?, ?, ?, ?)",
    [Q_ORG_GET] = "SELECT " ORG_COLS " FROM organizations WHERE id = ?",
    [Q_ORG_DEFAULT] = "SELECT " ORG_COLS " FROM organizations WHERE is_default = 1",
    [Q_PATIENT_ADD] =
        "INSERT INTO patients (id, org_id, name, birth_year, created_at) VALUES (?, ?, ?, ?, ?)",
    [Q_PATIENT_GET] =
        "SELECT id, org_id, name, birth_year, created_at, rev FROM patients WHERE id = ?",
    [Q_EPISODE_ADD] = "INSERT INTO episodes (" EPISODE_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_EPISODE_UPDATE] = "UPDATE episodes SET status = ?, reviewed_through = ?, engine_state = ? "
                         "WHERE org_id = ? AND id = ?",
    [Q_EPISODE_CURRENT] = "SELECT " EPISODE_COLS " FROM episodes WHERE org_id = ? AND "
                          "patient_id = ? ORDER BY seq DESC LIMIT 1",
    [Q_EPISODES] =
        "SELECT " EPISODE_COLS " FROM episodes WHERE org_id = ? AND patient_id = ? ORDER BY seq",
    [Q_EPISODES_DUE] = "SELECT " EPISODE_COLS " FROM episodes WHERE status IN ('active', "
                       "'paused') AND reviewed_through < ? ORDER BY org_id, patient_id",
    [Q_INTAKE_ADD] = "INSERT INTO intakes (org_id, episode_id, date, answers, triage, recorded_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
    [Q_INTAKE_GET] = "SELECT org_id, episode_id, date, answers, triage, recorded_at FROM intakes "
                     "WHERE org_id = ? AND episode_id = ?",
    [Q_ASSESSMENT_ADD] =
        "INSERT INTO assessments (org_id, episode_id, date, instrument, instrument_version, "
        "scoring_version, answers, score, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_ASSESSMENTS] =
        "SELECT org_id, episode_id, date, instrument, instrument_version, scoring_version, "
        "answers, score, recorded_at FROM assessments WHERE org_id = ? AND episode_id = ? "
        "ORDER BY date, instrument",
    [Q_PLAN_ADD] =
        "INSERT INTO plan_versions (" PLAN_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_PLAN_LATEST] = "SELECT " PLAN_COLS " FROM plan_versions WHERE org_id = ? AND episode_id = ? "
                      "ORDER BY version DESC LIMIT 1",
    [Q_PLANS] = "SELECT " PLAN_COLS " FROM plan_versions WHERE org_id = ? AND episode_id = ? "
                "ORDER BY version",
    [Q_EPISODE_MARKS] =
        "SELECT e.id, e.status, e.start_date, e.engine_state IS NOT NULL, (SELECT count(*) FROM "
        "plan_versions v WHERE v.org_id = e.org_id AND v.episode_id = e.id), (SELECT "
        "max(version) FROM plan_versions v WHERE v.org_id = e.org_id AND v.episode_id = e.id), "
        "(SELECT max(date) FROM sessions s WHERE s.org_id = e.org_id AND s.episode_id = e.id "
        "AND s.date < ?3) FROM episodes e WHERE e.org_id = ?1 AND e.patient_id = ?2 ORDER BY "
        "e.seq DESC LIMIT 1",
    [Q_DECISION_SEQ] =
        "SELECT coalesce(max(seq), 0) + 1 FROM decisions WHERE org_id = ? AND episode_id = ?",
    [Q_DECISION_ADD] = "INSERT INTO decisions (org_id, episode_id, seq, date, kind, rule_id, item, "
                       "from_dose, to_dose, reason, evidence, plan_version) VALUES (?, ?, ?, ?, ?, "
                       "?, ?, ?, ?, ?, ?, ?)",
    [Q_DECISIONS] =
        "SELECT org_id, episode_id, seq, date, kind, rule_id, item, from_dose, to_dose, "
        "reason, evidence, plan_version FROM decisions WHERE org_id = ? AND "
        "episode_id = ? ORDER BY seq",
    [Q_SESSION_ADD] = "INSERT INTO sessions (org_id, episode_id, date, pain_during, difficulty, "
                      "items, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_SESSIONS] = "SELECT org_id, episode_id, date, pain_during, difficulty, items, note, "
                   "recorded_at FROM sessions WHERE org_id = ? AND episode_id = ? AND date "
                   "BETWEEN ? AND ? ORDER BY date",
    [Q_CHECKIN_ADD] =
        "INSERT INTO checkins (org_id, episode_id, date, pain, next_morning_pain, walk_minutes, "
        "stiffness, sleep, steps, feel_better, get_better, red_flags, red_flag_tier, flare, "
        "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_CHECKINS] =
        "SELECT org_id, episode_id, date, pain, next_morning_pain, walk_minutes, stiffness, "
        "sleep, steps, feel_better, get_better, red_flags, red_flag_tier, flare, recorded_at FROM "
        "checkins "
        "WHERE org_id = ? AND episode_id = ? AND date BETWEEN ? AND ? ORDER BY date",
    [Q_ALERT_ADD] =
        "INSERT INTO alerts (id, org_id, patient_id, episode_id, rule_id, tier, reason, "
        "evidence, detail, opened_date, opened_at, last_date, occurrences, status, "
        "acknowledged_by, acknowledged_at, resolved_by, resolved_at, resolution_note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_ALERTS] = "SELECT " ALERT_COLS " FROM alerts a WHERE a.org_id = ? AND a.episode_id = ? "
                 "ORDER BY a.opened_date, a.opened_at, a.id",
    [Q_ALERTS_PATIENT] = "SELECT " ALERT_COLS " FROM alerts a WHERE a.org_id = ? AND "
                         "a.patient_id = ? ORDER BY a.opened_date, a.opened_at, a.id",
    [Q_ALERTS_OPEN] =
        "SELECT " ALERT_COLS " FROM alerts a WHERE a.org_id = ? AND a.status <> "
        "'resolved' ORDER BY " TIER_ORDER ", a.last_date DESC, a.opened_at DESC, a.id",
    [Q_ALERTS_OPEN_ALL] = "SELECT " ALERT_COLS " FROM alerts a WHERE a.status <> 'resolved' "
                          "ORDER BY " TIER_ORDER ", a.last_date DESC, a.opened_at DESC, a.id",
    [Q_MESSAGE_ADD] = "INSERT INTO messages (id, org_id, patient_id, sender, body, sent_at, "
                      "read_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [Q_MESSAGES_READ] = "UPDATE messages AS q SET read_at = ?4 WHERE q.org_id = ?1 AND "
                        "q.patient_id = ?2 AND q.read_at IS NULL AND " FROM_PATIENT " = ?3",
    [Q_UNREAD_PATIENT] =
        "SELECT count(*) FROM messages q WHERE q.org_id = ?1 AND q.patient_id = ?2 "
        "AND q.read_at IS NULL AND NOT " FROM_PATIENT,
    [Q_UNREAD_CARE] =
        "SELECT count(*) FROM messages q WHERE q.org_id = ?1 AND q.read_at IS NULL "
        "AND " FROM_PATIENT " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM care_team c "
        "WHERE c.org_id = q.org_id AND c.patient_id = q.patient_id AND c.user_id = ?2))",
    [Q_MESSAGES] = "SELECT id, org_id, patient_id, sender, body, sent_at, read_at FROM messages "
                   "WHERE org_id = ? AND patient_id = ? ORDER BY sent_at, rowid",
    [Q_AUDIT_ADD] = "INSERT INTO audit_events (org_id, at, actor, origin, action, patient_id, "
                    "outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [Q_USER_ADD] = "INSERT INTO users (id, org_id, role, email, password_hash, patient_id, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [Q_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = ?",
    [Q_USER_BY_EMAIL] = "SELECT " USER_COLS " FROM users WHERE email = ?",
    [Q_CARE_ADD] =
        "INSERT INTO care_team (org_id, patient_id, user_id, added_at) VALUES (?, ?, ?, ?)",
    [Q_CARE_MEMBER] = "SELECT 1 FROM care_team WHERE org_id = ? AND patient_id = ? AND user_id = ?",
    [Q_CARE_REMOVE] = "DELETE FROM care_team WHERE org_id = ? AND patient_id = ? AND user_id = ?",
    [Q_CARE_COUNT] = "SELECT count(*) FROM care_team WHERE org_id = ? AND patient_id = ?",
    [Q_AUTH_ADD] = "INSERT INTO auth_sessions (token_hash, org_id, user_id, csrf_hash, "
                   "created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
    [Q_AUTH_GET] = "SELECT token_hash, org_id, user_id, csrf_hash, created_at, last_seen_at "
                   "FROM auth_sessions WHERE token_hash = ?",
    [Q_AUTH_TOUCH] = "UPDATE auth_sessions SET last_seen_at = ? WHERE token_hash = ?",
    [Q_AUTH_DELETE] = "DELETE FROM auth_sessions WHERE token_hash = ?",
    [Q_AUTH_REV] = "SELECT rev FROM auth_rev WHERE id = 1",
    [Q_ALERT_GET] = "SELECT " ALERT_COLS " FROM alerts a WHERE a.id = ?",
    [Q_ALERT_UPDATE] = "UPDATE alerts SET status = ?, acknowledged_by = ?, acknowledged_at = ?, "
                       "resolved_by = ?, resolved_at = ?, resolution_note = ?, detail = ?, "
                       "occurrences = ?, last_date = ?, episode_id = ? WHERE org_id = ? AND id = ?",
    [Q_ALERTS_CARE] =
        "SELECT " ALERT_COLS " FROM alerts a JOIN care_team c ON c.org_id = a.org_id AND "
        "c.patient_id = a.patient_id WHERE a.org_id = ? AND c.user_id = ? AND a.status <> "
        "'resolved' ORDER BY " TIER_ORDER ", a.last_date DESC, a.opened_at DESC, a.id",
    [Q_ALERT_COUNTS] = "SELECT tier, count(*) FROM alerts WHERE status <> 'resolved' "
                       "GROUP BY tier",
    /* Open alerts are counted once per organization (the CTE), not once per
     * patient: a correlated count made the panel quadratic (10,000 patients
     * with 20,000 open alerts never answered). Each patient's newest message
     * (as Q_MESSAGES orders them) is one step down the index messages_patient
     * (migration 006); its sender is the patient when it is the patient's own
     * account. */
    [Q_PANEL] =
        "WITH open AS (SELECT a.patient_id AS pid, count(*) AS n, min(" TIER_ORDER ") AS t "
        "FROM alerts a WHERE a.org_id = ?1 AND a.status <> 'resolved' GROUP BY a.patient_id) "
        "SELECT p.id, p.name, p.birth_year, e.status, e.start_date, "
        "CASE o.t WHEN 0 THEN 'emergency' WHEN 1 THEN 'urgent' WHEN 2 THEN 'routine' END, "
        "coalesce(o.n, 0), "
        "nullif(max(coalesce((SELECT max(date) FROM sessions s WHERE s.org_id = e.org_id AND "
        "s.episode_id = e.id), ''), coalesce((SELECT max(date) FROM checkins k WHERE "
        "k.org_id = e.org_id AND k.episode_id = e.id), '')), '') AS last_activity, "
        "m.sent_at, m.sender = 'patient' OR EXISTS (SELECT 1 FROM users u WHERE u.id = m.sender "
        "AND u.org_id = m.org_id AND u.patient_id = m.patient_id), "
        "(SELECT json_extract(v.plan, '$.discharged') FROM plan_versions v WHERE v.org_id = "
        "e.org_id AND v.episode_id = e.id ORDER BY v.version DESC LIMIT 1), "
        "(SELECT count(*) FROM messages q WHERE q.org_id = p.org_id AND q.patient_id = p.id AND "
        "q.read_at IS NULL AND " FROM_PATIENT "), "
        "(SELECT count(*) FROM tasks t WHERE t.org_id = p.org_id AND t.patient_id = p.id AND "
        "t.status = 'open'), "
        "(SELECT avg(k.pain) FROM checkins k WHERE k.org_id = e.org_id AND k.episode_id = e.id AND "
        "k.date > date(?3, '-7 days') AND k.date <= ?3), "
        "(SELECT avg(k.pain) FROM checkins k WHERE k.org_id = e.org_id AND k.episode_id = e.id AND "
        "k.date > date(?3, '-14 days') AND k.date <= date(?3, '-7 days')), "
        "(SELECT count(*) FROM sessions s WHERE s.org_id = e.org_id AND s.episode_id = e.id AND "
        "s.date > date(?3, '-14 days') AND s.date <= ?3) "
        "FROM patients p LEFT JOIN open o ON o.pid = p.id "
        "LEFT JOIN episodes e ON e.org_id = p.org_id AND e.patient_id = p.id "
        "AND e.seq = (SELECT max(seq) FROM episodes y WHERE y.org_id = p.org_id AND "
        "y.patient_id = p.id) "
        "LEFT JOIN messages m ON m.rowid = (SELECT z.rowid FROM messages z WHERE z.org_id = "
        "p.org_id AND z.patient_id = p.id ORDER BY z.sent_at DESC, z.rowid DESC LIMIT 1) "
        "WHERE p.org_id = ?1 AND (?2 IS NULL OR EXISTS (SELECT 1 FROM care_team c WHERE "
        "c.org_id = p.org_id AND c.patient_id = p.id AND c.user_id = ?2)) "
        "ORDER BY coalesce(o.t, 3), last_activity DESC NULLS LAST, p.name, p.id",
    [Q_ORG_UPDATE] = "UPDATE organizations SET name = ?, emergency_number = ?, crisis_line = ?, "
                     "phone = ? WHERE id = ?",
    [Q_INVITE_ADD] = "INSERT INTO invitations (token_hash, org_id, user_id, created_by, "
                     "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    [Q_INVITE_GET] = "SELECT token_hash, org_id, user_id, created_by, created_at, expires_at "
                     "FROM invitations WHERE token_hash = ?",
    [Q_INVITE_DELETE] = "DELETE FROM invitations WHERE token_hash = ?",
    [Q_USER_SET_PASSWORD] = "UPDATE users SET password_hash = ? WHERE org_id = ? AND id = ?",
    [Q_USER_SESSIONS_END] = "DELETE FROM auth_sessions WHERE org_id = ? AND user_id = ?",
    [Q_USER_SET_DISABLED] = "UPDATE users SET disabled_at = ? WHERE org_id = ? AND id = ?",
    [Q_INVITES_REVOKE] = "DELETE FROM invitations WHERE org_id = ? AND user_id = ?",
    [Q_IDEM_ADD] = "INSERT INTO idempotency_keys (org_id, user_id, key, fingerprint, status, body, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [Q_IDEM_GET] = "SELECT org_id, user_id, key, fingerprint, status, body, created_at FROM "
                   "idempotency_keys WHERE user_id = ? AND key = ? AND created_at >= ?",
    [Q_IDEM_PURGE] = "DELETE FROM idempotency_keys WHERE created_at < ?",
    [Q_USERS] = "SELECT " USER_COLS " FROM users WHERE org_id = ? ORDER BY role, email",
    [Q_USER_OF_PATIENT] = "SELECT " USER_COLS " FROM users WHERE org_id = ? AND patient_id = ? "
                          "ORDER BY created_at LIMIT 1",
    [Q_REMINDER_GET] = "SELECT org_id, patient_id, days, time, time_zone, quiet_start, quiet_end, "
                       "push, email, revision, updated_at FROM reminder_settings "
                       "WHERE org_id = ? AND patient_id = ?",
    [Q_REMINDER_PUT] = "INSERT OR REPLACE INTO reminder_settings (org_id, patient_id, days, time, "
                       "time_zone, quiet_start, quiet_end, push, email, revision, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_CAL_TOKEN_ADD] = "INSERT INTO calendar_tokens (token_hash, org_id, patient_id, created_at) "
                        "VALUES (?, ?, ?, ?)",
    [Q_CAL_TOKEN_GET] = "SELECT token_hash, org_id, patient_id, created_at FROM calendar_tokens "
                        "WHERE token_hash = ? AND revoked_at IS NULL",
    [Q_CAL_TOKEN_SINCE] = "SELECT max(created_at) FROM calendar_tokens "
                          "WHERE org_id = ? AND patient_id = ? AND revoked_at IS NULL",
    [Q_CAL_TOKENS_REVOKE] = "UPDATE calendar_tokens SET revoked_at = ? "
                            "WHERE org_id = ? AND patient_id = ? AND revoked_at IS NULL",
    [Q_KEY_GET] = "SELECT value FROM server_keys WHERE name = ?",
    [Q_KEY_PUT] = "INSERT OR IGNORE INTO server_keys (name, value, created_at) VALUES (?, ?, ?)",
    [Q_PUSH_PUT] = "INSERT OR REPLACE INTO push_subscriptions (endpoint, org_id, patient_id, "
                   "p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    [Q_PUSH_DELETE] = "DELETE FROM push_subscriptions WHERE endpoint = ? AND org_id = ? AND "
                      "patient_id = ?",
    [Q_PUSH_DELETE_ANY] = "DELETE FROM push_subscriptions WHERE endpoint = ?",
    [Q_PUSH_EACH] =
        "SELECT org_id, patient_id, endpoint, p256dh, auth, created_at "
        "FROM push_subscriptions WHERE org_id = ? AND patient_id = ? ORDER BY created_at",
    [Q_REMINDERS_ON] =
        "SELECT r.org_id, r.patient_id, r.days, r.time, r.time_zone, r.quiet_start, r.quiet_end, "
        "r.push, r.email, r.revision, r.updated_at, (SELECT u.email FROM users u "
        "WHERE u.org_id = r.org_id AND u.patient_id = r.patient_id AND u.disabled_at IS NULL "
        "ORDER BY u.created_at LIMIT 1) FROM reminder_settings r WHERE (r.push = 1 OR r.email = 1) "
        "AND NOT EXISTS (SELECT 1 FROM users d WHERE d.org_id = r.org_id AND d.patient_id = "
        "r.patient_id AND d.disabled_at IS NOT NULL) "
        "ORDER BY r.org_id, r.patient_id",
    [Q_REMINDER_CLAIM] = "INSERT OR IGNORE INTO reminders_sent (org_id, patient_id, local_date, "
                         "channel, queued_at, status) VALUES (?, ?, ?, ?, ?, 'queued')",
    [Q_REMINDER_OUTCOME] = "UPDATE reminders_sent SET status = ?, detail = ? WHERE org_id = ? AND "
                           "patient_id = ? AND local_date = ? AND channel = ?",
    [Q_MAIL_GET] = "SELECT org_id, smtp_url, smtp_user, smtp_password, from_address, updated_at "
                   "FROM org_mail WHERE org_id = ?",
    [Q_MAIL_PUT] = "INSERT OR REPLACE INTO org_mail (org_id, smtp_url, smtp_user, smtp_password, "
                   "from_address, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
    [Q_OUTBOX_ADD] = "INSERT INTO mail_outbox (id, org_id, to_address, subject, body, purpose, "
                     "queued_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')",
    /* due: queued and past its back-off (5 minutes a try made) */
    [Q_OUTBOX_QUEUED] =
        "SELECT id, org_id, to_address, subject, body, purpose, queued_at, attempts "
        "FROM mail_outbox WHERE status = 'queued' AND (done_at IS NULL OR "
        "strftime('%Y-%m-%dT%H:%M:%SZ', done_at, '+' || (attempts * 5) || "
        "' minutes') <= ?1) ORDER BY queued_at",
    /* taken by a pass that never finished (a crash, a stop): queued again after 10 minutes */
    [Q_OUTBOX_SENDING] = "UPDATE mail_outbox SET status = 'queued' WHERE status = 'sending' AND "
                         "done_at < strftime('%Y-%m-%dT%H:%M:%SZ', ?1, '-10 minutes')",
    [Q_OUTBOX_DONE] = "UPDATE mail_outbox SET status = ?2, detail = ?3, done_at = ?4, attempts = "
                      "attempts + (?2 = 'sending'), body = CASE WHEN ?2 IN ('queued', 'sending') "
                      "THEN body END WHERE id = ?1",
    [Q_TASK_ADD] = "INSERT INTO tasks (id, org_id, patient_id, episode_id, kind, source, alert_id, "
                   "title, due_date, created_at, status, done_by, done_at, note) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_TASK_GET] = "SELECT " TASK_COLS " FROM tasks t WHERE t.id = ?",
    [Q_TASK_UPDATE] = "UPDATE tasks SET status = ?, done_by = ?, done_at = ?, note = ? "
                      "WHERE org_id = ? AND id = ?",
    [Q_TASKS] = "SELECT " TASK_COLS " FROM tasks t WHERE t.org_id = ? AND t.episode_id = ? "
                "ORDER BY t.created_at, t.id",
    [Q_TASKS_PATIENT] = "SELECT " TASK_COLS " FROM tasks t WHERE t.org_id = ? AND "
                        "t.patient_id = ? ORDER BY t.due_date, t.created_at, t.id",
    [Q_TASKS_OPEN] = "SELECT " TASK_COLS " FROM tasks t WHERE t.org_id = ? AND t.status = 'open' "
                     "ORDER BY t.due_date, t.created_at, t.id",
    [Q_TASKS_CARE] = "SELECT " TASK_COLS " FROM tasks t JOIN care_team c ON c.org_id = t.org_id "
                     "AND c.patient_id = t.patient_id WHERE t.org_id = ? AND c.user_id = ? AND "
                     "t.status = 'open' ORDER BY t.due_date, t.created_at, t.id",
    [Q_TASKS_OPEN_ALL] = "SELECT " TASK_COLS " FROM tasks t WHERE t.status = 'open' "
                         "ORDER BY t.due_date, t.created_at, t.id",
    [Q_BEGIN_READ] = "BEGIN DEFERRED",
    [Q_SAVEPOINT] = "SAVEPOINT grouped",
    [Q_RELEASE] = "RELEASE grouped",
    [Q_ROLLBACK_TO] = "ROLLBACK TO grouped",
};

/* The cached statement `q`, reset and ready for binding. */
sqlite3_stmt *sqlite_stmt(struct sqlite_store *s, enum stmt_id q, struct mrx_err *err)
{
    if (!sql[q]) {
        mrx_err_set(err, MRX_EINTERNAL, "db", "statement %d has no SQL", (int)q);
        return NULL;
    }
    if (!s->stmt[q]) {
        if (sqlite3_prepare_v3(s->db, sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[q], NULL) !=
            SQLITE_OK) {
            mrx_err_set(err, MRX_EINTERNAL, "db", "cannot prepare a statement: %s",
                        sqlite3_errmsg(s->db));
            return NULL;
        }
    } else {
        sqlite3_reset(s->stmt[q]);
        sqlite3_clear_bindings(s->stmt[q]);
    }
    if (!s->used[q]) {
        s->used[q] = true;
        s->used_list[s->n_used++] = q;
    }
    return s->stmt[q];
}

/* ==================== Opening and migrations ==================== */

static int exec_sql(struct sqlite_store *s, const char *text, struct mrx_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, text, NULL, NULL, &msg) != SQLITE_OK) {
        mrx_err_set(err, MRX_EIO, "db", "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return MRX_EIO;
    }
    return MRX_OK;
}

static int pragma_int(struct sqlite_store *s, const char *pragma, long *out, struct mrx_err *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(s->db, pragma, -1, &st, NULL) != SQLITE_OK)
        return mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a MoveRx store: %s", s->path,
                           sqlite3_errmsg(s->db));
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a MoveRx store: %s", s->path,
                           sqlite3_errstr(rc));
    return MRX_OK;
}

/* A step must leave every foreign key satisfied (it ran with them off). */
static int foreign_keys_hold(struct sqlite_store *s, struct mrx_err *err)
{
    long broken;
    int rc = pragma_int(s, "SELECT count(*) FROM pragma_foreign_key_check", &broken, err);

    if (rc == MRX_OK && broken)
        return mrx_err_set(err, MRX_EIO, "db", "%ld rows would break a foreign key", broken);
    return rc;
}

static int migrate_steps(struct sqlite_store *s, const char *now, struct mrx_err *err);

/*
 * Applies the migrations the store has not seen, each in its own write
 * transaction. The version is read inside the transaction, so that two
 * programs opening a new store at once never apply a step twice. Steps run
 * with foreign keys off, as SQLite's way of rebuilding a table needs, and
 * are checked with foreign_key_check before they commit.
 */
static int migrate(struct sqlite_store *s, const char *now, struct mrx_err *err)
{
    int rc;
    long app_id, version;

    /* Up to date (the usual case): nothing to write, so no write lock. A
     * server opening a read connection must not queue behind its own
     * writer's commit for the busy timeout's sleeps. */
    if (pragma_int(s, "PRAGMA application_id", &app_id, NULL) == MRX_OK &&
        pragma_int(s, "PRAGMA user_version", &version, NULL) == MRX_OK &&
        app_id == MOVERX_APPLICATION_ID && version == store_migration_count) {
        s->schema_version = store_migration_count;
        return MRX_OK;
    }
    if ((rc = exec_sql(s, "PRAGMA foreign_keys = OFF;", err)))
        return rc;
    rc = migrate_steps(s, now, err);
    if (exec_sql(s, "PRAGMA foreign_keys = ON;", rc ? NULL : err) && !rc)
        rc = MRX_EIO;
    return rc;
}

static int migrate_steps(struct sqlite_store *s, const char *now, struct mrx_err *err)
{
    long app_id, version;

    for (;;) {
        long tables;
        char pragma[96];
        int rc;

        if ((rc = exec_sql(s, "BEGIN IMMEDIATE", err)))
            return rc;
        if ((rc = pragma_int(s, "PRAGMA application_id", &app_id, err)) ||
            (rc = pragma_int(s, "PRAGMA user_version", &version, err)) ||
            (rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables, err)))
            goto fail;
        if (app_id != MOVERX_APPLICATION_ID && (app_id != 0 || tables != 0)) {
            rc = mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a MoveRx store", s->path);
            goto fail;
        }
        if (version > store_migration_count) {
            rc = mrx_err_set(err, MRX_EINVAL, "db",
                             "'%s' was written by a newer MoveRx (schema %ld; this one knows up "
                             "to %d): upgrade MoveRx to open it",
                             s->path, version, store_migration_count);
            goto fail;
        }
        if (version == store_migration_count) {
            s->schema_version = store_migration_count;
            return exec_sql(s, "COMMIT", err);
        }
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %ld; PRAGMA application_id = %d;",
                 version + 1, MOVERX_APPLICATION_ID);
        if ((rc = exec_sql(s, store_migrations[version], err)) || (rc = exec_sql(s, pragma, err))) {
            mrx_err_prefix(err, "migration %ld", version + 1);
            goto fail;
        }
        if (version == 0) { /* a new store: its default organization */
            struct org_rec o = {.name = "Default", .is_default = true};
            snprintf(o.created_at, sizeof(o.created_at), "%s", now);
            if ((rc = store_new_id(o.id, err)) || (rc = store_org_add(&s->base, &o, err)))
                goto fail;
        }
        if ((rc = foreign_keys_hold(s, err))) {
            mrx_err_prefix(err, "migration %ld", version + 1);
            goto fail;
        }
        if ((rc = exec_sql(s, "COMMIT", err)))
            return rc;
        continue;
    fail:
        exec_sql(s, "ROLLBACK", NULL);
        return rc;
    }
}

static int make_parent_dir(const char *path, struct mrx_err *err)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');

    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; *p; p++) {
            if (*p != '/')
                continue;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                break;
            *p = '/';
        }
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            mrx_err_set(err, MRX_EINVAL, "db", "cannot create the directory '%s': %s", dir,
                        strerror(errno));
            free(dir);
            return MRX_EINVAL;
        }
    }
    free(dir);
    return MRX_OK;
}

void sqlite_close(struct store *base)
{
    struct sqlite_store *s = S(base);

    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    if (s->db)
        sqlite3_close(s->db);
    free(s->path);
    free(s);
}

int sqlite_store_open(const char *path, enum store_open_mode mode, const char *now,
                      struct store **out, struct mrx_err *err)
{
    struct sqlite_store *s;
    struct stat st;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    int rc;

    if (stat(path, &st) != 0) {
        if (mode != STORE_OPEN_CREATE)
            return mrx_err_set(err, MRX_EINVAL, "db",
                               "no store at '%s' (create one with 'moverx init')", path);
        if ((rc = make_parent_dir(path, err)))
            return rc;
        flags |= SQLITE_OPEN_CREATE;
    } else if (!S_ISREG(st.st_mode)) {
        return mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a file", path);
    }
    s = xcalloc(1, sizeof(*s));
    s->base.be = &sqlite_backend;
    s->path = xstrdup(path);
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = mrx_err_set(err, MRX_EINVAL, "db", "cannot open '%s': %s", path,
                         s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sqlite_close(&s->base);
        return rc;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    /* Durable and checked: WAL, a full sync at every commit, foreign keys. */
    if ((rc = exec_sql(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", err)) ||
        (rc = migrate(s, now, err)) || (rc = exec_sql(s, "PRAGMA journal_mode = WAL;", err)) ||
        (rc = exec_sql(s, "PRAGMA journal_size_limit = 67108864;", err))) {
        if (sqlite3_errcode(s->db) == SQLITE_NOTADB) /* a file, but not a database */
            rc = mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a MoveRx store (%s)", path,
                             sqlite3_errmsg(s->db));
        sqlite_close(&s->base);
        return rc;
    }
    sqlite3_wal_hook(s->db, wal_bound, NULL); /* in place of the plain auto-checkpoint */
    /* Every statement prepared now: a missing or broken one fails every open
     * (and so every test) at once, not the first request that needs it. */
    for (int q = 0; q < Q_COUNT; q++)
        if (!sqlite_stmt(s, (enum stmt_id)q, err)) {
            sqlite_close(&s->base);
            return MRX_EINTERNAL;
        }
    *out = &s->base;
    return MRX_OK;
}

int sqlite_schema_version(const struct store *base)
{
    return ((const struct sqlite_store *)base)->schema_version;
}

/* ==================== Transactions and backup ==================== */

/* Resets every cached statement. A statement left on a row keeps a read
 * transaction open on its snapshot; a long-lived connection (the server's
 * writer) would then fail its next BEGIN IMMEDIATE with "database is
 * locked" once another process has written. */
static void reset_all(struct sqlite_store *s)
{
    for (int i = 0; i < s->n_used; i++) {
        enum stmt_id q = s->used_list[i];
        sqlite3_reset(s->stmt[q]);
        s->used[q] = false;
    }
    s->n_used = 0;
}

/* BEGIN IMMEDIATE (a write) or BEGIN DEFERRED (a read). */
static int begin_with(struct sqlite_store *s, enum stmt_id q, struct mrx_err *err)
{
    sqlite3_stmt *st = sqlite_stmt(s, q, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    reset_all(s);
    if ((rc = exec_stmt(s, st, "transaction", err)) == MRX_OK)
        s->in_txn = true;
    return rc;
}

int sqlite_begin(struct store *base, struct mrx_err *err)
{
    return begin_with(S(base), Q_BEGIN, err);
}

int sqlite_commit(struct store *base, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_COMMIT, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    /* Statements left on a row keep a read transaction open past the commit, and the
     * checkpoint the commit runs cannot then reset the WAL, which grew without bound
     * (2 GB seeding 10,000 patients): they are done with, so reset them first. */
    reset_all(s);
    if ((rc = exec_stmt(s, st, "commit", err)) == MRX_OK) {
        s->in_txn = false;
        reset_all(s);
    }
    return rc;
}

void sqlite_rollback(struct store *base)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st;

    reset_all(s); /* also outside a transaction: a statement left on a row holds a snapshot */
    if (!s->in_txn)
        return;
    if ((st = sqlite_stmt(s, Q_ROLLBACK, NULL)) != NULL)
        exec_stmt(s, st, "rollback", NULL);
    s->in_txn = false;
}

int sqlite_begin_read(struct store *base, struct mrx_err *err)
{
    return begin_with(S(base), Q_BEGIN_READ, err);
}

bool sqlite_in_transaction(struct store *base)
{
    return S(base)->in_txn;
}

int sqlite_savepoint(struct store *base, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_SAVEPOINT, err);

    return st ? exec_stmt(s, st, "savepoint", err) : MRX_EINTERNAL;
}

int sqlite_release(struct store *base, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_RELEASE, err);

    return st ? exec_stmt(s, st, "savepoint", err) : MRX_EINTERNAL;
}

void sqlite_rollback_to(struct store *base)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st;

    /* A statement left mid-way by the failed write would hold the savepoint. */
    for (int i = 0; i < Q_COUNT; i++)
        if (s->stmt[i] && i != Q_ROLLBACK_TO && i != Q_RELEASE)
            sqlite3_reset(s->stmt[i]);
    if ((st = sqlite_stmt(s, Q_ROLLBACK_TO, NULL)) != NULL &&
        exec_stmt(s, st, "savepoint", NULL) == MRX_OK &&
        (st = sqlite_stmt(s, Q_RELEASE, NULL)) != NULL)
        exec_stmt(s, st, "savepoint", NULL);
}

int sqlite_backup(struct store *base, const char *dest, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    struct stat st;
    sqlite3 *to = NULL;
    sqlite3_backup *b;
    int rc;

    if (stat(dest, &st) == 0)
        return mrx_err_set(err, MRX_EINVAL, "FILE", "'%s' already exists", dest);
    if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = mrx_err_set(err, MRX_EINVAL, "FILE", "cannot create '%s': %s", dest,
                         to ? sqlite3_errmsg(to) : "out of memory");
        sqlite3_close(to);
        return rc;
    }
    /* One step copies every page under one read transaction: a consistent snapshot. */
    b = sqlite3_backup_init(to, "main", s->db, "main");
    if (!b) {
        rc = mrx_err_set(err, MRX_EIO, "FILE", "backup of '%s': %s", s->path, sqlite3_errmsg(to));
        sqlite3_close(to);
        remove(dest);
        return rc;
    }
    rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE)
        rc = sqlite3_exec(to, "PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;", NULL, NULL,
                          NULL);
    else if (rc == SQLITE_OK)
        rc = SQLITE_ERROR;
    if (rc != SQLITE_OK) {
        mrx_err_set(err, MRX_EIO, "FILE", "backup to '%s': %s", dest, sqlite3_errstr(rc));
        sqlite3_close(to);
        remove(dest);
        return MRX_EIO;
    }
    if (sqlite3_close(to) != SQLITE_OK)
        return mrx_err_set(err, MRX_EIO, "FILE", "closing '%s' failed", dest);
    return MRX_OK;
}
