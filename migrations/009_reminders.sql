-- complaint schema, version 9: reminders that repeat and climb, and the daily digest.
--
-- An alert now also names where it goes and which round it is. target: '' — the `--notify`
-- webhook; 'escalation' — the `--escalate-to` webhook (the manager's group). round: 0 — the first
-- alert of a deadline; n — its n-th reminder (`--remind-every`), each delivered once as the first
-- is. The table is built again (every row copied, ids and claims kept) because SQLite cannot widen
-- a UNIQUE constraint in place.
CREATE TABLE alerts_v9 (
  id               INTEGER PRIMARY KEY,
  complaint_id     INTEGER NOT NULL REFERENCES complaints (id),
  deadline         TEXT    NOT NULL CHECK (deadline IN ('reply', 'promise', 'urgent', 'revisit')),
  due_at           TEXT    NOT NULL,
  target           TEXT    NOT NULL DEFAULT '',
  round            INTEGER NOT NULL DEFAULT 0 CHECK (round >= 0),
  flagged_at       TEXT    NOT NULL,
  notified_at      TEXT,
  settled_at       TEXT,
  claimed_by       TEXT,
  claim_expires_at TEXT,
  UNIQUE (complaint_id, deadline, due_at, target, round)
) STRICT;
INSERT INTO alerts_v9 (id, complaint_id, deadline, due_at, flagged_at, notified_at, settled_at, claimed_by, claim_expires_at)
SELECT id, complaint_id, deadline, due_at, flagged_at, notified_at, settled_at, claimed_by, claim_expires_at FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v9 RENAME TO alerts;
CREATE INDEX alerts_unsent ON alerts (target, id) WHERE notified_at IS NULL AND settled_at IS NULL;

-- `overdue --digest --notify`: one digest a day (of the office's calendar) for each webhook, which
-- is named by a digest of its address (the address holds the robot's key). Claimed and marked
-- sent as alerts are: posted once, and a failed post is retried by the next run that day.
CREATE TABLE digests (
  day              TEXT NOT NULL,
  target           TEXT NOT NULL,
  sent_at          TEXT,
  claimed_by       TEXT,
  claim_expires_at TEXT,
  PRIMARY KEY (day, target)
) STRICT;
