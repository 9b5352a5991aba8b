// How a complaint moves (SPEC §1 "Handling a complaint"): received → replied → closed; escalated
// with a promised date; reopened as a repeat complaint; voided. Pure: each action is checked
// against the status and the clock of the history, then becomes the complaint's new state and
// one event to record with it.
import type { ReplyMethod } from './complaint.js';
import type { Counted, WorkingCalendar } from './calendar.js';
import type { Cause, Complaint, Satisfaction, Status, ValidDraft } from './complaint.js';
import { OperationError, ValidationError } from './errors.js';

/**
 * 受理: a complaint as it starts — received, owned by whoever received it, its reply deadline fixed
 * from the rules in force at intake.
 */
export function received(
  draft: ValidDraft,
  at: Date,
  month: string,
  clock: ReplyClock,
  clerk: string,
): Omit<Complaint, 'id'> {
  // Every field written out (no spreads): the object keeps one shape, which a ledger import of a
  // million rows notices (spreading two objects into it cost ~13 µs a complaint).
  return {
    status: 'received',
    category: draft.category,
    subcategory: draft.subcategory,
    channel: draft.channel,
    receivedAt: at,
    receivedMonth: month,
    replyClockFrom: at,
    replyDays: clock.replyDays,
    closingTime: clock.closingTime,
    replyZone: clock.zone,
    replyDueAt: clock.replyDueAt,
    urgentHours: clock.urgentHours ?? null,
    repliedAt: null,
    replyOnTime: null,
    replyHours: null,
    promisedAt: null,
    escalatedTo: null,
    escalatedAt: null,
    satisfaction: null,
    closedAt: null,
    revisitDueAt: null,
    revisitedAt: null,
    revisitOnTime: null,
    revisitSatisfaction: null,
    result: null,
    cause: null,
    statusChangedAt: at,
    owner: clerk,
    receivedBy: clerk,
    complainant: draft.complainant,
    description: draft.description,
    location: draft.location,
    repeatCount: 0,
  };
}

/** The rules a reply clock runs under, fixed when it starts (at intake, or at a reopening). */
export interface ReplyClock {
  replyDays: number;
  closingTime: string | null;
  zone: string;
  replyDueAt: Date;
  /** an urgent clock's hours (null or absent: a clock of working days) */
  urgentHours?: number | null;
}

export type Action =
  | { type: 'note'; text: string }
  | { type: 'visit'; dispatchedAt: Date; arrivedAt: Date }
  /** `workingHours`: from the start of the reply clock to this reply (the caller owns the calendar) */
  | { type: 'reply'; method: ReplyMethod; message: string; satisfaction: Satisfaction | null; workingHours: number }
  /**
   * 上报: explained to the owner (by `method`), promised a date, handed to a department — one step.
   * `workingHours` as for a reply: the explanation is the owner's reply when none was given yet.
   */
  | {
      type: 'escalate';
      department: string;
      promisedAt: Date;
      message: string | null;
      method: ReplyMethod;
      workingHours: number;
    }
  | { type: 'assign'; to: string }
  /**
   * `revisitDueAt`: when the return visit is due, counted from the closing by the caller (null or
   * absent: no clock — a ledger's closed complaints were followed up on paper)
   */
  | {
      type: 'close';
      result: string;
      cause: Cause | null;
      satisfaction: Satisfaction | null;
      revisitDueAt?: Date | null;
    }
  /** 回访: the owner called back after the closing, and asked again */
  | { type: 'revisit'; method: ReplyMethod; satisfaction: Satisfaction; note: string | null }
  /** `replyDueAt` is the new reply deadline counted from the reopening (the caller owns the calendar) */
  | ({ type: 'reopen'; reason: string } & ReplyClock)
  | { type: 'void'; reason: string };

export type ActionType = Action['type'];

/** The statuses each action may start from. */
export const ALLOWED_FROM: Record<ActionType, readonly Status[]> = {
  note: ['received', 'replied', 'escalated', 'closed'],
  visit: ['received', 'replied', 'escalated'],
  reply: ['received', 'escalated'],
  escalate: ['received', 'replied', 'escalated'],
  assign: ['received', 'replied', 'escalated', 'closed'],
  close: ['replied', 'escalated'],
  revisit: ['closed'],
  reopen: ['replied', 'escalated', 'closed'],
  void: ['received', 'replied', 'escalated', 'closed'],
};

/** What the event of each action is called in the history. */
export const EVENT_TYPE: Record<ActionType, string> = {
  note: 'note',
  visit: 'visit',
  reply: 'replied',
  escalate: 'escalated',
  assign: 'assigned',
  close: 'closed',
  revisit: 'revisited',
  reopen: 'reopened',
  void: 'voided',
};

export function allowedActions(status: Status): ActionType[] {
  return (Object.keys(ALLOWED_FROM) as ActionType[]).filter((type) => ALLOWED_FROM[type].includes(status));
}

export interface Transition {
  complaint: Complaint;
  event: { type: string; at: Date; data: Record<string, unknown> };
}

