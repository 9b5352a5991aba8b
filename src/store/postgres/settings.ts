// The offices of a company's database, and each office's settings: one row a key, replaced when
// changed. An office's name is its row in offices, which the `office-name` setting reads and writes.
import { OperationError } from '../../domain/errors.js';
import type { DepartmentWebhookKey, SettingKey } from '../../domain/settings.js';
import type { NewOffice, Office } from '../store.js';
import type { OfficeDb } from './db.js';

export type SettingName = SettingKey | 'zone-rules' | DepartmentWebhookKey;

const OFFICE_NAME = 'office-name';

interface OfficeRow {
  id: number;
  code: string;
  name: string;
  created_at: Date;
}

const toOffice = (row: OfficeRow): Office => ({
  id: row.id,
  code: row.code,
  name: row.name,
  createdAt: row.created_at,
});

type SettingRow = { key: SettingName; value: string };

/** The statement that reads an office's settings (its name among them); `office` is an SQL expression of its id. */
export const settingsOf = (office: string): string =>
  `SELECT key, value FROM settings WHERE office_id = ${office}
   UNION ALL SELECT '${OFFICE_NAME}', name FROM offices WHERE id = ${office}`;

export const settingsFrom = (rows: readonly SettingRow[]): Partial<Record<SettingName, string>> =>
  Object.fromEntries(rows.map((row) => [row.key, row.value]));

export class PostgresSettings {
  constructor(private readonly db: OfficeDb) {}

  async settingValues(): Promise<Partial<Record<SettingName, string>>> {
    return settingsFrom((await this.db.query<SettingRow>(settingsOf('$1'), [this.db.officeId])).rows);
  }

  async setSetting(key: SettingName, value: string): Promise<void> {
    if (key === OFFICE_NAME) {
      await this.db.query('UPDATE offices SET name = $2 WHERE id = $1', [this.db.officeId, value]);
      return;
    }
    await this.db.query(
      `INSERT INTO settings (office_id, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (office_id, key) DO UPDATE SET value = excluded.value`,
      [this.db.officeId, key, value],
    );
  }
}

/** The database's offices, by code (in code-unit order: codes are a-z, 0-9, '-' and '_'). */
export async function listOffices(db: Pick<OfficeDb, 'query'>): Promise<Office[]> {
  const { rows } = await db.query<OfficeRow>(
    'SELECT id, code, name, created_at FROM offices ORDER BY code COLLATE "C"',
  );
  return rows.map(toOffice);
}

/**
 * Adds an office and its first settings (run inside one transaction by the caller); a code that is
 * taken, now or by another command at the same moment, is refused.
 */
export async function insertOffice(db: Pick<OfficeDb, 'query'>, office: NewOffice, at: Date): Promise<Office> {
  const { rows } = await db.query<OfficeRow>(
    `INSERT INTO offices (code, name, created_at) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO NOTHING RETURNING id, code, name, created_at`,
    [office.code, office.name, at],
  );
  const row = rows[0];
  if (row === undefined) throw new OperationError('office.exists', { code: office.code });
  const settings = Object.entries(office.settings).filter(
    (entry): entry is [string, string] => entry[0] !== OFFICE_NAME && entry[1] !== undefined,
  );
  if (settings.length > 0)
    await db.query('INSERT INTO settings (office_id, key, value) SELECT $1, * FROM unnest($2::text[], $3::text[])', [
      row.id,
      settings.map(([key]) => key),
      settings.map(([, value]) => value),
    ]);
  return toOffice(row);
}
