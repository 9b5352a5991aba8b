import { describe, expect, it } from 'vitest';
import type { Complaint } from '../../src/domain/complaint.js';
import { contributionOf } from '../../src/domain/month-counts.js';
import type { MonthCounts, MonthGroups } from '../../src/domain/report.js';
import { addUnansweredOverdue, buildReport, rate, visitFigures } from '../../src/domain/report.js';

const zero: MonthCounts = { received: 0, replied: 0, repliedOnTime: 0, repliedLate: 0, clockEnded: 0, closed: 0, escalated: 0, repeat: 0, rated: 0, satisfied: 0, revisited: 0, revisitedOnTime: 0, revisitSatisfied: 0, revisitClockEnded: 0 };

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
    const report = buildReport({ month: '2026-11', asOf: new Date(), groups: { totals: zero, byCategory: [], byChannel: [], byOwner: [] }, voided: 2, previousByCategory: { fee: 3 }, causes: [], medianReplyHours: new Map(), overdue: [] });
    expect(report.totals).toMatchObject({ received: 0, voided: 2, onTimeRate: null, repeatRate: null, satisfactionRate: null });
    expect(report.byCategory.map((entry) => [entry.category, entry.count, entry.share, entry.previousCount, entry.change])).toEqual([
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
      byCategory: [{ ...zero, received: 2, replied: 1, repliedOnTime: 1, clockEnded: 1, category: 'fee', subcategory: null }],
      byChannel: [{ ...zero, received: 2, replied: 1, repliedOnTime: 1, clockEnded: 1, channel: 'phone' }],
      byOwner: [],
    };
    const late = { id: 2, receivedMonth: '2026-11', repliedAt: null, replyDueAt: new Date('2026-11-10T00:00:00Z'), category: 'fee', subcategory: null, channel: 'phone' } as unknown as Complaint;
    const otherMonth = { ...late, id: 3, receivedMonth: '2026-10' } as Complaint;
    addUnansweredOverdue(groups, [late, otherMonth], '2026-11', new Date('2026-11-20T00:00:00Z'));
    const report = buildReport({ month: '2026-11', asOf: new Date(), groups, voided: 0, previousByCategory: {}, causes: [], medianReplyHours: new Map(), overdue: [] });
    expect(report.totals.onTimeRate).toBe(0.5);
    expect(report.byChannel[0]).toEqual({ channel: 'phone', count: 2, repliedOnTime: 1, onTimeRate: 0.5 });
  });
});

describe('what a complaint counts for', () => {
  const base = { receivedMonth: '2026-11', category: 'fee', subcategory: null, channel: 'phone', owner: 'clerk-a', cause: null, repeatCount: 0, escalatedAt: null } as unknown as Complaint;
  it('a voided complaint counts only as voided', () => {
    const visited = { revisitedAt: new Date(), revisitOnTime: true, revisitSatisfaction: 'satisfied' as const };
    expect(contributionOf({ ...base, status: 'voided', repliedAt: new Date(), replyOnTime: true, satisfaction: 'satisfied', ...visited }).counts).toEqual({
      received: 0, replied: 0, repliedOnTime: 0, repliedLate: 0, closed: 0, escalated: 0, repeat: 0, rated: 0, satisfied: 0, voided: 1, revisited: 0, revisitedOnTime: 0, revisitSatisfied: 0,
    });
  });
  it.each([
    ['visited back in time, satisfied', { revisitOnTime: true, revisitSatisfaction: 'satisfied' }, { revisited: 1, revisitedOnTime: 1, revisitSatisfied: 1 }],
    ['visited back late, basically satisfied', { revisitOnTime: false, revisitSatisfaction: 'basic' }, { revisited: 1, revisitedOnTime: 0, revisitSatisfied: 1 }],
    ['visited back with no clock (revisit-days 0), dissatisfied', { revisitOnTime: null, revisitSatisfaction: 'dissatisfied' }, { revisited: 1, revisitedOnTime: 0, revisitSatisfied: 0 }],
  ] as const)('a closed complaint %s', (_, visit, counts) => {
    const part = contributionOf({ ...base, status: 'closed', repliedAt: new Date(), replyOnTime: true, revisitedAt: new Date(), ...visit });
    expect(part.counts).toMatchObject(counts);
  });
  it('a closed, late, basically satisfied repeat complaint', () => {
    const part = contributionOf({ ...base, status: 'closed', repliedAt: new Date(), replyOnTime: false, satisfaction: 'basic', cause: 'pricing', repeatCount: 1 });
    expect(part).toMatchObject({ month: '2026-11', subcategory: '', cause: 'pricing', counts: { received: 1, replied: 1, repliedLate: 1, closed: 1, repeat: 1, rated: 1, satisfied: 1 } });
  });
});

describe('on-site arrival (亲临现场, target 3 minutes)', () => {
  it.each([
    ['no visit', [], { count: 0, withinTarget: 0, withinTargetRate: null, medianMinutes: null, late: [] }],
    ['the target itself is in time', [{ id: 1, minutes: 3 }], { count: 1, withinTarget: 1, withinTargetRate: 1, medianMinutes: 3, late: [] }],
    [
      'an even count: the median is the mean of the middle two; the late ones by id',
      [{ id: 4, minutes: 2 }, { id: 9, minutes: 12 }, { id: 6, minutes: 4 }, { id: 7, minutes: 1 }],
      { count: 4, withinTarget: 2, withinTargetRate: 0.5, medianMinutes: 3, late: [{ id: 9, minutes: 12 }, { id: 6, minutes: 4 }] },
    ],
  ] as const)('%s', (_, visits, expected) => {
    expect(visitFigures(visits)).toEqual(expected);
  });
});
