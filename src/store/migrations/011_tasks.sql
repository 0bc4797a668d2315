-- Care-team tasks (adaptation v2): every promise made to a patient ("a
-- physio will look at your plan within two weeks", "your care team will
-- check in") is a task with a due date on the care team's queue, with who
-- did it and when. A task that answers an alert names it, and closes with it.
CREATE TABLE tasks (
  org_id      TEXT NOT NULL,
  id          TEXT NOT NULL UNIQUE,
  patient_id  TEXT NOT NULL,
  episode_id  TEXT,
  kind        TEXT NOT NULL CHECK (kind IN ('plan_review', 'first_contact', 'alert')),
  source      TEXT NOT NULL,
  alert_id    TEXT,
  title       TEXT NOT NULL,
  due_date    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('open', 'done')),
  done_by     TEXT,
  done_at     TEXT,
  note        TEXT,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id),
  FOREIGN KEY (org_id, alert_id) REFERENCES alerts (org_id, id)
) STRICT;
-- The queue: open tasks by due date.
CREATE INDEX tasks_open ON tasks (org_id, status, due_date);
CREATE INDEX tasks_patient ON tasks (org_id, patient_id);

-- Alerts still open from before tasks existed get theirs, due as the engine
-- would set them now: urgent and emergency the next day, routine in three.
-- A task so made takes its alert's id (ids are unique per table).
INSERT INTO tasks (org_id, id, patient_id, episode_id, kind, source, alert_id, title, due_date,
                   created_at, status)
  SELECT org_id, id, patient_id, episode_id, 'alert', rule_id, id,
         -- an engine alert's reason is the patient's words; the team's task (records/tasks.c)
         CASE rule_id
           WHEN 'alert_inactivity' THEN 'Check in: no session or walk logged for 5 days.'
           WHEN 'alert_no_improvement' THEN 'Review the plan: pain has not eased as expected for how long it has lasted.'
           WHEN 'alert_worsening' THEN 'Check in: pain is rising week on week, or far above where a flare began.'
           WHEN 'alert_flare_not_settling' THEN 'Review: a flare has lasted two weeks.'
           ELSE reason
         END,
         date(opened_date, CASE tier WHEN 'routine' THEN '+3 days' ELSE '+1 day' END),
         opened_at, 'open'
  FROM alerts WHERE status <> 'resolved';

-- So does the review the first plan of a running program promised (its
-- "care_team"), due from the program's start, as the intake now makes it;
-- it takes its episode's id.
INSERT INTO tasks (org_id, id, patient_id, episode_id, kind, source, alert_id, title, due_date,
                   created_at, status)
  SELECT org_id, id, patient_id, id, kind, kind, NULL,
         CASE kind
           WHEN 'first_contact' THEN
             printf('Contact the patient: the plan told them someone from the care team would be in touch within %d day%s.',
                    days, CASE days WHEN 1 THEN '' ELSE 's' END)
           ELSE
             printf('Review the plan with the patient: the plan told them a %s would look at it within %d days.',
                    who, days)
         END,
         date(start_date, printf('+%d days', days)), created_at, 'open'
  FROM (SELECT e.org_id, e.id, e.patient_id, e.start_date, e.created_at,
               json_extract(p.plan, '$.care_team.review') AS who,
               json_extract(p.plan, '$.care_team.within_days') AS days,
               CASE WHEN json_extract(p.plan, '$.care_team.review') = 'clinician'
                         AND json_extract(p.plan, '$.care_team.within_days') <= 3
                    THEN 'first_contact' ELSE 'plan_review' END AS kind
        FROM episodes e
        JOIN plan_versions p ON p.org_id = e.org_id AND p.episode_id = e.id AND p.version = 1
        WHERE e.status IN ('active', 'paused') AND json_valid(p.plan)
          AND json_extract(p.plan, '$.care_team.review') IS NOT NULL
          AND json_extract(p.plan, '$.care_team.within_days') >= 1);
