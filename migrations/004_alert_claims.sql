-- complaint schema, version 4: a run of `complaint overdue --notify` claims the alerts it is about
-- to post, so two runs started together (cron overlapping a manual run) do not both post them.
-- A claim is a lease: it names the run that holds it and when it lapses. A run that posted marks
-- its alerts sent, one that failed releases them; a run killed in between leaves its claims to
-- lapse, and the first run after that posts them.
ALTER TABLE alerts ADD COLUMN claimed_by TEXT;
ALTER TABLE alerts ADD COLUMN claim_expires_at TEXT;
