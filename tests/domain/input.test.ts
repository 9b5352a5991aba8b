// What a clerk may type, and what is refused with which message key.
import { describe, expect, it } from 'vitest';
import { maskPhone, parseComplaintId, parsePhone, validateDraft, missingFields } from '../../src/domain/complaint.js';
import { requiredText } from '../../src/domain/text.js';
import { ValidationError } from '../../src/domain/errors.js';
import { parseScheduleDocument } from '../../src/domain/schedule.js';
import { normalizeSettingValue } from '../../src/domain/settings.js';
import { parseTimeInput } from '../../src/domain/time-input.js';

const refusal = (work: () => unknown): { key: string; params: Record<string, unknown> } | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return { key: error.key, params: error.params };
    throw error;
  }
};

describe('phone numbers', () => {
  it.each([
    '13812345678',
    '138 1234 5678',
    '+86 138-1234-5678',
    '021-12345678',
    '0755 1234 5678',
    '(021)12345678',
    '12345678',
    '4008123123',
    '021-12345678 转 123',
    '0086-13812345678',
    '0086 138 1234 5678',
  ])('accepts %s', (phone) => {
    expect(parsePhone(phone)).toBe(phone.trim());
  });
  it.each([
    ['１３８１２３４５６７８', '13812345678'],
    ['（０２１）１２３４５６７８', '(021)12345678'],
    ['＋８６ １３８－１２３４－５６７８', '+86 138-1234-5678'],
  ])('reads full-width %s as %s', (typed, stored) => {
    expect(parsePhone(typed)).toBe(stored);
  });
  it.each(['1381234567', '23812345678', 'abc', '138123456789', '12-34', '', '0211234', '2026-02-30', '25:61'])(
    'refuses %s',
    (phone) => {
      expect(refusal(() => parsePhone(phone))).toEqual({ key: 'invalid.phone', params: { value: phone } });
    },
  );
});

describe('a phone number in lists and alerts', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138 **** 5678'],
    ['+86 13812345678', '+86 138****5678'],
    ['0086-13812345678', '0086-138****5678'],
    ['021-12345678', '021-****5678'],
    ['0755 1234 5678', '075* **** 5678'],
    ['12345678', '****5678'],
    ['4008123456', '******3456'],
    ['021-12345678 转 801', '021-****5678 转 801'],
  ])('%s shows as %s', (phone, shown) => {
    expect(parsePhone(phone)).toBe(phone);
    expect(maskPhone(phone)).toBe(shown);
  });
});

describe('free text', () => {
  it('keeps line breaks in a text, not in a line, and refuses every other control character', () => {
    expect(requiredText('description', ' 漏水\r\n已三天\t急 ', 'text')).toBe('漏水\n已三天\t急');
    expect(refusal(() => requiredText('name', '王\n先生'))).toEqual({
      key: 'invalid.control',
      params: { field: 'name', code: 'U+000A' },
    });
    for (const bad of ['\u0000', '\u001b[31m', '\u0007', '\u007f', '\u009b']) {
      expect(refusal(() => requiredText('description', `漏水${bad}`, 'text'))?.key, JSON.stringify(bad)).toBe(
        'invalid.control',
      );
    }
  });
  it('refuses blank and over-long text, and keeps emoji and quotes as typed', () => {
    expect(refusal(() => requiredText('name', '  '))?.key).toBe('invalid.empty');
    expect(refusal(() => requiredText('description', 'x'.repeat(4001), 'text'))?.key).toBe('invalid.tooLong');
    expect(requiredText('name', "王先生😀'; DROP TABLE complaints; --")).toBe("王先生😀'; DROP TABLE complaints; --");
  });
});

