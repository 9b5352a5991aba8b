import { describe, expect, it } from 'vitest';
import type { Complaint } from '../../src/domain/complaint.js';
import { contributionOf } from '../../src/domain/month-counts.js';
import type { Period } from '../../src/domain/period.js';
import type { MonthCategoryCounts, MonthCounts, MonthGroups } from '../../src/domain/report.js';
import { addUnansweredOverdue, buildReport, rate, reportSpan, visitFigures } from '../../src/domain/report.js';

const NOVEMBER: Period = { kind: 'month', from: '2026-11', to: '2026-11' };
const NO_PLACES = { places: [], repeatUnits: [] };

const zero: MonthCounts = {
  received: 0,
  replied: 0,
  repliedOnTime: 0,
  repliedLate: 0,
  clockEnded: 0,
  closed: 0,
  escalated: 0,
  repeat: 0,
  rated: 0,
  satisfied: 0,
  revisited: 0,
  revisitedOnTime: 0,
  revisitSatisfied: 0,
  revisitClockEnded: 0,
};

describe('rates', () => {
  it.each([
    [3, 5, 0.6],
    [1, 3, 0.3333],
    [0, 4, 0],
    [0, 0, null],
  ])('%i of %i is %s', (part, whole, expected) => expect(rate(part, whole)).toBe(expected));
});

