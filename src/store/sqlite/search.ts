// The SQL of finding complaints: `list --search` over the substring index of migration 006, and
// the phone key its index is built on.
import type BetterSqlite3 from 'better-sqlite3';

/** The tables of the substring index (contentless FTS5, trigram), kept current by triggers. */
export const SEARCH_TABLES = ['search_complaints', 'search_events'] as const;

const Q = "replace(replace(replace(lower(phone), '转', '#'), 'e', '#'), 'x', '#')";
const NUMBER = `substr(${Q}, 1, instr(${Q} || '#', '#') - 1)`;
const S = `replace(replace(replace(replace(${NUMBER}, ' ', ''), '-', ''), '(', ''), ')', '')`;
/**
 * domain/search.ts's phoneKey in SQL, as migrations/006_search.sql indexes it (SQLite uses an
 * index on an expression only for a query that spells the same expression).
 */
export const PHONE_KEY = `CASE WHEN substr(${S}, 1, 3) = '+86' THEN substr(${S}, 4)
  WHEN substr(${S}, 1, 4) = '0086' THEN substr(${S}, 5) ELSE ${S} END`;

/** An FTS5 string: the text between double quotes, a quote doubled. */
const quoted = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/**
 * The FTS5 query that finds `word` as a substring in `table`, or null when no text has it. A word
 * of three characters or more is a phrase of trigrams. A shorter one is the trigrams that begin
 * with it, read from the index's own terms (every text ends with two U+0001 characters, so every
 * occurrence begins one): a range of the term list, not a scan of every complaint.
 */
function matchExpression(
  db: BetterSqlite3.Database,
  table: (typeof SEARCH_TABLES)[number],
  word: string,
): string | null {
  if ([...word].length >= 3) return quoted(word);
  const from = word.toLowerCase();
  const terms = db
    .prepare(`SELECT term FROM ${table}_terms WHERE term >= ? AND term < ?`)
    .pluck()
    .all(from, `${from}\u{10ffff}`) as string[];
  return terms.length === 0 ? null : terms.map(quoted).join(' OR ');
}

/** Matches counted before choosing how to find them; a word found more often than this is "common". */
const COMMON = 100_000;
/** Complaints probed one by one, newest first, that are still faster than reading every match. */
const PROBES = 2_000;

interface WordMatch {
  /** complaint ids whose text has the word: a subquery */
  ids: string;
  /** whether complaint `complaints.id` has it: a condition */
  has: string;
  /** how many texts have it, counted up to COMMON */
  count: number;
}

function wordMatch(db: BetterSqlite3.Database, word: string, params: Record<string, string>, cap: number): WordMatch {
  const ids: string[] = [];
  const has: string[] = [];
  let count = 0;
  const counted = (table: string, name: string): number =>
    db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ? LIMIT ${cap})`)
      .pluck()
      .get(params[name]) as number;
  const inComplaints = matchExpression(db, 'search_complaints', word);
  if (inComplaints !== null) {
    const name = `search${Object.keys(params).length}`;
    params[name] = inComplaints;
    count += counted('search_complaints', name);
    ids.push(`SELECT rowid FROM search_complaints WHERE search_complaints MATCH @${name}`);
    const probe = `SELECT 1 FROM search_complaints WHERE search_complaints MATCH @${name} AND rowid = complaints.id`;
    has.push(`EXISTS (${probe})`);
  }
  const inEvents = matchExpression(db, 'search_events', word);
  if (inEvents !== null) {
    const name = `search${Object.keys(params).length}`;
    params[name] = inEvents;
    count += counted('search_events', name);
    const joined = 'search_events s JOIN events e ON e.id = s.rowid';
    ids.push(`SELECT e.complaint_id FROM ${joined} WHERE search_events MATCH @${name}`);
    has.push(`EXISTS (SELECT 1 FROM ${joined} WHERE search_events MATCH @${name} AND e.complaint_id = complaints.id)`);
  }
  return {
    ids: ids.length === 0 ? 'SELECT NULL WHERE 0' : ids.join(' UNION '),
    has: has.length === 0 ? '0' : `(${has.join(' OR ')})`,
    count,
  };
}

/**
 * A condition on complaints that holds when every word is found in the complaint's description or
 * location or in one of its notes, replies, escalations or results; its parameters are added to
 * `params` as search0, search1…
 *
 * Two ways to find them, chosen by how often the words occur. A word found in few texts gives the
 * ids of its complaints, which are read by id. A word found in most complaints (a character of
 * 号楼 in every description) would have every complaint read and sorted: when only the newest
 * `limit` are wanted and nothing else narrows the list, complaints are read newest first instead,
 * each asked whether it has the word, until there are enough.
 */
export function searchCondition(
  db: BetterSqlite3.Database,
  words: readonly string[],
  params: Record<string, string>,
  newest: { limit: number | undefined; narrowed: boolean },
  tuning = { common: COMMON, probes: PROBES },
): string {
  const matches = words.map((word) => wordMatch(db, word, params, tuning.common));
  const rare = matches.filter((match) => match.count < tuning.common);
  const common = matches.filter((match) => match.count >= tuning.common);
  if (rare.length > 0) {
    const ids = `id IN (${rare.map((match) => match.ids).join(' INTERSECT ')})`;
    return [ids, ...common.map((match) => match.has)].join(' AND ');
  }
  const total = (db.prepare('SELECT max(id) FROM complaints').pluck().get() as number | null) ?? 0;
  const probes = newest.limit === undefined ? Infinity : (newest.limit * total) / tuning.common;
  if (!newest.narrowed && probes <= tuning.probes) return matches.map((match) => match.has).join(' AND ');
  return `id IN (${matches.map((match) => match.ids).join(' INTERSECT ')})`;
}

/**
 * Indexes the complaints and events from these ids on, as the triggers would have one by one: a big
 * import writes its rows without the triggers and indexes them at the end in one pass, several
 * times faster than row by row.
 */
export function indexSearchFrom(db: BetterSqlite3.Database, complaintId: number, eventId: number): void {
  db.prepare(
    `INSERT INTO search_complaints (rowid, description, location)
     SELECT id, description || char(1, 1), coalesce(location, '') || char(1, 1) FROM complaints WHERE id >= ?`,
  ).run(complaintId);
  db.prepare(
    `INSERT INTO search_events (rowid, body)
     SELECT id, coalesce(json_extract(data, '$.text'), json_extract(data, '$.message'),
                         json_extract(data, '$.result'), '') || char(1, 1)
     FROM events WHERE id >= ? AND type IN ('note', 'replied', 'escalated', 'closed')`,
  ).run(eventId);
}

/**
 * Empties the substring index (a restore replaces every row; the triggers index the restored
 * complaints and events as they are written back).
 */
export function emptySearchIndex(db: BetterSqlite3.Database): void {
  for (const table of SEARCH_TABLES) db.exec(`INSERT INTO ${table} (${table}) VALUES ('delete-all')`);
}
