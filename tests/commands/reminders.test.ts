// Reminders that repeat and climb (overdue --remind-every, --escalate-after/--escalate-to) and the
// daily digest (overdue --digest), stepping through time with --at; every post goes through the
// program's HTTP client to a webhook on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';
import type { WebhookServer } from '../support/webhook-server.js';
import { postForReal, webhookServer } from '../support/webhook-server.js';

let server: WebhookServer;
beforeAll(async () => (server = await webhookServer()));
afterAll(() => server.close());

/** Runs the cron line at office time `at` (the clock set to it too: flags record only the past). */
async function cron(h: Harness, at: string, args: string[]) {
  h.now = new Date(`${at.replace(' ', 'T')}:00+08:00`);
  return h.run(['overdue', ...args, '--at', at]);
}
const ids = (bodies: any[]) => bodies.map((body) => body.alerts.map((alert: any) => alert.alertId));

/** #1 (clerk-a) phone Fri 11-20, due end of Mon 11-23; #2 (clerk-b) phone Mon 11-23, due end of Tue 11-24; #3 (clerk-a) letter Mon 11-23, due end of Thu 11-26. */
async function office(): Promise<Harness> {
  const h = harness({ now: '2026-11-23T02:00:00Z' });
  postForReal(h);
  await h.run(newComplaintArgs({ at: '2026-11-20 09:00', name: '王先生' }));
  await h.run([...newComplaintArgs({ at: '2026-11-23 09:00', name: '李女士' }), '--as', 'clerk-b']);
  await h.run(newComplaintArgs({ at: '2026-11-23 09:30', name: '张先生', channel: 'letter' }));
  return h;
}

describe('overdue --remind-every', () => {
  it('a late item is alerted at t, silent at t+5 min, reminded at t+interval, until it is met', async () => {
    const h = await office();
    const hook = '/remind';
    const line = ['--notify', server.url(hook), '--remind-every', '4h'];
    const first = await cron(h, '2026-11-24 09:00', line);
    expect(first.stdout).toBe(
      '#1  reply late by 9 h (due Mon 23 Nov, 24:00) · owner clerk-a · Facilities · 王先生 3-2-1201\n',
    );
    expect(await cron(h, '2026-11-24 09:05', line)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await cron(h, '2026-11-24 12:55', line)).toEqual({ code: 0, stdout: '', stderr: '' });
    const again = await cron(h, '2026-11-24 13:00', line);
    expect(again.stdout).toBe(
      '#1  [reminder 1] reply late by 13 h (due Mon 23 Nov, 24:00) · owner clerk-a · Facilities · 王先生 3-2-1201\n',
    );
    expect(ids(server.received(hook))).toEqual([
      ['1:reply:2026-11-23T16:00:00.000Z'],
      ['1:reply:2026-11-23T16:00:00.000Z:r1'],
    ]);
    expect(server.received(hook)[1].alerts[0]).toMatchObject({ id: 1, round: 1, deadline: 'reply' });
    const history = (await h.json(['show', '1'])).events.map((event: any) => event.type);
    expect(history).toEqual(['received', 'flagged-overdue', 'reminded']);
    expect((await h.run(['show', '1'])).stdout).toContain('reminder 1: reply deadline Mon 23 Nov, 24:00 still passed');
    // Met: no more reminders.
    await h.run(['reply', '1', '--method', 'phone', '--message', '已处理']);
    await cron(h, '2026-11-24 17:00', line);
    expect(server.received(hook)).toHaveLength(2);
  });

  it('a reminder whose delivery failed is retried by the next run, once', async () => {
    const h = await office();
    const hook = '/remind-retry';
    const line = ['--notify', server.url(hook), '--remind-every', '1d'];
    await cron(h, '2026-11-24 09:00', line);
    server.answer(hook, 502);
    const failed = await cron(h, '2026-11-25 09:00', line);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('could not deliver 2 alert(s)'); // #1's reminder and #2's first alert
    server.answer(hook, 200);
    expect((await cron(h, '2026-11-25 09:05', line)).code).toBe(0);
    expect(ids(server.received(hook))).toEqual([
      ['1:reply:2026-11-23T16:00:00.000Z'],
      ['2:reply:2026-11-24T16:00:00.000Z', '1:reply:2026-11-23T16:00:00.000Z:r1'],
    ]);
    await cron(h, '2026-11-25 09:10', line);
    expect(server.received(hook)).toHaveLength(2);
  });

  it('--flag alone records and prints reminders for cron mail', async () => {
    const h = await office();
    await cron(h, '2026-11-24 09:00', ['--flag', '--remind-every', '30m']);
    expect((await cron(h, '2026-11-24 09:30', ['--flag', '--remind-every', '30m'])).stdout).toContain(
      '#1  [reminder 1] reply late by 9 h 30 min',
    );
    const json = JSON.parse((await cron(h, '2026-11-24 10:00', ['--flag', '--remind-every', '30m', '--json'])).stdout);
    expect(json.reminded.map((item: any) => [item.id, item.round])).toEqual([[1, 2]]);
  });
});

