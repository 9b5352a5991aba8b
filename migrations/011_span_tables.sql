-- A quarter's and a year's report (report --quarter, --year) read the clerks' counts and the hotspots
-- from rows of their own, summed like the month tables and kept current by the same writers in the
-- same transaction (src/store/sqlite/month-tables.ts): a year's report then reads a row a clerk
-- and a row a place, not twelve. span: '2026Q4' (a quarter) or '2026' (a year), as in span_medians.
-- Filled here from the month tables, which hold the same sums month by month.
CREATE TABLE span_owners (
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
  PRIMARY KEY (span, owner)
) STRICT, WITHOUT ROWID;

CREATE TABLE span_places (
  span     TEXT    NOT NULL,
  kind     TEXT    NOT NULL CHECK (kind IN ('building', 'location')),
  place    TEXT    NOT NULL,
  category TEXT    NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  repeat   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (span, kind, place, category)
) STRICT, WITHOUT ROWID;

INSERT INTO span_owners (span, owner, received, replied, replied_on_time, replied_late, closed, escalated, repeat, rated,
                         satisfied, voided, revisited, revisited_on_time, revisit_satisfied)
SELECT span, owner, sum(received), sum(replied), sum(replied_on_time), sum(replied_late), sum(closed), sum(escalated),
       sum(repeat), sum(rated), sum(satisfied), sum(voided), sum(revisited), sum(revisited_on_time), sum(revisit_satisfied)
  FROM (SELECT substr(month, 1, 4) AS span, * FROM month_owners
        UNION ALL
        SELECT substr(month, 1, 4) || 'Q' || ((CAST(substr(month, 6, 2) AS INTEGER) + 2) / 3), * FROM month_owners)
 GROUP BY span, owner;

INSERT INTO span_places (span, kind, place, category, received, repeat)
SELECT span, kind, place, category, sum(received), sum(repeat)
  FROM (SELECT substr(month, 1, 4) AS span, * FROM month_places
        UNION ALL
        SELECT substr(month, 1, 4) || 'Q' || ((CAST(substr(month, 6, 2) AS INTEGER) + 2) / 3), * FROM month_places)
 GROUP BY span, kind, place, category;
