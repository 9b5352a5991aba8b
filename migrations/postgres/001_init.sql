-- complaint schema on PostgreSQL, version 1: a company's offices (管理处) in one database, each
-- with the ledger an SQLite file holds after migrations/001–012. Released migrations are never
-- edited; add 002_… instead. src/store/postgres/migrate.ts applies them, each in a transaction.
--
-- Types, with the same meaning as on SQLite:
-- * An instant is a timestamptz (SQLite keeps ISO-8601 UTC text, "2026-11-23T02:00:00.000Z"): it
--   compares and sorts as time, keeps the milliseconds, and comes back to the program as a Date,
--   whatever zone the server or the session is in. A month of the office's calendar stays text
--   ("2026-11", as received_month), computed by the program in the office's zone, never here.
-- * A day of the office's calendar is a date; the program reads it back as its text ("2026-11-23"),
--   never as an instant (src/store/postgres/connect.ts).
-- * An event's data and a schedule are json (not jsonb): checked as JSON, as SQLite's json_valid
--   does, and given back exactly as written.
-- * A 0/1 flag is a boolean; working hours are double precision; counts are integers.
--
-- Every table of an office's own data has office_id, and leads its keys and indexes with it: an
-- office's reads never wade through the company's other offices. The official schedules
-- (calendar_imports) are the State Council's, shared by all.

-- `list --search` finds a substring in any case: pg_trgm indexes text by its three-character
-- pieces, which a LIKE/ILIKE '%…%' uses; btree_gin lets the same index hold the office first, so a
-- search reads one office's matches. Both are "trusted" contrib extensions (PostgreSQL 13 and
-- later): the database's owner may create them, no superuser needed. Debian's postgresql package
-- ships them (postgresql-NN holds contrib); other platforms have them in postgresql-contrib.
-- Chinese text is split into pieces only in a database whose LC_CTYPE knows CJK letters (C.UTF-8,
-- zh_CN.UTF-8, en_US.UTF-8 — not plain C); under C a search is still right, only slower.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE offices (
  id         bigserial   PRIMARY KEY,
  -- `--office <code>`: what a clerk types, and what a crontab line names
  code       text        NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
  -- the office's name in titles and alerts (the `office-name` setting): '' until one is given
  name       text        NOT NULL,
  created_at timestamptz NOT NULL
);

-- An office's settings (`config`: time zone, reply days, departments, clerks, webhooks…).
CREATE TABLE settings (
  office_id bigint NOT NULL REFERENCES offices (id),
  key       text   NOT NULL,
  value     text   NOT NULL,
  PRIMARY KEY (office_id, key)
);

