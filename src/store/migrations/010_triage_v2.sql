-- Red-flag triage, rule set v2 (CONTRACT.md "Red-flag triage (rule set v2)").
--
-- 1. An organization says which number its patients call in an emergency
--    (the emergency screen's tap-to-call link) and, optionally, a crisis
--    line shown with the coping rule.
-- 2. An episode may be 'not_started': the intake's triage said no program
--    may be made (under_16).
-- 3. Alerts name their patient and may have no episode: a warning sign
--    ticked before the intake is finished still reaches the care team. A
--    rule that fires again while its alert is open adds to that alert
--    (occurrences, last_date) instead of opening another.
-- 4. Open v1 alerts that name a retired rule are resolved with a note; the
--    rules they name that v2 keeps (and fragility_fracture, the successor of
--    the two v1 fragility rules) are carried over as open alerts of their
--    own, so that the care team's queue loses nothing.
--
-- Tables are rebuilt the way SQLite's documentation describes (a new table,
-- the rows copied, the old one dropped, the new one renamed), with foreign
-- keys off for the step and checked before it commits (sqlite.c). Legacy
-- renaming keeps SQLite from re-checking triggers that name a table dropped
-- a moment before.

ALTER TABLE organizations ADD COLUMN emergency_number TEXT NOT NULL DEFAULT '112'
  CHECK (length(emergency_number) BETWEEN 2 AND 20);
ALTER TABLE organizations ADD COLUMN crisis_line TEXT
  CHECK (crisis_line IS NULL OR length(crisis_line) BETWEEN 2 AND 20);

PRAGMA legacy_alter_table = ON;

CREATE TABLE episodes_v10 (
  org_id            TEXT NOT NULL,
  id                TEXT NOT NULL UNIQUE,
  patient_id        TEXT NOT NULL,
  seq               INTEGER NOT NULL CHECK (seq >= 1),
  start_date        TEXT NOT NULL,
  status            TEXT NOT NULL
                    CHECK (status IN ('active', 'paused', 'stopped', 'not_started', 'closed')),
  reviewed_through  TEXT NOT NULL,
  engine_state      TEXT,
  created_at        TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, patient_id, seq),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
) STRICT;
INSERT INTO episodes_v10 (org_id, id, patient_id, seq, start_date, status, reviewed_through,
                          engine_state, created_at)
  SELECT org_id, id, patient_id, seq, start_date, status, reviewed_through, engine_state,
         created_at FROM episodes;
DROP TABLE episodes;
ALTER TABLE episodes_v10 RENAME TO episodes;

-- The triggers of migration 7 on episodes went with the old table.
CREATE TRIGGER patients_rev_episode_insert AFTER INSERT ON episodes BEGIN
  UPDATE patients SET rev = rev + 1 WHERE org_id = NEW.org_id AND id = NEW.patient_id;
END;

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

CREATE TABLE alerts_v10 (
  org_id           TEXT NOT NULL,
  id               TEXT NOT NULL UNIQUE,
  patient_id       TEXT NOT NULL,
  episode_id       TEXT,
  rule_id          TEXT NOT NULL,
  tier             TEXT NOT NULL CHECK (tier IN ('routine', 'urgent', 'emergency')),
  reason           TEXT NOT NULL,
  evidence         TEXT NOT NULL,
  detail           TEXT,
  opened_date      TEXT NOT NULL,
  opened_at        TEXT NOT NULL,
  last_date        TEXT NOT NULL,
  occurrences      INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
  status           TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  acknowledged_by  TEXT,
  acknowledged_at  TEXT,
  resolved_by      TEXT,
  resolved_at      TEXT,
  resolution_note  TEXT,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id)
) STRICT;
INSERT INTO alerts_v10 (org_id, id, patient_id, episode_id, rule_id, tier, reason, evidence,
                        detail, opened_date, opened_at, last_date, occurrences, status,
                        acknowledged_by, acknowledged_at, resolved_by, resolved_at,
                        resolution_note)
  SELECT a.org_id, a.id, e.patient_id, a.episode_id, a.rule_id, a.tier, a.reason, a.evidence,
         a.detail, a.opened_date, a.opened_at, a.opened_date, 1, a.status, a.acknowledged_by,
         a.acknowledged_at, a.resolved_by, a.resolved_at, a.resolution_note
  FROM alerts a JOIN episodes e ON e.org_id = a.org_id AND e.id = a.episode_id;