/**
 * Applies `action`, done at `at`, to `complaint`. Refuses (exit 1) an action its status does not
 * allow, naming the status and what is allowed; refuses (exit 2) a time before the receipt or
 * before the status it answers.
 */
export function transition(complaint: Complaint, action: Action, at: Date): Transition {
  if (!ALLOWED_FROM[action.type].includes(complaint.status)) {
    throw new OperationError('transition.refused', {
      id: complaint.id,
      action: action.type,
      status: complaint.status,
      allowed: allowedActions(complaint.status).join(', ') || '—',
    });
  }
  if (at.getTime() < complaint.receivedAt.getTime())
    throw new ValidationError('invalid.beforeReceipt', { id: complaint.id, flag: '--at' });
  const changesStatus =
    action.type !== 'note' && action.type !== 'visit' && action.type !== 'assign' && action.type !== 'revisit';
  if (changesStatus && at.getTime() < complaint.statusChangedAt.getTime())
    throw new ValidationError('invalid.beforeStatus', { id: complaint.id, status: complaint.status, flag: '--at' });

  const next: Complaint = { ...complaint };
  const moveTo = (status: Status): void => {
    next.status = status;
    next.statusChangedAt = at;
  };
  let data: Record<string, unknown>;
  switch (action.type) {
    case 'note':
      data = { text: action.text };
      break;
    case 'visit': {
      if (action.arrivedAt.getTime() < action.dispatchedAt.getTime())
        throw new ValidationError('invalid.arrivedBeforeDispatch', { id: complaint.id });
      const minutes = Math.round((action.arrivedAt.getTime() - action.dispatchedAt.getTime()) / 60_000);
      data = {
        dispatchedAt: action.dispatchedAt.toISOString(),
        arrivedAt: action.arrivedAt.toISOString(),
        arrivalMinutes: minutes,
        withinTarget: minutes <= VISIT_TARGET_MINUTES,
      };
      break;
    }
    case 'reply': {
      // The first reply meets the reply clock; a later one is history only. To an escalated
      // complaint it is a progress call: the promise runs on until the problem is solved (closed).
      const clock = meetReplyClock(complaint, next, at, action.workingHours);
      if (action.satisfaction) next.satisfaction = action.satisfaction;
      if (complaint.status === 'escalated') next.statusChangedAt = at;
      else moveTo('replied');
      data = { method: action.method, message: action.message, satisfaction: action.satisfaction, ...clock };
      break;
    }
    case 'escalate': {
      if (action.promisedAt.getTime() <= at.getTime())
        throw new ValidationError('invalid.promiseBeforeEscalation', { id: complaint.id });
      // The explanation given to the owner is the reply when none was given yet.
      const clock = meetReplyClock(complaint, next, at, action.workingHours);
      next.promisedAt = action.promisedAt;
      next.escalatedTo = action.department;
      next.escalatedAt ??= at;
      moveTo('escalated');
      data = {
        department: action.department,
        promisedAt: action.promisedAt.toISOString(),
        message: action.message,
        method: action.method,
        ...clock,
      };
      break;
    }
    case 'assign':
      if (action.to === complaint.owner)
        throw new OperationError('transition.sameOwner', { id: complaint.id, owner: complaint.owner });
      next.owner = action.to;
      data = { from: complaint.owner, to: action.to };
      break;
    case 'close':
      next.closedAt = at;
      next.result = action.result;
      next.cause = action.cause;
      if (action.satisfaction) next.satisfaction = action.satisfaction;
      // A new return-visit clock; a return visit after an earlier closing is history.
      next.revisitDueAt = action.revisitDueAt ?? null;
      next.revisitedAt = null;
      next.revisitOnTime = null;
      next.revisitSatisfaction = null;
      moveTo('closed');
      data = {
        result: action.result,
        cause: action.cause,
        satisfaction: action.satisfaction,
        revisitDueAt: action.revisitDueAt?.toISOString() ?? null,
      };
      break;
    case 'revisit': {
      // A return visit is asked after the closing it follows up.
      if (complaint.closedAt !== null && at.getTime() < complaint.closedAt.getTime())
        throw new ValidationError('invalid.beforeStatus', { id: complaint.id, status: complaint.status, flag: '--at' });
      // The first return visit meets the clock; a later one is history — but the latest opinion counts.
      const first = complaint.revisitedAt === null;
      const onTime = complaint.revisitDueAt === null ? null : at.getTime() <= complaint.revisitDueAt.getTime();
      if (first) {
        next.revisitedAt = at;
        next.revisitOnTime = onTime;
        next.revisitSatisfaction = action.satisfaction;
      }
      next.satisfaction = action.satisfaction;
      data = {
        method: action.method,
        satisfaction: action.satisfaction,
        note: action.note,
        firstRevisit: first,
        onTime: first ? onTime : null,
        revisitDueAt: complaint.revisitDueAt?.toISOString() ?? null,
      };
      break;
    }
    case 'reopen':
      // 二次投诉: the same problem is back; a new reply clock starts now.
      next.repeatCount = complaint.repeatCount + 1;
      next.replyClockFrom = at;
      next.replyDays = action.replyDays;
      next.closingTime = action.closingTime;
      next.replyZone = action.zone;
      next.replyDueAt = action.replyDueAt;
      next.urgentHours = action.urgentHours ?? null;
      next.repliedAt = null;
      next.replyOnTime = null;
      next.replyHours = null;
      next.promisedAt = null;
      next.closedAt = null;
      // The return visit of the earlier round is history (in the events), as its opinion is.
      next.revisitDueAt = null;
      next.revisitedAt = null;
      next.revisitOnTime = null;
      next.revisitSatisfaction = null;
      // The owner's earlier opinion is history (in the events): it no longer counts in 满意率.
      next.satisfaction = null;
      moveTo('received');
      data = {
        reason: action.reason,
        repeat: next.repeatCount,
        replyDueAt: action.replyDueAt.toISOString(),
        previousStatus: complaint.status,
      };
      break;
    case 'void':
      // Nothing is asked of a complaint logged by mistake: no return visit is due.
      next.revisitDueAt = null;
      moveTo('voided');
      data = { reason: action.reason, previousStatus: complaint.status };
      break;
  }
  return { complaint: next, event: { type: EVENT_TYPE[action.type], at, data } };
}

