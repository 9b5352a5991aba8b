// The time forms `--at` accepts (SPEC §2): 2026-11-23, 2026-11-23 14:05, 2026-11-23T14:05,
// seconds optional, or full ISO-8601 with an offset. A time without an offset is office time.
import { isCalendarDate } from './dates.js';
import { ValidationError } from './errors.js';
import { parseLedgerTime } from './ledger.js';
import { instantAt } from './zone.js';

const FORM = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseTimeInput(text: string, zone: string, flag = '--at'): Date {
  // A Chinese input method types full-width digits and colons (２０２６-１１-３０ １０：００).
  const trimmed = text.normalize('NFKC').trim();
  const match = FORM.exec(trimmed);
  if (!match) {
    // The forms of a paper or Excel ledger: 2026/11/30 10:00, 2026年11月30日, 2026.11.30 10时30分 (no Excel serials).
    const ledger = /^\d+(\.\d+)?$/.test(trimmed) ? null : parseLedgerTime(trimmed, zone);
    if (ledger === null) throw new ValidationError('invalid.time', { flag, value: text });
    return ledger;
  }
  if (!isCalendarDate(match[1]!)) throw new ValidationError('invalid.time', { flag, value: text });
  const [, date, hourText, minuteText, secondText, offset] = match;
  const hour = Number(hourText ?? 0);
  const minute = Number(minuteText ?? 0);
  const second = Number(secondText ?? 0);
  if (hour > 23 || minute > 59 || second > 59) throw new ValidationError('invalid.time', { flag, value: text });
  if (offset !== undefined) {
    const withColon = offset === 'Z' ? trimmed : trimmed.replace(/([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const instant = new Date(withColon.replace(' ', 'T'));
    if (Number.isNaN(instant.getTime())) throw new ValidationError('invalid.time', { flag, value: text });
    return instant;
  }
  return instantAt(date!, hour, minute, zone, second);
}
