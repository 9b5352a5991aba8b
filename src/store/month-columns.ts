// The report's month tables are the same on both backends (migrations/0*.sql, migrations/postgres/):
// the column that keeps each count.
import type { SummaryCounts } from '../domain/month-counts.js';

/** The month tables' column of each count. */
export const SUMMARY_COLUMN: Record<keyof SummaryCounts, string> = {
  received: 'received',
  replied: 'replied',
  repliedOnTime: 'replied_on_time',
  repliedLate: 'replied_late',
  closed: 'closed',
  escalated: 'escalated',
  repeat: 'repeat',
  rated: 'rated',
  satisfied: 'satisfied',
  voided: 'voided',
  revisited: 'revisited',
  revisitedOnTime: 'revisited_on_time',
  revisitSatisfied: 'revisit_satisfied',
};
