// The calendar's records: the official schedules imported, year by year (the newest of a year
// counts; shared by every office, as the State Council's are), and the office's own days off and
// working days (the newest setting of a date counts).
import type { Schedule } from '../../domain/calendar.js';
import type { CalendarDate } from '../../domain/dates.js';
import type { OfficeDayRecord, ScheduleImport } from '../store.js';
import type { OfficeDb } from './db.js';

export class PostgresCalendar {
  constructor(private readonly db: OfficeDb) {}

  async scheduleImports(): Promise<ScheduleImport[]> {
    const { rows } = await this.db.query<{ schedule: Schedule; source: string; imported_at: Date; actor: string }>(
      `SELECT schedule, source, imported_at, actor FROM calendar_imports
        WHERE id IN (SELECT max(id) FROM calendar_imports GROUP BY year) ORDER BY year`,
    );
    return rows.map((row) => ({
      schedule: row.schedule,
      source: row.source,
      importedAt: row.imported_at,
      actor: row.actor,
    }));
  }

  async addScheduleImport(entry: ScheduleImport): Promise<void> {
    await this.db.query(
      'INSERT INTO calendar_imports (year, schedule, source, imported_at, actor) VALUES ($1, $2, $3, $4, $5)',
      [entry.schedule.year, JSON.stringify(entry.schedule), entry.source, entry.importedAt, entry.actor],
    );
  }

  async officeDays(): Promise<OfficeDayRecord[]> {
    const { rows } = await this.db.query<{
      date: string;
      kind: 'off' | 'work';
      note: string | null;
      set_at: Date;
      actor: string;
    }>(
      `SELECT date, kind, note, set_at, actor FROM calendar_office_days
        WHERE id IN (SELECT max(id) FROM calendar_office_days WHERE office_id = $1 GROUP BY date)
          AND kind IS NOT NULL ORDER BY date`,
      [this.db.officeId],
    );
    return rows.map((row) => ({ date: row.date, kind: row.kind, note: row.note, setAt: row.set_at, actor: row.actor }));
  }

  async setOfficeDay(
    date: CalendarDate,
    kind: 'off' | 'work' | null,
    note: string | null,
    actor: string,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      'INSERT INTO calendar_office_days (office_id, date, kind, note, set_at, actor) VALUES ($1, $2, $3, $4, $5, $6)',
      [this.db.officeId, date, kind, note, at, actor],
    );
  }
}
