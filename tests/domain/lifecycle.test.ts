import { describe, expect, it } from 'vitest';
import type { Complaint, Status } from '../../src/domain/complaint.js';
import { STATUSES } from '../../src/domain/complaint.js';
import { OperationError, ValidationError } from '../../src/domain/errors.js';
import type { Action, ActionType } from '../../src/domain/lifecycle.js';
import { ALLOWED_FROM, transition } from '../../src/domain/lifecycle.js';
import { overdueReport } from '../../src/domain/overdue.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { SHIPPED_SCHEDULES } from '../../src/domain/shipped-calendar.js';

const t0 = new Date('2026-11-23T02:00:00Z'); // received
const later = (hours: number) => new Date(t0.getTime() + hours * 3600_000);

function complaint(status: Status, overrides: Partial<Complaint> = {}): Complaint {
  return {
    id: 7,
    status,
    category: 'facility',
    subcategory: 'operation',
    channel: 'phone',
    receivedAt: t0,
    receivedMonth: '2026-11',
    replyClockFrom: t0,
    replyDays: 1,
    closingTime: null,
    replyZone: 'Asia/Shanghai',
    replyDueAt: later(38),
    urgentHours: null,
    revisitDueAt: null,
    revisitedAt: null,
    revisitOnTime: null,
    revisitSatisfaction: null,
    repliedAt: status === 'replied' || status === 'closed' ? later(2) : null,
    replyOnTime: status === 'replied' || status === 'closed' ? true : null,
    replyHours: status === 'replied' || status === 'closed' ? 2 : null,
    promisedAt: status === 'escalated' ? later(100) : null,
    escalatedTo: status === 'escalated' ? '工程部' : null,
    escalatedAt: status === 'escalated' ? later(1) : null,
    satisfaction: null,
    closedAt: status === 'closed' ? later(3) : null,
    result: null,
    cause: null,
    statusChangedAt: later(status === 'received' ? 0 : 3),
    owner: 'clerk-a',
    receivedBy: 'clerk-a',
    complainant: { name: '王先生', unit: '3-2-1201', phone: null },
    description: '电梯停运',
    location: null,
    repeatCount: 0,
    ...overrides,
  };
}

const ACTIONS: Record<ActionType, Action> = {
  note: { type: 'note', text: '已联系工程部' },
  visit: { type: 'visit', dispatchedAt: later(4), arrivedAt: new Date(later(4).getTime() + 2 * 60_000) },
  reply: { type: 'reply', method: 'phone', message: '已修复', satisfaction: 'satisfied', workingHours: 5 },
  escalate: {
    type: 'escalate',
    department: '工程部',
    promisedAt: later(200),
    message: null,
    method: 'phone',
    workingHours: 3,
  },
  assign: { type: 'assign', to: 'clerk-b' },
  close: { type: 'close', result: '更换电梯控制板', cause: 'equipment', satisfaction: 'basic' },
  revisit: { type: 'revisit', method: 'phone', satisfaction: 'satisfied', note: null },
  reopen: {
    type: 'reopen',
    reason: '又停了',
    replyDueAt: later(60),
    replyDays: 1,
    closingTime: null,
    zone: 'Asia/Shanghai',
  },
  void: { type: 'void', reason: '重复登记' },
};

const EXPECTED_STATUS: Partial<Record<ActionType, Status>> = {
  reply: 'replied',
  escalate: 'escalated',
  close: 'closed',
  reopen: 'received',
  void: 'voided',
};

