-- 012: the clinic's phone for patients' questions, printed on handouts with
-- the care team (issue 22). NULL until an admin sets it.
ALTER TABLE organizations ADD COLUMN phone TEXT
  CHECK (phone IS NULL OR length(phone) BETWEEN 2 AND 20);
