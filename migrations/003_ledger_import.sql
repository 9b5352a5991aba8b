-- complaint schema, version 3: complaints brought in from an office's own ledger (complaint import).
-- import_key identifies the ledger row a complaint came from (a digest of its time, complainant and
-- words), so importing the same ledger twice adds nothing the second time.
ALTER TABLE complaints ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX complaints_import_key ON complaints (import_key) WHERE import_key IS NOT NULL;