describe('every action from every status', () => {
  const cases = (Object.keys(ACTIONS) as ActionType[]).flatMap((action) =>
    STATUSES.map((status) => [action, status, ALLOWED_FROM[action].includes(status)] as const),
  );
  it.each(cases)('%s from %s: allowed %s', (action, status, allowed) => {
    const before = complaint(status);
    if (!allowed) {
      let refusal: unknown;
      try {
        transition(before, ACTIONS[action], later(5));
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(OperationError);
      expect((refusal as OperationError).params).toMatchObject({ id: 7, action, status });
      return;
    }
    const { complaint: after, event } = transition(before, ACTIONS[action], later(5));
    // A reply to an escalated complaint is a progress call: the promise runs on until it is closed.
    const expected = action === 'reply' && status === 'escalated' ? 'escalated' : (EXPECTED_STATUS[action] ?? status);
    expect(after.status).toBe(expected);
    expect(event.at).toEqual(later(5));
  });

  it('a voided complaint allows nothing', () => {
    for (const action of Object.values(ACTIONS))
      expect(() => transition(complaint('voided'), action, later(5))).toThrow(OperationError);
  });
});

describe('replies', () => {
  it('the first reply meets the deadline in force and is stored on time', () => {
    const { complaint: after, event } = transition(complaint('received'), ACTIONS.reply, later(30));
    expect(after).toMatchObject({
      status: 'replied',
      repliedAt: later(30),
      replyOnTime: true,
      replyHours: 5,
      satisfaction: 'satisfied',
    });
    expect(event.data).toMatchObject({ firstReply: true, onTime: true });
  });
  it('a late reply is accepted and marked late', () => {
    const { complaint: after } = transition(complaint('received'), ACTIONS.reply, later(40));
    expect(after).toMatchObject({ status: 'replied', replyOnTime: false });
  });
  it('a reply after an escalation keeps the first reply on the clock, and the complaint escalated', () => {
    const escalated = complaint('escalated', { repliedAt: later(2), replyOnTime: true });
    const { complaint: after, event } = transition(escalated, ACTIONS.reply, later(50));
    expect(after).toMatchObject({
      repliedAt: later(2),
      replyOnTime: true,
      status: 'escalated',
      promisedAt: later(100),
    });
    expect(event.data).toMatchObject({ firstReply: false, onTime: null });
  });
});

describe('a promise runs until the problem is solved', () => {
  const run = (steps: Array<[ActionType, number]>, from: Complaint = complaint('received')): Complaint[] => {
    const states: Complaint[] = [];
    let current = from;
    for (const [type, hours] of steps) {
      current = transition(current, ACTIONS[type], later(hours)).complaint;
      states.push(current);
    }
    return states;
  };
  it.each([
    [
      'escalate → reply → close',
      [
        ['escalate', 5],
        ['reply', 20],
        ['close', 30],
      ],
      ['escalated', 'escalated', 'closed'],
    ],
    [
      'reply → escalate → reply → close',
      [
        ['reply', 5],
        ['escalate', 10],
        ['reply', 20],
        ['close', 30],
      ],
      ['replied', 'escalated', 'escalated', 'closed'],
    ],
    [
      'escalate → reopen',
      [
        ['escalate', 5],
        ['reopen', 20],
      ],
      ['escalated', 'received'],
    ],
    [
      'escalate → void',
      [
        ['escalate', 5],
        ['void', 20],
      ],
      ['escalated', 'voided'],
    ],
  ] as Array<[string, Array<[ActionType, number]>, Status[]]>)('%s', (_, steps, statuses) => {
    expect(run(steps).map((state) => state.status)).toEqual(statuses);
  });
  it('an escalation before any reply is the reply: it meets the reply clock', () => {
    const [escalated] = run([['escalate', 5]]);
    expect(escalated).toMatchObject({ repliedAt: later(5), replyOnTime: true, replyHours: 3, promisedAt: later(200) });
    const { event } = transition(complaint('received'), ACTIONS.escalate, later(40));
    expect(event.data).toMatchObject({ method: 'phone', firstReply: true, onTime: false });
  });
  it('an escalation after the reply leaves the reply clock as it was', () => {
    const [, escalated] = run([
      ['reply', 5],
      ['escalate', 10],
    ]);
    expect(escalated).toMatchObject({ repliedAt: later(5), replyHours: 5, status: 'escalated' });
  });
  it('the promise stays on while replied, and only closing ends it', () => {
    const [, , progress, closed] = run([
      ['reply', 5],
      ['escalate', 10],
      ['reply', 20],
      ['close', 30],
    ]);
    expect(progress).toMatchObject({ status: 'escalated', promisedAt: later(200) });
    expect(closed!.status).toBe('closed');
    // A promise overdue while replied is listed (its reply clock ended long ago); closed, it is not.
    const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);
    const late = overdueReport([progress!], later(250), calendar, 'Asia/Shanghai').overdue;
    expect(late.map((item) => [item.deadline, item.hoursLate])).toEqual([['promise', 50]]);
    expect(overdueReport([closed!], later(250), calendar, 'Asia/Shanghai').overdue).toEqual([]);
  });
});

