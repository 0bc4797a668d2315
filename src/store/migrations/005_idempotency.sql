-- Idempotency keys: a client that may send a write twice (an offline queue
-- replaying after a lost answer) names it with a key; the first answer is
-- kept with it, in the same transaction as the write, and given again.
CREATE TABLE idempotency_keys (
  org_id       TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
  fingerprint  TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (user_id, key),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
) STRICT;
