// The return visit (回访): a third clock started by closing, `complaint revisit`, and what follows
// from the owner's answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs, scriptedPrompter } from '../support/harness.js';
import type { WebhookServer } from '../support/webhook-server.js';
import { postForReal, webhookServer } from '../support/webhook-server.js';

let server: WebhookServer;
beforeAll(async () => (server = await webhookServer()));
afterAll(() => server.close());

/** #1 phone Mon 11-23 09:00, replied at once, closed Mon 11-23 10:00: return visit due end of Thu 11-26. */
async function closedOne(now = '2026-11-23T02:00:00Z'): Promise<Harness> {
  const h = harness({ now });
  await h.run(newComplaintArgs({ at: '2026-11-23 09:00' }));
  await h.run([
    'reply',
    '1',
    '--method',
    'phone',
    '--message',
    '已修复',
    '--satisfaction',
    'basic',
    '--at',
    '2026-11-23 09:30',
  ]);
  const closed = await h.run([
    'close',
    '1',
    '--result',
    '更换控制板',
    '--cause',
    'equipment',
    '--at',
    '2026-11-23 10:00',
  ]);
  expect(closed.stderr).toBe('✓ #1 closed and archived; return visit due by Thu 26 Nov, 24:00.\n');
  return h;
}

describe('closing starts the return-visit clock', () => {
  it('revisit-days working days after the closing (default 3), counted as a reply deadline is', async () => {
    const h = await closedOne();
    expect(await h.json(['show', '1'])).toMatchObject({
      status: 'closed',
      revisitDueAt: '2026-11-27T00:00:00+08:00',
      revisitedAt: null,
      revisitOnTime: null,
      revisitSatisfaction: null,
    });
    const shown = (await h.run(['show', '1'])).stdout;
    expect(shown).toContain('Return visit by');
    expect(shown).toContain('closed: 更换控制板 · cause: Service equipment · return visit by Thu 26 Nov, 24:00');
  });

  it('over a holiday: closed on the eve of National Day 2025, due end of the make-up Saturday 10-11', async () => {
    const h = harness({ now: '2025-10-20T02:00:00Z' });
    await h.run(newComplaintArgs({ at: '2025-09-30 09:00' }));
    await h.run(['reply', '1', '--method', 'phone', '--message', '已修复', '--at', '2025-09-30 09:30']);
    expect(
      await h.json(['close', '1', '--result', '修复', '--cause', 'none', '--at', '2025-09-30 10:00']),
    ).toMatchObject({ revisitDueAt: '2025-10-12T00:00:00+08:00' });
  });

  it('config revisit-days 0 keeps no clock; a bad value is refused and changes nothing', async () => {
    const h = harness();
    const bad = await h.run(['config', 'revisit-days', 'three']);
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr:
        '✗ Return-visit days "three" not understood; accepted: a whole number of working days from 0 (no return-visit clock) to 60\n',
    });
    expect((await h.run(['config', 'revisit-days'])).stdout).toBe('3\n');
    expect((await h.run(['config', 'revisit-days', '0'])).code).toBe(0);
    await h.run(newComplaintArgs({ at: '2026-11-23 09:00' }));
    await h.run(['reply', '1', '--method', 'phone', '--message', '已修复', '--at', '2026-11-23 09:30']);
    const closed = await h.run(['close', '1', '--result', '修复', '--cause', 'none', '--at', '2026-11-23 09:40']);
    expect(closed.stderr).toBe('✓ #1 closed and archived.\n');
    expect((await h.json(['show', '1'])).revisitDueAt).toBeNull();
    // A return visit may still be recorded: it counts, without a clock to be on time for.
    expect(await h.json(['revisit', '1', '--method', 'phone', '--satisfaction', 'satisfied'])).toMatchObject({
      revisitedAt: '2026-11-23T10:00:00+08:00',
      revisitOnTime: null,
    });
  });
});

