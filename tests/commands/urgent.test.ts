// The urgent track (突发事件): a clock of hours from receipt, marked everywhere, and told at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, newComplaintArgs } from '../support/harness.js';
import type { WebhookServer } from '../support/webhook-server.js';
import { postForReal, webhookServer } from '../support/webhook-server.js';

const flood = (at: string, extra: Record<string, string> = {}) =>
  newComplaintArgs({ category: 'incident', subcategory: 'flooding', description: '楼上溢水', at, ...extra });

let server: WebhookServer;
beforeAll(async () => (server = await webhookServer()));
afterAll(() => server.close());

describe('complaint new --urgent', () => {
  it('an incident is urgent by default: reply within 2 clock hours, through a night and a holiday', async () => {
    const h = harness({ now: '2025-10-02T00:00:00Z' });
    // Tue 2025-09-30 23:30, the eve of National Day: a working-day deadline would wait for Thu 10-09.
    const made = await h.json(flood('2025-09-30 23:30'));
    expect(made).toMatchObject({
      id: 1,
      category: 'incident',
      urgent: true,
      urgentReplyHours: 2,
      replyDueAt: '2025-10-01T01:30:00+08:00',
    });
    const said = await h.run(flood('2025-10-01 03:00'));
    expect(said).toMatchObject({ code: 0, stdout: '#2 received · URGENT · reply within 2 h, by Wed 1 Oct, 05:00\n' });
    const shown = await h.json(['show', '2']);
    expect(shown.events[0]).toMatchObject({
      type: 'received',
      details: { urgentHours: 2, replyDueAt: '2025-10-01T05:00:00+08:00' },
    });
    expect((await h.run(['show', '2'])).stdout).toContain(
      'received (Phone), urgent; reply within 2 hour(s), by Wed 1 Oct, 05:00',
    );
  });

  it('--no-urgent takes an incident off the urgent track; --urgent puts any complaint on it', async () => {
    const h = harness();
    const calm = await h.json([...flood('2026-11-23 09:00'), '--no-urgent']);
    expect(calm).toMatchObject({ urgent: false, urgentReplyHours: null, replyDueAt: '2026-11-25T00:00:00+08:00' });
    const lift = await h.json([...newComplaintArgs({ at: '2026-11-23 09:00' }), '--urgent']);
    expect(lift).toMatchObject({ category: 'facility', urgent: true, replyDueAt: '2026-11-23T11:00:00+08:00' });
    expect(await h.json(newComplaintArgs({ at: '2026-11-23 09:00' }))).toMatchObject({
      urgent: false,
      replyDueAt: '2026-11-25T00:00:00+08:00',
    });
  });

  it('config urgent-reply-hours sets the clock for complaints logged after; a bad value is refused, nothing changed', async () => {
    const h = harness();
    expect((await h.run(['config', 'urgent-reply-hours'])).stdout).toBe('2\n');
    const bad = await h.run(['config', 'urgent-reply-hours', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      '✗ Urgent reply hours "0" not understood; accepted: a number of clock hours greater than 0 and at most 72, such as 2 or 0.5\n',
    );
    expect((await h.run(['config', 'urgent-reply-hours', '2h'])).code).toBe(2);
    expect((await h.run(['config', 'urgent-reply-hours'])).stdout).toBe('2\n');
    const early = await h.json(flood('2026-11-23 09:00'));
    expect((await h.run(['config', 'urgent-reply-hours', '0.5'])).code).toBe(0);
    expect(await h.json(flood('2026-11-23 09:00'))).toMatchObject({
      urgentReplyHours: 0.5,
      replyDueAt: '2026-11-23T09:30:00+08:00',
    });
    // Fixed at intake, as reply days are.
    expect((await h.json(['show', String(early.id)])).replyDueAt).toBe('2026-11-23T11:00:00+08:00');
  });

  it('list and show mark it; lines for scripts end with "urgent"', async () => {
    const h = harness();
    await h.run(flood('2026-11-23 09:00'));
    await h.run(newComplaintArgs({ at: '2026-11-23 09:05' }));
    const table = (await h.run(['list'], { tty: true, columns: 200 })).stdout;
    expect(table.split('\n').find((line) => /^\s*1\s/.test(line))).toContain('urgent');
    expect(table.split('\n').find((line) => /^\s*2\s/.test(line))).not.toContain('urgent');
    const lines = (await h.run(['list'])).stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(lines.map((cells) => [cells[0], cells.at(-1)])).toEqual([
      ['2', ''],
      ['1', 'urgent'],
    ]);
    expect((await h.run(['show', '1'])).stdout.split('\n')[0]).toBe('#1  [URGENT]');
    expect((await h.run(['show', '2'])).stdout.split('\n')[0]).toBe('#2');
    expect((await h.run(['show', '1'], { env: { COMPLAINT_LANG: 'zh' } })).stdout.split('\n')[0]).toBe('#1  【紧急】');
  });

  it('edit: a moved receipt moves the urgent deadline by clock hours; a changed channel does not', async () => {
    const h = harness();
    await h.run(flood('2026-11-23 09:00'));
    expect(await h.json(['edit', '1', '--channel', 'letter'])).toMatchObject({
      urgent: true,
      replyDueAt: '2026-11-23T11:00:00+08:00',
    });
    expect(await h.json(['edit', '1', '--received-at', '2026-11-22 23:00'])).toMatchObject({
      urgent: true,
      replyDueAt: '2026-11-23T01:00:00+08:00',
    });
  });

  it('a reopened urgent complaint is urgent again, on a new clock of hours', async () => {
    const h = harness({ now: '2026-11-23T10:00:00Z' }); // Mon 18:00
    await h.run(flood('2026-11-23 09:00'));
    await h.run(['reply', '1', '--method', 'phone', '--message', '已关阀', '--at', '2026-11-23 10:00']);
    const again = await h.json(['reopen', '1', '--reason', '又漏了', '--at', '2026-11-23 17:00']);
    expect(again).toMatchObject({
      status: 'received',
      urgent: true,
      replyDueAt: '2026-11-23T19:00:00+08:00',
      repeatCount: 1,
    });
  });
});

describe('complaint overdue with urgent complaints', () => {
  it('--soon and lateness treat the urgent deadline like any other; JSON says urgent', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' }); // Mon 10:00
    await h.run(flood('2026-11-23 09:30'));
    await h.run(newComplaintArgs({ at: '2026-11-23 09:40' }));
    const soon = await h.json(['overdue', '--soon', '2', '--at', '2026-11-23 10:00']);
    expect(soon.dueSoon.map((item: any) => [item.id, item.deadline, item.dueAt, item.urgent])).toEqual([
      [1, 'reply', '2026-11-23T11:30:00+08:00', true],
    ]);
    const late = await h.run(['overdue', '--at', '2026-11-23 12:30']);
    expect(late.stdout).toBe(
      '#1  [URGENT] reply late by 1 h (due Mon 23 Nov, 11:30) · owner clerk-a · Incident · 王先生 3-2-1201\n',
    );
  });

  it('--notify posts a new urgent complaint once, on the next run, through the webhook; a failed delivery is retried', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' }); // Mon 10:00
    postForReal(h);
    const hook = '/urgent-once';
    await h.run(flood('2026-11-23 09:58'));
    await h.run(newComplaintArgs({ at: '2026-11-23 09:59' }));
    // The robot is down: nothing counts as sent, exit 1, and the alert waits for the next run.
    server.answer(hook, 500);
    const failed = await h.run(['overdue', '--notify', server.url(hook), '--at', '2026-11-23 10:00']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('could not deliver 1 alert(s)');
    expect(server.received(hook)).toEqual([]);
    // Five minutes later it is back: the urgent complaint is posted, once.
    server.answer(hook, 200);
    h.now = new Date('2026-11-23T02:05:00Z');
    const posted = await h.run(['overdue', '--notify', server.url(hook), '--at', '2026-11-23 10:05']);
    expect(posted).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.received(hook)).toHaveLength(1);
    const [body] = server.received(hook);
    expect(body.title).toBe('New urgent complaints: 1');
    expect(body.alerts).toEqual([
      expect.objectContaining({
        alertId: '1:urgent:2026-11-23T03:58:00.000Z',
        id: 1,
        deadline: 'urgent',
        urgent: true,
        dueAt: '2026-11-23T11:58:00+08:00',
        complainant: { name: '王先生', unit: '3-2-1201', phone: '138****5678' },
      }),
    ]);
    h.now = new Date('2026-11-23T02:10:00Z');
    expect(await h.run(['overdue', '--notify', server.url(hook), '--at', '2026-11-23 10:10'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(server.received(hook)).toHaveLength(1);
    // Past its deadline it is told again, as a late reply, like any other.
    h.now = new Date('2026-11-23T04:00:00Z');
    await h.run(['overdue', '--notify', server.url(hook), '--at', '2026-11-23 12:00']);
    expect(server.received(hook)).toHaveLength(2);
    expect(server.received(hook)[1].alerts.map((alert: any) => [alert.id, alert.deadline])).toEqual([[1, 'reply']]);
  });

  it('--flag prints a new urgent complaint once; one answered before the next run is never posted', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    postForReal(h);
    await h.run(flood('2026-11-23 09:50'));
    const first = await h.run(['overdue', '--flag', '--at', '2026-11-23 10:00']);
    expect(first.stdout).toBe(
      '#1  new urgent complaint: reply due in 1 h 50 min (Mon 23 Nov, 11:50) · owner clerk-a · Incident · 王先生 3-2-1201\n',
    );
    expect((await h.json(['overdue', '--flag', '--at', '2026-11-23 10:00'])).newUrgent).toEqual([]);
    // Answered before any --notify run: the recorded alert is settled, nothing is posted.
    await h.run(['reply', '1', '--method', 'phone', '--message', '已派人']);
    const hook = '/urgent-settled';
    h.now = new Date('2026-11-23T02:05:00Z');
    expect(await h.run(['overdue', '--notify', server.url(hook), '--at', '2026-11-23 10:05'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(server.received(hook)).toEqual([]);
  });

  it('urgent and late alerts in one robot message: the urgent lead, the title counts both', async () => {
    const h = harness({ now: '2026-11-25T02:00:00Z' }); // Wed 10:00
    postForReal(h);
    await h.run(newComplaintArgs({ at: '2026-11-23 09:00' })); // due end of Tue: late
    await h.run(flood('2026-11-25 09:45'));
    const hook = '/urgent-mixed';
    await h.run(['overdue', '--notify', server.url(hook), '--notify-format', 'wecom', '--at', '2026-11-25 10:00']);
    const content: string = server.received(hook)[0].markdown.content;
    expect(content.split('\n').map((line) => line.slice(0, 12))).toEqual([
      '### New urge',
      '- #2  new ur',
      '- #1  reply ',
    ]);
    expect(content.split('\n')[0]).toBe('### New urgent complaints: 1 · past their deadline: 1');
  });
});
