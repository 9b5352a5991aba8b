// What one complaint adds to its month's report counts, as it stands now. The store keeps the
// sums of these up to date with every change (subtracting the old, adding the new), so a report
// reads them instead of the month's rows.
import type { Complaint } from './complaint.js';
import { buildingOf, placeOf } from './place.js';

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
  revisited: number;
  revisitedOnTime: number;
  revisitSatisfied: number;
}

export const SUMMARY_FIELDS = [
  'received',
  'replied',
  'repliedOnTime',
  'repliedLate',
  'closed',
  'escalated',
  'repeat',
  'rated',
  'satisfied',
  'voided',
  'revisited',
  'revisitedOnTime',
  'revisitSatisfied',
] as const;

export interface Contribution {
  month: string;
  category: string;
  /** '' when none was given */
  subcategory: string;
  channel: string;
  owner: string;
  /** the cause counted for a closed complaint ('' when closed without one), or null when not closed */
  cause: string | null;
  /** the unit's building ('' when the unit does not say: "other") */
  building: string;
  /** the location as typed, spacing made plain; null when none */
  place: string | null;
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
    building: buildingOf(complaint.complainant.unit) ?? '',
    place: placeOf(complaint.location),
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
      revisited: complaint.revisitedAt !== null ? counted : 0,
      revisitedOnTime: complaint.revisitedAt !== null && complaint.revisitOnTime === true ? counted : 0,
      revisitSatisfied:
        complaint.revisitSatisfaction === 'satisfied' || complaint.revisitSatisfaction === 'basic' ? counted : 0,
    },
  };
}

/** One summed row of a month table: its key columns and its counts, in SUMMARY_FIELDS order. */
export interface SummedRow {
  key: string[];
  values: number[];
}

/**
 * The month tables' rows as many complaints add up to: what a ledger import writes at once, and
 * what doctor compares the stored tables with.
 */
export class ContributionSums {
  /** by month, category, sub-category ('' for none) and channel */
  readonly cells = new Map<string, SummedRow>();
  /** by month and clerk */
  readonly owners = new Map<string, SummedRow>();
  /** closed complaints by month and cause (values: [closed]) */
  readonly causes = new Map<string, SummedRow>();
  /** by month, kind ('building' or 'location'), place and category (values: [received, repeat]) */
  readonly places = new Map<string, SummedRow>();

  add(complaint: Omit<Complaint, 'id'>): void {
    const part = contributionOf(complaint);
    const values = SUMMARY_FIELDS.map((field) => part.counts[field]);
    addTo(this.cells, [part.month, part.category, part.subcategory, part.channel], values);
    addTo(this.owners, [part.month, part.owner], values);
    if (part.cause !== null) addTo(this.causes, [part.month, part.cause], [1]);
    for (const [key, values] of placeRows(part)) addTo(this.places, key, values);
  }
}

/** The key a summed row is found by. */
export function sumKey(key: readonly string[]): string {
  return key.join('\u001f');
}

function addTo(rows: Map<string, SummedRow>, key: string[], values: number[]): void {
  const row = rows.get(sumKey(key));
  if (row) values.forEach((value, index) => (row.values[index]! += value));
  else rows.set(sumKey(key), { key, values: [...values] });
}

/** What a complaint adds to month_places: its building (or "other") and its location, each by category. */
export function placeRows(part: Contribution): Array<[string[], number[]]> {
  if (part.counts.received === 0) return [];
  const values = [part.counts.received, part.counts.repeat];
  const rows: Array<[string[], number[]]> = [[[part.month, 'building', part.building, part.category], values]];
  if (part.place !== null) rows.push([[part.month, 'location', part.place, part.category], values]);
  return rows;
}