DROP TABLE alerts;
ALTER TABLE alerts_v10 RENAME TO alerts;
CREATE INDEX alerts_open ON alerts (org_id, status, tier);
-- A rule's open alert of a patient is found to add to it; a patient's alerts are listed.
CREATE INDEX alerts_patient ON alerts (org_id, patient_id, rule_id);

PRAGMA legacy_alter_table = OFF;

-- Today's plan says why a program is paused or stopped from the open
-- alerts, so an alert opened, added to or closed changes the revision.
CREATE TRIGGER patients_rev_alert_insert AFTER INSERT ON alerts BEGIN
  UPDATE patients SET rev = rev + 1 WHERE org_id = NEW.org_id AND id = NEW.patient_id;
END;

CREATE TRIGGER patients_rev_alert_update AFTER UPDATE ON alerts BEGIN
  UPDATE patients SET rev = rev + 1 WHERE org_id = NEW.org_id AND id = NEW.patient_id;
END;

-- v1 red-flag alerts (rule alert_red_flag) name in their detail every
-- triage rule that fired ("rule: clinician message ..."). Those that name a
-- retired rule are resolved with a note; each rule they name that v2 keeps
-- (and fragility_fracture for the two v1 fragility rules) becomes an open
-- alert of its own, at its v2 tier, carrying the old detail: the care team
-- loses nothing, and a pause the old alert stood for can still be lifted by
-- resolving one of them.
CREATE TEMP TABLE v1_rules (id TEXT PRIMARY KEY, retired INTEGER NOT NULL, v2 TEXT, tier TEXT);
INSERT INTO v1_rules VALUES
  ('saddle_numbness', 0, 'saddle_numbness', 'emergency'),
  ('bladder_dysfunction', 0, 'bladder_dysfunction', 'emergency'),
  ('bowel_incontinence', 0, 'bowel_incontinence', 'emergency'),
  ('both_legs', 0, 'both_legs', 'emergency'), ('chest_pain', 0, 'chest_pain', 'emergency'),
  ('new_sexual_dysfunction', 0, 'new_sexual_dysfunction', 'emergency'),
  ('major_trauma', 0, 'major_trauma', 'emergency'),
  ('minor_trauma_fragile', 1, 'fragility_fracture', 'urgent'),
  ('progressive_weakness', 0, 'progressive_weakness', 'urgent'), ('fever', 0, 'fever', 'urgent'),
  ('weight_loss', 0, 'weight_loss', 'urgent'), ('night_pain', 0, 'night_pain', 'routine'),
  ('cough_sneeze', 0, 'cough_sneeze', 'routine'), ('thoracic_pain', 0, 'thoracic_pain', 'routine'),
  ('back_lump', 0, 'back_lump', 'urgent'), ('cancer_history', 0, 'cancer_history', 'urgent'),
  ('sudden_onset_fragile', 1, 'fragility_fracture', 'urgent'),
  ('one_leg_symptoms', 0, 'one_leg_symptoms', 'routine'),
  ('no_improvement', 0, 'no_improvement', 'routine'), ('worsening', 0, 'worsening', 'routine'),
  ('daily_activities', 0, 'daily_activities', 'routine'), ('coping', 0, 'coping', 'routine'),
  ('age_risk', 1, NULL, NULL), ('risk_factor', 0, 'risk_factor', 'routine'),
  ('combined_flags', 1, NULL, NULL);

