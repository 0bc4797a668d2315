-- MoveRx store schema, version 1 (DESIGN.md "Domain model").
--
-- Every table that holds patient data leads with org_id, and its keys and
-- foreign keys include it: a row can only point at rows of its own
-- organization, and a distributed PostgreSQL can shard by org_id.
-- Dates are the patient's local calendar dates, 'YYYY-MM-DD'; timestamps
-- are UTC, 'YYYY-MM-DDTHH:MM:SSZ'. JSON columns hold documents the program
-- wrote and validated.

CREATE TABLE organizations (
  id          TEXT NOT NULL PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX organizations_one_default ON organizations (is_default) WHERE is_default = 1;

CREATE TABLE patients (
  org_id      TEXT NOT NULL REFERENCES organizations (id),
  id          TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  birth_year  INTEGER NOT NULL CHECK (birth_year BETWEEN 1900 AND 2200),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (org_id, id)
) STRICT;

CREATE TABLE users (
  org_id        TEXT NOT NULL REFERENCES organizations (id),
  id            TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
  email         TEXT NOT NULL UNIQUE,
  password_hash TEXT,
  patient_id    TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  CHECK ((role = 'patient') = (patient_id IS NOT NULL))
) STRICT;

CREATE TABLE care_team (
  org_id      TEXT NOT NULL,
  patient_id  TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  added_at    TEXT NOT NULL,
  PRIMARY KEY (org_id, patient_id, user_id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
) STRICT;

-- An episode of back pain: it starts at an intake. Its engine_state is the
-- adaptation engine's working state (docs/store.md); reviewed_through is
-- the last day the engine has reviewed.
CREATE TABLE episodes (
  org_id            TEXT NOT NULL,
  id                TEXT NOT NULL UNIQUE,
  patient_id        TEXT NOT NULL,
  seq               INTEGER NOT NULL CHECK (seq >= 1),
  start_date        TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('active', 'paused', 'stopped', 'closed')),
  reviewed_through  TEXT NOT NULL,
  engine_state      TEXT,
  created_at        TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, patient_id, seq),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
) STRICT;

CREATE TABLE intakes (
  org_id       TEXT NOT NULL,
  episode_id   TEXT NOT NULL,
  date         TEXT NOT NULL,
  answers      TEXT NOT NULL,
  triage       TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  PRIMARY KEY (org_id, episode_id),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id)
) STRICT;

-- Questionnaire responses: the raw answers with the instrument's version and
-- the scoring rule's version, so that a score can always be recomputed.
CREATE TABLE assessments (
  org_id              TEXT NOT NULL,
  episode_id          TEXT NOT NULL,
  date                TEXT NOT NULL,
  instrument          TEXT NOT NULL CHECK (instrument IN ('nprs', 'odi', 'rmdq', 'startback', 'psfs')),
  instrument_version  TEXT NOT NULL,
  scoring_version     TEXT NOT NULL,
  answers             TEXT NOT NULL,
  score               TEXT NOT NULL,
  recorded_at         TEXT NOT NULL,
  PRIMARY KEY (org_id, episode_id, date, instrument),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id)
) STRICT;

-- Immutable plan versions: who or which rule made each one, why, and the
-- evidence. The triggers below refuse any change to a written version.
CREATE TABLE plan_versions (
  org_id       TEXT NOT NULL,
  episode_id   TEXT NOT NULL,
  version      INTEGER NOT NULL CHECK (version >= 1),
  date         TEXT NOT NULL,
  author       TEXT NOT NULL,
  rule_id      TEXT,
  reason       TEXT NOT NULL,
  evidence     TEXT NOT NULL,
  plan         TEXT NOT NULL,
  changes      TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  PRIMARY KEY (org_id, episode_id, version),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id)
) STRICT;
CREATE TRIGGER plan_versions_immutable_update BEFORE UPDATE ON plan_versions
BEGIN SELECT RAISE(ABORT, 'plan versions are immutable'); END;
CREATE TRIGGER plan_versions_immutable_delete BEFORE DELETE ON plan_versions
BEGIN SELECT RAISE(ABORT, 'plan versions are immutable'); END;

