// 杜绝二次投诉 starts at intake: before a new complaint is logged, the clerk sees what the same unit
// or phone complained of lately, and whether the owner may be calling about one of those again.
import { subDays, subMonths } from 'date-fns';
import type { Category, Complaint, Status } from './complaint.js';
import { utc } from './dates.js';

/** How far back the history at intake goes. */
export const HISTORY_MONTHS = 12;
/** A complaint answered or closed this recently, in the same category, may be the same problem. */
export const RECENT_DAYS = 30;
/** Statuses in which a complaint is still being handled (`list --open`). */
export const OPEN_STATUSES: readonly Status[] = ['received', 'replied', 'escalated'];

/** The start of the history shown at intake: the same instant HISTORY_MONTHS months earlier (UTC calendar). */
export function historySince(now: Date): Date {
  return new Date(subMonths(now, HISTORY_MONTHS, { in: utc }).getTime());
}

/**
 * The complaints of the history the owner may be calling about again: every one still open, and
 * those of the same category replied or closed within RECENT_DAYS. Newest first, as given.
 */
export function sameProblemCandidates(
  history: readonly Complaint[],
  category: Category | null,
  now: Date,
): Complaint[] {
  const recent = subDays(now, RECENT_DAYS, { in: utc }).getTime();
  const lately = (instant: Date | null): boolean => instant !== null && instant.getTime() >= recent;
  return history.filter(
    (complaint) =>
      OPEN_STATUSES.includes(complaint.status) ||
      (complaint.status === 'closed' &&
        complaint.category === category &&
        (lately(complaint.closedAt) || lately(complaint.repliedAt))),
  );
}

/** The first words of a text, for a line of history: at most `count` characters, then "…". */
export function firstWords(text: string, count = 20): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const characters = [...flat];
  return characters.length <= count ? flat : `${characters.slice(0, count).join('')}…`;
}
