-- 015: sending reminders (issue 23, item 1): by Web Push and by e-mail.
--
-- The server's own VAPID key pair (RFC 8292), made once: push services know
-- the server by its public key, so it must outlive restarts and be the same
-- for every process on the store.
CREATE TABLE server_keys (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

-- A browser's push subscription (the Push API's endpoint and keys) for one
-- patient; the endpoint is unique to the browser. A push service that answers
-- 404 or 410 has ended it, and it is deleted.
CREATE TABLE push_subscriptions (
  endpoint    TEXT PRIMARY KEY,
  org_id      TEXT NOT NULL,
  patient_id  TEXT NOT NULL,
  p256dh      TEXT NOT NULL,
  auth        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
) STRICT;
CREATE INDEX push_subscriptions_patient ON push_subscriptions (org_id, patient_id);

-- The queue of reminders: a row is claimed (queued) in one transaction before
-- anything is sent, so that two processes, or a crash and a restart, never
-- send one reminder twice; the outcome is written after.
CREATE TABLE reminders_sent (
  org_id      TEXT NOT NULL,
  patient_id  TEXT NOT NULL,
  local_date  TEXT NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('push', 'email')),
  queued_at   TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'none')),
  detail      TEXT,
  PRIMARY KEY (org_id, patient_id, local_date, channel),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
) STRICT;

-- An organization's outgoing mail: its SMTP server (smtp:// or smtps://), the
-- account to sign in with, and the From address. Reminders and invitations
-- go out through it; without it, nothing is mailed.
CREATE TABLE org_mail (
  org_id      TEXT PRIMARY KEY REFERENCES organizations (id),
  smtp_url    TEXT NOT NULL,
  smtp_user   TEXT,
  smtp_password TEXT,
  from_address TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
