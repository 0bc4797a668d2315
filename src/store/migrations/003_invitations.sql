-- Invitations: a one-time link that lets a new account set its password.
-- Only the hash of the link's token is kept; it works once, until expires_at.
CREATE TABLE invitations (
  token_hash  TEXT NOT NULL PRIMARY KEY CHECK (length(token_hash) = 64),
  org_id      TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
) STRICT;
CREATE INDEX invitations_user ON invitations (org_id, user_id);
