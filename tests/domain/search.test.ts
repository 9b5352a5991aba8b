import { describe, expect, it } from 'vitest';
import { parsePhoneFilter, parseSearchWords, phoneKey } from '../../src/domain/search.js';
import { ValidationError } from '../../src/domain/errors.js';

describe('phoneKey', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['13812345678 转 12', '13812345678'],
    ['13812345678 ext. 12', '13812345678'],
    ['13812345678X12', '13812345678'],
    ['13812345678#12', '13812345678'],
    ['021-12345678', '02112345678'],
    ['(021) 1234 5678', '02112345678'],
    ['12345678', '12345678'],
  ])('%s → %s', (typed, key) => {
    expect(phoneKey(typed)).toBe(key);
  });

  it("reads full-width digits as a clerk's input method types them", () => {
    expect(parsePhoneFilter('１３８１２３４５６７８')).toBe('13812345678');
  });

  it.each(['', ' ', '12', '2026-02-30', '电话'])('refuses %j as a phone number', (value) => {
    expect(() => parsePhoneFilter(value)).toThrow(ValidationError);
  });
});

describe('parseSearchWords', () => {
  it.each([
    ['电梯', ['电梯']],
    ['  电梯   漏水 ', ['电梯', '漏水']],
    ['电梯\u3000漏水 电梯', ['电梯', '漏水']],
  ])('%j → %j', (text, words) => {
    expect(parseSearchWords(text)).toEqual(words);
  });

  it.each(['', '   ', 'a\u0000b', 'x'.repeat(4001)])('refuses %j', (text) => {
    expect(() => parseSearchWords(text)).toThrow(ValidationError);
  });
});
