// The offices (管理处) a database holds, and the one a store reads and writes: every query of an
// office's own data names it (migrations/013_offices.sql).
import type BetterSqlite3 from 'better-sqlite3';
import { OperationError } from '../../domain/errors.js';
import type { NewOffice, Office } from '../store.js';

/** The office chosen for this run (src/cli/context.ts): asked of by every office's query. */
export class OfficeScope {
  private office: Office | null = null;

  get id(): number {
    if (this.office === null) throw new Error('no office chosen');
    return this.office.id;
  }

  use(office: Office): void {
    this.office = office;
  }
}

export class SqliteOffices {
  constructor(private readonly db: BetterSqlite3.Database) {}

  offices(): Office[] {
    const rows = this.db.prepare('SELECT id, code, name, created_at FROM offices ORDER BY code').all() as Array<{
      id: number;
      code: string;
      name: string;
      created_at: string;
    }>;
    return rows.map((row) => ({ id: row.id, code: row.code, name: row.name, createdAt: new Date(row.created_at) }));
  }

  /** Adds the office and its first settings; the caller's transaction makes the two one. */
  addOffice(office: NewOffice, at: Date): Office {
    const taken = this.db.prepare('SELECT 1 FROM offices WHERE code = ?').pluck().get(office.code);
    if (taken !== undefined) throw new OperationError('office.exists', { code: office.code });
    const id = Number(
      this.db
        .prepare('INSERT INTO offices (code, name, created_at) VALUES (?, ?, ?)')
        .run(office.code, office.name, at.toISOString()).lastInsertRowid,
    );
    const setting = this.db.prepare('INSERT INTO settings (office_id, key, value) VALUES (?, ?, ?)');
    for (const [key, value] of Object.entries(office.settings)) if (value !== undefined) setting.run(id, key, value);
    return { id, code: office.code, name: office.name, createdAt: at };
  }
}
