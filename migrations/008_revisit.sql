-- complaint schema, version 8: the return visit (回访), a third clock that starts when a complaint is
-- closed: the office calls the owner back within `revisit-days` working days and asks again.
--
-- revisit_due_at: when the return visit is due, counted at the closing (NULL: no clock — closed
-- before this version, or with revisit-days 0; cleared again by a reopening or a voiding).
-- revisited_at / revisit_on_time / revisit_satisfaction: the first return visit after that closing.
-- The owner's opinion then is also the complaint's satisfaction: the latest opinion counts.
ALTER TABLE complaints ADD COLUMN revisit_due_at TEXT;
ALTER TABLE complaints ADD COLUMN revisited_at TEXT;
ALTER TABLE complaints ADD COLUMN revisit_on_time INTEGER CHECK (revisit_on_time IN (0, 1));
ALTER TABLE complaints ADD COLUMN revisit_satisfaction TEXT CHECK (revisit_satisfaction IN ('satisfied', 'basic', 'dissatisfied'));

-- `overdue`: the return visits still to make, by when they are due.
CREATE INDEX complaints_revisit_due ON complaints (revisit_due_at) WHERE revisit_due_at IS NOT NULL AND revisited_at IS NULL;

-- The report's month tables count the return visits too (complaints before this version have none).
ALTER TABLE month_cells ADD COLUMN revisited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_cells ADD COLUMN revisited_on_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_cells ADD COLUMN revisit_satisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_owners ADD COLUMN revisited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_owners ADD COLUMN revisited_on_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_owners ADD COLUMN revisit_satisfied INTEGER NOT NULL DEFAULT 0;
