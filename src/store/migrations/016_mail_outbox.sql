-- 016: e-mail that is not a reminder (an invitation first): queued here in the
-- write that makes it, sent later by the server's notifier, never from a
-- request. A message's body is cleared once it is sent or given up on, so
-- that a one-time link does not outlive its use in the store.
CREATE TABLE mail_outbox (
  id          TEXT PRIMARY KEY,
  org_id      TEXT NOT NULL REFERENCES organizations (id),
  to_address  TEXT NOT NULL,
  subject     TEXT NOT NULL,
  body        TEXT,
  purpose     TEXT NOT NULL,
  queued_at   TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  detail      TEXT,
  done_at     TEXT
) STRICT;
CREATE INDEX mail_outbox_queued ON mail_outbox (status, queued_at);
