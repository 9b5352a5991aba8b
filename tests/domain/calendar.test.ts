import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { addDays, dateOfDayNumber, dayNumber } from '../../src/domain/dates.js';
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
      fc.property(anyDate, fc.integer({ min: 0, max: 29 }), (date, count) => calendar.addWorkingDays(date, count + 1).value > calendar.addWorkingDays(date, count).value),
    );
  });

  it('counts exactly N working days in between', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 30 }), (date, count) => calendar.workingDaysBetween(date, calendar.addWorkingDays(date, count).value).value === count),
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
    expect(calendar.workingHoursBetween(instantAt('2026-11-20', 16, 0, zone), instantAt('2026-11-23', 10, 0, zone), zone).value).toBe(18);
  });
  it('is zero when the end is not after the start', () => {
    expect(calendar.workingHoursBetween(instantAt('2026-11-23', 10, 0, zone), instantAt('2026-11-23', 9, 0, zone), zone).value).toBe(0);
  });
  it('skips a holiday week', () => {
    expect(calendar.workingHoursBetween(instantAt('2026-09-30', 12, 0, zone), instantAt('2026-10-08', 12, 0, zone), zone).value).toBe(24);
  });
  it('warns about years without a schedule', () => {
    expect(calendar.workingHoursBetween(instantAt('2026-12-31', 12, 0, zone), instantAt('2027-01-04', 12, 0, zone), zone).unknownYears).toEqual([2027]);
  });
});

describe('dates', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
