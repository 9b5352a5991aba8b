-- Where complaints cluster (report hotspots): each month's complaints by building and by location,
-- with their categories, kept current by the same writers as the other month tables, so that a
-- year's hotspots read a few thousand rows, not the year's complaints. place '' is "other": a
-- unit in none of the usual forms (3-2-1201, 3栋…, 3号楼…, A座…).
-- building_of() and place_of() are the program's own rules (src/domain/place.ts), lent to SQLite
-- while the migration runs.
CREATE TABLE month_places (
  month    TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('building', 'location')),
  place    TEXT NOT NULL,
  category TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  repeat   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, kind, place, category)
) WITHOUT ROWID;

INSERT INTO month_places (month, kind, place, category, received, repeat)
SELECT received_month, 'building', building_of(unit), category, count(*), sum(repeat_count > 0)
  FROM complaints WHERE status <> 'voided'
 GROUP BY received_month, building_of(unit), category;

INSERT INTO month_places (month, kind, place, category, received, repeat)
SELECT received_month, 'location', place_of(location), category, count(*), sum(repeat_count > 0)
  FROM complaints WHERE status <> 'voided' AND place_of(location) IS NOT NULL
 GROUP BY received_month, place_of(location), category;

-- The units with repeat complaints (二次投诉): few, so an index of just those answers for any period.
CREATE INDEX complaints_repeat_units ON complaints (received_month, unit, category, repeat_count) WHERE repeat_count > 0 AND status <> 'voided';

-- Each clerk's median reply time over each quarter and year ('2026Q4', '2026'), kept like
-- month_owners' median, so that a quarter's or a year's assessment reads a row a clerk, not
-- the replies of the year. (A median cannot be added up from months' medians.) NULL: no
-- replies left (all voided or reopened).
CREATE TABLE span_medians (
  span               TEXT NOT NULL,
  owner              TEXT NOT NULL,
  median_reply_hours REAL,
  PRIMARY KEY (span, owner)
) WITHOUT ROWID;

INSERT INTO span_medians (span, owner, median_reply_hours)
SELECT substr(received_month, 1, 4), owner, median(reply_hours)
  FROM complaints WHERE reply_hours IS NOT NULL AND status <> 'voided'
 GROUP BY substr(received_month, 1, 4), owner;

INSERT INTO span_medians (span, owner, median_reply_hours)
SELECT substr(received_month, 1, 4) || 'Q' || ((CAST(substr(received_month, 6, 2) AS INTEGER) + 2) / 3), owner, median(reply_hours)
  FROM complaints WHERE reply_hours IS NOT NULL AND status <> 'voided'
 GROUP BY 1, owner;

-- The on-site visits (亲临现场), a few in a hundred complaints: the report's arrival section reads
-- them by their own index for any period instead of every complaint's events.
CREATE INDEX events_visits ON events (at, id) WHERE type = 'visit';
