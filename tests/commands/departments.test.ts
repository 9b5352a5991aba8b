// 督促有关部门限时处理: a department's group robot (config notify.<department>) is told of the
// promises made in its name — falling due soon, late, and again while late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';
import type { WebhookServer } from '../support/webhook-server.js';
import { postForReal, webhookServer } from '../support/webhook-server.js';

let server: WebhookServer;
beforeAll(async () => (server = await webhookServer()));
afterAll(() => server.close());

async function cron(h: Harness, at: string, args: string[]) {
  h.now = new Date(`${at.replace(' ', 'T')}:00+08:00`);
  return h.run(['overdue', ...args, '--at', at]);
}
const ids = (bodies: any[]) => bodies.map((body) => body.alerts.map((alert: any) => alert.alertId));

/** #1 escalated to 工程部, promised end of Wed 11-25; #2 escalated to 环境部 (no robot), promised the same. */
async function office(path: string): Promise<Harness> {
  const h = harness({ now: '2026-11-23T02:00:00Z' });
  postForReal(h);
  expect((await h.run(['config', 'notify.工程部', server.url(path)])).code).toBe(0);
  await h.run(newComplaintArgs({ at: '2026-11-23 09:00' }));
  await h.run(['escalate', '1', '--to', '工程部', '--promise', '2026-11-25', '--message', '需订购配件']);
  await h.run(newComplaintArgs({ at: '2026-11-23 09:10', name: '李女士' }));
  await h.run(['escalate', '2', '--to', '环境部', '--promise', '2026-11-25']);
  return h;
}

describe('config notify.<department>', () => {
  it('takes a department of the list and a webhook; lists it with its key hidden; "" stops it', async () => {
    const h = harness();
    expect(
      (await h.run(['config', 'notify.工程部', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET'])).stderr,
    ).toBe('notify.工程部 = https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…\n');
    expect((await h.run(['config', 'notify.工程部'])).stdout).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET\n',
    );
    expect((await h.run(['config'])).stdout).toContain(
      'notify.工程部=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…\n',
    );
    expect((await h.run(['config'])).stdout).not.toContain('SECRET');
    const unknown = await h.run(['config', 'notify.保洁部', 'https://example.org/hook']);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr:
        '✗ Unknown department "保洁部" in notify.保洁部; accepted: 工程部, 客服部, 秩序维护部, 环境部, 财务部 (config departments)\n',
    });
    expect((await h.run(['config', 'notify.工程部', 'robot'])).code).toBe(2);
    expect((await h.run(['config', 'notify.工程部', ''])).code).toBe(0);
    expect((await h.run(['config'])).stdout).not.toContain('notify.');
  });
});

describe('overdue chases the department that promised', () => {
  it('due soon, then late, then reminded — only to the department that made the promise', async () => {
    const path = '/engineering';
    const h = await office(path);
    const line = ['--notify', server.url('/office'), '--soon', '24', '--remind-every', '1d'];
    await cron(h, '2026-11-24 10:00', line); // the promise is 38 h away: not yet
    expect(server.received(path)).toEqual([]);
    await cron(h, '2026-11-25 09:00', line); // 15 h away: due soon
    await cron(h, '2026-11-25 09:05', line);
    expect(
      server.received(path).map((body) => body.alerts.map((alert: any) => [alert.id, alert.deadline, alert.hoursLate])),
    ).toEqual([[[1, 'promise', -15]]]);
    await cron(h, '2026-11-26 09:00', line); // late
    await cron(h, '2026-11-26 12:00', line);
    await cron(h, '2026-11-27 09:00', line); // a day later: reminded
    expect(ids(server.received(path))).toEqual([
      ['1:promise:2026-11-25T16:00:00.000Z'],
      ['1:promise:2026-11-25T16:00:00.000Z'],
      ['1:promise:2026-11-25T16:00:00.000Z:r1'],
    ]);
    expect(server.received(path)[0].title).toBe('Deadlines falling due soon: 1');
    expect(server.received(path)[2].title).toBe('Complaints past their deadline: 1');
    // The office's own webhook had both late promises (and the replies), as before.
    expect(ids(server.received('/office')).flat()).toContain('2:promise:2026-11-25T16:00:00.000Z');
    const history = (await h.json(['show', '1'])).events.filter((event: any) => event.type === 'reminded');
    expect(history.map((event: any) => event.details)).toContainEqual({
      deadline: 'promise',
      dueAt: '2026-11-26T00:00:00+08:00',
      round: 1,
      department: '工程部',
    });
    // Solved: no more.
    await h.run(['close', '1', '--result', '已更换配件', '--cause', 'equipment']);
    await cron(h, '2026-11-28 09:00', line);
    expect(server.received(path)).toHaveLength(3);
  });

  it('a failed post to the department is retried by the next run', async () => {
    const path = '/engineering-retry';
    const h = await office(path);
    server.answer(path, 500);
    const failed = await cron(h, '2026-11-26 09:00', ['--notify', server.url('/office-2')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`could not deliver 1 alert(s) to ${server.url(path)}`);
    server.answer(path, 200);
    await cron(h, '2026-11-26 09:05', ['--notify', server.url('/office-2')]);
    await cron(h, '2026-11-26 09:10', ['--notify', server.url('/office-2')]);
    expect(ids(server.received(path))).toEqual([['1:promise:2026-11-25T16:00:00.000Z']]);
  });
});
