-- 013: idempotency replies expire (issue 25, F15): 89,575 kept keys held
-- 39 MB. A key older than the server's idempotency_days is no longer
-- answered, and each new key's transaction deletes the expired ones; this
-- index finds them without reading the table.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
