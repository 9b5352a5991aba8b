import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import type { Complaint } from '../../src/domain/complaint.js';
import { editComplaint, validateEdit } from '../../src/domain/edit.js';
import { OperationError, ValidationError } from '../../src/domain/errors.js';
import { DEFAULT_REPLY_DAYS } from '../../src/domain/settings.js';
import { SHIPPED_SCHEDULES } from '../../src/domain/shipped-calendar.js';
import { receivedComplaint } from '../support/complaint-fixture.js';

const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);
const rules = { calendar, replyDays: DEFAULT_REPLY_DAYS, firstFollowUp: null };
const at = (text: string): Date => new Date(text);

/** Received Mon 2026-11-02 09:00 in Shanghai by phone: reply by Tue 11-03 24:00. */
const complaint: Complaint = receivedComplaint(at('2026-11-02T01:00:00Z'), at('2026-11-03T16:00:00Z'), {
  subcategory: 'operation',
  complainant: { name: '王先生', unit: '3-2-1201', phone: '13812345678' },
});

describe('editComplaint', () => {
  it.each([
    ['channel letter', { channel: 'letter' as const }, '2026-11-05T16:00:00.000Z', 3],
    ['channel visit (same reply days)', { channel: 'visit' as const }, null, 1],
    ['receipt on Friday 2026-10-30 16:00', { receivedAt: at('2026-10-30T08:00:00Z') }, '2026-11-02T16:00:00.000Z', 1],
    ['receipt an hour earlier, same day', { receivedAt: at('2026-11-02T00:00:00Z') }, null, 1],
  ])('%s: deadline moves to %s', (_, edit, to, replyDays) => {
    const edited = editComplaint(complaint, edit, rules);
    expect(edited.deadline?.to.toISOString() ?? null).toBe(to);
    expect(edited.complaint.replyDays).toBe(replyDays);
  });

  it('moves the month of receipt with the receipt, on the clock of the complaint', () => {
    const edited = editComplaint(complaint, { receivedAt: at('2026-10-31T15:59:00Z') }, rules);
    expect(edited.complaint.receivedMonth).toBe('2026-10');
    expect(editComplaint(complaint, { receivedAt: at('2026-10-31T16:00:00Z') }, rules).complaint.receivedMonth).toBe(
      '2026-11',
    );
  });

  it('keeps the deadline once replied, and a reopened clock', () => {
    const replied = { ...complaint, status: 'replied' as const, repliedAt: at('2026-11-03T01:00:00Z'), replyHours: 24 };
    expect(editComplaint(replied, { channel: 'letter' }, rules)).toMatchObject({
      deadline: null,
      complaint: { replyDueAt: complaint.replyDueAt },
    });
    const reopened = { ...complaint, repeatCount: 1, replyClockFrom: at('2026-11-10T01:00:00Z') };
    const moved = editComplaint(reopened, { receivedAt: at('2026-11-01T01:00:00Z') }, rules);
    expect(moved.complaint.replyClockFrom).toEqual(reopened.replyClockFrom);
    expect(moved.deadline).toBeNull();
  });

  it('refuses a voided complaint, a receipt after the first follow-up, no unit and no phone', () => {
    expect(() => editComplaint({ ...complaint, status: 'voided' }, { name: 'x' }, rules)).toThrow(OperationError);
    const later = { ...rules, firstFollowUp: at('2026-11-02T02:00:00Z') };
    expect(() => editComplaint(complaint, { receivedAt: at('2026-11-02T03:00:00Z') }, later)).toThrow(ValidationError);
    expect(() => editComplaint(complaint, { unit: null, phone: null }, rules)).toThrow(ValidationError);
    expect(() => validateEdit({}, undefined)).toThrow(ValidationError);
  });

  it('records only what changes', () => {
    const edited = editComplaint(
      complaint,
      validateEdit({ name: '王先生', phone: '139-1234-5678', unit: '３-２-１２０１' }, undefined),
      rules,
    );
    expect(edited.changes).toEqual([{ field: 'phone', from: '13812345678', to: '139-1234-5678' }]);
  });
});