describe('overdue --escalate-after --escalate-to', () => {
  it('what is late by more than the threshold goes to the second webhook once per deadline', async () => {
    const h = await office();
    const [hook, boss] = ['/team', '/boss'];
    const line = ['--notify', server.url(hook), '--escalate-after', '1', '--escalate-to', server.url(boss)];
    await cron(h, '2026-11-24 09:00', line); // #1 9 h late
    expect(server.received(boss)).toEqual([]);
    await cron(h, '2026-11-25 09:00', line); // #1 1 working day late: not more than 1
    expect(server.received(boss)).toEqual([]);
    const past = await cron(h, '2026-11-26 09:00', line); // #1 2 working days late, #2 1
    expect(past.code).toBe(0);
    expect(ids(server.received(boss))).toEqual([['1:reply:2026-11-23T16:00:00.000Z']]);
    await cron(h, '2026-11-26 09:05', line);
    await cron(h, '2026-11-27 09:00', line); // #2 now 2 working days late
    expect(ids(server.received(boss))).toEqual([
      ['1:reply:2026-11-23T16:00:00.000Z'],
      ['2:reply:2026-11-24T16:00:00.000Z'],
    ]);
    // The team's webhook had each first alert, once.
    expect(ids(server.received(hook)).flat()).toEqual([
      '1:reply:2026-11-23T16:00:00.000Z',
      '2:reply:2026-11-24T16:00:00.000Z',
      '3:reply:2026-11-26T16:00:00.000Z',
    ]);
    expect((await h.run(['show', '1'])).stdout).toContain(
      'sent up to the manager: reply deadline Mon 23 Nov, 24:00 passed 2 working day(s) ago',
    );
  });

  it('a failed escalation is retried by the next run', async () => {
    const h = await office();
    const boss = '/boss-retry';
    const line = ['--flag', '--escalate-after', '0', '--escalate-to', server.url(boss)];
    server.answer(boss, 500);
    expect((await cron(h, '2026-11-25 09:00', line)).code).toBe(1);
    server.answer(boss, 200);
    expect((await cron(h, '2026-11-25 09:05', line)).code).toBe(0);
    expect(ids(server.received(boss))).toEqual([['1:reply:2026-11-23T16:00:00.000Z']]);
  });
});

