-- complaint schema, version 6: finding an owner's complaints.
--
-- `list --search`: a substring index (FTS5, trigram) over what was said and done — a complaint's
-- description and location, and the text of its notes, replies, escalations and results. Both
-- tables are contentless (the text stays in complaints and events) and kept current by triggers, so
-- every write — a command, an import, a restore — updates them in its own transaction. Each text
-- ends with two U+0001 characters (nobody can type them: free text refuses control characters),
-- so that every substring of one or two characters begins some trigram: a short query is answered
-- from the index's terms (see src/store/search.ts) instead of by reading every complaint.
CREATE VIRTUAL TABLE search_complaints USING fts5(
  description, location, tokenize = 'trigram', content = '', contentless_delete = 1
);
CREATE VIRTUAL TABLE search_events USING fts5(body, tokenize = 'trigram', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE search_complaints_terms USING fts5vocab(search_complaints, 'row');
CREATE VIRTUAL TABLE search_events_terms USING fts5vocab(search_events, 'row');

CREATE TRIGGER search_complaint_added AFTER INSERT ON complaints BEGIN
  INSERT INTO search_complaints (rowid, description, location)
  VALUES (new.id, new.description || char(1, 1), coalesce(new.location, '') || char(1, 1));
END;

CREATE TRIGGER search_complaint_edited AFTER UPDATE OF description, location ON complaints
WHEN new.description IS NOT old.description OR new.location IS NOT old.location BEGIN
  INSERT OR REPLACE INTO search_complaints (rowid, description, location)
  VALUES (new.id, new.description || char(1, 1), coalesce(new.location, '') || char(1, 1));
END;

-- A note's text, a reply's or an escalation's message to the owner, a closing's result.
CREATE TRIGGER search_event_added AFTER INSERT ON events
WHEN new.type IN ('note', 'replied', 'escalated', 'closed') BEGIN
  INSERT INTO search_events (rowid, body)
  VALUES (new.id, coalesce(json_extract(new.data, '$.text'), json_extract(new.data, '$.message'),
                           json_extract(new.data, '$.result'), '') || char(1, 1));
END;

INSERT INTO search_complaints (rowid, description, location)
SELECT id, description || char(1, 1), coalesce(location, '') || char(1, 1) FROM complaints;
INSERT INTO search_events (rowid, body)
SELECT id, coalesce(json_extract(data, '$.text'), json_extract(data, '$.message'), json_extract(data, '$.result'), '')
           || char(1, 1)
FROM events WHERE type IN ('note', 'replied', 'escalated', 'closed');

-- `list --unit` and the history shown at intake.
CREATE INDEX complaints_unit ON complaints (unit, received_at);
-- `list --phone`: a phone number is stored as typed (138 1234 5678, +86 138-1234-5678, 021-12345678
-- 转 123); this key is its number alone — extension, separators and country prefix dropped — the
-- same expression as PHONE_KEY in src/store/search.ts, which a query must spell identically for
-- SQLite to use the index.
CREATE INDEX complaints_phone_key ON complaints ((
CASE
  WHEN substr(replace(replace(replace(replace(
      substr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#'), 1,
      instr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#') || '#', '#') - 1),
    ' ', ''), '-', ''), '(', ''), ')', ''), 1, 3) = '+86' THEN substr(replace(replace(replace(replace(
      substr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#'), 1,
      instr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#') || '#', '#') - 1),
    ' ', ''), '-', ''), '(', ''), ')', ''), 4)
  WHEN substr(replace(replace(replace(replace(
      substr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#'), 1,
      instr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#') || '#', '#') - 1),
    ' ', ''), '-', ''), '(', ''), ')', ''), 1, 4) = '0086' THEN substr(replace(replace(replace(replace(
      substr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#'), 1,
      instr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#') || '#', '#') - 1),
    ' ', ''), '-', ''), '(', ''), ')', ''), 5)
  ELSE replace(replace(replace(replace(
      substr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#'), 1,
      instr(replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#') || '#', '#') - 1),
    ' ', ''), '-', ''), '(', ''), ')', '')
END
), received_at);
