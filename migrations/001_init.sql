-- complaint schema, version 1. Released migrations are never edited; add 002_… instead.
-- Timestamps are ISO-8601 UTC text ("2026-11-23T02:00:00.000Z"), which sorts as time does.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE complaints (
  id               INTEGER PRIMARY KEY,
  status           TEXT    NOT NULL CHECK (status IN ('received', 'replied', 'escalated', 'closed', 'voided')),
  category         TEXT    NOT NULL,
  subcategory      TEXT,
  channel          TEXT    NOT NULL,
  received_at      TEXT    NOT NULL,
  -- the month of receipt on the office's clock ("2026-11"): the report's and list's month
  received_month   TEXT    NOT NULL,
  reply_clock_from TEXT    NOT NULL,
  reply_days       INTEGER NOT NULL CHECK (reply_days >= 0),
  closing_time     TEXT,
  reply_due_at     TEXT    NOT NULL,
  replied_at       TEXT,
  reply_on_time    INTEGER CHECK (reply_on_time IN (0, 1)),
  -- working hours from the start of the reply clock to that reply (the report's median)
  reply_hours      REAL,
  promised_at      TEXT,
  escalated_to     TEXT,
  escalated_at     TEXT,
  satisfaction     TEXT CHECK (satisfaction IN ('satisfied', 'basic', 'dissatisfied')),
  closed_at        TEXT,
  result           TEXT,
  cause            TEXT,
  status_changed_at TEXT   NOT NULL,
  owner            TEXT    NOT NULL,
  received_by      TEXT    NOT NULL,
  complainant_name TEXT    NOT NULL CHECK (complainant_name <> ''),
  unit             TEXT,
  phone            TEXT,
  description      TEXT    NOT NULL CHECK (description <> ''),
  location         TEXT,
  repeat_count     INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT    NOT NULL,
  CHECK (unit IS NOT NULL OR phone IS NOT NULL)
) STRICT;

CREATE INDEX complaints_received_at ON complaints (received_at);
-- A month's complaints, by clerk, by reply time: the report reads medians in index order.
CREATE INDEX complaints_month ON complaints (received_month, owner, reply_hours, status);
CREATE INDEX complaints_status_due ON complaints (status, reply_due_at);
CREATE INDEX complaints_owner ON complaints (owner, received_at);

-- The history of every complaint, append-only: who did what, when it happened, when it was written.
CREATE TABLE events (
  id           INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaints (id),
  type         TEXT    NOT NULL,
  at           TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  actor        TEXT    NOT NULL,
  data         TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(data))
) STRICT;

CREATE INDEX events_complaint ON events (complaint_id, id);

-- Official schedules loaded by `complaint calendar import`; the newest import of a year is in force.
CREATE TABLE calendar_imports (
  id          INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL,
  schedule    TEXT    NOT NULL CHECK (json_valid(schedule)),
  source      TEXT    NOT NULL,
  imported_at TEXT    NOT NULL,
  actor       TEXT    NOT NULL
) STRICT;

-- The office's own rest and working days (`calendar set` / `unset`), append-only: the newest row of a
-- date is in force, and kind NULL means "unset, back to the official calendar".
CREATE TABLE calendar_office_days (
  id      INTEGER PRIMARY KEY,
  date    TEXT NOT NULL,
  kind    TEXT CHECK (kind IN ('off', 'work')),
  note    TEXT,
  set_at  TEXT NOT NULL,
  actor   TEXT NOT NULL
) STRICT;

CREATE INDEX calendar_office_days_date ON calendar_office_days (date, id);

-- The monthly report's counts, kept up to date in the same transaction as every change to a
-- complaint (src/store/month-summaries.ts), so a report reads a few hundred rows instead of the
-- month's tens of thousands. Counts describe complaints as they stand now; a report "as of" an
-- earlier time is computed from the complaints themselves.
CREATE TABLE month_cells (
  month          TEXT    NOT NULL,
  category       TEXT    NOT NULL,
  subcategory    TEXT    NOT NULL, -- '' when none was given
  channel        TEXT    NOT NULL,
  received       INTEGER NOT NULL DEFAULT 0,
  replied        INTEGER NOT NULL DEFAULT 0,
  replied_on_time INTEGER NOT NULL DEFAULT 0,
  replied_late   INTEGER NOT NULL DEFAULT 0,
  closed         INTEGER NOT NULL DEFAULT 0,
  escalated      INTEGER NOT NULL DEFAULT 0,
  repeat         INTEGER NOT NULL DEFAULT 0,
  rated          INTEGER NOT NULL DEFAULT 0,
  satisfied      INTEGER NOT NULL DEFAULT 0,
  voided         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, category, subcategory, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE month_owners (
  month          TEXT    NOT NULL,
  owner          TEXT    NOT NULL,
  received       INTEGER NOT NULL DEFAULT 0,
  replied        INTEGER NOT NULL DEFAULT 0,
  replied_on_time INTEGER NOT NULL DEFAULT 0,
  replied_late   INTEGER NOT NULL DEFAULT 0,
  closed         INTEGER NOT NULL DEFAULT 0,
  escalated      INTEGER NOT NULL DEFAULT 0,
  repeat         INTEGER NOT NULL DEFAULT 0,
  rated          INTEGER NOT NULL DEFAULT 0,
  satisfied      INTEGER NOT NULL DEFAULT 0,
  voided         INTEGER NOT NULL DEFAULT 0,
  -- the median of the clerk's reply times that month, in working hours (NULL: no reply yet)
  median_reply_hours REAL,
  PRIMARY KEY (month, owner)
) STRICT, WITHOUT ROWID;

CREATE TABLE month_causes (
  month  TEXT    NOT NULL,
  cause  TEXT    NOT NULL, -- '' when closed without one
  closed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, cause)
) STRICT, WITHOUT ROWID;
