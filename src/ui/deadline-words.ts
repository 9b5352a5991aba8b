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

export function deadlineWords(complaint: Complaint, now: Date, calendar: WorkingCalendar, format: Formatter): DeadlineWords {
  if (complaint.status === 'voided' || complaint.status === 'closed') return { text: format.t('word.none'), overdue: false };
  if (complaint.repliedAt !== null) return { text: format.t('word.replied'), overdue: isOverdue(complaint, now) };
  const state = deadlineState(complaint.replyDueAt, now, calendar, format.zone);
  return { text: format.span(state), overdue: state.kind === 'late' };
}