-- Every decision the adaptation engine made (holds and flares too), in order.
CREATE TABLE decisions (
  org_id        TEXT NOT NULL,
  episode_id    TEXT NOT NULL,
  seq           INTEGER NOT NULL CHECK (seq >= 1),
  date          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  rule_id       TEXT NOT NULL,
  item          TEXT,
  from_dose     TEXT,
  to_dose       TEXT,
  reason        TEXT NOT NULL,
  evidence      TEXT NOT NULL,
  plan_version  INTEGER,
  PRIMARY KEY (org_id, episode_id, seq),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id),
  FOREIGN KEY (org_id, episode_id, plan_version) REFERENCES plan_versions (org_id, episode_id, version)
) STRICT;

CREATE TABLE sessions (
  org_id       TEXT NOT NULL,
  episode_id   TEXT NOT NULL,
  date         TEXT NOT NULL,
  pain_during  INTEGER NOT NULL CHECK (pain_during BETWEEN 0 AND 10),
  difficulty   TEXT CHECK (difficulty IN ('easy', 'right', 'hard')),
  items        TEXT NOT NULL,
  note         TEXT,
  recorded_at  TEXT NOT NULL,
  PRIMARY KEY (org_id, episode_id, date),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE checkins (
  org_id             TEXT NOT NULL,
  episode_id         TEXT NOT NULL,
  date               TEXT NOT NULL,
  pain               INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
  next_morning_pain  INTEGER CHECK (next_morning_pain BETWEEN 0 AND 10),
  walk_minutes       INTEGER CHECK (walk_minutes BETWEEN 0 AND 1440),
  stiffness          INTEGER CHECK (stiffness BETWEEN 0 AND 10),
  sleep              INTEGER CHECK (sleep BETWEEN 0 AND 10),
  steps              INTEGER CHECK (steps BETWEEN 0 AND 200000),
  feel_better        TEXT NOT NULL,
  get_better         TEXT NOT NULL,
  red_flags          TEXT NOT NULL,
  red_flag_tier      TEXT NOT NULL CHECK (red_flag_tier IN ('none', 'routine', 'urgent', 'emergency')),
  flare              INTEGER NOT NULL CHECK (flare IN (0, 1)),
  recorded_at        TEXT NOT NULL,
  PRIMARY KEY (org_id, episode_id, date),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE alerts (
  org_id           TEXT NOT NULL,
  id               TEXT NOT NULL UNIQUE,
  episode_id       TEXT NOT NULL,
  rule_id          TEXT NOT NULL,
  tier             TEXT NOT NULL CHECK (tier IN ('routine', 'urgent', 'emergency')),
  reason           TEXT NOT NULL,
  evidence         TEXT NOT NULL,
  detail           TEXT,
  opened_date      TEXT NOT NULL,
  opened_at        TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  acknowledged_by  TEXT,
  acknowledged_at  TEXT,
  resolved_by      TEXT,
  resolved_at      TEXT,
  resolution_note  TEXT,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, episode_id) REFERENCES episodes (org_id, id)
) STRICT;
CREATE INDEX alerts_open ON alerts (org_id, status, tier);

CREATE TABLE messages (
  org_id      TEXT NOT NULL,
  id          TEXT NOT NULL UNIQUE,
  patient_id  TEXT NOT NULL,
  sender      TEXT NOT NULL,
  body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  sent_at     TEXT NOT NULL,
  read_at     TEXT,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, patient_id) REFERENCES patients (org_id, id)
) STRICT;

-- Who read or changed which patient's data, when, from where, and the outcome.
CREATE TABLE audit_events (
  seq         INTEGER PRIMARY KEY,
  org_id      TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  origin      TEXT NOT NULL,
  action      TEXT NOT NULL,
  patient_id  TEXT,
  outcome     TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_patient ON audit_events (org_id, patient_id, seq);