describe('escalation, reopening, hand-over', () => {
  it('escalation sets the promised date and keeps the first escalation time', () => {
    const { complaint: after } = transition(complaint('received'), ACTIONS.escalate, later(5));
    expect(after).toMatchObject({
      status: 'escalated',
      promisedAt: later(200),
      escalatedTo: '工程部',
      escalatedAt: later(5),
    });
  });
  it('a promise before the escalation is bad input', () => {
    expect(() =>
      transition(complaint('received'), { ...ACTIONS.escalate, promisedAt: later(4) } as Action, later(5)),
    ).toThrow(ValidationError);
  });
  it('reopening counts a repeat complaint and starts a new reply clock', () => {
    const { complaint: after } = transition(complaint('closed'), ACTIONS.reopen, later(48));
    expect(after).toMatchObject({
      status: 'received',
      repeatCount: 1,
      replyClockFrom: later(48),
      replyDueAt: later(60),
      repliedAt: null,
      replyOnTime: null,
      replyHours: null,
      closedAt: null,
    });
  });
  it("reopening makes the owner's earlier opinion history: it no longer counts", () => {
    const { complaint: after } = transition(
      complaint('closed', { satisfaction: 'satisfied' }),
      ACTIONS.reopen,
      later(48),
    );
    expect(after.satisfaction).toBeNull();
  });
  it('assign moves ownership and records from whom to whom', () => {
    const { complaint: after, event } = transition(complaint('received'), ACTIONS.assign, later(1));
    expect(after.owner).toBe('clerk-b');
    expect(after.receivedBy).toBe('clerk-a');
    expect(event.data).toEqual({ from: 'clerk-a', to: 'clerk-b' });
    expect(() => transition(after, ACTIONS.assign, later(2))).toThrow(OperationError);
  });
  it('a visit records arrival minutes against the 3-minute target', () => {
    expect(transition(complaint('received'), ACTIONS.visit, later(5)).event.data).toMatchObject({
      arrivalMinutes: 2,
      withinTarget: true,
    });
    const slow = { ...ACTIONS.visit, arrivedAt: new Date(later(4).getTime() + 9 * 60_000) } as Action;
    expect(transition(complaint('received'), slow, later(5)).event.data).toMatchObject({
      arrivalMinutes: 9,
      withinTarget: false,
    });
  });
});

describe('event times', () => {
  it('an event dated before the receipt is refused', () => {
    expect(() => transition(complaint('received'), ACTIONS.note, later(-1))).toThrow(ValidationError);
  });
  it('a transition dated before the status it answers is refused', () => {
    expect(() => transition(complaint('replied'), ACTIONS.close, later(2))).toThrow(ValidationError);
    expect(transition(complaint('replied'), ACTIONS.close, later(3)).complaint.status).toBe('closed');
  });
});

describe('the return visit (回访)', () => {
  const closeAt = (revisitDueAt: Date | null) =>
    transition(
      complaint('replied'),
      { type: 'close', result: '修复', cause: null, satisfaction: null, revisitDueAt },
      later(5),
    ).complaint;
  const revisit = (satisfaction: 'satisfied' | 'basic' | 'dissatisfied') =>
    ({ type: 'revisit', method: 'phone', satisfaction, note: null }) as const;

  it('closing starts the clock; the first return visit meets it, a later one is history but its opinion counts', () => {
    const closed = closeAt(later(80));
    expect(closed.revisitDueAt).toEqual(later(80));
    const first = transition(closed, revisit('satisfied'), later(70));
    expect(first.complaint).toMatchObject({
      status: 'closed',
      revisitedAt: later(70),
      revisitOnTime: true,
      revisitSatisfaction: 'satisfied',
      satisfaction: 'satisfied',
    });
    expect(first.event).toMatchObject({ type: 'revisited', data: { firstRevisit: true, onTime: true } });
    const second = transition(first.complaint, revisit('dissatisfied'), later(90));
    expect(second.complaint).toMatchObject({
      revisitedAt: later(70),
      revisitOnTime: true,
      revisitSatisfaction: 'satisfied',
      satisfaction: 'dissatisfied',
    });
    expect(second.event.data).toMatchObject({ firstRevisit: false, onTime: null });
  });

  it('late after the due date; with no clock, neither on time nor late', () => {
    expect(transition(closeAt(later(80)), revisit('basic'), later(81)).complaint.revisitOnTime).toBe(false);
    expect(transition(closeAt(null), revisit('basic'), later(81)).complaint).toMatchObject({
      revisitedAt: later(81),
      revisitOnTime: null,
    });
  });

  it('is refused before the closing, and from any status but closed', () => {
    expect(() => transition(closeAt(later(80)), revisit('basic'), later(4))).toThrow(ValidationError);
    expect(() => transition(complaint('replied'), revisit('basic'), later(6))).toThrow(OperationError);
  });

  it('a reopening makes the earlier return visit history; a voiding stops the clock', () => {
    const visited = transition(closeAt(later(80)), revisit('dissatisfied'), later(10)).complaint;
    const reopened = transition(
      visited,
      {
        type: 'reopen',
        reason: '又坏了',
        replyDueAt: later(60),
        replyDays: 1,
        closingTime: null,
        zone: 'Asia/Shanghai',
      },
      later(11),
    ).complaint;
    expect(reopened).toMatchObject({
      revisitDueAt: null,
      revisitedAt: null,
      revisitOnTime: null,
      revisitSatisfaction: null,
      satisfaction: null,
    });
    expect(
      transition(closeAt(later(80)), { type: 'void', reason: '误登记' }, later(6)).complaint.revisitDueAt,
    ).toBeNull();
  });
});
