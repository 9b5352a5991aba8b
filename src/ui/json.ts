// The JSON shapes of SPEC §2: stable camelCase names, codes not labels, ISO-8601 with the
// office's offset.
import type { UnknownYearWarning } from '../domain/calendar.js';
import type { Complaint, ComplaintEvent } from '../domain/complaint.js';
import { isOverdue } from '../domain/complaint.js';
import { isoInZone } from '../domain/zone.js';
import type { ChunkedOutput } from './chunked-output.js';
import type { Translate } from './messages.js';

/** `flagged`: whether `complaint overdue --flag` has recorded its running deadline as passed (list and show say). */
export function complaintJson(
  complaint: Complaint,
  zone: string,
  now: Date,
  flagged?: boolean,
): Record<string, unknown> {
  const when = (instant: Date | null): string | null => (instant === null ? null : isoInZone(instant, zone));
  return {
    id: complaint.id,
    status: complaint.status,
    category: complaint.category,
    subcategory: complaint.subcategory,
    channel: complaint.channel,
    receivedAt: when(complaint.receivedAt),
    replyDueAt: when(complaint.replyDueAt),
    replyDays: complaint.replyDays,
    urgent: complaint.urgentHours !== null,
    urgentReplyHours: complaint.urgentHours,
    repliedAt: when(complaint.repliedAt),
    replyOnTime: complaint.replyOnTime,
    promisedAt: when(complaint.promisedAt),
    escalatedTo: complaint.escalatedTo,
    escalatedAt: when(complaint.escalatedAt),
    satisfaction: complaint.satisfaction,
    closedAt: when(complaint.closedAt),
    revisitDueAt: when(complaint.revisitDueAt),
    revisitedAt: when(complaint.revisitedAt),
    revisitOnTime: complaint.revisitOnTime,
    revisitSatisfaction: complaint.revisitSatisfaction,
    result: complaint.result,
    cause: complaint.cause,
    owner: complaint.owner,
    receivedBy: complaint.receivedBy,
    complainant: { ...complaint.complainant },
    description: complaint.description,
    location: complaint.location,
    overdue: isOverdue(complaint, now),
    ...(flagged === undefined ? {} : { flagged }),
    repeatCount: complaint.repeatCount,
  };
}

/** An event: type, when, who, and its details (instants among them in office time). */
export function eventJson(event: ComplaintEvent, zone: string): Record<string, unknown> {
  const details = Object.fromEntries(
    Object.entries(event.data).map(([key, value]) => [
      key,
      key.endsWith('At') && typeof value === 'string' ? isoInZone(new Date(value), zone) : value,
    ]),
  );
  return {
    type: event.type,
    at: isoInZone(event.at, zone),
    actor: event.actor,
    recordedAt: isoInZone(event.recordedAt, zone),
    details,
  };
}

export function warningsJson(warnings: readonly UnknownYearWarning[], t: Translate): Array<Record<string, unknown>> {
  return warnings.map((warning) => ({
    code: warning.code,
    year: warning.year,
    message: t('warn.yearUnknown', { year: warning.year }),
  }));
}

export function printJson(out: (text: string) => void, document: unknown): void {
  out(JSON.stringify(document, null, 2) + '\n');
}

/**
 * A JSON array written a piece at a time, laid out exactly as printJson lays out the whole array:
 * a company's millions of complaints are never one string. Stops when the reader has gone.
 */
export async function printJsonArray<T>(
  output: ChunkedOutput,
  pages: AsyncIterable<readonly T[]>,
  toJson: (item: T) => unknown,
): Promise<void> {
  let empty = true;
  output.write('[');
  for await (const page of pages)
    for (const item of page) {
      if (!output.write((empty ? '\n  ' : ',\n  ') + JSON.stringify(toJson(item), null, 2).replace(/\n/g, '\n  ')))
        return;
      empty = false;
    }
  output.write(empty ? ']\n' : '\n]\n');
  output.end();
}