-- Which v1 rules each open v1 red-flag alert names.
CREATE TEMP TABLE v1_named AS
  SELECT a.org_id, a.id AS alert_id, r.id AS rule_id, r.retired, r.v2, r.tier
  FROM alerts a JOIN v1_rules r ON a.detail LIKE r.id || ': %' OR instr(a.detail, ' ' || r.id || ': ') > 0
  WHERE a.rule_id = 'alert_red_flag' AND a.status <> 'resolved' AND a.detail IS NOT NULL;

CREATE TEMP TABLE retired_alerts AS
  SELECT DISTINCT a.org_id, a.id, a.episode_id, a.patient_id
  FROM alerts a JOIN v1_named n ON n.org_id = a.org_id AND n.alert_id = a.id WHERE n.retired;

-- A new open alert for each rule carried over (once per alert and v2 rule).
INSERT INTO alerts (org_id, id, patient_id, episode_id, rule_id, tier, reason, evidence, detail,
                    opened_date, opened_at, last_date, occurrences, status)
  SELECT a.org_id,
         lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
               substr(hex(randomblob(2)), 2) || '-' ||
               substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) ||
               '-' || hex(randomblob(6))),
         a.patient_id, a.episode_id, c.v2, c.tier,
         'Carried over from a triage rule set v1 alert: rule ' || c.v2
         || ' (see the rule''s clinician message in the rules in force).',
         'Triage rule set v2 (data/rules/triage.json); CONTRACT.md "Red-flag triage (rule set v2)"',
         'Carried over from a triage rule set v1 alert (' || a.id || ', ' || a.tier
         || ', opened ' || a.opened_date || '): ' || a.detail,
         a.opened_date, a.opened_at, a.last_date, a.occurrences, 'open'
  FROM alerts a JOIN retired_alerts x ON x.org_id = a.org_id AND x.id = a.id
  JOIN (SELECT DISTINCT org_id, alert_id, v2, tier FROM v1_named WHERE v2 IS NOT NULL) c
    ON c.org_id = a.org_id AND c.alert_id = a.id;

UPDATE alerts SET status = 'resolved', resolved_by = 'migration 10',
  resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
  resolution_note = 'Closed by the move to triage rule set v2: it named retired rules ('
    || (SELECT group_concat(rule_id, ', ') FROM v1_named n WHERE n.org_id = alerts.org_id
        AND n.alert_id = alerts.id AND n.retired)
    || '; age alone, or a count of unrelated routine flags, no longer raises an alert, and the '
    || 'v1 fragility rules are now fragility_fracture, at urgent; IFOMPT 2020).'
    || coalesce(' Carried over, each as an open alert of its own: '
    || (SELECT replace(group_concat(DISTINCT v2), ',', ', ') FROM v1_named n
        WHERE n.org_id = alerts.org_id AND n.alert_id = alerts.id AND n.v2 IS NOT NULL) || '.', '')
WHERE EXISTS (SELECT 1 FROM retired_alerts x WHERE x.org_id = alerts.org_id AND x.id = alerts.id);

-- With no red-flag alert left open on an episode, its engine no longer
-- holds progression back for one (the engine's open_alerts).
UPDATE episodes SET engine_state = json_set(engine_state, '$.open_alerts',
    json((SELECT json_group_array(value) FROM json_each(episodes.engine_state, '$.open_alerts')
          WHERE value <> 'alert_red_flag')))
WHERE engine_state IS NOT NULL
  AND EXISTS (SELECT 1 FROM retired_alerts x WHERE x.org_id = episodes.org_id
              AND x.episode_id = episodes.id)
  AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.org_id = episodes.org_id
                  AND a.episode_id = episodes.id AND a.status <> 'resolved'
                  AND a.rule_id NOT IN ('alert_no_improvement', 'alert_worsening',
                                        'alert_inactivity', 'alert_flare_not_settling',
                                        'daily_activities', 'coping'));

DROP TABLE retired_alerts;
DROP TABLE v1_named;
DROP TABLE v1_rules;