describe('buildReport', () => {
  it('lists every category and channel, with null rates where nothing was counted', () => {
    const monthly = [{ ...zero, month: '2026-10', category: 'fee' as const, received: 3 }];
    const report = buildReport({
      period: NOVEMBER,
      asOf: new Date(),
      groups: { totals: zero, byCategory: [], byChannel: [], byOwner: [] },
      voided: 2,
      monthly,
      places: NO_PLACES,
      causes: [],
      medianReplyHours: new Map(),
      overdue: [],
    });
    expect(report.totals).toMatchObject({
      received: 0,
      voided: 2,
      onTimeRate: null,
      repeatRate: null,
      satisfactionRate: null,
    });
    expect(
      report.byCategory.map((entry) => [entry.category, entry.count, entry.share, entry.previousCount, entry.change]),
    ).toEqual([
      ['facility', 0, null, 0, 0],
      ['service', 0, null, 0, 0],
      ['fee', 0, null, 3, -3],
      ['incident', 0, null, 0, 0],
    ]);
    expect(report.byChannel.map((entry) => entry.onTimeRate)).toEqual([null, null, null, null]);
  });

  it('counts an unanswered complaint past its deadline as an ended reply clock', () => {
    const groups: MonthGroups = {
      totals: { ...zero, received: 2, replied: 1, repliedOnTime: 1, clockEnded: 1 },
      byCategory: [
        { ...zero, received: 2, replied: 1, repliedOnTime: 1, clockEnded: 1, category: 'fee', subcategory: null },
      ],
      byChannel: [{ ...zero, received: 2, replied: 1, repliedOnTime: 1, clockEnded: 1, channel: 'phone' }],
      byOwner: [],
    };
    const late = {
      id: 2,
      receivedMonth: '2026-11',
      repliedAt: null,
      replyDueAt: new Date('2026-11-10T00:00:00Z'),
      category: 'fee',
      subcategory: null,
      channel: 'phone',
    } as unknown as Complaint;
    const otherMonth = { ...late, id: 3, receivedMonth: '2026-10' };
    const monthly = [{ ...zero, month: '2026-10', category: 'fee' as const, received: 1 }];
    addUnansweredOverdue(groups, monthly, [late, otherMonth], NOVEMBER, new Date('2026-11-20T00:00:00Z'));
    const report = buildReport({
      period: NOVEMBER,
      asOf: new Date(),
      groups,
      voided: 0,
      monthly,
      places: NO_PLACES,
      causes: [],
      medianReplyHours: new Map(),
      overdue: [],
    });
    expect(report.totals.onTimeRate).toBe(0.5);
    expect(report.byChannel[0]).toEqual({ channel: 'phone', count: 2, repliedOnTime: 1, onTimeRate: 0.5 });
    // October's unanswered one ended its clock too: a miss in October's trend, not in November's.
    expect(report.trend.find((month) => month.month === '2026-10')).toMatchObject({ received: 1, onTimeRate: 0 });
    expect(report.previousPeriod).toMatchObject({ from: '2026-10', to: '2026-10', received: 1, onTimeRate: 0 });
  });

  it('compares with the period before (环比) and the same period a year before (同比), and trends month by month', () => {
    const quarter: Period = { kind: 'quarter', from: '2026-10', to: '2026-12' };
    const row = (
      month: string,
      category: MonthCategoryCounts['category'],
      received: number,
      extra: Partial<MonthCounts> = {},
    ): MonthCategoryCounts => ({ ...zero, month, category, received, ...extra });
    const monthly = [
      row('2025-10', 'fee', 4, { clockEnded: 4, repliedOnTime: 2 }),
      row('2025-12', 'facility', 1),
      row('2026-07', 'fee', 2),
      row('2026-09', 'service', 5, { rated: 5, satisfied: 4, repeat: 1 }),
      row('2026-11', 'fee', 7),
    ];
    expect(reportSpan(quarter)).toEqual({ from: '2025-10', to: '2026-12' });
    const groups: MonthGroups = {
      totals: { ...zero, received: 7 },
      byCategory: [{ ...zero, received: 7, category: 'fee', subcategory: null }],
      byChannel: [],
      byOwner: [],
    };
    const report = buildReport({
      period: quarter,
      asOf: new Date(),
      groups,
      voided: 0,
      monthly,
      places: NO_PLACES,
      causes: [],
      medianReplyHours: new Map(),
      overdue: [],
    });
    expect(report.month).toBeNull();
    expect(report.previousPeriod).toEqual({
      from: '2026-07',
      to: '2026-09',
      received: 7,
      onTimeRate: null,
      satisfactionRate: 0.8,
      repeat: 1,
      repeatRate: 0.1429,
    });
    expect(report.previousYear).toEqual({
      from: '2025-10',
      to: '2025-12',
      received: 5,
      onTimeRate: 0.5,
      satisfactionRate: null,
      repeat: 0,
      repeatRate: 0,
    });
    const fee = report.byCategory.find((entry) => entry.category === 'fee')!;
    expect(fee).toMatchObject({ count: 7, previousCount: 2, change: 5, previousYearCount: 4, yearChange: 3 });
    // Twelve months up to the quarter's end, each with its categories.
    expect(report.trend.map((month) => month.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(report.trend[10]).toEqual({
      month: '2026-11',
      received: 7,
      onTimeRate: null,
      satisfactionRate: null,
      repeat: 0,
      byCategory: { facility: 0, service: 0, fee: 7, incident: 0 },
    });
  });
});

describe('what a complaint counts for', () => {
  const base = {
    receivedMonth: '2026-11',
    category: 'fee',
    subcategory: null,
    channel: 'phone',
    owner: 'clerk-a',
    cause: null,
    repeatCount: 0,
    escalatedAt: null,
    complainant: { name: '王', unit: '3-2-1201', phone: null },
    location: null,
  } as unknown as Complaint;
  it('a voided complaint counts only as voided', () => {
    const visited = { revisitedAt: new Date(), revisitOnTime: true, revisitSatisfaction: 'satisfied' as const };
    expect(
      contributionOf({
        ...base,
        status: 'voided',
        repliedAt: new Date(),
        replyOnTime: true,
        satisfaction: 'satisfied',
        ...visited,
      }).counts,
    ).toEqual({
      received: 0,
      replied: 0,
      repliedOnTime: 0,
      repliedLate: 0,
      closed: 0,
      escalated: 0,
      repeat: 0,
      rated: 0,
      satisfied: 0,
      voided: 1,
      revisited: 0,
      revisitedOnTime: 0,
      revisitSatisfied: 0,
    });
  });
  it.each([
    [
      'visited back in time, satisfied',
      { revisitOnTime: true, revisitSatisfaction: 'satisfied' },
      { revisited: 1, revisitedOnTime: 1, revisitSatisfied: 1 },
    ],
    [
      'visited back late, basically satisfied',
      { revisitOnTime: false, revisitSatisfaction: 'basic' },
      { revisited: 1, revisitedOnTime: 0, revisitSatisfied: 1 },
    ],
    [
      'visited back with no clock (revisit-days 0), dissatisfied',
      { revisitOnTime: null, revisitSatisfaction: 'dissatisfied' },
      { revisited: 1, revisitedOnTime: 0, revisitSatisfied: 0 },
    ],
  ] as const)('a closed complaint %s', (_, visit, counts) => {
    const part = contributionOf({
      ...base,
      status: 'closed',
      repliedAt: new Date(),
      replyOnTime: true,
      revisitedAt: new Date(),
      ...visit,
    });
    expect(part.counts).toMatchObject(counts);
  });
  it('a closed, late, basically satisfied repeat complaint', () => {
    const part = contributionOf({
      ...base,
      status: 'closed',
      repliedAt: new Date(),
      replyOnTime: false,
      satisfaction: 'basic',
      cause: 'pricing',
      repeatCount: 1,
    });
    expect(part).toMatchObject({
      month: '2026-11',
      subcategory: '',
      cause: 'pricing',
      counts: { received: 1, replied: 1, repliedLate: 1, closed: 1, repeat: 1, rated: 1, satisfied: 1 },
    });
  });
});

describe('on-site arrival (亲临现场, target 3 minutes)', () => {
  it.each([
    ['no visit', [], { count: 0, withinTarget: 0, withinTargetRate: null, medianMinutes: null, late: [] }],
    [
      'the target itself is in time',
      [{ id: 1, minutes: 3 }],
      { count: 1, withinTarget: 1, withinTargetRate: 1, medianMinutes: 3, late: [] },
    ],
    [
      'an even count: the median is the mean of the middle two; the late ones by id',
      [
        { id: 4, minutes: 2 },
        { id: 9, minutes: 12 },
        { id: 6, minutes: 4 },
        { id: 7, minutes: 1 },
      ],
      {
        count: 4,
        withinTarget: 2,
        withinTargetRate: 0.5,
        medianMinutes: 3,
        late: [
          { id: 9, minutes: 12 },
          { id: 6, minutes: 4 },
        ],
      },
    ],
  ] as const)('%s', (_, visits, expected) => {
    expect(visitFigures(visits)).toEqual(expected);
  });
});
