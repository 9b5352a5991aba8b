-- complaint schema, version 13: offices (管理处). A property company keeps several estates' ledgers
-- in one database; each office has its own complaints, settings (zone, reply days, departments,
-- clerks, webhooks), calendar days, alerts and report tables. The official schedules
-- (calendar_imports) stay shared. The same design as migrations/postgres/001_init.sql.
--
-- The ledger this file held becomes office 1, code 'main' (a single-office database never needs
-- the code: src/cli/context.ts uses its only office), named by its `office-name` setting, which
-- moves to offices.name: the office's name lives in one place.
CREATE TABLE offices (
  id         INTEGER PRIMARY KEY,
  -- `--office <code>`: what a clerk types and a crontab line names
  code       TEXT    NOT NULL UNIQUE CHECK (
    length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^a-z0-9_-]*' AND substr(code, 1, 1) GLOB '[a-z0-9]'),
  name       TEXT    NOT NULL,
  created_at TEXT    NOT NULL
) STRICT;

INSERT INTO offices (id, code, name, created_at)
VALUES (1, 'main', coalesce((SELECT value FROM settings WHERE key = 'office-name'), ''),
        coalesce((SELECT min(created_at) FROM complaints), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));

-- Settings keyed by office. The table is built again (every row copied but office-name, now
-- offices.name) because SQLite cannot change a primary key in place.
CREATE TABLE settings_v13 (
  office_id INTEGER NOT NULL REFERENCES offices (id),
  key       TEXT    NOT NULL,
  value     TEXT    NOT NULL,
  PRIMARY KEY (office_id, key)
) STRICT, WITHOUT ROWID;
INSERT INTO settings_v13 (office_id, key, value) SELECT 1, key, value FROM settings WHERE key <> 'office-name';
DROP TABLE settings;
ALTER TABLE settings_v13 RENAME TO settings;

-- A complaint's, an alert's and an office day's office. SQLite adds such a column without copying
-- the table (a ledger of millions migrates at once), but not with a REFERENCES clause: the store
-- writes only the ids of offices it has read. The complaints' indexes are kept as they are: an
-- SQLite file holds one estate or a few, so an office's rows are most of every index range.
ALTER TABLE complaints ADD COLUMN office_id INTEGER NOT NULL DEFAULT 1;
-- Each office imports its own ledger: the same row in two offices' ledgers is two complaints.
DROP INDEX complaints_import_key;
CREATE UNIQUE INDEX complaints_import_key ON complaints (office_id, import_key) WHERE import_key IS NOT NULL;
ALTER TABLE alerts ADD COLUMN office_id INTEGER NOT NULL DEFAULT 1;
DROP INDEX alerts_unsent;
CREATE INDEX alerts_unsent ON alerts (office_id, target, id) WHERE notified_at IS NULL AND settled_at IS NULL;
ALTER TABLE calendar_office_days ADD COLUMN office_id INTEGER NOT NULL DEFAULT 1;
DROP INDEX calendar_office_days_date;
CREATE INDEX calendar_office_days_date ON calendar_office_days (office_id, date, id);

-- The daily digest, the report's month tables and the quarters' and years' tables, keyed by office
-- first: built again, every row copied (they hold sums, a few rows a month).
CREATE TABLE digests_v13 (
  office_id        INTEGER NOT NULL REFERENCES offices (id),
  day              TEXT    NOT NULL,
  target           TEXT    NOT NULL,
  sent_at          TEXT,
  claimed_by       TEXT,
  claim_expires_at TEXT,
  PRIMARY KEY (office_id, day, target)
) STRICT;
INSERT INTO digests_v13 SELECT 1, day, target, sent_at, claimed_by, claim_expires_at FROM digests;
DROP TABLE digests;
ALTER TABLE digests_v13 RENAME TO digests;

CREATE TABLE month_cells_v13 (
  office_id         INTEGER NOT NULL REFERENCES offices (id),
  month             TEXT    NOT NULL,
  category          TEXT    NOT NULL,
  subcategory       TEXT    NOT NULL, -- '' when none was given
  channel           TEXT    NOT NULL,
  received          INTEGER NOT NULL DEFAULT 0,
  replied           INTEGER NOT NULL DEFAULT 0,
  replied_on_time   INTEGER NOT NULL DEFAULT 0,
  replied_late      INTEGER NOT NULL DEFAULT 0,
  closed            INTEGER NOT NULL DEFAULT 0,
  escalated         INTEGER NOT NULL DEFAULT 0,
  repeat            INTEGER NOT NULL DEFAULT 0,
  rated             INTEGER NOT NULL DEFAULT 0,
  satisfied         INTEGER NOT NULL DEFAULT 0,
  voided            INTEGER NOT NULL DEFAULT 0,
  revisited         INTEGER NOT NULL DEFAULT 0,
  revisited_on_time INTEGER NOT NULL DEFAULT 0,
  revisit_satisfied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, month, category, subcategory, channel)
) STRICT, WITHOUT ROWID;
INSERT INTO month_cells_v13
SELECT 1, month, category, subcategory, channel, received, replied, replied_on_time, replied_late, closed, escalated,
       repeat, rated, satisfied, voided, revisited, revisited_on_time, revisit_satisfied FROM month_cells;
DROP TABLE month_cells;
ALTER TABLE month_cells_v13 RENAME TO month_cells;

