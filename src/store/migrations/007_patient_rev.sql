-- A patient's program revision, for caches of rendered views: it changes
-- whenever something today's plan is made from changes (an episode begins,
-- ends, changes status or gets its first engine state; a plan version is
-- added; a session is recorded, changed or removed; a questionnaire is
-- answered, which decides whether the 4-weekly check-up is due). The triggers keep it,
-- so it holds whoever writes: the server, another process, the command line.
-- A cache keyed by (patient, day, rev) is exact, and reading rev costs
-- nothing: it is on the patient's row, which every access check reads.
ALTER TABLE patients ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER patients_rev_episode_insert AFTER INSERT ON episodes BEGIN
  UPDATE patients SET rev = rev + 1 WHERE org_id = NEW.org_id AND id = NEW.patient_id;
END;

-- Not for the engine state's content (every check-in writes it; today's
-- plan does not read it), only for whether there is one.
CREATE TRIGGER patients_rev_episode_update AFTER UPDATE ON episodes
WHEN NOT (OLD.org_id IS NEW.org_id AND OLD.id IS NEW.id AND OLD.patient_id IS NEW.patient_id
          AND OLD.seq IS NEW.seq AND OLD.start_date IS NEW.start_date
          AND OLD.status IS NEW.status
          AND (OLD.engine_state IS NULL) IS (NEW.engine_state IS NULL))
BEGIN
  UPDATE patients SET rev = rev + 1 WHERE org_id = OLD.org_id AND id = OLD.patient_id;
  UPDATE patients SET rev = rev + 1 WHERE org_id = NEW.org_id AND id = NEW.patient_id;
END;

CREATE TRIGGER patients_rev_episode_delete AFTER DELETE ON episodes BEGIN
  UPDATE patients SET rev = rev + 1 WHERE org_id = OLD.org_id AND id = OLD.patient_id;
END;

-- The tables below name an episode, not its patient: their triggers insert
-- the episode into this view, whose one trigger finds the patient and bumps
-- the revision. (The view holds no rows; it is only a place to say it once.)
CREATE VIEW patient_rev_bump (org_id, episode_id) AS SELECT NULL, NULL WHERE 0;

CREATE TRIGGER patient_rev_bump INSTEAD OF INSERT ON patient_rev_bump BEGIN
  UPDATE patients SET rev = rev + 1 WHERE org_id = NEW.org_id AND id =
    (SELECT patient_id FROM episodes WHERE org_id = NEW.org_id AND id = NEW.episode_id);
END;

CREATE TRIGGER patients_rev_plan_insert AFTER INSERT ON plan_versions BEGIN
  INSERT INTO patient_rev_bump VALUES (NEW.org_id, NEW.episode_id);
END;

CREATE TRIGGER patients_rev_plan_delete AFTER DELETE ON plan_versions BEGIN
  INSERT INTO patient_rev_bump VALUES (OLD.org_id, OLD.episode_id);
END;

CREATE TRIGGER patients_rev_session_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO patient_rev_bump VALUES (NEW.org_id, NEW.episode_id);
END;

CREATE TRIGGER patients_rev_session_update AFTER UPDATE ON sessions BEGIN
  INSERT INTO patient_rev_bump VALUES (OLD.org_id, OLD.episode_id), (NEW.org_id, NEW.episode_id);
END;

CREATE TRIGGER patients_rev_session_delete AFTER DELETE ON sessions BEGIN
  INSERT INTO patient_rev_bump VALUES (OLD.org_id, OLD.episode_id);
END;

CREATE TRIGGER patients_rev_assessment_insert AFTER INSERT ON assessments BEGIN
  INSERT INTO patient_rev_bump VALUES (NEW.org_id, NEW.episode_id);
END;

CREATE TRIGGER patients_rev_assessment_update AFTER UPDATE ON assessments BEGIN
  INSERT INTO patient_rev_bump VALUES (OLD.org_id, OLD.episode_id), (NEW.org_id, NEW.episode_id);
END;

CREATE TRIGGER patients_rev_assessment_delete AFTER DELETE ON assessments BEGIN
  INSERT INTO patient_rev_bump VALUES (OLD.org_id, OLD.episode_id);
END;