describe('a new complaint', () => {
  const complete = {
    channel: 'phone',
    category: 'facility',
    subcategory: 'operation',
    name: '王先生',
    unit: '3-2-1201',
    description: '电梯停运',
  };
  it('is accepted with codes in any case and blanks trimmed', () => {
    expect(validateDraft({ ...complete, channel: ' Phone ', name: ' 王先生 ' })).toMatchObject({
      channel: 'phone',
      complainant: { name: '王先生', unit: '3-2-1201', phone: null },
    });
  });
  it.each([
    [{ category: 'noise' }, 'invalid.category'],
    [{ channel: 'fax' }, 'invalid.channel'],
    [{ subcategory: 'attitude' }, 'invalid.subcategory'],
    [{ description: '   ' }, 'invalid.empty'],
    [{ phone: '123' }, 'invalid.phone'],
    [{ unit: '', phone: '' }, 'invalid.unitOrPhone'],
  ])('refuses %j with %s', (override, key) => {
    expect(refusal(() => validateDraft({ ...complete, ...override }))?.key).toBe(key);
  });
  it('names the sub-categories a category accepts', () => {
    expect(refusal(() => validateDraft({ ...complete, subcategory: 'attitude' }))?.params).toEqual({
      value: 'attitude',
      category: 'facility',
      accepted: 'design, operation, other',
    });
  });
  it('lists every missing required field; unit or phone counts as one', () => {
    expect(missingFields({})).toEqual(['channel', 'category', 'name', 'unit', 'description']);
    expect(missingFields({ ...complete, unit: undefined, phone: '13812345678' })).toEqual([]);
  });
});

describe('complaint numbers', () => {
  it.each([
    ['12', 12],
    ['#12', 12],
    [' 7 ', 7],
  ])('reads %s', (text, id) => expect(parseComplaintId(text)).toBe(id));
  it.each(['abc', '0', '-1', '1.5', ''])('refuses %s', (text) =>
    expect(refusal(() => parseComplaintId(text))?.key).toBe('invalid.id'),
  );
});

describe('--at', () => {
  const zone = 'Asia/Shanghai';
  it.each([
    ['2026-11-23', '2026-11-22T16:00:00.000Z'],
    ['2026-11-23 14:05', '2026-11-23T06:05:00.000Z'],
    ['2026-11-23T14:05', '2026-11-23T06:05:00.000Z'],
    ['2026-11-23T14:05:30', '2026-11-23T06:05:30.000Z'],
    ['2026-11-23T14:05:00+09:00', '2026-11-23T05:05:00.000Z'],
    ['2026-11-23T14:05:00Z', '2026-11-23T14:05:00.000Z'],
    ['2026-11-23 14:05+0800', '2026-11-23T06:05:00.000Z'],
  ])('reads %s as office time unless it has an offset', (text, iso) => {
    expect(parseTimeInput(text, zone).toISOString()).toBe(iso);
  });
  it.each(['yesterday', '2026-13-01', '2026-02-30', '2026-11-23 25:00', '23/11/2026', ''])('refuses %s', (text) => {
    expect(refusal(() => parseTimeInput(text, zone))).toEqual({
      key: 'invalid.time',
      params: { flag: '--at', value: text },
    });
  });
});

describe('settings', () => {
  it.each([
    ['timezone', 'Asia/Shanghai', 'Asia/Shanghai'],
    ['closing-time', '9:30', '09:30'],
    ['closing-time', '', ''],
    ['closing-time', '24:00', ''],
    ['reply-days.letter', '5', '5'],
    ['departments', '工程部，客服部, 保安部', '工程部,客服部,保安部'],
  ] as const)('%s %s is stored as %s', (key, value, stored) => expect(normalizeSettingValue(key, value)).toBe(stored));
  it.each([
    ['timezone', 'Mars/Olympus', 'invalid.timezone'],
    ['closing-time', '25:00', 'invalid.closingTime'],
    ['reply-days.phone', '0', 'invalid.replyDays'],
    ['reply-days.phone', 'two', 'invalid.replyDays'],
    ['departments', ' , ', 'invalid.departments'],
  ] as const)('%s %s is refused', (key, value, errorKey) =>
    expect(refusal(() => normalizeSettingValue(key, value))?.key).toBe(errorKey),
  );
});