describe('overdue --digest', () => {
  async function late(): Promise<Harness> {
    const h = await office();
    for (const name of ['赵先生', '钱女士', '孙先生', '周女士'])
      await h.run(newComplaintArgs({ at: '2026-11-19 09:00', name }));
    return h;
  }

  it('groups everything late by owner, with counts and the worst cases', async () => {
    const h = await late();
    // Thu 08:30: a deadline at the end of Fri 11-20 is 3 working days late (Mon–Wed have passed).
    const digest = await cron(h, '2026-11-26 08:30', ['--digest']);
    expect(digest.stdout).toBe(
      [
        'Overdue digest, 2026-11-26 08:30: 6 late',
        '  clerk-a: 5 late (reply 5) · worst: #4 reply late by 3 working days (due Fri 20 Nov, 24:00); #5 reply late by 3 working days (due Fri 20 Nov, 24:00); #6 reply late by 3 working days (due Fri 20 Nov, 24:00)',
        '  clerk-b: 1 late (reply 1) · worst: #2 reply late by 1 working day (due Tue 24 Nov, 24:00)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await cron(h, '2026-11-26 08:30', ['--digest', '--json'])).stdout);
    expect(json.digest.total).toBe(6);
    expect(
      json.digest.owners.map((owner: any) => [
        owner.owner,
        owner.count,
        owner.reply,
        owner.worst.map((item: any) => item.id),
      ]),
    ).toEqual([
      ['clerk-a', 5, 5, [4, 5, 6]],
      ['clerk-b', 1, 1, [2]],
    ]);
    // Printed, the phone numbers are the user's own data, whole as in every --json; posted to a
    // chat group, they are masked.
    expect(json.digest.owners[0].worst[0].complainant.phone).toBe('13812345678');
    const hook = '/digest-json';
    expect((await cron(h, '2026-11-26 08:30', ['--digest', '--notify', server.url(hook), '--json'])).code).toBe(0);
    expect(server.received(hook)[0].digest.owners[0].worst[0].complainant.phone).toBe('138****5678');
    // Nothing recorded: a digest is a summary.
    expect((await h.json(['show', '1'])).flagged).toBe(false);
    expect(await harness().run(['overdue', '--digest'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it("--notify posts the day's digest once; a failed post is retried that day; the next day posts again", async () => {
    const h = await late();
    const hook = '/digest';
    server.answer(hook, 503);
    const failed = await cron(h, '2026-11-26 08:30', [
      '--digest',
      '--notify',
      server.url(hook),
      '--notify-format',
      'wecom',
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('could not deliver the digest to');
    server.answer(hook, 200);
    expect(
      (await cron(h, '2026-11-26 09:30', ['--digest', '--notify', server.url(hook), '--notify-format', 'wecom'])).code,
    ).toBe(0);
    await cron(h, '2026-11-26 10:30', ['--digest', '--notify', server.url(hook), '--notify-format', 'wecom']);
    expect(server.received(hook)).toHaveLength(1);
    expect(server.received(hook)[0].markdown.content.split('\n')[0]).toBe(
      '### Overdue digest, 2026-11-26 09:30: 6 late',
    );
    await cron(h, '2026-11-27 08:30', ['--digest', '--notify', server.url(hook), '--notify-format', 'wecom']);
    expect(server.received(hook)).toHaveLength(2);
  });

  it("stays within the robot's size limit, counting the owners that did not fit", async () => {
    const h = harness({ now: '2026-11-30T02:00:00Z' });
    postForReal(h);
    for (let clerk = 0; clerk < 80; clerk += 1)
      await h.run([
        ...newComplaintArgs({ at: '2026-11-19 09:00', description: '漏水'.repeat(20) }),
        '--as',
        `客服${clerk}号-值班员`,
      ]);
    const hook = '/digest-big';
    await h.run(['overdue', '--digest', '--notify', server.url(hook), '--notify-format', 'wecom']);
    const content: string = server.received(hook)[0].markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4_000);
    expect(content).toMatch(/… and \d+ more owners: `complaint overdue` lists every late item$/);
  });
});

describe('bad usage is exit 2 and records nothing', () => {
  it.each([
    [['--flag', '--remind-every', '4 hours'], 'Interval "4 hours" not understood'],
    [['--flag', '--remind-every', '1m'], 'Interval "1m" not understood'],
    [['--remind-every', '4h'], '--remind-every records reminders: give --flag or --notify with it'],
    [['--flag', '--escalate-after', '2'], '--escalate-after and --escalate-to go together'],
    [
      ['--flag', '--escalate-after', 'two', '--escalate-to', 'http://127.0.0.1:9/x'],
      'Working days "two" not understood',
    ],
    [['--escalate-after', '2', '--escalate-to', 'boss-group'], 'Webhook address "boss-group" not understood'],
    [['--digest', '--flag'], '--digest is a summary on its own'],
  ])('%j', async (args, message) => {
    const h = await office();
    h.now = new Date('2026-11-26T01:00:00Z');
    const result = await h.run(['overdue', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect((await h.store.events(1)).map((event) => event.type)).toEqual(['received']);
  });
});
