// The reply deadline over the shipped official calendar: SPEC §1 "How a deadline is counted".
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import type { Channel } from '../../src/domain/complaint.js';
import {
  changedDays,
  deadlineAfter,
  deadlineState,
  recomputedDeadlines,
  replyClockAt,
  replyDeadline,
  revisitDeadline,
  urgentDeadline,
} from '../../src/domain/deadline.js';
import type { OfficeSettings } from '../../src/domain/settings.js';
import { DEFAULT_REPLY_DAYS } from '../../src/domain/settings.js';
import { SHIPPED_SCHEDULES } from '../../src/domain/shipped-calendar.js';
import { instantAt, isoInZone } from '../../src/domain/zone.js';

const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);
const SHANGHAI = 'Asia/Shanghai';
const settings = (overrides: Partial<OfficeSettings> = {}): OfficeSettings => ({
  timezone: SHANGHAI,
  closingTime: null,
  replyDays: DEFAULT_REPLY_DAYS,
  urgentReplyHours: 2,
  revisitDays: 3,
  officeName: '',
  departments: [],
  clerks: [],
  departmentWebhooks: {},
  ...overrides,
});
/** "2026-11-23 10:00" office time → instant */
const at = (text: string, zone = SHANGHAI): Date =>
  instantAt(text.slice(0, 10), Number(text.slice(11, 13)), Number(text.slice(14, 16)), zone);