CREATE TABLE month_owners_v13 (
  office_id          INTEGER NOT NULL REFERENCES offices (id),
  month              TEXT    NOT NULL,
  owner              TEXT    NOT NULL,
  received           INTEGER NOT NULL DEFAULT 0,
  replied            INTEGER NOT NULL DEFAULT 0,
  replied_on_time    INTEGER NOT NULL DEFAULT 0,
  replied_late       INTEGER NOT NULL DEFAULT 0,
  closed             INTEGER NOT NULL DEFAULT 0,
  escalated          INTEGER NOT NULL DEFAULT 0,
  repeat             INTEGER NOT NULL DEFAULT 0,
  rated              INTEGER NOT NULL DEFAULT 0,
  satisfied          INTEGER NOT NULL DEFAULT 0,
  voided             INTEGER NOT NULL DEFAULT 0,
  revisited          INTEGER NOT NULL DEFAULT 0,
  revisited_on_time  INTEGER NOT NULL DEFAULT 0,
  revisit_satisfied  INTEGER NOT NULL DEFAULT 0,
  -- the median of the clerk's reply times that month, in working hours (NULL: no reply yet)
  median_reply_hours REAL,
  PRIMARY KEY (office_id, month, owner)
) STRICT, WITHOUT ROWID;
INSERT INTO month_owners_v13
SELECT 1, month, owner, received, replied, replied_on_time, replied_late, closed, escalated, repeat, rated, satisfied,
       voided, revisited, revisited_on_time, revisit_satisfied, median_reply_hours FROM month_owners;
DROP TABLE month_owners;
ALTER TABLE month_owners_v13 RENAME TO month_owners;

CREATE TABLE month_causes_v13 (
  office_id INTEGER NOT NULL REFERENCES offices (id),
  month     TEXT    NOT NULL,
  cause     TEXT    NOT NULL, -- '' when closed without one
  closed    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, month, cause)
) STRICT, WITHOUT ROWID;
INSERT INTO month_causes_v13 SELECT 1, month, cause, closed FROM month_causes;
DROP TABLE month_causes;
ALTER TABLE month_causes_v13 RENAME TO month_causes;

CREATE TABLE month_places_v13 (
  office_id INTEGER NOT NULL REFERENCES offices (id),
  month     TEXT    NOT NULL,
  kind      TEXT    NOT NULL CHECK (kind IN ('building', 'location')),
  place     TEXT    NOT NULL,
  category  TEXT    NOT NULL,
  received  INTEGER NOT NULL DEFAULT 0,
  repeat    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, month, kind, place, category)
) STRICT, WITHOUT ROWID;
INSERT INTO month_places_v13 SELECT 1, month, kind, place, category, received, repeat FROM month_places;
DROP TABLE month_places;
ALTER TABLE month_places_v13 RENAME TO month_places;

CREATE TABLE span_medians_v13 (
  office_id          INTEGER NOT NULL REFERENCES offices (id),
  span               TEXT    NOT NULL,
  owner              TEXT    NOT NULL,
  median_reply_hours REAL,
  PRIMARY KEY (office_id, span, owner)
) STRICT, WITHOUT ROWID;
INSERT INTO span_medians_v13 SELECT 1, span, owner, median_reply_hours FROM span_medians;
DROP TABLE span_medians;
ALTER TABLE span_medians_v13 RENAME TO span_medians;

CREATE TABLE span_owners_v13 (
  office_id         INTEGER NOT NULL REFERENCES offices (id),
  span              TEXT    NOT NULL,
  owner             TEXT    NOT NULL,
  received          INTEGER NOT NULL DEFAULT 0,
  replied           INTEGER NOT NULL DEFAULT 0,
  replied_on_time   INTEGER NOT NULL DEFAULT 0,
  replied_late      INTEGER NOT NULL DEFAULT 0,
  closed            INTEGER NOT NULL DEFAULT 0,
  escalated         INTEGER NOT NULL DEFAULT 0,
  repeat            INTEGER NOT NULL DEFAULT 0,
  rated             INTEGER NOT NULL DEFAULT 0,
  satisfied         INTEGER NOT NULL DEFAULT 0,
  voided            INTEGER NOT NULL DEFAULT 0,
  revisited         INTEGER NOT NULL DEFAULT 0,
  revisited_on_time INTEGER NOT NULL DEFAULT 0,
  revisit_satisfied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, span, owner)
) STRICT, WITHOUT ROWID;
INSERT INTO span_owners_v13
SELECT 1, span, owner, received, replied, replied_on_time, replied_late, closed, escalated, repeat, rated, satisfied,
       voided, revisited, revisited_on_time, revisit_satisfied FROM span_owners;
DROP TABLE span_owners;
ALTER TABLE span_owners_v13 RENAME TO span_owners;

CREATE TABLE span_places_v13 (
  office_id INTEGER NOT NULL REFERENCES offices (id),
  span      TEXT    NOT NULL,
  kind      TEXT    NOT NULL CHECK (kind IN ('building', 'location')),
  place     TEXT    NOT NULL,
  category  TEXT    NOT NULL,
  received  INTEGER NOT NULL DEFAULT 0,
  repeat    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, span, kind, place, category)
) STRICT, WITHOUT ROWID;
INSERT INTO span_places_v13 SELECT 1, span, kind, place, category, received, repeat FROM span_places;
DROP TABLE span_places;
ALTER TABLE span_places_v13 RENAME TO span_places;
