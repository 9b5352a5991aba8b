// Every date of 2015–2026 in the shipped calendar agrees with the official schedules it was
// derived from, the holiday-cn files kept in the repository (data/holiday-cn/).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { addDays, weekdayOf } from '../../src/domain/dates.js';
import { SHIPPED_SCHEDULES } from '../../src/domain/shipped-calendar.js';

const sourceDir = join(import.meta.dirname, '..', '..', 'data', 'holiday-cn');
interface SourceDay {
  name: string;
  date: string;
  isOffDay: boolean;
}
const sources = readdirSync(sourceDir)
  .filter((file) => /^\d{4}\.json$/.test(file))
  .map(
    (file) =>
      JSON.parse(readFileSync(join(sourceDir, file), 'utf8')) as { year: number; papers: string[]; days: SourceDay[] },
  );
const listed = new Map<string, SourceDay>(
  sources.flatMap((source) => source.days.map((day) => [day.date, day] as const)),
);
const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);

describe('the shipped calendar', () => {
  it('has every year 2015–2026, each naming its source notices', () => {
    expect(calendar.knownYears()).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const source of sources) {
      const shipped = SHIPPED_SCHEDULES.find((schedule) => schedule.year === source.year);
      expect(shipped?.papers).toEqual(source.papers);
      expect(shipped!.papers.length).toBeGreaterThan(0);
    }
  });

  it('agrees with the official schedules on every date from 2015-01-01 to 2026-12-31', () => {
    let checked = 0;
    const disagreements: string[] = [];
    for (let date = '2015-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      const source = listed.get(date);
      const weekday = weekdayOf(date);
      const expected = source ? !source.isOffDay : weekday !== 0 && weekday !== 6;
      const info = calendar.dayInfo(date);
      if (info.working !== expected)
        disagreements.push(
          `${date}: shipped ${info.working ? 'working' : 'rest'}, source ${expected ? 'working' : 'rest'}`,
        );
      if (source && info.name !== source.name) disagreements.push(`${date}: name ${info.name} ≠ ${source.name}`);
      checked += 1;
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBe(4383);
  });
});
