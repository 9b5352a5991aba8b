// Finding an owner's complaints: the words of `list --search` and the key that makes every
// accepted form of a phone number the same number.
import { ValidationError } from './errors.js';
import { requiredText } from './text.js';
import { parsePhone } from './complaint.js';

/**
 * `--search` text as words, each to be found (as a substring, any case) somewhere in the
 * complaint's description, location, notes, replies or results. Blank is refused.
 */
export function parseSearchWords(value: string): string[] {
  const text = requiredText('search', value);
  return [...new Set(text.split(/\s+/u).filter((word) => word !== ''))];
}

/**
 * A phone number's identity whatever form it was typed in: the digits of the number without the
 * extension, the separators or the +86 / 0086 prefix (13812345678 for "+86 138-1234-5678 转 12").
 * The store's index computes the same key in SQL (src/store/search.ts, PHONE_KEY).
 */
export function phoneKey(phone: string): string {
  const lower = phone.toLowerCase();
  const cut = lower.search(/[转ex#]/u);
  const number = (cut < 0 ? lower : lower.slice(0, cut)).replace(/[ ()-]/g, '');
  if (number.startsWith('+86')) return number.slice(3);
  if (number.startsWith('0086')) return number.slice(4);
  return number;
}

/** `--phone` as a filter: any accepted form of a number; a malformed one is refused like at intake. */
export function parsePhoneFilter(value: string): string {
  if (value.trim() === '') throw new ValidationError('invalid.phone', { value });
  return phoneKey(parsePhone(value));
}
