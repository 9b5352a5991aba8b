// The time forms `--at` accepts (SPEC §2): 2026-11-23, 2026-11-23 14:05, 2026-11-23T14:05,
// seconds optional, or full ISO-8601 with an offset. A time without an offset is office time.
import { isValid, parse } from 'date-fns';
import { PARSE_REFERENCE, utc } from './dates.js';
import { ValidationError } from './errors.js';
import { readLedgerTime } from './ledger.js';
import { instantOfWallClock } from './zone.js';

const TIMES = ['HH:mm', 'HH:mm:ss', 'HH:mm:ss.S', 'HH:mm:ss.SS', 'HH:mm:ss.SSS'];
const OFFSETS = ['', 'XXX', 'XX']; // none (office time), +08:00 or Z, +0800
/** Every accepted form as a date-fns `parse` format, a date alone first. */
export const TIME_INPUT_FORMATS: readonly string[] = [
  'yyyy-MM-dd',
  ...OFFSETS.flatMap((offset) =>
    TIMES.flatMap((time) => [`yyyy-MM-dd ${time}${offset}`, `yyyy-MM-dd'T'${time}${offset}`]),
  ),
];
/**
 * date-fns reads one digit where a format has two (2026-1-5, 9:05) and takes any offset's digits
 * (+24:00, -05:61): the form itself is checked first.
 */
const SHAPE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/;

export function parseTimeInput(text: string, zone: string, flag = '--at'): Date {
  const read = readTimeInput(text, flag);
  // With an offset the text names an instant; without one it is a reading of the office's clock.
  return read.wall ? instantOfWallClock(read.at, zone) : read.at;
}

/**
 * What a time flag says, before the office's zone is known: an instant (the text has an offset),
 * or a reading of the office's clock (`wall`: a date whose UTC fields are the reading). Refuses
 * what parseTimeInput refuses, so that a command can check its flags before opening the database.
 */
export function readTimeInput(text: string, flag = '--at'): { at: Date; wall: boolean } {
  // A Chinese input method types full-width digits and colons (２０２６-１１-３０ １０：００).
  const trimmed = text.normalize('NFKC').trim();
  if (SHAPE.test(trimmed)) {
    for (const format of TIME_INPUT_FORMATS) {
      const reading = parse(trimmed, format, PARSE_REFERENCE, { in: utc });
      if (isValid(reading)) return { at: reading, wall: !format.endsWith('X') };
    }
    throw new ValidationError('invalid.time', { flag, value: text });
  }
  // The forms of a paper or Excel ledger: 2026/11/30 10:00, 2026年11月30日, 2026.11.30 10时30分 (no Excel serials).
  const ledger = /^\d+(\.\d+)?$/.test(trimmed) ? null : readLedgerTime(trimmed);
  if (ledger !== null) return ledger;
  throw new ValidationError('invalid.time', { flag, value: text });
}

/** How far ahead of UTC an office's clock can be (UTC+14, Kiribati): a reading names an instant at most this much earlier. */
const MOST_AHEAD_MS = 14 * 3_600_000;

/**
 * The earliest instant a time flag can name, whatever the office's zone: a refusal of a time in
 * the future that holds in every zone can be made before the database is opened.
 */
export function earliestInstant(read: { at: Date; wall: boolean }): Date {
  return read.wall ? new Date(read.at.getTime() - MOST_AHEAD_MS) : read.at;
}
