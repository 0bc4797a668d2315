-- An account an admin has disabled (staff who left, a device lost): it can
-- neither sign in nor use a session nor an invitation. NULL: enabled.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