describe('reply deadline: end of the N-th working day after the day of receipt (Asia/Shanghai, 24:00)', () => {
  // [what it shows, received (office time), channel, due date (the deadline is its 24:00)]
  const cases: Array<[string, string, Channel, string]> = [
    ['SPEC: phone on a Monday → Tuesday', '2026-11-23 10:00', 'phone', '2026-11-24'],
    ['SPEC: phone on Friday before National Day → the make-up Sunday', '2025-09-26 15:00', 'phone', '2025-09-28'],
    [
      'SPEC: letter on 30 Sep 2025 → skips 10-01…10-08, ends on the make-up Saturday',
      '2025-09-30 09:00',
      'letter',
      '2025-10-11',
    ],
    ['phone on Friday → Monday', '2026-11-20 16:00', 'phone', '2026-11-23'],
    ['visit on Saturday (rest day) → Monday', '2026-11-21 10:00', 'visit', '2026-11-23'],
    ['online on Sunday → Wednesday', '2026-11-22 10:00', 'online', '2026-11-25'],
    ['receipt at 23:59 still belongs to its day', '2026-11-23 23:59', 'phone', '2026-11-24'],
    ['receipt at 00:00 belongs to the new day', '2026-11-24 00:00', 'phone', '2026-11-25'],
    ['receipt on a holiday: counting starts the next day', '2026-10-03 10:00', 'phone', '2026-10-08'],
    [
      'last working day before Spring Festival 2026 (Sat 02-14 is a make-up day)',
      '2026-02-13 10:00',
      'phone',
      '2026-02-14',
    ],
    [
      'make-up Saturday receipt → first working day after Spring Festival 2026',
      '2026-02-14 10:00',
      'phone',
      '2026-02-24',
    ],
    ['letter before Spring Festival 2026 crosses the holiday', '2026-02-13 10:00', 'letter', '2026-02-25'],
    ['Spring Festival 2026 ends with the make-up Saturday 02-28 counted', '2026-02-26 10:00', 'letter', '2026-03-02'],
    ['Spring Festival 2015: make-up Sunday 02-15 counted', '2015-02-13 10:00', 'phone', '2015-02-15'],
    ['Spring Festival 2015: make-up Saturday 02-28 counted', '2015-02-27 10:00', 'phone', '2015-02-28'],
    ['National Day 2015 (10-01…10-07), make-up Saturday 10-10', '2015-09-30 10:00', 'phone', '2015-10-08'],
    ['2015 victory day 09-03…09-05 off, make-up Sunday 09-06', '2015-09-02 10:00', 'phone', '2015-09-06'],
    ['National Day 2016: make-up Saturday 10-08 and Sunday 10-09 counted', '2016-09-30 10:00', 'letter', '2016-10-10'],
    ['2017 New Year: Monday 01-02 off', '2016-12-30 10:00', 'phone', '2017-01-03'],
    ['2017 make-up Sunday 01-22 before Spring Festival', '2017-01-20 10:00', 'phone', '2017-01-22'],
    [
      'year boundary 2018→2019: make-up Saturday 2018-12-29 from the 2019 notice',
      '2018-12-28 10:00',
      'phone',
      '2018-12-29',
    ],
    ['year boundary 2018→2019: 12-30, 12-31, 01-01 off', '2018-12-29 10:00', 'phone', '2019-01-02'],
    ['2020 extended Spring Festival (to 02-02)', '2020-01-23 10:00', 'phone', '2020-02-03'],
    [
      '2020 National Day and Mid-Autumn, 10-01…10-08, make-up Saturday 10-10',
      '2020-09-30 10:00',
      'letter',
      '2020-10-12',
    ],
    ['2021 make-up Saturday 09-18 before Mid-Autumn', '2021-09-17 10:00', 'phone', '2021-09-18'],
    ['2022 Qingming: make-up Saturday 04-02', '2022-04-01 10:00', 'phone', '2022-04-02'],
    ['2022 National Day: make-up 10-08 and 10-09 (a weekend) counted', '2022-09-30 10:00', 'letter', '2022-10-10'],
    ['year boundary 2022→2023: 2023-01-02 off', '2022-12-30 10:00', 'phone', '2023-01-03'],
    ['2023 Spring Festival: make-up 01-28, 01-29', '2023-01-20 10:00', 'phone', '2023-01-28'],
    ['2024 Spring Festival: make-up Sunday 02-18 is the first day after', '2024-02-09 10:00', 'phone', '2024-02-18'],
    ['2024 National Day: make-up Saturday 10-12', '2024-09-30 10:00', 'letter', '2024-10-10'],
    ['2025 Spring Festival: make-up Sunday 01-26', '2025-01-24 10:00', 'phone', '2025-01-26'],
    ['2025 Labour Day: make-up Sunday 04-27', '2025-04-25 10:00', 'phone', '2025-04-27'],
    [
      'year boundary 2025→2026: New Year 01-01…01-03 off, make-up Sunday 01-04',
      '2025-12-31 10:00',
      'phone',
      '2026-01-04',
    ],
    ['2026 National Day: make-up Sunday 09-20', '2026-09-18 10:00', 'phone', '2026-09-20'],
    ['2026 National Day: first working day after is 10-08', '2026-09-30 10:00', 'phone', '2026-10-08'],
    ['2026 make-up Saturday 10-10 counted by a letter', '2026-10-08 10:00', 'letter', '2026-10-12'],
  ];

  it.each(cases)('%s', (_, received, channel, dueDate) => {
    const deadline = replyDeadline(at(received), channel, calendar, settings());
    expect(deadline.dueDate).toBe(dueDate);
    expect(isoInZone(deadline.dueAt, SHANGHAI)).toBe(isoInZone(instantAt(dueDate, 24, 0, SHANGHAI), SHANGHAI));
    expect(deadline.warnings).toEqual([]);
  });
});

describe('closing time', () => {
  it('ends the deadline at the closing time of the last day', () => {
    const deadline = replyDeadline(at('2026-11-23 10:00'), 'phone', calendar, settings({ closingTime: '17:30' }));
    expect(isoInZone(deadline.dueAt, SHANGHAI)).toBe('2026-11-24T17:30:00+08:00');
  });
  it('does not move the day of receipt when the complaint arrives after closing', () => {
    const deadline = replyDeadline(at('2026-11-23 20:00'), 'phone', calendar, settings({ closingTime: '17:30' }));
    expect(isoInZone(deadline.dueAt, SHANGHAI)).toBe('2026-11-24T17:30:00+08:00');
  });
});

