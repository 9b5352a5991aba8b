// Offices (管理处): which one a command works on. A database of one office needs no name for it;
// a company's database of several is told which by --office or COMPLAINT_OFFICE.
import { OperationError, ValidationError } from './errors.js';

/** What an office code may be: what a clerk types and a crontab line names, safe in a file name too. */
const OFFICE_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Whether an office could have this code. */
export function isOfficeCode(text: string): boolean {
  return OFFICE_CODE.test(text);
}

/** The code a new office gets, checked (`office add <code>`). */
export function officeCode(text: string): string {
  const code = text.trim();
  if (!OFFICE_CODE.test(code)) throw new ValidationError('invalid.officeCode', { value: text });
  return code;
}

/** The office asked for, and where it was asked (for messages). */
export interface OfficeRequest {
  code: string;
  source: '--office' | 'COMPLAINT_OFFICE';
}

/**
 * The office a command works on: the one requested, or the only one. Several and none requested
 * is a question the user must answer (exit 2); none at all, an office to add first (exit 1).
 */
export function chooseOffice<T extends { code: string }>(offices: readonly T[], request: OfficeRequest | undefined): T {
  const accepted = offices.map((office) => office.code).join(', ');
  if (request !== undefined) {
    const found = offices.find((office) => office.code === request.code.trim());
    if (found === undefined)
      throw new ValidationError('invalid.office', { flag: request.source, value: request.code, accepted });
    return found;
  }
  if (offices.length === 1) return offices[0]!;
  if (offices.length === 0) throw new OperationError('office.none', {});
  throw new ValidationError('office.choose', { count: offices.length, accepted });
}
