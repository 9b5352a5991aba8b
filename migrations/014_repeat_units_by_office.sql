-- The repeat-complaint index (010) read each entry's row to learn its office once offices came
-- (013): a year's report of one office looked up every office's repeat complaints of the year in the
-- complaints table, at random (on the company bench database, 6,127 rows, 10–18 ms of CPU, and more
-- when the table is not in memory). Led by the office, as on PostgreSQL, and with the status the
-- query tests, the index holds all the report asks: no row is read.
DROP INDEX complaints_repeat_units;
CREATE INDEX complaints_repeat_units ON complaints (office_id, received_month, unit, category, repeat_count, status)
  WHERE repeat_count > 0 AND status <> 'voided';
