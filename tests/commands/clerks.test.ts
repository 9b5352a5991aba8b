// The clerks list (`config clerks 张三,李四`): --as and assign take only names on it, with "did you
// mean" for a typo, and the interactive new asks who receives the complaint.
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs, scriptedPrompter } from '../support/harness.js';

async function withList() {
  const h = harness();
  expect((await h.run(['config', 'clerks', '张三, 李四，张三'])).code).toBe(0);
  return h;
}

describe('the clerks list', () => {
  it('is a setting, and "" keeps no list', async () => {
    const h = await withList();
    expect((await h.run(['config', 'clerks'])).stdout).toBe('张三,李四\n');
    await h.run(['config', 'clerks', '']);
    expect((await h.run([...newComplaintArgs(), '--as', '任何人'])).code).toBe(0);
  });

  it('refuses a clerk not on it before the first question, not after the owner has answered them all', async () => {
    const h = await withList();
    const prompter = scriptedPrompter([]);
    const refused = await h.run(['new'], { tty: true, prompter, env: { COMPLAINT_USER: '王五' } });
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('"王五" is not on the clerks list') });
    expect(prompter.asked).toEqual([]);
  });

  it("does not stop cron: overdue's flags are the program's own, recorded under the login that runs it", async () => {
    const h = await withList();
    expect((await h.run([...newComplaintArgs(), '--as', '张三', '--at', '2026-11-02 09:00'])).code).toBe(0);
    const flagged = await h.run(['overdue', '--flag']);
    expect(flagged).toMatchObject({ code: 0, stdout: expect.stringContaining('#1') });
    const events = await h.store.events(1);
    expect(events.find((event) => event.type === 'flagged-overdue')?.actor).toBe('clerk-a');
  });

  it('--as takes a name on it; another is refused, with the nearest name', async () => {
    const h = await withList();
    expect(await h.run([...newComplaintArgs(), '--as', '王五'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: '✗ "王五" is not on the clerks list; accepted: 张三, 李四 (the list: complaint config clerks)\n',
    });
    expect((await h.run([...newComplaintArgs(), '--as', '张山'])).stderr).toContain(
      '"张山" (did you mean 张三?) is not on',
    );
    expect(await h.json([...newComplaintArgs(), '--as', '张三'])).toMatchObject({
      id: 1,
      owner: '张三',
      receivedBy: '张三',
    });
    // Reading records nothing: anyone may look.
    expect((await h.run(['list', '--as', '王五'])).code).toBe(0);
    expect((await h.run(['note', '1', '催办', '--as', '王五'])).code).toBe(2);
  });

  it('assign hands over only to a name on it', async () => {
    const h = await withList();
    await h.run([...newComplaintArgs(), '--as', '张三']);
    expect((await h.run(['assign', '1', '李思', '--as', '张三'])).stderr).toBe(
      '✗ "李思" (did you mean 李四?) is not on the clerks list; accepted: 张三, 李四 (the list: complaint config clerks)\n',
    );
    expect((await h.run(['assign', '1', '李四', '--as', '张三'])).code).toBe(0);
    expect((await h.json(['show', '1'])).owner).toBe('李四');
    expect((await h.json(['report', '--month', '2026-11'])).byOwner.map((row: { owner: string }) => row.owner)).toEqual(
      ['李四'],
    );
  });

  it('the interactive new offers the list for the receiver', async () => {
    const h = await withList();
    const prompter = scriptedPrompter([
      '李四',
      'phone',
      'facility',
      'operation',
      '王先生',
      '3-2-1201',
      '',
      '电梯坏了',
      '',
    ]);
    const result = await h.run(['new'], { tty: true, prompter, env: { COMPLAINT_USER: '' } });
    expect(result.code, result.stderr).toBe(0);
    expect(prompter.asked[0]).toBe('Who is receiving it?');
    expect(await h.json(['show', '1'])).toMatchObject({ owner: '李四', receivedBy: '李四' });
  });
});
