// Reply methods: phone, letter, in person (当面), WeChat (微信), SMS (短信), email — in reply,
// escalate and import alike.
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs } from '../support/harness.js';

describe('reply methods', () => {
  it.each([
    ['in-person', 'in-person', 'in person'],
    ['当面', 'in-person', 'in person'],
    ['wechat', 'wechat', 'WeChat'],
    ['微信', 'wechat', 'WeChat'],
    ['SMS', 'sms', 'SMS'],
    ['短信', 'sms', 'SMS'],
    ['email', 'email', 'email'],
    ['邮件', 'email', 'email'],
  ])('reply --method %s', async (given, code, words) => {
    const h = harness();
    await h.run(newComplaintArgs());
    const result = await h.run(['reply', '1', '--method', given, '--message', '已处理']);
    expect(result.code, result.stderr).toBe(0);
    expect((await h.json(['show', '1'])).events.at(-1)).toMatchObject({ type: 'replied', details: { method: code } });
    expect((await h.run(['show', '1'])).stdout).toContain(`replied by ${words}: 已处理`);
  });

  it('escalate takes them too, and shows them in Chinese', async () => {
    const h = harness();
    await h.run(newComplaintArgs());
    const result = await h.run([
      'escalate',
      '1',
      '--to',
      '工程部',
      '--promise',
      '2026-11-30',
      '--method',
      '微信',
      '--message',
      '需订购配件',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect((await h.json(['show', '1'])).events.at(-1)).toMatchObject({
      type: 'escalated',
      details: { method: 'wechat' },
    });
  });

  it('import reads them from a ledger', async () => {
    const h = harness();
    h.files.set(
      'ledger.csv',
      '受理时间,渠道,类别,投诉人,房号,投诉内容,回复时间,回复方式,回复内容\n' +
        '2026-11-20 09:00,电话,收费,王先生,1-1-101,多收物业费,2026-11-20 15:00,短信,已退款\n' +
        '2026-11-20 10:00,电话,收费,李女士,1-1-102,多收水费,2026-11-20 16:00,当面,已解释\n',
    );
    const imported = await h.run(['import', 'ledger.csv', '--commit']);
    expect(imported.code, imported.stderr).toBe(0);
    const methods = [1, 2].map(
      async (id) =>
        (await h.json(['show', String(id)])).events.find((e: { type: string }) => e.type === 'replied').details.method,
    );
    expect(await Promise.all(methods)).toEqual(['sms', 'in-person']);
  });

  it('refuses an unknown one, naming what is accepted', async () => {
    const h = harness();
    await h.run(newComplaintArgs());
    const result = await h.run(['reply', '1', '--method', 'wechta', '--message', 'x']);
    expect(result).toMatchObject({
      code: 2,
      stderr:
        '✗ Unknown reply method "wechta" (did you mean wechat?); accepted: phone, letter, in-person, wechat, sms, email\n',
    });
  });
});
