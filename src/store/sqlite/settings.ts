// The office's settings: one row a key, replaced when changed. The office's name (office-name) is
// kept with the office itself (offices.name), so that a list of offices and a report title agree.
import type BetterSqlite3 from 'better-sqlite3';
import type { DepartmentWebhookKey, SettingKey } from '../../domain/settings.js';
import type { OfficeScope } from './offices.js';

export class SqliteSettings {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly office: OfficeScope,
  ) {}

  settingValues(): Partial<Record<SettingKey | 'zone-rules' | DepartmentWebhookKey, string>> {
    const rows = this.db
      .prepare(
        `SELECT key, value FROM settings WHERE office_id = @office
         UNION ALL SELECT 'office-name', name FROM offices WHERE id = @office AND name <> ''`,
      )
      .all({ office: this.office.id }) as Array<{ key: SettingKey; value: string }>;
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  setSetting(key: SettingKey | 'zone-rules' | DepartmentWebhookKey, value: string): void {
    if (key === 'office-name') {
      this.db.prepare('UPDATE offices SET name = ? WHERE id = ?').run(value, this.office.id);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO settings (office_id, key, value) VALUES (?, ?, ?)
         ON CONFLICT (office_id, key) DO UPDATE SET value = excluded.value`,
      )
      .run(this.office.id, key, value);
  }
}
