// What one complaint adds to its month's report counts, as it stands now. The store keeps the
// sums of these up to date with every change (subtracting the old, adding the new), so a report
// reads them instead of the month's rows.
import type { Complaint } from './complaint.js';

export interface SummaryCounts {
  received: number;
  replied: number;
  repliedOnTime: number;
  repliedLate: number;
  closed: number;
  escalated: number;
  repeat: number;
  rated: number;
  satisfied: number;
  voided: number;
}

export const SUMMARY_FIELDS = ['received', 'replied', 'repliedOnTime', 'repliedLate', 'closed', 'escalated', 'repeat', 'rated', 'satisfied', 'voided'] as const;

export interface Contribution {
  month: string;
  category: string;
  /** '' when none was given */
  subcategory: string;
  channel: string;
  owner: string;
  /** the cause counted for a closed complaint ('' when closed without one), or null when not closed */
  cause: string | null;
  counts: SummaryCounts;
}

export function contributionOf(complaint: Omit<Complaint, 'id'>): Contribution {
  const voided = complaint.status === 'voided';
  const counted = voided ? 0 : 1;
  const replied = complaint.repliedAt !== null ? counted : 0;
  const closed = complaint.status === 'closed' ? 1 : 0;
  return {
    month: complaint.receivedMonth,
    category: complaint.category,
    subcategory: complaint.subcategory ?? '',
    channel: complaint.channel,
    owner: complaint.owner,
    cause: closed ? (complaint.cause ?? '') : null,
    counts: {
      received: counted,
      replied,
      repliedOnTime: replied && complaint.replyOnTime === true ? 1 : 0,
      repliedLate: replied && complaint.replyOnTime === false ? 1 : 0,
      closed: closed,
      escalated: complaint.escalatedAt !== null ? counted : 0,
      repeat: complaint.repeatCount > 0 ? counted : 0,
      rated: complaint.satisfaction !== null ? counted : 0,
      satisfied: complaint.satisfaction === 'satisfied' || complaint.satisfaction === 'basic' ? counted : 0,
      voided: voided ? 1 : 0,
    },
  };
}