describe('complaint revisit', () => {
  it('records the return visit; methods and opinions accept the words on screen; the latest opinion counts', async () => {
    const h = await closedOne();
    h.now = new Date('2026-11-25T02:00:00Z');
    const done = await h.run(['revisit', '1', '--method', '电话', '--satisfaction', '满意', '--note', '电梯运行正常']);
    expect(done).toEqual({ code: 0, stdout: '', stderr: '✓ #1 return visit recorded: owner satisfied.\n' });
    const shown = await h.json(['show', '1']);
    expect(shown).toMatchObject({
      satisfaction: 'satisfied',
      revisitedAt: '2026-11-25T10:00:00+08:00',
      revisitOnTime: true,
      revisitSatisfaction: 'satisfied',
    });
    expect(shown.events.at(-1)).toMatchObject({
      type: 'revisited',
      details: { method: 'phone', satisfaction: 'satisfied', note: '电梯运行正常', firstRevisit: true, onTime: true },
    });
    expect((await h.run(['show', '1'])).stdout).toContain('return visit by phone: owner satisfied: 电梯运行正常');
    expect((await h.run(['show', '1'], { env: { COMPLAINT_LANG: 'zh' } })).stdout).toContain(
      '回访（电话）：业主满意：电梯运行正常',
    );
    // A second call is history; the owner's newest opinion is the one that counts.
    await h.run(['revisit', '1', '--method', 'wechat', '--satisfaction', 'basic']);
    expect(await h.json(['show', '1'])).toMatchObject({
      satisfaction: 'basic',
      revisitedAt: '2026-11-25T10:00:00+08:00',
      revisitSatisfaction: 'satisfied',
    });
  });

  it('a late return visit is recorded and said late', async () => {
    const h = await closedOne('2026-11-30T02:00:00Z');
    const late = await h.run([
      'revisit',
      '1',
      '--method',
      'phone',
      '--satisfaction',
      'basic',
      '--at',
      '2026-11-27 09:00',
    ]);
    expect(late.stderr).toBe('✓ #1 return visit recorded, late (due Thu 26 Nov, 24:00): owner basically satisfied.\n');
    expect((await h.json(['show', '1'])).revisitOnTime).toBe(false);
  });

  it.each([
    [
      ['revisit', '1', '--method', 'phone', '--satisfaction', 'happy'],
      'Unknown satisfaction "happy"; accepted: satisfied, basic, dissatisfied',
    ],
    [
      ['revisit', '1', '--method', 'fax', '--satisfaction', 'satisfied'],
      'Unknown reply method "fax"; accepted: phone, letter, in-person, wechat, sms, email',
    ],
    [['revisit', '1', '--method', 'phone'], 'Missing --satisfaction <opinion>'],
    [
      ['revisit', '1', '--method', 'phone', '--satisfaction', 'satisfied', '--at', '2026-11-23 09:50'],
      '--at is before #1 became closed; give a later time',
    ],
  ])('refuses %j with exit 2, changing nothing', async (args, message) => {
    const h = await closedOne();
    const before = (await h.store.events(1)).length;
    const result = await h.run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await h.store.events(1)).toHaveLength(before);
  });

  it('a complaint not closed has no return visit yet: exit 1', async () => {
    const h = harness();
    await h.run(newComplaintArgs({ at: '2026-11-23 09:00' }));
    const result = await h.run(['revisit', '1', '--method', 'phone', '--satisfaction', 'satisfied']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: '✗ Cannot revisit #1: it is awaiting reply; allowed now: note, visit, reply, escalate, assign, void\n',
    });
  });

  it('a dissatisfied owner: says how to reopen; on a terminal offers it and reopens as a repeat complaint', async () => {
    const h = await closedOne();
    const quiet = await h.run(['revisit', '1', '--method', 'phone', '--satisfaction', 'dissatisfied']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toContain(
      'The owner is still dissatisfied. To take it up again as a repeat complaint (二次投诉): complaint reopen 1 --reason "…"',
    );
    expect((await h.json(['show', '1'])).status).toBe('closed');

    const prompter = scriptedPrompter(['yes', '电梯仍有异响']);
    const offered = await h.run(['revisit', '1', '--method', 'phone', '--satisfaction', 'dissatisfied'], {
      tty: true,
      prompter,
    });
    expect(offered.code).toBe(0);
    expect(prompter.asked).toEqual([
      'Reopen #1 now as a repeat complaint?',
      'What is the owner still dissatisfied with (the reason)?',
    ]);
    const reopened = await h.json(['show', '1']);
    expect(reopened).toMatchObject({
      status: 'received',
      repeatCount: 1,
      satisfaction: null,
      revisitDueAt: null,
      revisitedAt: null,
    });
    expect(reopened.events.map((event: { type: string }) => event.type).slice(-2)).toEqual(['revisited', 'reopened']);

    const declined = scriptedPrompter(['no']);
    const h2 = await closedOne();
    await h2.run(['revisit', '1', '--method', 'phone', '--satisfaction', 'dissatisfied'], {
      tty: true,
      prompter: declined,
    });
    expect((await h2.json(['show', '1'])).status).toBe('closed');
  });
});

describe('complaint overdue and the return visit', () => {
  it('--at stepping: due soon, then late with deadline "revisit", flagged once, posted once; gone once visited', async () => {
    const h = await closedOne('2026-11-27T02:00:00Z'); // Fri 10:00, the visit was due at the end of Thu
    postForReal(h);
    const soon = await h.json(['overdue', '--soon', '24', '--at', '2026-11-26 12:00']);
    expect(soon.dueSoon.map((item: any) => [item.id, item.deadline, item.dueAt])).toEqual([
      [1, 'revisit', '2026-11-27T00:00:00+08:00'],
    ]);
    expect((await h.run(['overdue', '--at', '2026-11-27 09:00'])).stdout).toBe(
      '#1  return visit late by 9 h (due Thu 26 Nov, 24:00) · owner clerk-a · Facilities · 王先生 3-2-1201\n',
    );

    const hook = '/revisit';
    const first = await h.run(['overdue', '--notify', server.url(hook), '--at', '2026-11-27 10:00']);
    expect(first.stdout).toContain('#1  return visit late by 10 h');
    expect(server.received(hook).map((body) => body.alerts.map((alert: any) => alert.alertId))).toEqual([
      ['1:revisit:2026-11-26T16:00:00.000Z'],
    ]);
    expect((await h.json(['show', '1'])).flagged).toBe(true);
    h.now = new Date('2026-11-27T02:05:00Z');
    expect(await h.run(['overdue', '--notify', server.url(hook), '--at', '2026-11-27 10:05'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(server.received(hook)).toHaveLength(1);

    await h.run(['revisit', '1', '--method', 'phone', '--satisfaction', 'satisfied']);
    expect((await h.json(['overdue'])).overdue).toEqual([]);
    expect((await h.json(['show', '1'])).flagged).toBe(false);
  });

  it('a revisit alert recorded by --flag but visited back before --notify is never posted', async () => {
    const h = await closedOne('2026-11-27T02:00:00Z');
    postForReal(h);
    await h.run(['overdue', '--flag']);
    await h.run(['revisit', '1', '--method', 'phone', '--satisfaction', 'satisfied']);
    h.now = new Date('2026-11-27T02:05:00Z');
    expect(await h.run(['overdue', '--notify', server.url('/revisit-settled')])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(server.received('/revisit-settled')).toEqual([]);
  });
});
