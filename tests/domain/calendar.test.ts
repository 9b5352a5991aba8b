import { parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import {
  addDays,
  dateOfDayNumber,
  dayNumber,
  daysOfMonth,
  isCalendarDate,
  isYearMonth,
  previousMonth,
  toUtcDate,
  utc,
  yearOf,
} from '../../src/domain/dates.js';
import { SHIPPED_SCHEDULES } from '../../src/domain/shipped-calendar.js';
import { instantAt } from '../../src/domain/zone.js';

const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);
const anyDate = fc.integer({ min: dayNumber('2015-01-01'), max: dayNumber('2026-12-01') }).map(dateOfDayNumber);

describe('adding working days (properties)', () => {
  it('always lands on a working day after the start', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 30 }), (date, count) => {
        const result = calendar.addWorkingDays(date, count).value;
        return result > date && calendar.isWorkingDay(result);
      }),
    );
  });

  it('is strictly monotonic in N', () => {
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: 0, max: 29 }),
        (date, count) => calendar.addWorkingDays(date, count + 1).value > calendar.addWorkingDays(date, count).value,
      ),
    );
  });

  it('counts exactly N working days in between', () => {
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: 0, max: 30 }),
        (date, count) => calendar.workingDaysBetween(date, calendar.addWorkingDays(date, count).value).value === count,
      ),
    );
  });
});

describe('office days', () => {
  const office = new WorkingCalendar(SHIPPED_SCHEDULES, [
    { date: '2026-11-25', kind: 'off', note: '台风停工' },
    { date: '2026-11-28', kind: 'work', note: '集中整改' },
  ]);
  it('an office rest day is skipped, an office working Saturday counts', () => {
    expect(office.addWorkingDays('2026-11-24', 1).value).toBe('2026-11-26');
    expect(office.addWorkingDays('2026-11-27', 1).value).toBe('2026-11-28');
    expect(office.dayInfo('2026-11-25')).toMatchObject({ working: false, kind: 'office-off', name: '台风停工' });
  });
  it('wins over the official schedule', () => {
    const overridden = new WorkingCalendar(SHIPPED_SCHEDULES, [{ date: '2026-10-10', kind: 'off', note: null }]);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(overridden.isWorkingDay('2026-10-10')).toBe(false);
  });
});

describe('working hours between two instants', () => {
  const zone = 'Asia/Shanghai';
  it('counts only the hours that fall on working days', () => {
    // Friday 16:00 → Monday 10:00: 8 h of Friday, none of the weekend, 10 h of Monday.
    expect(
      calendar.workingHoursBetween(instantAt('2026-11-20', 16, 0, zone), instantAt('2026-11-23', 10, 0, zone), zone)
        .value,
    ).toBe(18);
  });
  it('is zero when the end is not after the start', () => {
    expect(
      calendar.workingHoursBetween(instantAt('2026-11-23', 10, 0, zone), instantAt('2026-11-23', 9, 0, zone), zone)
        .value,
    ).toBe(0);
  });
  it('skips a holiday week', () => {
    expect(
      calendar.workingHoursBetween(instantAt('2026-09-30', 12, 0, zone), instantAt('2026-10-08', 12, 0, zone), zone)
        .value,
    ).toBe(24);
  });
  it('warns about years without a schedule', () => {
    expect(
      calendar.workingHoursBetween(instantAt('2026-12-31', 12, 0, zone), instantAt('2027-01-04', 12, 0, zone), zone)
        .unknownYears,
    ).toEqual([2027]);
  });
});