describe('a year with no schedule loaded', () => {
  it('still answers, counting weekends only, and names the year', () => {
    const deadline = replyDeadline(at('2026-12-30 10:00'), 'letter', calendar, settings());
    expect(deadline.dueDate).toBe('2027-01-04'); // 12-31, then 2027-01-01 (Fri, weekday), 01-04 (Mon)
    expect(deadline.warnings).toEqual([{ code: 'calendar-year-unknown', year: 2027 }]);
  });
  it('does not warn when the count stays inside known years', () => {
    expect(replyDeadline(at('2026-12-30 10:00'), 'phone', calendar, settings()).warnings).toEqual([]);
  });
  it('uses a year loaded later', () => {
    const with2027 = new WorkingCalendar([
      ...SHIPPED_SCHEDULES,
      { year: 2027, papers: [], off: { '2027-01-01': '元旦' }, work: {} },
    ]);
    const deadline = replyDeadline(at('2026-12-30 10:00'), 'letter', with2027, settings());
    expect(deadline.dueDate).toBe('2027-01-05');
    expect(deadline.warnings).toEqual([]);
  });
});

describe('office zone, not machine zone', () => {
  it('counts days in the office zone (America/New_York, across the DST change)', () => {
    const zone = 'America/New_York';
    // Received Friday 2026-10-30 23:30 New York time = Saturday 03:30 UTC.
    const deadline = deadlineAfter(at('2026-10-30 23:30', zone), { workingDays: 1, closingTime: null, zone }, calendar);
    expect(deadline.dueDate).toBe('2026-11-02');
    expect(isoInZone(deadline.dueAt, zone)).toBe('2026-11-03T00:00:00-05:00');
  });
});

describe('deadline state', () => {
  const due = at('2026-11-25 00:00'); // end of Tue 2026-11-24
  it.each([
    ['2026-11-24 18:00', 'due', 6 * 3600_000, 0],
    ['2026-11-23 10:00', 'due', 38 * 3600_000, 1],
    ['2026-11-25 03:00', 'late', 3 * 3600_000, 0],
    ['2026-11-26 10:00', 'late', 34 * 3600_000, 1],
    ['2026-11-30 10:00', 'late', 130 * 3600_000, 3],
  ] as const)('at %s it is %s', (now, kind, milliseconds, workingDays) => {
    expect(deadlineState(due, at(now), calendar, SHANGHAI)).toEqual({ kind, milliseconds, workingDays });
  });
});

describe('a calendar change moves only the deadlines whose counting touched a changed day', () => {
  const officeOff = (date: string) => new WorkingCalendar(SHIPPED_SCHEDULES, [{ date, kind: 'off', note: null }]);
  const open = (id: number, received: string, zone = SHANGHAI, closingTime: string | null = null) => {
    const start = at(received, zone);
    return {
      id,
      replyClockFrom: start,
      replyDays: 1,
      closingTime,
      replyZone: zone,
      replyDueAt: deadlineAfter(start, { workingDays: 1, closingTime, zone }, calendar).dueAt,
    };
  };
  it('names the days whose working status changed', () => {
    expect([...changedDays(calendar, officeOff('2026-11-24'), ['2026-11-23', '2026-11-24', '2026-11-28'])]).toEqual([
      '2026-11-24',
    ]);
    // A rest day made a rest day again changes nothing.
    expect(changedDays(calendar, officeOff('2026-11-28'), ['2026-11-28']).size).toBe(0);
  });
  it('moves a deadline counted over the day, keeps the others to the millisecond', () => {
    const counted = open(1, '2026-11-23 10:00'); // counts Tue 11-24
    const after = open(2, '2026-11-24 10:00'); // received on it: counts Wed 11-25
    const before = open(3, '2026-11-20 10:00'); // counts Mon 11-23
    const changes = recomputedDeadlines([counted, after, before], officeOff('2026-11-24'), new Set(['2026-11-24']));
    expect(changes.map((change) => [change.id, isoInZone(change.to, SHANGHAI)])).toEqual([
      [1, '2026-11-26T00:00:00+08:00'],
    ]);
  });
  it('counts again in the zone and with the closing time fixed at intake, whatever the office says now', () => {
    // Logged in New York with a 17:30 closing time: the deadline stays at 17:30 New York time.
    const logged = open(4, '2026-11-23 10:00', 'America/New_York', '17:30');
    const [change] = recomputedDeadlines([logged], officeOff('2026-11-24'), new Set(['2026-11-24']));
    expect(isoInZone(change!.to, 'America/New_York')).toBe('2026-11-25T17:30:00-05:00');
  });
});

