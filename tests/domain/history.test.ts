import { describe, expect, it } from 'vitest';
import type { Complaint } from '../../src/domain/complaint.js';
import { firstWords, historySince, sameProblemCandidates } from '../../src/domain/history.js';
import { receivedComplaint } from '../support/complaint-fixture.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * 86_400_000);

function complaint(id: number, fields: Partial<Complaint>): Complaint {
  return receivedComplaint(daysAgo(60), daysAgo(59), {
    id,
    complainant: { name: '王', unit: '1', phone: null },
    ...fields,
  });
}

describe('the history at intake', () => {
  it('goes back twelve months', () => {
    expect(historySince(NOW).toISOString()).toBe('2025-11-23T02:00:00.000Z');
    expect(historySince(new Date('2026-02-28T16:00:00Z')).toISOString()).toBe('2025-02-28T16:00:00.000Z');
  });

  it.each([
    ['awaiting a reply, any category', { status: 'received', category: 'fee' }, true],
    ['replied, still open', { status: 'replied', repliedAt: daysAgo(50), category: 'fee' }, true],
    ['escalated', { status: 'escalated', category: 'service' }, true],
    ['closed 10 days ago, same category', { status: 'closed', repliedAt: daysAgo(12), closedAt: daysAgo(10) }, true],
    [
      'closed 45 days ago but replied 29 days ago, same category',
      { status: 'closed', repliedAt: daysAgo(29), closedAt: daysAgo(45) },
      true,
    ],
    [
      'closed 10 days ago, another category',
      { status: 'closed', category: 'fee', repliedAt: daysAgo(12), closedAt: daysAgo(10) },
      false,
    ],
    ['closed 31 days ago, same category', { status: 'closed', repliedAt: daysAgo(40), closedAt: daysAgo(31) }, false],
    ['voided', { status: 'voided' }, false],
  ] as const)('%s: may be the same problem → %s', (_, fields, expected) => {
    expect(sameProblemCandidates([complaint(1, fields as Partial<Complaint>)], 'facility', NOW).length === 1).toBe(
      expected,
    );
  });

  it.each([
    ['电梯经常停运', '电梯经常停运'],
    ['一二三四五六七八九十一二三四五六七八九十', '一二三四五六七八九十一二三四五六七八九十'],
    ['一二三四五六七八九十一二三四五六七八九十再', '一二三四五六七八九十一二三四五六七八九十…'],
    ['第一行\n第二行', '第一行 第二行'],
  ])('first words of %j', (text, words) => {
    expect(firstWords(text)).toBe(words);
  });
});
