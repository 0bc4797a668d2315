-- The accounts' revision, for the server's cache of signed-in sessions and
-- care-team memberships (src/api/auth_cache.h): it changes whenever a
-- session, an account or a care team changes in a way that could make a
-- request's answer differ. The triggers keep it, so it holds whoever
-- writes: the server, another process, the command line.
--
-- A session's last_seen_at moving forward to a well-formed time (the
-- server's once-a-minute touch) leaves it alone: that only keeps a session
-- alive longer, and the cache never ends a session on its own (it asks the
-- store first). Moving it back, or to a time the server cannot read (then
-- the session has ended), changes it like any other edit.
CREATE TABLE auth_rev (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  rev INTEGER NOT NULL
) STRICT;
INSERT INTO auth_rev (id, rev) VALUES (1, 0);

CREATE TRIGGER auth_rev_session_update AFTER UPDATE ON auth_sessions
WHEN NOT (OLD.token_hash IS NEW.token_hash AND OLD.org_id IS NEW.org_id
          AND OLD.user_id IS NEW.user_id AND OLD.csrf_hash IS NEW.csrf_hash
          AND OLD.created_at IS NEW.created_at AND NEW.last_seen_at >= OLD.last_seen_at
          AND strftime('%Y-%m-%dT%H:%M:%SZ', julianday(NEW.last_seen_at)) IS NEW.last_seen_at)
BEGIN
  UPDATE auth_rev SET rev = rev + 1;
END;

CREATE TRIGGER auth_rev_session_delete AFTER DELETE ON auth_sessions BEGIN
  UPDATE auth_rev SET rev = rev + 1;
END;

CREATE TRIGGER auth_rev_user_update AFTER UPDATE ON users BEGIN
  UPDATE auth_rev SET rev = rev + 1;
END;

CREATE TRIGGER auth_rev_user_delete AFTER DELETE ON users BEGIN
  UPDATE auth_rev SET rev = rev + 1;
END;

CREATE TRIGGER auth_rev_care_insert AFTER INSERT ON care_team BEGIN
  UPDATE auth_rev SET rev = rev + 1;
END;

CREATE TRIGGER auth_rev_care_update AFTER UPDATE ON care_team BEGIN
  UPDATE auth_rev SET rev = rev + 1;
END;

CREATE TRIGGER auth_rev_care_delete AFTER DELETE ON care_team BEGIN
  UPDATE auth_rev SET rev = rev + 1;
END;
