// What `complaint doctor` learns of an office on PostgreSQL, and the server's own tools for a
// backup and a restore (pg_dump, pg_restore): complaint does not copy a server's database itself.
import { OperationError } from '../../domain/errors.js';
import { ContributionSums, SUMMARY_FIELDS, sumKey } from '../../domain/month-counts.js';
import type { Status } from '../../domain/complaint.js';
import type { StoreHealth, TableCounts } from '../store.js';
import type { PostgresConnection } from './connect.js';
import { COMPLAINT_SELECT, toComplaint, type ComplaintRow } from './complaints.js';
import type { OfficeDb } from './db.js';
import { schemaVersion } from './migrate.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { SUMMARY_COLUMN } from './month-tables.js';

/** A URL with its password left out (the tools then ask, or read ~/.pgpass or PGPASSWORD). */
export function urlWithoutPassword(url: string): string {
  return url
    .trim()
    .replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1@')
    .replace(/([?&])password=[^&#]*(&|$)/i, (_, before: string, after: string) => (after === '&' ? before : ''));
}

/** A word for a POSIX shell: as it is when it is plain, else in single quotes. */
const shellWord = (text: string): string =>
  /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;

export function backupRefusal(url: string, target: string): OperationError {
  const command = ['pg_dump', '--format=custom', `--file=${target}`, urlWithoutPassword(url)].map(shellWord).join(' ');
  return new OperationError('postgres.backup', { command });
}

export function restoreRefusal(url: string, source: string): OperationError {
  const command = ['pg_restore', '--clean', '--if-exists', `--dbname=${urlWithoutPassword(url)}`, source]
    .map(shellWord)
    .join(' ');
  return new OperationError('postgres.restore', { command });
}

/** Complaints read at a time for the recount. */
const RECOUNT_PAGE = 5_000;

/**
 * The office's health: counts, statuses, complaints without their receipt, the schedules imported,
 * the month tables against a recount. A check whose query fails is a finding, and the rest still runs.
 */
export async function officeHealth(
  connection: PostgresConnection,
  db: OfficeDb,
  location: string,
  onStep?: (done: number, total: number) => void,
): Promise<StoreHealth> {
  const steps = 5;
  let done = 0;
  const step = (): void => onStep?.((done += 1), steps);
  const problems: string[] = [];
  const guarded = async <T>(fallback: T, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      problems.push((error as Error).message);
      return fallback;
    }
  };
  const office = db.officeId;
  const version = await schemaVersion(connection);
  const bytes = await guarded(0, async () => {
    const { rows } = await db.query<{ bytes: number }>('SELECT pg_database_size(current_database()) AS bytes');
    return rows[0]!.bytes;
  });
  const counts: TableCounts = { complaints: 0, events: 0, alerts: 0 };
  for (const table of ['complaints', 'events', 'alerts'] as const)
    await guarded(undefined, async () => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE office_id = $1`, [
        office,
      ]);
      counts[table] = rows[0]!.n;
    });
  step();
  const byStatus = await guarded<StoreHealth['byStatus']>({}, async () => {
    const { rows } = await db.query<{ status: Status; n: number }>(
      'SELECT status, count(*) AS n FROM complaints WHERE office_id = $1 GROUP BY status ORDER BY status',
      [office],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  });
  step();
  const missing = `FROM complaints c WHERE c.office_id = $1
    AND NOT EXISTS (SELECT 1 FROM events e WHERE e.office_id = c.office_id AND e.complaint_id = c.id AND e.type = 'received')`;
  const withoutReceipt = await guarded<StoreHealth['withoutReceipt']>(null, async () => ({
    count: (await db.query<{ n: number }>(`SELECT count(*) AS n ${missing}`, [office])).rows[0]!.n,
    first: (await db.query<{ id: number }>(`SELECT c.id ${missing} ORDER BY c.id LIMIT 10`, [office])).rows.map(
      (row) => row.id,
    ),
  }));
  step();
  const importedYears = await guarded<number[]>([], async () =>
    (await db.query<{ year: number }>('SELECT DISTINCT year FROM calendar_imports ORDER BY year')).rows.map(
      (row) => row.year,
    ),
  );
  step();
  const monthsAdrift = await guarded<string[] | null>(null, () => adriftMonths(db));
  step();
  return {
    path: location,
    schemaVersion: version,
    bytes,
    counts,
    problems: [...new Set(problems)],
    engine: 'postgresql',
    schemaKnown: POSTGRES_MIGRATIONS.length,
    journalMode: 'postgresql',
    fileMode: null,
    byStatus,
    withoutReceipt,
    monthsAdrift,
    importedYears,
    leftovers: [],
  };
}

/**
 * Recounts every complaint's contribution (the rule the writers apply) and compares the sums with
 * the office's month_cells and month_places: a drift would make the live report wrong while --at stays right.
 */
async function adriftMonths(db: OfficeDb): Promise<string[]> {
  const office = db.officeId;
  const expected = new ContributionSums();
  for (let after = 0; ;) {
    const { rows } = await db.query<ComplaintRow>(
      `SELECT ${COMPLAINT_SELECT} FROM complaints WHERE office_id = $1 AND id > $2 ORDER BY id LIMIT ${RECOUNT_PAGE}`,
      [office, after],
    );
    for (const row of rows) expected.add(toComplaint(row));
    if (rows.length < RECOUNT_PAGE) break;
    after = rows.at(-1)!.id;
  }
  const adrift = new Set<string>();
  const columns = SUMMARY_FIELDS.map((field) => SUMMARY_COLUMN[field]);
  const cells = await db.query<Record<string, string | number>>(
    `SELECT month, category, subcategory, channel, ${columns.join(', ')} FROM month_cells WHERE office_id = $1`,
    [office],
  );
  for (const row of cells.rows) {
    const key = sumKey([row.month, row.category, row.subcategory, row.channel] as string[]);
    const sums = expected.cells.get(key)?.values ?? SUMMARY_FIELDS.map(() => 0);
    if (columns.some((column, index) => row[column] !== sums[index])) adrift.add(row.month as string);
    expected.cells.delete(key);
  }
  for (const { key, values } of expected.cells.values()) if (values.some((value) => value !== 0)) adrift.add(key[0]!);
  const places = await db.query<{
    month: string;
    kind: string;
    place: string;
    category: string;
    received: number;
    repeat: number;
  }>('SELECT month, kind, place, category, received, repeat FROM month_places WHERE office_id = $1', [office]);
  for (const row of places.rows) {
    const key = sumKey([row.month, row.kind, row.place, row.category]);
    const sums = expected.places.get(key)?.values ?? [0, 0];
    if (row.received !== sums[0] || row.repeat !== sums[1]) adrift.add(row.month);
    expected.places.delete(key);
  }
  for (const { key, values } of expected.places.values()) if (values.some((value) => value !== 0)) adrift.add(key[0]!);
  return [...adrift].sort();
}
