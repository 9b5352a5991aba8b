// The calendar's records: the official schedules imported, year by year (the newest of a year
// counts; shared by every office, as the State Council's are), and the office's own days off and
// working days (the newest setting of a date counts).
import type { Schedule } from '../../domain/calendar.js';
import type { CalendarDate } from '../../domain/dates.js';
import type { OfficeDayRecord, ScheduleImport } from '../store.js';
import type { OfficeDb } from './db.js';

type ScheduleRow = { schedule: Schedule; source: string; imported_at: Date; actor: string };
type OfficeDayRow = { date: string; kind: 'off' | 'work'; note: string | null; set_at: Date; actor: string };

/** The statement that reads the official schedules, the newest import of each year. */
export const SCHEDULE_IMPORTS = `SELECT schedule, source, imported_at, actor FROM calendar_imports
  WHERE id IN (SELECT max(id) FROM calendar_imports GROUP BY year) ORDER BY year`;

export const scheduleImportsFrom = (rows: readonly ScheduleRow[]): ScheduleImport[] =>
  rows.map((row) => ({ schedule: row.schedule, source: row.source, importedAt: row.imported_at, actor: row.actor }));

/** The statement that reads an office's own days (the newest setting of each); `office` is an SQL expression of its id. */
export const officeDaysOf = (office: string): string =>
  `SELECT date, kind, note, set_at, actor FROM calendar_office_days
    WHERE id IN (SELECT max(id) FROM calendar_office_days WHERE office_id = ${office} GROUP BY date)
      AND kind IS NOT NULL ORDER BY date`;

export const officeDaysFrom = (rows: readonly OfficeDayRow[]): OfficeDayRecord[] =>
  rows.map((row) => ({ date: row.date, kind: row.kind, note: row.note, setAt: row.set_at, actor: row.actor }));

export class PostgresCalendar {
  constructor(private readonly db: OfficeDb) {}

  async scheduleImports(): Promise<ScheduleImport[]> {
    return scheduleImportsFrom((await this.db.query<ScheduleRow>(SCHEDULE_IMPORTS)).rows);
  }

  async addScheduleImport(entry: ScheduleImport): Promise<void> {
    await this.db.query(
      'INSERT INTO calendar_imports (year, schedule, source, imported_at, actor) VALUES ($1, $2, $3, $4, $5)',
      [entry.schedule.year, JSON.stringify(entry.schedule), entry.source, entry.importedAt, entry.actor],
    );
  }

  async officeDays(): Promise<OfficeDayRecord[]> {
    return officeDaysFrom((await this.db.query<OfficeDayRow>(officeDaysOf('$1'), [this.db.officeId])).rows);
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
