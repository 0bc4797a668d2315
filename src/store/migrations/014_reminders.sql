-- 014: reminders (issue 23, item 1). Each patient sets their own: the days
-- (a weekday mask, Monday bit 0; 0 follows the plan's session days), the
-- local time and time zone, quiet hours, and which of push and e-mail to
-- use. `revision` counts changes: the calendar feed's SEQUENCE, so that a
-- subscribed calendar takes a new time as a change, not a new event.
CREATE TABLE reminder_settings (
  org_id      TEXT NOT NULL,
  patient_id  TEXT NOT NULL,
  days        INTEGER NOT NULL CHECK (days BETWEEN 0 AND 127),
  time        TEXT NOT NULL CHECK (length(time) = 5),
  time_zone   TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 63),
  quiet_start TEXT CHECK (quiet_start IS NULL OR length(quiet_start) = 5),
  quiet_end   TEXT CHECK (quiet_end IS NULL OR length(quiet_end) = 5),
  push        INTEGER NOT NULL CHECK (push IN (0, 1)),
  email       INTEGER NOT NULL CHECK (email IN (0, 1)),
  revision    INTEGER NOT NULL CHECK (revision >= 1),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (org_id, patient_id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
) STRICT;

-- A patient's private calendar feed (/cal/TOKEN.ics): stored only as the
-- token's hash, as sessions are; a new one replaces the old, and either can
-- be revoked (revoked_at set) by the patient or their care team.
CREATE TABLE calendar_tokens (
  token_hash  TEXT PRIMARY KEY,
  org_id      TEXT NOT NULL,
  patient_id  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT,
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
) STRICT;
CREATE INDEX calendar_tokens_patient ON calendar_tokens (org_id, patient_id);
