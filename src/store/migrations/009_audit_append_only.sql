-- The audit trail is written on every read of patient data and read by no
-- query of MoveRx: it is kept for review (by SQL, in order of seq). Its
-- index by (org_id, patient_id, seq) served no query, yet every read's
-- audit row went into it at a random place, so each commit of a batch of
-- reads rewrote about one index page per read (a 4 KiB WAL write each) and
-- the writer spent a third of the server's time on it. Without the index,
-- audit rows only append to the table's last pages.
DROP INDEX IF EXISTS audit_events_patient;
