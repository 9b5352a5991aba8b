// Free text as clerks type it. A control character is never part of what an owner said: it is a
// paste accident, or an escape sequence that would repaint the supervisor's terminal when listed.

import { ValidationError } from './errors.js';

/** What one text field may hold: a line (names, units, departments) or lines (descriptions, replies). */
export type TextShape = 'line' | 'text';

export const MAX_TEXT = 4000;

// C0 controls, DEL and C1 controls; a text may keep its line breaks and tabs.
const LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/u;
const TEXT_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

/** Trimmed text with Windows line ends made plain; blank, too long or with control characters is refused (exit 2). */
export function requiredText(field: string, value: string | undefined, shape: TextShape = 'line'): string {
  const text = (value ?? '').replace(/\r\n?/g, '\n').trim();
  if (text === '') throw new ValidationError('invalid.empty', { field });
  if (text.length > MAX_TEXT) throw new ValidationError('invalid.tooLong', { field, max: MAX_TEXT });
  const control = (shape === 'line' ? LINE_CONTROLS : TEXT_CONTROLS).exec(text);
  if (control)
    throw new ValidationError('invalid.control', {
      field,
      code: `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    });
  return text;
}

/** The problems of a text, said of a name that is not a flag (a setting's key, a command's argument). */
const NAMED_PROBLEMS: Record<string, string> = {
  'invalid.empty': 'invalid.emptyNamed',
  'invalid.tooLong': 'invalid.tooLongNamed',
  'invalid.control': 'invalid.controlNamed',
};

/** As requiredText, for a value given otherwise than by a flag: the error names it `name`, as typed. */
export function requiredNamedText(name: string, value: string | undefined, shape: TextShape = 'line'): string {
  try {
    return requiredText(name, value, shape);
  } catch (error) {
    const key = error instanceof ValidationError ? NAMED_PROBLEMS[error.key] : undefined;
    if (key === undefined) throw error;
    throw new ValidationError(key, (error as ValidationError).params);
  }
}

/** As requiredText, but blank means "not given". */
export function optionalText(field: string, value: string | undefined, shape: TextShape = 'line'): string | null {
  if (value === undefined || value.trim() === '') return null;
  return requiredText(field, value, shape);
}
