// `complaint edit <id>`: each change an `edited` event, the deadline counted again while unanswered,
// the month tables following a receipt moved to another month.
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';

async function ok(h: Harness, args: string[]): Promise<string> {
  const result = await h.run(args);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stderr;
}

/** #1: phone, facility/operation, received Mon 2026-11-02 09:00, reply by Tue 11-03 24:00. */
async function withOne(): Promise<Harness> {
  const h = harness();
  await ok(h, newComplaintArgs({ at: '2026-11-02 09:00' }));
  return h;
}

const events = async (h: Harness, id = 1): Promise<Array<{ type: string; details: Record<string, unknown> }>> =>
  (await h.json(['show', String(id)])).events;

describe('complaint edit', () => {
  it('corrects a mistyped phone: an edited event with the old and new value, shown in show', async () => {
    const h = await withOne();
    expect(await ok(h, ['edit', '1', '--phone', '139 1234 5678'])).toBe('✓ #1 edited: Phone.\n');
    expect((await events(h)).at(-1)).toMatchObject({
      type: 'edited',
      details: { field: 'phone', from: '13812345678', to: '139 1234 5678' },
    });
    const shown = (await h.run(['show', '1'])).stdout;
    expect(shown).toContain('edited Phone: 13812345678 → 139 1234 5678');
    expect((await h.json(['list', '--phone', '13912345678'])).map((c: { id: number }) => c.id)).toEqual([1]);
    expect(await h.json(['list', '--phone', '13812345678'])).toEqual([]);
    const zh = (await h.run(['show', '1', '--lang', 'zh'])).stdout;
    expect(zh).toContain('修改电话：13812345678 → 139 1234 5678');
  });

  it('changes several fields at once, one event each, and the search index follows', async () => {
    const h = await withOne();
    const said = await ok(h, ['edit', '1', '--name', '王女士', '--description', '水管漏水', '--location', '地下室']);
    expect(said).toBe('✓ #1 edited: Complainant; Complaint; Location.\n');
    expect((await events(h)).filter((e) => e.type === 'edited').map((e) => e.details)).toEqual([
      { field: 'name', from: '王先生', to: '王女士' },
      { field: 'description', from: '电梯经常停运', to: '水管漏水' },
      { field: 'location', from: null, to: '地下室' },
    ]);
    expect(await h.json(['list', '--search', '电梯'])).toEqual([]);
    expect((await h.json(['list', '--search', '漏'])).map((c: { id: number }) => c.id)).toEqual([1]);
    expect((await h.json(['list', '--search', '地下'])).map((c: { id: number }) => c.id)).toEqual([1]);
    await ok(h, ['edit', '1', '--location', '', '--unit', '']);
    expect(await h.json(['show', '1'])).toMatchObject({
      location: null,
      complainant: { unit: null, phone: '13812345678' },
    });
  });

  it('counts an unanswered deadline again for a changed channel, with an event', async () => {
    const h = await withOne();
    const said = await ok(h, ['edit', '1', '--channel', 'letter']);
    expect(said).toBe('✓ #1 edited: Channel. Reply deadline counted again: Thu 5 Nov, 24:00.\n');
    const shown = await h.json(['show', '1']);
    expect(shown).toMatchObject({ channel: 'letter', replyDays: 3, replyDueAt: '2026-11-06T00:00:00+08:00' });
    expect(shown.events.slice(-2)).toMatchObject([
      { type: 'edited', details: { field: 'channel', from: 'phone', to: 'letter' } },
      {
        type: 'deadline-recomputed',
        details: { fromAt: '2026-11-04T00:00:00+08:00', toAt: '2026-11-06T00:00:00+08:00', reason: 'edited' },
      },
    ]);
    expect((await h.run(['show', '1'])).stdout).toContain(
      'reply deadline moved from Tue 3 Nov, 24:00 to Thu 5 Nov, 24:00 (the complaint was edited)',
    );
    expect((await h.json(['report', '--month', '2026-11'])).byChannel).toEqual(
      expect.arrayContaining([expect.objectContaining({ channel: 'letter', count: 1 })]),
    );
  });

  it('moves the receipt to another month: the month, the deadline and the report follow', async () => {
    const h = await withOne();
    expect(await ok(h, ['edit', '1', '--received-at', '2026-10-30 16:00'])).toBe(
      '✓ #1 edited: Received. Reply deadline counted again: Mon 2 Nov, 24:00.\n',
    );
    const shown = await h.json(['show', '1']);
    expect(shown).toMatchObject({ receivedAt: '2026-10-30T16:00:00+08:00', replyDueAt: '2026-11-03T00:00:00+08:00' });
    expect((await h.json(['list', '--month', '2026-10'])).map((c: { id: number }) => c.id)).toEqual([1]);
    expect(await h.json(['list', '--month', '2026-11'])).toEqual([]);
    expect((await h.json(['report', '--month', '2026-10'])).totals.received).toBe(1);
    expect((await h.json(['report', '--month', '2026-11'])).totals.received).toBe(0);
    expect((await h.store.health()).monthsAdrift).toEqual([]);
  });

  it('keeps the deadline of a complaint already replied; its reply time is counted from the new receipt', async () => {
    const h = await withOne();
    await ok(h, ['reply', '1', '--method', 'phone', '--message', '已派人', '--at', '2026-11-03 09:00']);
    const before = await h.json(['show', '1']);
    const hoursBefore = (await h.store.getComplaint(1))!.replyHours!;
    expect(await ok(h, ['edit', '1', '--channel', 'visit', '--received-at', '2026-11-02 08:00'])).toBe(
      '✓ #1 edited: Channel; Received.\n',
    );
    const after = await h.json(['show', '1']);
    expect(after.replyDueAt).toBe(before.replyDueAt);
    expect(after.events.map((e: { type: string }) => e.type)).not.toContain('deadline-recomputed');
    // Mon 08:00 to Tue 09:00 is 25 working hours where 09:00 to 09:00 was 24.
    expect((await h.store.getComplaint(1))!.replyHours! - hoursBefore).toBe(1);
    expect((await h.store.health()).monthsAdrift).toEqual([]);
  });

  it('clears a sub-category the new category does not have', async () => {
    const h = await withOne();
    expect(await ok(h, ['edit', '1', '--category', 'fee'])).toBe('✓ #1 edited: Category; Sub-category.\n');
    expect(await h.json(['show', '1'])).toMatchObject({ category: 'fee', subcategory: null });
    await ok(h, ['edit', '1', '--subcategory', 'shared']);
    expect((await h.run(['show', '1'])).stdout).toContain('edited Sub-category: — → Shared');
  });

  it('says so when nothing changes, and writes nothing', async () => {
    const h = await withOne();
    expect(await h.run(['edit', '1', '--name', '王先生', '--unit', '３-２-１２０１'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '#1: nothing changed (it already has the values given).\n',
    });
    expect((await events(h)).map((e) => e.type)).toEqual(['received']);
  });

  it.each([
    [['edit', '1'], 2, 'Nothing to change; give at least one of --name, --unit, --phone'],
    [['edit', '1', '--unit', '', '--phone', ''], 2, 'Give --unit or --phone'],
    [['edit', '1', '--phone', '12'], 2, 'Malformed phone number "12"'],
    [['edit', '1', '--subcategory', 'shared'], 2, '"shared" is not a sub-category of facility'],
    [
      ['edit', '1', '--received-at', '2026-11-02 11:00'],
      2,
      'cannot move after what was done on it first (2026-11-02 10:00)',
    ],
    [['edit', '1', '--received-at', '2026-12-30'], 2, 'is in the future'],
    [['edit', '9', '--name', 'x'], 1, 'No complaint #9'],
  ])('refuses %j', async (args, code, words) => {
    const h = await withOne();
    await ok(h, ['note', '1', '已联系', '--at', '2026-11-02 10:00']);
    const result = await h.run(args);
    expect([result.code, result.stdout]).toEqual([code, '']);
    expect(result.stderr).toContain(words);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect((await events(h)).map((e) => e.type)).toEqual(['received', 'note']);
  });

  it('refuses a voided complaint', async () => {
    const h = await withOne();
    await ok(h, ['void', '1', '--reason', '误登记']);
    expect(await h.run(['edit', '1', '--name', '李'])).toMatchObject({
      code: 1,
      stderr: '✗ #1 is voided; a voided complaint cannot be edited\n',
    });
  });
});
