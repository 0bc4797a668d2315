-- A patient's messages in order (by sent_at, then as they were written: the
-- index's entries end with the rowid), and the newest one of each patient
-- for the care team's panel, its inbox ("awaiting a reply" when the patient
-- wrote last). Without it both read every message of the organization.
CREATE INDEX messages_patient ON messages (org_id, patient_id, sent_at);