-- domain/search.ts's phoneKey: a phone number as typed (138 1234 5678, +86 138-1234-5678,
-- 021-12345678 转 123) reduced to its number — extension, separators and country prefix dropped.
-- `list --phone` and the history at intake find a number by it (complaints_phone_key below).
CREATE FUNCTION complaint_phone_key(phone text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN left(number, 3) = '+86' THEN substr(number, 4)
              WHEN left(number, 4) = '0086' THEN substr(number, 5)
              ELSE number END
    FROM (SELECT translate(split_part(translate(lower(phone), '转ex', '###'), '#', 1), ' ()-', '') AS number) AS typed
$$;

-- What `list --search` looks in on a complaint: its description and location, kept apart by a
-- character nobody can type (free text refuses control characters), so no word spans the two.
CREATE FUNCTION complaint_search_text(description text, location text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT description || chr(1) || coalesce(location, '') $$;

CREATE TABLE complaints (
  id                   bigserial        PRIMARY KEY,
  office_id            bigint           NOT NULL REFERENCES offices (id),
  status               text             NOT NULL CHECK (status IN ('received', 'replied', 'escalated', 'closed', 'voided')),
  category             text             NOT NULL,
  subcategory          text,
  channel              text             NOT NULL,
  received_at          timestamptz      NOT NULL,
  -- the month of receipt on the office's clock ("2026-11"): the report's and list's month
  received_month       text             NOT NULL CHECK (received_month ~ '^[0-9]{4}-[0-9]{2}$'),
  reply_clock_from     timestamptz      NOT NULL,
  reply_days           integer          NOT NULL CHECK (reply_days >= 0),
  closing_time         text,
  -- the office zone the reply clock was counted in, fixed at intake (SQLite's migration 005)
  reply_zone           text             NOT NULL,
  reply_due_at         timestamptz      NOT NULL,
  -- the urgent track's reply clock in clock hours (NULL: not urgent; SQLite's 007)
  urgent_hours         double precision CHECK (urgent_hours IS NULL OR urgent_hours > 0),
  replied_at           timestamptz,
  reply_on_time        boolean,
  -- working hours from the start of the reply clock to that reply (the report's median)
  reply_hours          double precision,
  promised_at          timestamptz,
  escalated_to         text,
  escalated_at         timestamptz,
  satisfaction         text CHECK (satisfaction IN ('satisfied', 'basic', 'dissatisfied')),
  closed_at            timestamptz,
  -- the return visit (回访) after a closing (SQLite's 008)
  revisit_due_at       timestamptz,
  revisited_at         timestamptz,
  revisit_on_time      boolean,
  revisit_satisfaction text CHECK (revisit_satisfaction IN ('satisfied', 'basic', 'dissatisfied')),
  result               text,
  cause                text,
  status_changed_at    timestamptz      NOT NULL,
  owner                text             NOT NULL,
  received_by          text             NOT NULL,
  complainant_name     text             NOT NULL CHECK (complainant_name <> ''),
  unit                 text,
  phone                text,
  description          text             NOT NULL CHECK (description <> ''),
  location             text,
  repeat_count         integer          NOT NULL DEFAULT 0,
  -- the office's own ledger row it was imported from (`complaint import`; SQLite's 003)
  import_key           text,
  -- a complaint copied from an SQLite ledger (`complaint migrate --from`): which file, and its id
  -- there, kept for reference (the copy has an id of its own here)
  source               text,
  source_id            bigint,
  created_at           timestamptz      NOT NULL,
  CHECK (unit IS NOT NULL OR phone IS NOT NULL),
  CHECK ((source IS NULL) = (source_id IS NULL)),
  -- so that an event or an alert names its complaint and that complaint's office together
  UNIQUE (office_id, id)
);

CREATE INDEX complaints_received_at ON complaints (office_id, received_at);
-- A month's complaints, by clerk, by reply time: the report reads medians in index order.
CREATE INDEX complaints_month ON complaints (office_id, received_month, owner, reply_hours, status);
CREATE INDEX complaints_status_due ON complaints (office_id, status, reply_due_at);
CREATE INDEX complaints_owner ON complaints (office_id, owner, received_at);
-- Importing the same ledger twice adds nothing the second time; copying the same SQLite file twice neither.
CREATE UNIQUE INDEX complaints_import_key ON complaints (office_id, import_key) WHERE import_key IS NOT NULL;
CREATE UNIQUE INDEX complaints_source ON complaints (office_id, source, source_id) WHERE source IS NOT NULL;
-- `list --unit` and `--phone`, and the history shown at intake.
CREATE INDEX complaints_unit ON complaints (office_id, unit, received_at);
CREATE INDEX complaints_phone_key ON complaints (office_id, complaint_phone_key(phone), received_at);
-- `overdue`: the return visits still to make, by when they are due.
CREATE INDEX complaints_revisit_due ON complaints (office_id, revisit_due_at)
  WHERE revisit_due_at IS NOT NULL AND revisited_at IS NULL;
-- The units with repeat complaints (二次投诉): few, so an index of just those answers for any period.
CREATE INDEX complaints_repeat_units ON complaints (office_id, received_month, unit, category, repeat_count)
  WHERE repeat_count > 0 AND status <> 'voided';
-- `list --search` (the functions above): complaint_search_text(description, location) ILIKE '%word%'.
CREATE INDEX complaints_search ON complaints USING gin (office_id, complaint_search_text(description, location) gin_trgm_ops);

-- The history of every complaint, append-only: who did what, when it happened, when it was written.
CREATE TABLE events (
  id           bigserial   PRIMARY KEY,
  office_id    bigint      NOT NULL,
  complaint_id bigint      NOT NULL,
  type         text        NOT NULL,
  at           timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL,
  actor        text        NOT NULL,
  data         json        NOT NULL DEFAULT '{}',
  FOREIGN KEY (office_id, complaint_id) REFERENCES complaints (office_id, id)
);

CREATE INDEX events_complaint ON events (complaint_id, id);
-- The on-site visits (亲临现场), a few in a hundred complaints: the report's arrival section reads
-- them by their own index for any period.
CREATE INDEX events_visits ON events (office_id, at, id) WHERE type = 'visit';

-- What `list --search` looks in on an event: a note's text, a reply's or an escalation's message
-- to the owner, a closing's result (for the events of those types only, as the index below).
CREATE FUNCTION event_search_text(data json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(data ->> 'text', data ->> 'message', data ->> 'result', '') $$;

CREATE INDEX events_search ON events USING gin (office_id, event_search_text(data) gin_trgm_ops)
  WHERE type IN ('note', 'replied', 'escalated', 'closed');

-- Official schedules loaded by `complaint calendar import`, shared by every office; the newest
-- import of a year is in force.
CREATE TABLE calendar_imports (
  id          bigserial   PRIMARY KEY,
  year        integer     NOT NULL,
  schedule    json        NOT NULL,
  source      text        NOT NULL,
  imported_at timestamptz NOT NULL,
  actor       text        NOT NULL
);

CREATE INDEX calendar_imports_year ON calendar_imports (year, id);

-- An office's own rest and working days (`calendar set` / `unset`), append-only: the newest row of
-- a date is in force, and kind NULL means "unset, back to the official calendar".
CREATE TABLE calendar_office_days (
  id        bigserial   PRIMARY KEY,
  office_id bigint      NOT NULL REFERENCES offices (id),
  date      date        NOT NULL,
  kind      text        CHECK (kind IN ('off', 'work')),
  note      text,
  set_at    timestamptz NOT NULL,
  actor     text        NOT NULL
);

CREATE INDEX calendar_office_days_date ON calendar_office_days (office_id, date, id);

-- What `complaint overdue --flag/--notify` has found and sent: one row per complaint, deadline,
-- webhook (target: '' the --notify one, 'escalation' the --escalate-to one) and round (0 the first
-- alert, n its n-th reminder), so that runs every five minutes from several hosts post each once.
-- A run claims the alerts it is about to post (FOR UPDATE SKIP LOCKED) with a lease: claimed_by
-- names the run, claim_expires_at when the claim lapses for another run to take over.
CREATE TABLE alerts (
  id               bigserial   PRIMARY KEY,
  office_id        bigint      NOT NULL,
  complaint_id     bigint      NOT NULL,
  deadline         text        NOT NULL CHECK (deadline IN ('reply', 'promise', 'urgent', 'revisit')),
  due_at           timestamptz NOT NULL,
  target           text        NOT NULL DEFAULT '',
  round            integer     NOT NULL DEFAULT 0 CHECK (round >= 0),
  flagged_at       timestamptz NOT NULL,
  notified_at      timestamptz,
  -- set when the deadline was met or moved before the alert could be delivered: never sent
  settled_at       timestamptz,
  claimed_by       text,
  claim_expires_at timestamptz,
  FOREIGN KEY (office_id, complaint_id) REFERENCES complaints (office_id, id),
  UNIQUE (complaint_id, deadline, due_at, target, round)
);

CREATE INDEX alerts_unsent ON alerts (office_id, target, id) WHERE notified_at IS NULL AND settled_at IS NULL;

-- `overdue --digest --notify`: one digest a day (of the office's calendar) for each webhook, named
-- by a digest of its address; claimed and marked sent as alerts are.
CREATE TABLE digests (
  office_id        bigint NOT NULL REFERENCES offices (id),
  day              date   NOT NULL,
  target           text   NOT NULL,
  sent_at          timestamptz,
  claimed_by       text,
  claim_expires_at timestamptz,
  PRIMARY KEY (office_id, day, target)
);

-- The monthly report's counts, kept up to date in the same transaction as every change to a
-- complaint, so that a report reads a few hundred rows instead of the month's tens of thousands.
-- Counts describe complaints as they stand now; a report "as of" an earlier time is computed from
-- the complaints themselves.
CREATE TABLE month_cells (
  office_id         bigint  NOT NULL REFERENCES offices (id),
  month             text    NOT NULL,
  category          text    NOT NULL,
  subcategory       text    NOT NULL, -- '' when none was given
  channel           text    NOT NULL,
  received          integer NOT NULL DEFAULT 0,
  replied           integer NOT NULL DEFAULT 0,
  replied_on_time   integer NOT NULL DEFAULT 0,
  replied_late      integer NOT NULL DEFAULT 0,
  closed            integer NOT NULL DEFAULT 0,
  escalated         integer NOT NULL DEFAULT 0,
  repeat            integer NOT NULL DEFAULT 0,
  rated             integer NOT NULL DEFAULT 0,
  satisfied         integer NOT NULL DEFAULT 0,
  voided            integer NOT NULL DEFAULT 0,
  revisited         integer NOT NULL DEFAULT 0,
  revisited_on_time integer NOT NULL DEFAULT 0,
  revisit_satisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, month, category, subcategory, channel)
);

CREATE TABLE month_owners (
  office_id          bigint  NOT NULL REFERENCES offices (id),
  month              text    NOT NULL,
  owner              text    NOT NULL,
  received           integer NOT NULL DEFAULT 0,
  replied            integer NOT NULL DEFAULT 0,
  replied_on_time    integer NOT NULL DEFAULT 0,
  replied_late       integer NOT NULL DEFAULT 0,
  closed             integer NOT NULL DEFAULT 0,
  escalated          integer NOT NULL DEFAULT 0,
  repeat             integer NOT NULL DEFAULT 0,
  rated              integer NOT NULL DEFAULT 0,
  satisfied          integer NOT NULL DEFAULT 0,
  voided             integer NOT NULL DEFAULT 0,
  revisited          integer NOT NULL DEFAULT 0,
  revisited_on_time  integer NOT NULL DEFAULT 0,
  revisit_satisfied  integer NOT NULL DEFAULT 0,
  -- the median of the clerk's reply times that month, in working hours (NULL: no reply yet)
  median_reply_hours double precision,
  PRIMARY KEY (office_id, month, owner)
);

CREATE TABLE month_causes (
  office_id bigint  NOT NULL REFERENCES offices (id),
  month     text    NOT NULL,
  cause     text    NOT NULL, -- '' when closed without one
  closed    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, month, cause)
);

-- Where complaints cluster (report hotspots): each month's complaints by building and by location,
-- with their categories. place '' is "other": a unit in none of the usual forms.
CREATE TABLE month_places (
  office_id bigint  NOT NULL REFERENCES offices (id),
  month     text    NOT NULL,
  kind      text    NOT NULL CHECK (kind IN ('building', 'location')),
  place     text    NOT NULL,
  category  text    NOT NULL,
  received  integer NOT NULL DEFAULT 0,
  repeat    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, month, kind, place, category)
);

-- Each clerk's median reply time over each quarter and year ('2026Q4', '2026'), kept like
-- month_owners' median (a median cannot be added up from months' medians). NULL: no replies left.
CREATE TABLE span_medians (
  office_id          bigint NOT NULL REFERENCES offices (id),
  span               text   NOT NULL,
  owner              text   NOT NULL,
  median_reply_hours double precision,
  PRIMARY KEY (office_id, span, owner)
);

-- A quarter's and a year's clerks and places ('2026Q4', '2026'), summed like the month tables and
-- kept current in the same transactions (SQLite's migration 011): a year's report reads a row a
-- clerk and a row a place, not twelve.
CREATE TABLE span_owners (
  office_id         bigint  NOT NULL REFERENCES offices (id),
  span              text    NOT NULL,
  owner             text    NOT NULL,
  received          integer NOT NULL DEFAULT 0,
  replied           integer NOT NULL DEFAULT 0,
  replied_on_time   integer NOT NULL DEFAULT 0,
  replied_late      integer NOT NULL DEFAULT 0,
  closed            integer NOT NULL DEFAULT 0,
  escalated         integer NOT NULL DEFAULT 0,
  repeat            integer NOT NULL DEFAULT 0,
  rated             integer NOT NULL DEFAULT 0,
  satisfied         integer NOT NULL DEFAULT 0,
  voided            integer NOT NULL DEFAULT 0,
  revisited         integer NOT NULL DEFAULT 0,
  revisited_on_time integer NOT NULL DEFAULT 0,
  revisit_satisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, span, owner)
);

CREATE TABLE span_places (
  office_id bigint  NOT NULL REFERENCES offices (id),
  span      text    NOT NULL,
  kind      text    NOT NULL CHECK (kind IN ('building', 'location')),
  place     text    NOT NULL,
  category  text    NOT NULL,
  received  integer NOT NULL DEFAULT 0,
  repeat    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, span, kind, place, category)
);

-- The complaints with a clock running by the month received (SQLite's migration 012): a report on
-- a past period reads those received by its end, not every one still open since.
CREATE INDEX complaints_open_month ON complaints (office_id, status, received_month)
  WHERE status IN ('received', 'escalated');
