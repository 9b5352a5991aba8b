-- complaint schema, version 2: what `complaint overdue --flag/--notify` has found and sent.
-- One row per complaint and deadline (the reply deadline or a promised date, by its due time), so
-- a cron job running every five minutes flags and alerts each of them exactly once.
CREATE TABLE alerts (
  id           INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaints (id),
  deadline     TEXT    NOT NULL CHECK (deadline IN ('reply', 'promise')),
  due_at       TEXT    NOT NULL,
  flagged_at   TEXT    NOT NULL,
  notified_at  TEXT,
  -- set when the deadline was met or moved before the alert could be delivered: never sent
  settled_at   TEXT,
  UNIQUE (complaint_id, deadline, due_at)
) STRICT;

CREATE INDEX alerts_unsent ON alerts (id) WHERE notified_at IS NULL AND settled_at IS NULL;
