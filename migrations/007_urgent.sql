-- complaint schema, version 7: the urgent track (突发事件) and the alert kinds that follow it.
--
-- urgent_hours: an urgent complaint's reply clock, in clock hours from the receipt (or a reopening),
-- fixed at intake from `urgent-reply-hours` as the reply days are; nights and holidays count. NULL:
-- not urgent, the reply deadline is counted in working days.
ALTER TABLE complaints ADD COLUMN urgent_hours REAL CHECK (urgent_hours IS NULL OR urgent_hours > 0);

-- The alerts table is built again to widen what an alert may be about (SQLite cannot change a
-- CHECK in place): besides a late reply or promise, `urgent` — a new urgent complaint, posted on
-- the next `overdue --notify` run, once (its due_at is the urgent reply deadline) — and `revisit`,
-- a return visit (回访) past its due date. Rows, ids, claims and the unsent index are kept.
CREATE TABLE alerts_v7 (
  id               INTEGER PRIMARY KEY,
  complaint_id     INTEGER NOT NULL REFERENCES complaints (id),
  deadline         TEXT    NOT NULL CHECK (deadline IN ('reply', 'promise', 'urgent', 'revisit')),
  due_at           TEXT    NOT NULL,
  flagged_at       TEXT    NOT NULL,
  notified_at      TEXT,
  settled_at       TEXT,
  claimed_by       TEXT,
  claim_expires_at TEXT,
  UNIQUE (complaint_id, deadline, due_at)
) STRICT;
INSERT INTO alerts_v7 (id, complaint_id, deadline, due_at, flagged_at, notified_at, settled_at, claimed_by, claim_expires_at)
SELECT id, complaint_id, deadline, due_at, flagged_at, notified_at, settled_at, claimed_by, claim_expires_at FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v7 RENAME TO alerts;
CREATE INDEX alerts_unsent ON alerts (id) WHERE notified_at IS NULL AND settled_at IS NULL;
