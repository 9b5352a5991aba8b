// The office's settings: one row a key, replaced when changed.
import type BetterSqlite3 from 'better-sqlite3';
import type { DepartmentWebhookKey, SettingKey } from '../../domain/settings.js';

export class SqliteSettings {
  constructor(private readonly db: BetterSqlite3.Database) {}

  settingValues(): Partial<Record<SettingKey | 'zone-rules' | DepartmentWebhookKey, string>> {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: SettingKey; value: string }>;
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  setSetting(key: SettingKey | 'zone-rules' | DepartmentWebhookKey, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
