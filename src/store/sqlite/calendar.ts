// The calendar's records: the official schedules imported, year by year (the newest of a year
// counts), and the office's own days off and working days (the newest setting of a date counts).
import type BetterSqlite3 from 'better-sqlite3';
import type { Schedule } from '../../domain/calendar.js';
import type { CalendarDate } from '../../domain/dates.js';
import type { OfficeDayRecord, ScheduleImport } from '../store.js';
import type { OfficeScope } from './offices.js';

const iso = (instant: Date): string => instant.toISOString();

export class SqliteCalendar {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly office: OfficeScope,
  ) {}

  scheduleImports(): ScheduleImport[] {
    const rows = this.db
      .prepare(
        `SELECT schedule, source, imported_at, actor FROM calendar_imports
         WHERE id IN (SELECT max(id) FROM calendar_imports GROUP BY year) ORDER BY year`,
      )
      .all() as Array<{ schedule: string; source: string; imported_at: string; actor: string }>;
    return rows.map((row) => ({
      schedule: JSON.parse(row.schedule) as Schedule,
      source: row.source,
      importedAt: new Date(row.imported_at),
      actor: row.actor,
    }));
  }

  addScheduleImport(entry: ScheduleImport): void {
    this.db
      .prepare('INSERT INTO calendar_imports (year, schedule, source, imported_at, actor) VALUES (?, ?, ?, ?, ?)')
      .run(entry.schedule.year, JSON.stringify(entry.schedule), entry.source, iso(entry.importedAt), entry.actor);
  }

  officeDays(): OfficeDayRecord[] {
    const rows = this.db
      .prepare(
        `SELECT date, kind, note, set_at, actor FROM calendar_office_days
         WHERE id IN (SELECT max(id) FROM calendar_office_days WHERE office_id = ? GROUP BY date)
           AND kind IS NOT NULL ORDER BY date`,
      )
      .all(this.office.id) as Array<{
      date: string;
      kind: 'off' | 'work';
      note: string | null;
      set_at: string;
      actor: string;
    }>;
    return rows.map((row) => ({
      date: row.date,
      kind: row.kind,
      note: row.note,
      setAt: new Date(row.set_at),
      actor: row.actor,
    }));
  }

  setOfficeDay(date: CalendarDate, kind: 'off' | 'work' | null, note: string | null, actor: string, at: Date): void {
    this.db
      .prepare(
        'INSERT INTO calendar_office_days (office_id, date, kind, note, set_at, actor) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(this.office.id, date, kind, note, iso(at), actor);
  }
}