describe('a schedule file', () => {
  const festivals = (year: number) =>
    ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节、国庆节'].map((name, index) => ({
      name,
      date: `${year}-${String(index + 1).padStart(2, '0')}-10`,
      isOffDay: true,
    }));
  it('reads the holiday-cn shape', () => {
    const schedule = parseScheduleDocument({
      year: 2027,
      papers: ['https://example.org/notice'],
      days: [...festivals(2027), { name: '春节', date: '2027-02-06', isOffDay: false }],
    });
    expect(schedule.papers).toEqual(['https://example.org/notice']);
    expect(schedule.off['2027-06-10']).toBe('中秋节、国庆节');
    expect(schedule.work).toEqual({ '2027-02-06': '春节' });
  });
  it('takes the New Year holiday from the last week of the December before, as 2019 and 2023 set it', () => {
    const schedule = parseScheduleDocument({
      year: 2023,
      days: [...festivals(2023), { name: '元旦', date: '2022-12-31', isOffDay: true }],
    });
    expect(schedule.off['2022-12-31']).toBe('元旦');
  });
  it.each([
    ['not an object', [], 'schedule.notObject', {}],
    ['a year that is text', { year: '2027', days: [] }, 'schedule.badYear', { value: '"2027"' }],
    ['no days', { year: 2027 }, 'schedule.noDays', { year: 2027 }],
    ['empty days', { year: 2027, days: [] }, 'schedule.noDays', { year: 2027 }],
    [
      'a date that does not exist',
      { year: 2027, days: [{ date: '2027-02-30', isOffDay: true }] },
      'schedule.badDate',
      { n: 1, value: '2027-02-30' },
    ],
    [
      'a date of another year',
      { year: 2027, days: [...festivals(2027), { name: '春节', date: '2026-02-10', isOffDay: true }] },
      'schedule.outsideYear',
      { n: 7, date: '2026-02-10', year: 2027, previous: 2026 },
    ],
    [
      'a December date before the last week',
      { year: 2027, days: [{ name: '元旦', date: '2026-12-24', isOffDay: true }] },
      'schedule.outsideYear',
      { n: 1, date: '2026-12-24' },
    ],
    [
      'a date of the next year',
      { year: 2027, days: [{ name: '元旦', date: '2028-01-01', isOffDay: true }] },
      'schedule.outsideYear',
      { n: 1, date: '2028-01-01' },
    ],
    [
      'a day that is neither off nor work',
      { year: 2027, days: [{ date: '2027-01-01', isOffDay: 'yes' }] },
      'schedule.badKind',
      { n: 1, date: '2027-01-01' },
    ],
    [
      'a date twice',
      {
        year: 2027,
        days: [
          { date: '2027-01-01', isOffDay: true },
          { date: '2027-01-01', isOffDay: false },
        ],
      },
      'schedule.twice',
      { date: '2027-01-01' },
    ],
    [
      'a festival missing',
      { year: 2027, days: festivals(2027).slice(0, 5) },
      'schedule.missingFestivals',
      { missing: '中秋、国庆' },
    ],
    [
      'festivals only as make-up days',
      { year: 2027, days: festivals(2027).map((day) => ({ ...day, isOffDay: false })) },
      'schedule.missingFestivals',
      { year: 2027 },
    ],
  ])('refuses %s', (_, document, key, params) => {
    const error = refusal(() => parseScheduleDocument(document));
    expect(error?.key).toBe(key);
    expect(error?.params).toMatchObject(params);
  });
});

describe('display width of table cells', async () => {
  const { stringWidth } = await import('../../src/ui/table.js');
  const { default: reference } = await import('string-width');
  it.each([
    'abc 123',
    '王先生',
    '设备设施/运行故障',
    '11月24日（周二）24:00',
    '３号楼',
    'café',
    'e\u0301',
    '👍🏽 ok',
    '⚠ warning',
    'a\tb',
    '',
    '—',
    '·',
    'Ⅻ',
  ])('%j measures as string-width does', (text) => {
    expect(stringWidth(text)).toBe(reference(text));
  });
});

describe('the ledger forms --at takes, and full-width ids', () => {
  it.each([
    ['2026/11/30 10:00', '2026-11-30T02:00:00.000Z'],
    ['2026-11-30 10：00', '2026-11-30T02:00:00.000Z'],
    ['２０２６-１１-３０ １０：００', '2026-11-30T02:00:00.000Z'],
    ['2026年11月30日', '2026-11-29T16:00:00.000Z'],
    ['2026年11月30日 10时30分', '2026-11-30T02:30:00.000Z'],
    ['2026.11.3 9:05', '2026-11-03T01:05:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseTimeInput(text, 'Asia/Shanghai').toISOString()).toBe(iso);
  });

  it.each(['46329', '2026/02/30', '2026年13月1日', '30/11/2026'])('refuses %s', (text) => {
    expect(() => parseTimeInput(text, 'Asia/Shanghai')).toThrow(ValidationError);
  });

  it.each([
    ['１２', 12],
    ['＃１２', 12],
    ['#12', 12],
  ])('id %s', (text, id) => {
    expect(parseComplaintId(text)).toBe(id);
  });
});
