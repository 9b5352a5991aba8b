// History at intake: the unit's and the phone's complaints of the last 12 months, and a repeat
// complaint (二次投诉) reopened instead of a new one logged.
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs, scriptedPrompter } from '../support/harness.js';

const SAME = 'Is the owner calling about one of these again?';

async function ok(h: Harness, args: string[]): Promise<void> {
  const result = await h.run(args);
  if (result.code !== 0) throw new Error(result.stderr);
}

/** #1 lift, 3-2-1201 / 138…, received 2026-11-20 (Monday 23rd is now). */
async function withOne(): Promise<Harness> {
  const h = harness();
  await ok(h, newComplaintArgs({ at: '2026-11-20 09:00', phone: '+86 138 1234 5678' }));
  return h;
}

describe('the history at intake', () => {
  it('is one line on stderr without a terminal, and nothing is asked', async () => {
    const h = await withOne();
    const result = await h.run(newComplaintArgs({ description: '电梯又停了' }));
    expect(result).toEqual({
      code: 0,
      stdout: '#2 received · reply by Tue 24 Nov, 24:00\n',
      stderr:
        'Unit 3-2-1201 / phone 138****5678: 1 complaint(s) in the last 12 months: ' +
        '#1 2026-11-20 Facilities awaiting reply 电梯经常停运\n',
    });
    const zh = await h.run([
      ...newComplaintArgs({ unit: '9-9-909', phone: '138-1234-5678', description: '水压低' }),
      '--lang',
      'zh',
    ]);
    expect(zh.stderr).toBe(
      '房号 9-9-909 / 电话 138-****-5678 近 12 个月有 2 件投诉：#2 2026-11-23 设备设施 待回复 电梯又停了；#1 2026-11-20 设备设施 待回复 电梯经常停运\n',
    );
  });

  it('finds the unit or the phone, in any form; not other owners, voided ones or older than 12 months', async () => {
    const h = await withOne();
    await ok(h, newComplaintArgs({ at: '2025-11-20 09:00', description: '一年多以前' }));
    await ok(h, newComplaintArgs({ at: '2026-11-21 09:00', description: '登记错了' }));
    await ok(h, ['void', '3', '--reason', '误登记']);
    const byPhone = await h.run(newComplaintArgs({ unit: '', phone: '13812345678', description: 'x' }));
    expect(byPhone.stderr).toContain('#1 2026-11-20');
    expect(byPhone.stderr).not.toMatch(/#2 |#3 /);
    const other = await h.run(newComplaintArgs({ unit: '1-1-101', phone: '13900001111', description: 'y' }));
    expect(other.stderr).toBe('');
  });

  it('asks on a terminal whether an open one is the same problem; yes on one unanswered adds the call', async () => {
    const h = await withOne();
    const prompter = scriptedPrompter(['1']);
    const result = await h.run(newComplaintArgs({ description: '电梯今天又停了' }), { tty: true, prompter });
    expect(prompter.asked).toEqual([SAME]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'Unit 3-2-1201 / phone 138****5678: 1 complaint(s) in the last 12 months\n' +
        '  #1 2026-11-20 Facilities awaiting reply 电梯经常停运\n',
    );
    expect(result.stdout).toBe(
      '#1 is not answered yet (reply by Mon 23 Nov, 24:00): ' +
        'the call is added to it as a note; nothing new was logged\n',
    );
    expect(await h.json(['list'])).toHaveLength(1);
    const shown = await h.json(['show', '1']);
    expect(shown.events.at(-1)).toMatchObject({
      type: 'note',
      details: { text: 'The owner called again: 电梯今天又停了' },
    });
  });

  it('reopens a replied one as a repeat complaint, with a new deadline from the call', async () => {
    const h = await withOne();
    await ok(h, ['reply', '1', '--method', 'phone', '--message', '已修好', '--at', '2026-11-20 15:00']);
    const prompter = scriptedPrompter(['1']);
    const result = await h.run([...newComplaintArgs({ description: '电梯今天又停了' }), '--json'], {
      tty: true,
      prompter,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: 1,
      status: 'received',
      repeatCount: 1,
      replyDueAt: '2026-11-25T00:00:00+08:00',
    });
    const shown = await h.json(['show', '1']);
    expect(shown.events.at(-1)).toMatchObject({
      type: 'reopened',
      actor: 'clerk-a',
      details: { reason: '电梯今天又停了', repeat: 1 },
    });
    expect(await h.json(['list'])).toHaveLength(1);
    expect((await h.json(['report', '--month', '2026-11'])).totals).toMatchObject({ received: 1, repeat: 1 });
  });

  it('logs a new complaint when the clerk answers no', async () => {
    const h = await withOne();
    const prompter = scriptedPrompter(['']);
    const result = await h.run(newComplaintArgs({ description: '楼道灯不亮' }), { tty: true, prompter });
    expect(result.stdout).toBe('#2 received · reply by Tue 24 Nov, 24:00\n');
  });

  it.each([
    ['closed 10 days ago, same category', '2026-11-12 10:00', 'facility', true],
    ['closed 10 days ago, another category', '2026-11-12 10:00', 'fee', false],
    ['closed 31 days ago, same category', '2026-10-22 10:00', 'facility', false],
  ])('%s: asked → %s', async (_, at, category, asked) => {
    const h = harness();
    await ok(h, newComplaintArgs({ at: '2026-10-20 09:00' }));
    await ok(h, ['reply', '1', '--method', 'phone', '--message', '已修好', '--at', at]);
    await ok(h, ['close', '1', '--result', '换了主板', '--cause', 'equipment', '--at', at]);
    const prompter = scriptedPrompter(asked ? [''] : []);
    const subcategory = category === 'fee' ? 'shared' : 'operation';
    const result = await h.run(newComplaintArgs({ category, subcategory, description: '又坏了' }), {
      tty: true,
      prompter,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('#1 2026-10-20');
    expect(prompter.asked).toEqual(asked ? [SAME] : []);
  });

  it('is shown right after the unit and phone are typed, and a repeat needs only what the owner says now', async () => {
    const h = await withOne();
    await ok(h, ['reply', '1', '--method', 'phone', '--message', '已修好', '--at', '2026-11-20 15:00']);
    const prompter = scriptedPrompter(['phone', 'facility', 'operation', '王先生', '3-2-1201', '', '1', '电梯又停了']);
    const result = await h.run(['new'], { tty: true, prompter });
    expect(result.code, result.stderr).toBe(0);
    expect(prompter.asked.slice(5)).toEqual([
      'Phone (Enter to skip)',
      SAME,
      "What is the complaint? (the owner's words)",
    ]);
    expect(result.stdout).toBe('#1 reopened as a repeat complaint (×1) · reply by Tue 24 Nov, 24:00\n');
  });

  it('--repeat-of refuses the fields of a new complaint, which it would not use', async () => {
    const h = harness();
    await h.run([...newComplaintArgs(), '--at', '2026-11-02 09:00']);
    const before = await h.store.events(1);
    expect(
      await h.run(['new', '--repeat-of', '1', '--description', 'y', '--category', 'bogus', '--no-urgent']),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^✗ --repeat-of takes the complaint as it was logged: --category, --no-urgent do not apply/,
      ),
    });
    expect(await h.store.events(1)).toEqual(before);
  });

  it('--repeat-of reopens from flags, and says what is wrong in one line', async () => {
    const h = await withOne();
    await ok(h, ['reply', '1', '--method', 'phone', '--message', '已修好', '--at', '2026-11-20 15:00']);
    const result = await h.run(['new', '--repeat-of', '1', '--description', '电梯又停了']);
    expect(result).toEqual({
      code: 0,
      stdout: '#1 reopened as a repeat complaint (×1) · reply by Tue 24 Nov, 24:00\n',
      stderr: '',
    });
    expect(await h.run(['new', '--repeat-of', '1'])).toMatchObject({
      code: 2,
      stderr: '✗ Missing --description (without a terminal every required field must be given as a flag)\n',
    });
    expect(await h.run(['new', '--repeat-of', '7', '--description', 'x'])).toMatchObject({
      code: 1,
      stderr: '✗ No complaint #7\n',
    });
    expect(await h.run(['new', '--repeat-of', 'x', '--description', 'x'])).toMatchObject({ code: 2 });
    await ok(h, ['void', '1', '--reason', '误登记']);
    const voided = await h.run(['new', '--repeat-of', '1', '--description', 'x']);
    expect(voided.code).toBe(1);
    expect(voided.stderr).toMatch(/^✗ Cannot reopen #1: it is voided/);
  });
});