describe('dates', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
  it.each(['2024-02-29', '2026-12-31', '2026-01-01'])('%s is a date', (text) =>
    expect(isCalendarDate(text)).toBe(true),
  );
  it.each([
    '2026-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-1-5',
    '20261123',
    '+002026-11-23',
    '2026-11-23T00:00',
    '',
  ])('%s is not', (text) => expect(isCalendarDate(text)).toBe(false));
  it.each([
    ['2026-11', true],
    ['2026-12', true],
    ['2026-13', false],
    ['2026-00', false],
    ['2026-1', false],
    ['202611', false],
  ] as const)('%s is a month: %s', (text, month) => expect(isYearMonth(text)).toBe(month));
  it("reads a checked date or month as date-fns's parseISO does: the same UTC midnight, whatever the TZ", () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2099-12-31') }), (day) => {
        const date = dateOfDayNumber(day);
        for (const text of [date, date.slice(0, 7)]) {
          expect(toUtcDate(text).getTime()).toBe(parseISO(text, { in: utc }).getTime());
          expect(toUtcDate(text).getUTCHours()).toBe(0);
        }
        expect(yearOf(date)).toBe(Number(date.slice(0, 4)));
      }),
    );
  });
  it('steps back a month across a year end, and lists the days of a month', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(daysOfMonth('2024-02')).toHaveLength(29);
    expect(daysOfMonth('2026-11')[29]).toBe('2026-11-30');
  });
});

describe('the year index gives the answers of a day-by-day walk', () => {
  // The walk the index replaced, written plainly against the same data: a day is a special day
  // of a schedule or of the office, else a working day from Monday to Friday.
  const officeDays = [
    { date: '2026-11-25', kind: 'off', note: null },
    { date: '2026-11-28', kind: 'work', note: null },
    { date: '2014-12-31', kind: 'off', note: null },
    { date: '2027-01-02', kind: 'work', note: null },
  ] as const;
  const indexed = new WorkingCalendar(SHIPPED_SCHEDULES, officeDays);
  const special = new Map<string, boolean>();
  for (const schedule of SHIPPED_SCHEDULES) {
    for (const date of Object.keys(schedule.off)) special.set(date, false);
    for (const date of Object.keys(schedule.work)) special.set(date, true);
  }
  for (const day of officeDays) special.set(day.date, day.kind === 'work');
  const known = new Set(SHIPPED_SCHEDULES.map((schedule) => schedule.year));
  const working = (date: string): boolean =>
    special.get(date) ?? ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  const noteYear = (date: string, unknown: Set<number>): void => {
    if (!known.has(Number(date.slice(0, 4)))) unknown.add(Number(date.slice(0, 4)));
  };
  const walkAdd = (date: string, count: number) => {
    const unknown = new Set<number>();
    let day = date;
    for (let counted = 0; counted < count;) {
      day = addDays(day, 1);
      noteYear(day, unknown);
      if (working(day)) counted += 1;
    }
    return { value: day, unknownYears: [...unknown].sort() };
  };
  const walkBetween = (from: string, to: string) => {
    const unknown = new Set<number>();
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      noteYear(day, unknown);
      if (working(day)) count += 1;
    }
    return { value: count, unknownYears: [...unknown].sort() };
  };
  // 2012–2029: years with a schedule, and years on either side without one.
  const wideDate = fc.integer({ min: dayNumber('2012-01-01'), max: dayNumber('2029-12-31') }).map(dateOfDayNumber);

  it('adding N working days', () => {
    fc.assert(
      fc.property(wideDate, fc.integer({ min: 0, max: 400 }), (date, count) => {
        expect(indexed.addWorkingDays(date, count)).toEqual(walkAdd(date, count));
      }),
      { numRuns: 2000 },
    );
  });
  it('counting working days between two dates, either way round', () => {
    fc.assert(
      fc.property(wideDate, wideDate, (from, to) => {
        expect(indexed.workingDaysBetween(from, to)).toEqual(walkBetween(from, to));
      }),
      { numRuns: 500 },
    );
  });
  it('across a year end, into a year without a schedule and out of one', () => {
    // 12-31 (Thu), then 2027-01-01 (a Friday: weekends only, no schedule), 01-02 (the office works that Saturday).
    expect(indexed.addWorkingDays('2026-12-30', 3)).toEqual({ value: '2027-01-02', unknownYears: [2027] });
    expect(indexed.addWorkingDays('2026-12-31', 0)).toEqual({ value: '2026-12-31', unknownYears: [] });
    expect(indexed.addWorkingDays('2014-12-29', 3)).toEqual(walkAdd('2014-12-29', 3));
    expect(indexed.workingDaysBetween('2013-06-01', '2028-06-01')).toEqual(walkBetween('2013-06-01', '2028-06-01'));
  });
});