/**
 * Inside a transition: a reply (or an escalation's explanation) meets the reply clock if it is the
 * first since the clock started. Returns what the event records of it.
 */
function meetReplyClock(
  complaint: Complaint,
  next: Complaint,
  at: Date,
  workingHours: number,
): { firstReply: boolean; onTime: boolean | null; replyDueAt: string } {
  const first = complaint.repliedAt === null;
  const onTime = at.getTime() <= complaint.replyDueAt.getTime();
  if (first) {
    next.repliedAt = at;
    next.replyOnTime = onTime;
    next.replyHours = workingHours;
  }
  return { firstReply: first, onTime: first ? onTime : null, replyDueAt: complaint.replyDueAt.toISOString() };
}

/**
 * 二次投诉 as a ledger records it: the complaint came back `count` times, the last at `at`. The
 * earlier rounds are not in the ledger, only that they happened, so this is no transition from a
 * reply: the reply clock simply starts again at `at`, as a reopening starts it (the caller counts
 * the new deadline). What the row still shows of those rounds — an escalation (its promise gone),
 * a result, a cause — is kept as a fact, as a reopening leaves it; the owner's opinion of them is
 * history, as a reopening makes it.
 */
export function repeatedInLedger(
  complaint: Complaint,
  count: number,
  at: Date,
  reason: string,
  clock: ReplyClock,
  earlier: {
    escalation: { department: string; at: Date } | null;
    result: string | null;
    cause: Cause | null;
    satisfaction: Satisfaction | null;
  },
): Transition {
  if (complaint.status !== 'received' || complaint.repeatCount !== 0)
    throw new OperationError('transition.refused', {
      id: complaint.id,
      action: 'reopen',
      status: complaint.status,
      allowed: allowedActions(complaint.status).join(', '),
    });
  if (at.getTime() < complaint.receivedAt.getTime())
    throw new ValidationError('invalid.beforeReceipt', { id: complaint.id, flag: '--at' });
  const next: Complaint = {
    ...complaint,
    repeatCount: count,
    replyClockFrom: at,
    replyDays: clock.replyDays,
    closingTime: clock.closingTime,
    replyZone: clock.zone,
    replyDueAt: clock.replyDueAt,
    urgentHours: clock.urgentHours ?? null,
    statusChangedAt: at,
  };
  if (earlier.escalation !== null) {
    next.escalatedTo = earlier.escalation.department;
    next.escalatedAt = earlier.escalation.at;
  }
  if (earlier.result !== null) next.result = earlier.result;
  if (earlier.cause !== null) next.cause = earlier.cause;
  // The owner's opinion of an earlier round is history, kept in the event: it no longer counts.
  const history = earlier.satisfaction === null ? {} : { earlierSatisfaction: earlier.satisfaction };
  next.satisfaction = null;
  return {
    complaint: next,
    event: {
      type: EVENT_TYPE.reopen,
      at,
      data: { reason, repeat: count, replyDueAt: clock.replyDueAt.toISOString(), previousStatus: null, ...history },
    },
  };
}

/** How long an owner waited for a reply, in working hours (to the hundredth): the report's median reply time. */
export function replyWorkingHours(
  calendar: WorkingCalendar,
  from: Date,
  repliedAt: Date,
  zone: string,
): Counted<number> {
  const hours = calendar.workingHoursBetween(from, repliedAt, zone);
  return { value: Math.round(hours.value * 100) / 100, unknownYears: hours.unknownYears };
}

/** SPEC §1.2: on-site matters are reached within 3 minutes of dispatch. */
export const VISIT_TARGET_MINUTES = 3;
