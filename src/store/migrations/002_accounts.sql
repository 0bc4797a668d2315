-- Signed-in sessions of the server (docs/server.md). Only hashes of the
-- session token and of its CSRF token are kept: a copy of the database
-- gives no one a way in.
CREATE TABLE auth_sessions (
  token_hash    TEXT NOT NULL PRIMARY KEY CHECK (length(token_hash) = 64),
  org_id        TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  csrf_hash     TEXT NOT NULL CHECK (length(csrf_hash) = 64),
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
) STRICT;
CREATE INDEX auth_sessions_user ON auth_sessions (org_id, user_id);

-- A clinician's panel and alert queue are read by clinician.
CREATE INDEX care_team_user ON care_team (org_id, user_id, patient_id);
