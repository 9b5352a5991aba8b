// What a new user ran into when trying the clerk's desk, the cron line and the errors.
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs } from '../support/harness.js';

describe('a unit typed in full-width digits by an input method', () => {
  it("finds the unit's history at intake and in list --unit", async () => {
    const h = harness();
    await h.run(newComplaintArgs({ unit: '3-2-1201', phone: '' }));
    const again = await h.run(newComplaintArgs({ unit: '３－２－１２０１', phone: '' }));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Unit 3-2-1201: 1 complaint(s) in the last 12 months');
    const listed = await h.json(['list', '--unit', '３－２－１２０１']);
    expect(listed.map((complaint: { id: number }) => complaint.id).sort()).toEqual([1, 2]);
  });
});

describe("words in the user's language", () => {
  it('a missing unit or phone is told with "或" in Chinese, "or" in English', async () => {
    const zh = await harness().run(['new', '--channel', 'phone', '--lang', 'zh']);
    expect(zh).toMatchObject({ code: 2 });
    expect(zh.stderr).toContain('--unit 或 --phone');
    expect(zh.stderr).not.toContain(' or ');
    expect((await harness().run(['new', '--channel', 'phone'])).stderr).toContain('--unit or --phone');
  });

  it('a refused action names the status as the screen shows it', async () => {
    const h = harness();
    await h.run(newComplaintArgs({}));
    expect((await h.run(['close', '1', '--result', 'x', '--lang', 'zh'])).stderr).toContain('当前状态为“待回复”');
  });

  it('a department typed short gets "did you mean"', async () => {
    const h = harness();
    await h.run(newComplaintArgs({}));
    const result = await h.run(['escalate', '1', '--to', '工程', '--promise', '2026-11-30', '--lang', 'zh']);
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toContain('未知部门"工程"（是否想输入 工程部？）');
  });
});

describe('the five-minute cron line', () => {
  it('with --flag prints what newly fell late, not what is only due soon at every run', async () => {
    const h = harness({ now: '2026-11-25T04:00:00Z' });
    await h.run([...newComplaintArgs({}), '--at', '2026-11-23 10:00']);
    await h.run([...newComplaintArgs({ channel: 'letter' }), '--at', '2026-11-24 10:00']);
    const first = await h.run(['overdue', '--flag', '--soon', '72']);
    expect(first.stdout).toMatch(/^#1 /);
    expect(first.stdout).not.toContain('#2');
    expect((await h.run(['overdue', '--flag', '--soon', '72'])).stdout).toBe('');
    // Asked by hand, what is due soon is listed.
    expect((await h.run(['overdue', '--soon', '72'])).stdout).toContain('#2');
  });
});
