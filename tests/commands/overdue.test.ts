import { describe, expect, it, vi } from 'vitest';
import { CLAIM_LEASE_MS, NOTIFY_TIMEOUT_MS } from '../../src/commands/overdue.js';
import { harness, newComplaintArgs } from '../support/harness.js';

const HOOK = 'http://127.0.0.1:9/hook';
const alertIds = (post: { body: string } | undefined): string[] =>
  (JSON.parse(post!.body) as { alerts: Array<{ alertId: string }> }).alerts.map((alert) => alert.alertId);

/** #1 phone Fri 11-20 (due end of Mon 11-23); #2 phone Mon 11-23 09:00 (due end of Tue 11-24); #3 replied. */
async function office() {
  const h = harness({ now: '2026-11-23T02:00:00Z' }); // Mon 10:00 Shanghai
  await h.run(newComplaintArgs({ at: '2026-11-20 09:00', name: '王先生' }));
  await h.run(newComplaintArgs({ at: '2026-11-23 09:00', name: '李女士', category: 'fee', subcategory: 'shared' }));
  await h.run(newComplaintArgs({ at: '2026-11-20 09:30', name: '张先生' }));
  await h.run(['reply', '3', '--method', 'phone', '--message', '已处理']);
  return h;
}

describe('complaint overdue', () => {
  it('prints nothing and exits 0 when nothing is overdue, even with --exit-code', async () => {
    const h = await office();
    expect(await h.run(['overdue', '--exit-code'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('lists reply deadlines passed without a reply; --exit-code exits 3', async () => {
    const h = await office();
    h.now = new Date('2026-11-24T01:00:00Z'); // Tue 09:00: #1 is 9 h late
    expect(await h.run(['overdue'])).toEqual({
      code: 0,
      stdout: '#1  reply late by 9 h (due Mon 23 Nov, 24:00) · owner clerk-a · Facilities · 王先生 3-2-1201\n',
      stderr: '',
    });
    expect((await h.run(['overdue', '--exit-code'])).code).toBe(3);
  });

  it('--soon adds what falls due within that time; --at asks "as of"', async () => {
    const h = await office();
    const report = await h.json(['overdue', '--soon', '48']);
    expect(report).toEqual({
      asOf: '2026-11-23T10:00:00+08:00',
      overdue: [],
      dueSoon: [
        {
          id: 1,
          deadline: 'reply',
          dueAt: '2026-11-24T00:00:00+08:00',
          hoursLate: -14,
          workingDaysLate: 0,
          urgent: false,
          owner: 'clerk-a',
          category: 'facility',
          complainant: { name: '王先生', unit: '3-2-1201', phone: '13812345678' },
        },
        {
          id: 2,
          deadline: 'reply',
          dueAt: '2026-11-25T00:00:00+08:00',
          hoursLate: -38,
          workingDaysLate: 0,
          urgent: false,
          owner: 'clerk-a',
          category: 'fee',
          complainant: { name: '李女士', unit: '3-2-1201', phone: '13812345678' },
        },
      ],
      newUrgent: [],
      reminded: [],
      escalated: [],
    });
    const monday = await h.json(['overdue', '--at', '2026-11-30 09:00']);
    expect(monday.overdue.map((item: { id: number; hoursLate: number }) => [item.id, item.hoursLate])).toEqual([
      [1, 153],
      [2, 129],
    ]);
    // #1 late since the end of Mon 11-23: by Mon 11-30 09:00 Tue–Fri have passed, 4 working days; #2 (Tue): 3.
    expect(
      monday.overdue.map((item: { id: number; workingDaysLate: number }) => [item.id, item.workingDaysLate]),
    ).toEqual([
      [1, 4],
      [2, 3],
    ]);
    expect((await h.run(['overdue', '--at', '2026-11-30 09:00'])).stdout).toContain(
      '#1  reply late by 4 working days (due Mon 23 Nov, 24:00)',
    );
    // Under one working day late, in hours: the same words as list and show.
    expect((await h.run(['overdue', '--at', '2026-11-24 09:00'])).stdout).toContain(
      '#1  reply late by 9 h (due Mon 23 Nov, 24:00)',
    );
  });

  it('lists escalated complaints past their promised date', async () => {
    const h = await office();
    await h.run(['escalate', '3', '--to', '工程部', '--promise', '2026-11-25']);
    h.now = new Date('2026-11-26T01:00:00Z');
    const report = await h.json(['overdue']);
    expect(report.overdue.map((item: { id: number; deadline: string }) => [item.id, item.deadline])).toEqual([
      [1, 'reply'],
      [2, 'reply'],
      [3, 'promise'],
    ]);
  });

  it('--flag records each late deadline once and prints only what is new', async () => {
    const h = await office();
    h.now = new Date('2026-11-24T01:00:00Z');
    const first = await h.run(['overdue', '--flag']);
    expect(first.stdout).toContain('#1  reply late by 9 h');
    expect(await h.run(['overdue', '--flag'])).toEqual({ code: 0, stdout: '', stderr: '' });
    h.now = new Date('2026-11-25T01:00:00Z');
    const third = await h.run(['overdue', '--flag']);
    expect(
      third.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.slice(0, 3)),
    ).toEqual(['#2 ']);
    expect((await h.store.events(1)).filter((event) => event.type === 'flagged-overdue')).toHaveLength(1);
    const shown = await h.json(['show', '1']);
    expect(shown).toMatchObject({ flagged: true, overdue: true });
    expect(shown.events.at(-1)).toMatchObject({
      type: 'flagged-overdue',
      details: { deadline: 'reply', dueAt: '2026-11-24T00:00:00+08:00' },
    });
    expect((await h.run(['list'], { tty: true })).stdout).toContain('flagged overdue');
    expect(
      (await h.json(['overdue', '--flag'])).overdue.map(
        (item: { id: number; flagged: boolean; newlyFlagged: boolean }) => [item.id, item.flagged, item.newlyFlagged],
      ),
    ).toEqual([
      [1, true, false],
      [2, true, false],
    ]);
  });

  it('a reopened complaint with a new deadline can be flagged again', async () => {
    const h = await office();
    h.now = new Date('2026-11-24T01:00:00Z');
    await h.run(['overdue', '--flag']);
    await h.run(['reply', '1', '--method', 'phone', '--message', '已修']);
    await h.run(['reopen', '1', '--reason', '又坏了']);
    h.now = new Date('2026-11-27T01:00:00Z');
    expect((await h.run(['overdue', '--flag'])).stdout).toContain('#1  reply late');
    expect((await h.store.events(1)).filter((event) => event.type === 'flagged-overdue')).toHaveLength(2);
  });

  describe('--notify', () => {
    it('posts new alerts once; a delivered alert is not sent again', async () => {
      const h = await office();
      h.now = new Date('2026-11-24T01:00:00Z');
      expect((await h.run(['overdue', '--notify', 'http://127.0.0.1:9/hook'])).code).toBe(0);
      expect(h.posts).toHaveLength(1);
      expect(JSON.parse(h.posts[0]!.body)).toMatchObject({
        title: 'Complaints past their deadline: 1',
        alerts: [{ id: 1, deadline: 'reply', hoursLate: 9 }],
      });
      await h.run(['overdue', '--notify', 'http://127.0.0.1:9/hook']);
      expect(h.posts).toHaveLength(1);
    });

    it('a failed delivery warns, exits 1, and is retried next run', async () => {
      const h = await office();
      h.now = new Date('2026-11-24T01:00:00Z');
      h.webhook = () => ({ status: 502, body: 'bad gateway' });
      const failed = await h.run(['overdue', '--notify', 'http://127.0.0.1:9/hook']);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toBe(
        'Warning: could not deliver 1 alert(s) to http://127.0.0.1:9/hook (HTTP 502 bad gateway); they will be sent on the next run.\n',
      );
      h.webhook = () => new Error('connect ECONNREFUSED 127.0.0.1:9');
      expect((await h.run(['overdue', '--notify', 'http://127.0.0.1:9/hook'])).stderr).toContain('ECONNREFUSED');
      h.webhook = () => ({ status: 200, body: '' });
      expect((await h.run(['overdue', '--notify', 'http://127.0.0.1:9/hook'])).code).toBe(0);
      expect(h.posts).toHaveLength(3);
      await h.run(['overdue', '--notify', 'http://127.0.0.1:9/hook']);
      expect(h.posts).toHaveLength(3);
    });

    it('speaks the WeCom and DingTalk robot formats, and reads their errcode', async () => {
      const h = await office();
      h.now = new Date('2026-11-24T01:00:00Z');
      await h.run(['config', 'office-name', '阳光花园']);
      h.webhook = () => ({ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
      const refused = await h.run([
        'overdue',
        '--notify',
        'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x',
        '--notify-format',
        'wecom',
        '--lang',
        'zh',
      ]);
      expect(refused.code).toBe(1);
      expect(JSON.parse(h.posts[0]!.body)).toEqual({
        msgtype: 'markdown',
        markdown: {
          content:
            '### 阳光花园 · 投诉超时提醒：1 条\n- #1  回复已超时 9 小时（期限 11月23日（周一）24:00） · 负责人 clerk-a · 设备设施 · 王先生 3-2-1201',
        },
      });
      h.webhook = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
      expect(
        (
          await h.run([
            'overdue',
            '--notify',
            'https://oapi.dingtalk.com/robot/send?access_token=x',
            '--notify-format',
            'dingtalk',
          ])
        ).code,
      ).toBe(0);
      expect(JSON.parse(h.posts[1]!.body)).toMatchObject({
        msgtype: 'markdown',
        markdown: {
          title: '阳光花园 · Complaints past their deadline: 1',
          text: expect.stringContaining('#1  reply late by 9 h'),
        },
      });
    });

    it('keeps a robot message within what WeCom and DingTalk take, counting the alerts that did not fit', async () => {
      for (const [kind, limit, text] of [
        ['wecom', 4096, (body: { markdown: { content: string } }) => body.markdown.content],
        ['dingtalk', 20_000, (body: { markdown: { text: string } }) => body.markdown.text],
      ] as const) {
        const h = await office();
        // The first run after a big ledger import: hundreds of complaints late at once.
        for (let index = 0; index < 300; index += 1)
          await h.run(newComplaintArgs({ at: '2026-11-20 09:00', name: `业主${index}` }));
        h.now = new Date('2026-11-24T01:00:00Z');
        expect(
          (await h.run(['overdue', '--notify', 'https://example.com/robot', '--notify-format', kind, '--lang', 'zh']))
            .code,
        ).toBe(0);
        expect(h.posts).toHaveLength(1);
        const body = h.posts[0]!.body;
        const words = text(JSON.parse(body));
        expect(Buffer.byteLength(kind === 'wecom' ? words : body, 'utf8')).toBeLessThanOrEqual(limit);
        const listed = words.split('\n').filter((line) => line.startsWith('- #')).length;
        expect(listed).toBeGreaterThan(10);
        expect(words).toContain('投诉超时提醒：301 条');
        expect(words.endsWith(`……另有 ${301 - listed} 条，运行 \`complaint overdue\` 可看全部`)).toBe(true);
        // Every one of them was announced (counted): none is posted again.
        await h.run(['overdue', '--notify', 'https://example.com/robot', '--notify-format', kind]);
        expect(h.posts).toHaveLength(1);
      }
    });

    it('each alert of the JSON body carries its alertId, the same when retried, and the phone masked', async () => {
      const h = await office();
      h.now = new Date('2026-11-24T01:00:00Z');
      h.webhook = () => ({ status: 502, body: '' });
      expect((await h.run(['overdue', '--notify', HOOK])).code).toBe(1);
      h.now = new Date('2026-11-25T01:00:00Z'); // a day on: #1 is retried, #2 is new
      h.webhook = () => ({ status: 200, body: '' });
      expect((await h.run(['overdue', '--notify', HOOK])).code).toBe(0);
      expect(alertIds(h.posts[0])).toEqual(['1:reply:2026-11-23T16:00:00.000Z']);
      expect(alertIds(h.posts[1])).toEqual(['1:reply:2026-11-23T16:00:00.000Z', '2:reply:2026-11-24T16:00:00.000Z']);
      const alerts = (JSON.parse(h.posts[1]!.body) as { alerts: Array<{ complainant: unknown }> }).alerts;
      expect(alerts.map((alert) => alert.complainant)).toEqual([
        { name: '王先生', unit: '3-2-1201', phone: '138****5678' },
        { name: '李女士', unit: '3-2-1201', phone: '138****5678' },
      ]);
      for (const post of h.posts) expect(post.body).not.toContain('13812345678');
      // A reopened complaint's new deadline is a new alert, with its own alertId.
      await h.run(['reply', '1', '--method', 'phone', '--message', '已修']);
      await h.run(['reopen', '1', '--reason', '又坏了']);
      h.now = new Date('2026-11-28T01:00:00Z');
      await h.run(['overdue', '--notify', HOOK]);
      expect(alertIds(h.posts[2])).toEqual(['1:reply:2026-11-26T16:00:00.000Z']);
    });

    it("a run started while another posts leaves its alerts; a killed run's are posted once its claim lapses", async () => {
      const h = await office();
      const start = new Date('2026-11-24T01:00:00Z');
      h.now = start;
      let answerFirst: (answer: { status: number; body: string }) => void = () => undefined;
      h.webhook = () => new Promise((resolve) => (answerFirst = resolve));
      const first = h.run(['overdue', '--notify', HOOK]);
      await vi.waitFor(() => expect(h.posts).toHaveLength(1));

      h.webhook = () => ({ status: 200, body: '' });
      expect(await h.run(['overdue', '--notify', HOOK])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(h.posts).toHaveLength(1);
      // The first run is killed: it never marks its alert sent nor gives it back. Until the lease
      // runs out, cron's next runs leave the alert alone.
      h.now = new Date(start.getTime() + CLAIM_LEASE_MS - 60_000);
      expect(await h.run(['overdue', '--notify', HOOK])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(h.posts).toHaveLength(1);
      h.now = new Date(start.getTime() + CLAIM_LEASE_MS);
      expect(await h.run(['overdue', '--notify', HOOK])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(h.posts).toHaveLength(2);
      expect(alertIds(h.posts[1])).toEqual(alertIds(h.posts[0]));
      await h.run(['overdue', '--notify', HOOK]);
      expect(h.posts).toHaveLength(2);
      expect(await h.store.unsentAlerts()).toEqual([]);

      // Had the first run only been slow, its late success changes nothing: the alert is sent once.
      answerFirst({ status: 200, body: '' });
      expect((await first).code).toBe(0);
      expect(h.posts).toHaveLength(2);
    });

    it('a claim outlasts a webhook that takes all its time to answer, many times over', () => {
      expect(CLAIM_LEASE_MS).toBeGreaterThanOrEqual(NOTIFY_TIMEOUT_MS * 30);
    });

    it("a claim is one run's alone, marked sent only by its holder, given back on failure", async () => {
      const h = await office();
      h.now = new Date('2026-11-25T01:00:00Z');
      await h.run(['overdue', '--flag']);
      const lease = new Date(h.now.getTime() + CLAIM_LEASE_MS);
      const claim = async (who: string, at = h.now) =>
        (await h.store.transaction(() => h.store.claimUnsentAlerts(who, at, lease))).map((alert) => alert.id);
      expect(await claim('run-a')).toEqual([1, 2]);
      expect(await claim('run-b')).toEqual([]);
      await h.store.transaction(() => h.store.markAlertsSent([1, 2], h.now, 'run-b'));
      expect((await h.store.unsentAlerts()).map((alert) => alert.id)).toEqual([1, 2]);
      await h.store.transaction(() => h.store.releaseAlerts([2], 'run-a'));
      expect(await claim('run-b')).toEqual([2]);
      await h.store.transaction(() => h.store.markAlertsSent([1, 2], h.now, 'run-a'));
      expect((await h.store.unsentAlerts()).map((alert) => alert.id)).toEqual([2]);
      expect(await claim('run-c', lease)).toEqual([2]);
    });

    it('names the webhook without its credentials or query, and keeps its secrets out of the problem', async () => {
      const h = await office();
      h.now = new Date('2026-11-24T01:00:00Z');
      const secret = 'https://robot:hunter22@hooks.example.com/cgi-bin/webhook/send?key=SECRET-693a&debug=1';
      h.webhook = () => ({ status: 502, body: 'bad gateway' });
      const failed = await h.run(['overdue', '--notify', secret]);
      const shown = 'https://hooks.example.com/cgi-bin/webhook/send?…';
      expect(failed.stderr).toBe(
        `Warning: could not deliver 1 alert(s) to ${shown} (HTTP 502 bad gateway); they will be sent on the next run.\n`,
      );
      // An HTTP library quotes the address it refused; a gateway echoes the key.
      h.webhook = () => new TypeError(`Request cannot be constructed from a URL that includes credentials: ${secret}`);
      const refused = await h.run(['overdue', '--notify', secret, '--lang', 'zh']);
      const quoted = `Request cannot be constructed from a URL that includes credentials: ${shown}`;
      expect(refused.stderr).toBe(`警告：1 条提醒未能送达 ${shown}（${quoted}）；下次运行时重发。\n`);
      h.webhook = () => ({ status: 403, body: 'key SECRET-693a is not allowed; user robot:hunter22' });
      const echoed = await h.run(['overdue', '--notify', secret]);
      expect(echoed.stderr).toContain('(HTTP 403 key … is not allowed; user …:…)');
      for (const { stderr } of [failed, refused, echoed]) {
        for (const leak of ['SECRET', 'hunter22', 'robot', 'key=', 'debug']) expect(stderr).not.toContain(leak);
      }
      const typo = await h.run(['overdue', '--notify', 'hooks.example.org/send?key=SECRET-693a']);
      expect(typo.stderr).toContain('Webhook address "hooks.example.org/send?…" not understood');
      expect(typo.stderr).not.toContain('SECRET');
    });

    it("quotes a webhook's answer escaped, on one line, cut short", async () => {
      const h = await office();
      h.now = new Date('2026-11-24T01:00:00Z');
      const reply = '\x1b[31mDENIED\x1b[0m\nWarning: 9 alert(s) delivered.\r\n\u009b2J\u202eevil' + 'x'.repeat(5000);
      h.webhook = () => ({ status: 400, body: reply });
      const failed = await h.run(['overdue', '--notify', HOOK]);
      expect(failed.code).toBe(1);
      expect(failed.stderr.split('\n')).toEqual([expect.any(String), '']);
      expect(failed.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      const quoted = /\(HTTP 400 (".*")\); they will be sent/.exec(failed.stderr)![1]!;
      const escaped = '"\\u001b[31mDENIED\\u001b[0m\\nWarning: 9 alert(s) delivered.\\r\\n\\u009b2J\\u202eevilxxx';
      expect(quoted.startsWith(escaped)).toBe(true);
      expect(quoted.endsWith('x…"')).toBe(true);
      expect(quoted.length).toBe(200 + 3);
      // A plain answer stays as it is, cut the same way; an empty one is not quoted at all.
      h.webhook = () => ({ status: 503, body: `Service Unavailable ${'y'.repeat(500)}\n` });
      const plain = await h.run(['overdue', '--notify', HOOK]);
      expect(plain.stderr).toContain(`(HTTP 503 Service Unavailable ${'y'.repeat(180)}…); they`);
      h.webhook = () => ({ status: 500, body: '' });
      expect((await h.run(['overdue', '--notify', HOOK])).stderr).toContain(`(HTTP 500); they`);
      h.webhook = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      expect((await h.run(['overdue', '--notify', HOOK])).stderr).toContain('(no answer within 10 s); they');
      expect((await h.run(['overdue', '--notify', HOOK, '--lang', 'zh'])).stderr).toContain('（10 秒内无应答）');
    });

    it('drops an alert whose deadline was met before it could be delivered', async () => {
      const h = await office();
      h.now = new Date('2026-11-24T01:00:00Z');
      h.webhook = () => ({ status: 500, body: '' });
      await h.run(['overdue', '--notify', 'http://127.0.0.1:9/hook']);
      await h.run(['reply', '1', '--method', 'phone', '--message', '已修']);
      h.webhook = () => ({ status: 200, body: '' });
      expect((await h.run(['overdue', '--notify', 'http://127.0.0.1:9/hook'])).code).toBe(0);
      expect(h.posts).toHaveLength(1);
    });
  });

  it.each([
    [['overdue', '--soon', 'two'], 'Hours "two" not understood'],
    [['overdue', '--soon', '-1'], 'Hours "-1" not understood'],
    [['overdue', '--notify', 'hooks.example.org'], 'Webhook address "hooks.example.org" not understood'],
    [
      ['overdue', '--notify', 'http://x', '--notify-format', 'slack'],
      'Notify format "slack" not understood; accepted: json, wecom, dingtalk',
    ],
    [['overdue', '--flag', '--at', '2026-12-01'], '--at "2026-12-01" is in the future'],
  ])('refuses %j with exit 2 and records nothing', async (args, message) => {
    const h = await office();
    const result = await h.run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await h.store.unsentAlerts()).toEqual([]);
  });
});
