// Which deadlines have passed (SPEC §4): a reply deadline with no reply, a promised date with the
// complaint still escalated. A complaint may be late on both. How late is told one way everywhere
// (SPEC §1 "Telling lateness"): under one working day in hours, from one working day on in working days.
import type { WorkingCalendar } from './calendar.js';
import type { Complaint } from './complaint.js';
import type { DeadlineState } from './deadline.js';
import { deadlineState } from './deadline.js';

export type DeadlineKind = 'reply' | 'promise' | 'revisit';
/** what an alert is about: a deadline passed (or near), or `urgent` — a new urgent complaint, told at once */
export type AlertKind = DeadlineKind | 'urgent';

export interface DeadlineItem {
  complaint: Complaint;
  deadline: AlertKind;
  dueAt: Date;
  /** hours past the deadline (negative: hours still left) */
  hoursLate: number;
  /** whole working days past the deadline (0 while under one, or not yet late) */
  workingDaysLate: number;
  /** how the deadline stands, for words: time left or how late, in hours or working days */
  state: DeadlineState;
  /** a reminder (`overdue --remind-every`): which one; absent for the first alert */
  round?: number;
}

const HOUR = 3_600_000;

/**
 * The running deadlines of the given complaints: an unanswered reply, a promise while escalated,
 * and a closed complaint's return visit (回访) not yet made; voided and answered clocks have none.
 * Working days are counted on `calendar` in the office's `zone`.
 */
export function runningDeadlines(
  complaints: readonly Complaint[],
  asOf: Date,
  calendar: WorkingCalendar,
  zone: string,
): DeadlineItem[] {
  const items: DeadlineItem[] = [];
  const item = (complaint: Complaint, deadline: DeadlineKind, dueAt: Date): DeadlineItem => {
    const state = deadlineState(dueAt, asOf, calendar, zone);
    return {
      complaint,
      deadline,
      dueAt,
      hoursLate: Math.round(((asOf.getTime() - dueAt.getTime()) / HOUR) * 10) / 10,
      workingDaysLate: state.kind === 'late' ? state.workingDays : 0,
      state,
    };
  };
  for (const complaint of complaints) {
    if (complaint.status === 'closed' && complaint.revisitDueAt !== null && complaint.revisitedAt === null)
      items.push(item(complaint, 'revisit', complaint.revisitDueAt));
    if (complaint.status !== 'received' && complaint.status !== 'escalated') continue;
    if (complaint.repliedAt === null) items.push(item(complaint, 'reply', complaint.replyDueAt));
    if (complaint.status === 'escalated' && complaint.promisedAt !== null)
      items.push(item(complaint, 'promise', complaint.promisedAt));
  }
  return items;
}

/**
 * The urgent complaints still awaiting a reply whose clock has not yet run out at `asOf`: each is
 * told once as a new urgent complaint (an `urgent` item, due at its reply deadline). Once its
 * deadline has passed, the late reply is what is told.
 */
export function urgentWaiting(
  complaints: readonly Complaint[],
  asOf: Date,
  calendar: WorkingCalendar,
  zone: string,
): DeadlineItem[] {
  return runningDeadlines(complaints, asOf, calendar, zone)
    .filter(
      (item) =>
        item.deadline === 'reply' && item.complaint.urgentHours !== null && item.dueAt.getTime() >= asOf.getTime(),
    )
    .map((item) => ({ ...item, deadline: 'urgent' }));
}

export interface OverdueReport {
  overdue: DeadlineItem[];
  dueSoon: DeadlineItem[];
}

/** Past due at `asOf`, most late first; and, when asked, what falls due within `soonHours`. */
export function overdueReport(
  complaints: readonly Complaint[],
  asOf: Date,
  calendar: WorkingCalendar,
  zone: string,
  soonHours = 0,
): OverdueReport {
  const running = runningDeadlines(complaints, asOf, calendar, zone);
  const horizon = asOf.getTime() + soonHours * HOUR;
  return {
    overdue: running
      .filter((item) => item.dueAt.getTime() < asOf.getTime())
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.complaint.id - b.complaint.id),
    dueSoon:
      soonHours > 0
        ? running
            .filter((item) => item.dueAt.getTime() >= asOf.getTime() && item.dueAt.getTime() <= horizon)
            .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.complaint.id - b.complaint.id)
        : [],
  };
}

/** How many of each owner's late deadlines the digest names. */
export const DIGEST_WORST = 3;

export interface OverdueDigest {
  total: number;
  /** most late deadlines first; each owner's worst cases, the longest overdue first */
  owners: Array<{ owner: string; count: number; byDeadline: Record<DeadlineKind, number>; worst: DeadlineItem[] }>;
}

/** `overdue --digest`: everything late, by the clerk who owns it, with counts and the worst cases. */
export function overdueDigest(overdue: readonly DeadlineItem[]): OverdueDigest {
  const byOwner = new Map<string, DeadlineItem[]>();
  for (const item of overdue) byOwner.set(item.complaint.owner, [...(byOwner.get(item.complaint.owner) ?? []), item]);
  const owners = [...byOwner.entries()].map(([owner, items]) => {
    const byDeadline: Record<DeadlineKind, number> = { reply: 0, promise: 0, revisit: 0 };
    for (const item of items) if (item.deadline !== 'urgent') byDeadline[item.deadline] += 1;
    const worst = [...items]
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.complaint.id - b.complaint.id)
      .slice(0, DIGEST_WORST);
    return { owner, count: items.length, byDeadline, worst };
  });
  owners.sort((a, b) => b.count - a.count || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  return { total: overdue.length, owners };
}
