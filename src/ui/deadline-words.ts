// How a complaint's deadline stands, in words: "还剩 5 小时", "late by 2 working days".
import type { WorkingCalendar } from '../domain/calendar.js';
import type { Complaint } from '../domain/complaint.js';
import { isOverdue } from '../domain/complaint.js';
import { deadlineState } from '../domain/deadline.js';
import type { Formatter } from './format.js';

export interface DeadlineWords {
  text: string;
  overdue: boolean;
}

/** The clock that matters now: the reply deadline until a reply, then an escalation's promised date. */
export function deadlineWords(
  complaint: Complaint,
  now: Date,
  calendar: WorkingCalendar,
  format: Formatter,
): DeadlineWords {
  if (complaint.status === 'voided' || complaint.status === 'closed')
    return { text: format.t('word.none'), overdue: false };
  const replyState =
    complaint.repliedAt === null ? deadlineState(complaint.replyDueAt, now, calendar, format.zone) : null;
  if (
    complaint.status === 'escalated' &&
    complaint.promisedAt !== null &&
    (replyState === null || replyState.kind === 'due')
  ) {
    const promise = deadlineState(complaint.promisedAt, now, calendar, format.zone);
    return { text: format.t('word.promise', { span: format.span(promise) }), overdue: isOverdue(complaint, now) };
  }
  if (replyState !== null) return { text: format.span(replyState), overdue: replyState.kind === 'late' };
  return { text: format.t(complaint.replyOnTime === false ? 'word.repliedLate' : 'word.replied'), overdue: false };
}