describe('the urgent clock (突发事件): clock hours from receipt, nights and holidays included', () => {
  it.each([
    // National Day 2025: 10-01…10-08 are rest days. A working-day deadline would wait for Thu 10-09.
    ['the eve of a holiday, late at night', '2025-09-30 23:30', 2, '2025-10-01T01:30:00+08:00'],
    ['a holiday, in the small hours', '2025-10-03 03:00', 2, '2025-10-03T05:00:00+08:00'],
    ['a Saturday evening', '2026-11-28 22:15', 2, '2026-11-29T00:15:00+08:00'],
    ['half an hour, set by the office', '2026-11-23 10:00', 0.5, '2026-11-23T10:30:00+08:00'],
  ] as const)('%s: received %s, %s h → %s', (_, received, hours, due) => {
    expect(isoInZone(urgentDeadline(at(received), hours), SHANGHAI)).toBe(due);
  });

  it('replyClockAt: urgent takes the hours in force and ignores the closing time; not urgent counts working days', () => {
    const rules = settings({ closingTime: '17:30', urgentReplyHours: 2 });
    const urgent = replyClockAt(at('2025-09-30 23:30'), 'phone', true, calendar, rules);
    expect({
      hours: urgent.clock.urgentHours,
      due: isoInZone(urgent.clock.replyDueAt, SHANGHAI),
      warnings: urgent.warnings,
    }).toEqual({ hours: 2, due: '2025-10-01T01:30:00+08:00', warnings: [] });
    const usual = replyClockAt(at('2025-09-30 23:30'), 'phone', false, calendar, rules);
    expect({ hours: usual.clock.urgentHours, due: isoInZone(usual.clock.replyDueAt, SHANGHAI) }).toEqual({
      hours: null,
      due: '2025-10-09T17:30:00+08:00',
    });
  });

  it('the same instant whatever zone the office counts in: a clock, not a calendar', () => {
    const start = new Date('2026-11-23T15:30:00Z');
    expect(
      replyClockAt(
        start,
        'letter',
        true,
        calendar,
        settings({ timezone: 'America/New_York' }),
      ).clock.replyDueAt.toISOString(),
    ).toBe('2026-11-23T17:30:00.000Z');
  });

  it('a calendar change never moves an urgent deadline', () => {
    const start = at('2026-11-23 23:00');
    const urgent = {
      id: 9,
      replyClockFrom: start,
      replyDays: 1,
      closingTime: null,
      replyZone: SHANGHAI,
      replyDueAt: urgentDeadline(start, 2),
      urgentHours: 2,
    };
    const officeOff = new WorkingCalendar(SHIPPED_SCHEDULES, [{ date: '2026-11-24', kind: 'off', note: null }]);
    expect(recomputedDeadlines([urgent], officeOff, new Set(['2026-11-24']))).toEqual([]);
  });
});

describe('the return-visit clock (回访): revisit-days working days after the closing', () => {
  it.each([
    ['a Monday closing, 3 days', '2026-11-23 10:00', 3, null, '2026-11-27T00:00:00+08:00'],
    // National Day 2025: 10-01…10-08 rest; Thu 10-09, Fri 10-10 and the make-up Saturday 10-11 work.
    ['the eve of National Day', '2025-09-30 16:00', 3, null, '2025-10-12T00:00:00+08:00'],
    ['a Friday evening, 1 day, with a closing time', '2026-11-27 21:00', 1, '17:30', '2026-11-30T17:30:00+08:00'],
  ] as const)('%s: closed %s, %i day(s) → %s', (_, closed, days, closingTime, due) => {
    const deadline = revisitDeadline(at(closed), calendar, settings({ revisitDays: days, closingTime }));
    expect(isoInZone(deadline!.dueAt, SHANGHAI)).toBe(due);
  });

  it('revisit-days 0: no clock', () => {
    expect(revisitDeadline(at('2026-11-23 10:00'), calendar, settings({ revisitDays: 0 }))).toBeNull();
  });

  it('a year with no schedule still answers, and warns', () => {
    const deadline = revisitDeadline(new Date('2031-06-02T02:00:00Z'), calendar, settings());
    expect(deadline!.warnings.map((warning) => warning.year)).toEqual([2031]);
  });
});
