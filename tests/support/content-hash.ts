// A digest of a database file's content: every table's rows (or only the named columns of the
// named tables), sorted, so "changed nothing" can be checked byte for byte through a second connection.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export function contentHash(path: string, columns?: Record<string, string[]>): string {
  const db = new Database(path, { readonly: true });
  try {
    const hash = createHash('sha256');
    // The substring index (virtual tables and their shadow tables) is derived from the complaints
    // and events, and laid out differently after a restore rebuilds it: it is left out.
    const names = (sql: string): string[] => db.prepare(sql).pluck().all() as string[];
    const virtual = names("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'");
    const all = names("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    const derived = (table: string): boolean => virtual.some((name) => table === name || table.startsWith(`${name}_`));
    const tables = columns ? Object.keys(columns) : all.filter((table) => !derived(table));
    for (const table of tables) {
      const list = columns?.[table]?.map((column) => `"${column}"`).join(', ') ?? '*';
      hash.update(table);
      // Sorted rows: some tables have no rowid to order by.
      const rows = (db.prepare(`SELECT ${list} FROM "${table}"`).raw().all() as unknown[][])
        .map((row) => JSON.stringify(row))
        .sort();
      for (const row of rows) hash.update(row);
    }
    // The whole database includes its schema version; chosen columns are compared across versions.
    if (!columns) hash.update(String(db.pragma('user_version', { simple: true })));
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
