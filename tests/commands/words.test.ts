// The words on the screen accepted as input, in both languages, and "did you mean" for a typo.
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';

async function ok(h: Harness, args: string[]): Promise<void> {
  const result = await h.run(args);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
}

describe('labels as input', () => {
  it('new, list, reply and close take the labels shown, in Chinese and English', async () => {
    const h = harness();
    await ok(h, newComplaintArgs({ channel: '电话', category: '收费', subcategory: '公摊费用' }));
    await ok(h, newComplaintArgs({ channel: 'Letter', category: 'Facilities', subcategory: '运行故障' }));
    expect(await h.json(['show', '1'])).toMatchObject({ channel: 'phone', category: 'fee', subcategory: 'shared' });
    expect(await h.json(['show', '2'])).toMatchObject({
      channel: 'letter',
      category: 'facility',
      subcategory: 'operation',
    });
    await ok(h, ['reply', '1', '--method', '电话', '--message', '已解释', '--satisfaction', '基本满意']);
    await ok(h, ['close', '1', '--result', '已解释', '--cause', '服务收费', '--satisfaction', '满意']);
    expect(await h.json(['show', '1'])).toMatchObject({
      status: 'closed',
      cause: 'pricing',
      satisfaction: 'satisfied',
    });
    const ids = async (flags: string[]): Promise<number[]> =>
      (await h.json(['list', ...flags])).map((c: { id: number }) => c.id);
    expect(await ids(['--status', '已存档'])).toEqual([1]);
    expect(await ids(['--status', '待回复,已存档'])).toEqual([2, 1]);
    expect(await ids(['--category', '收费'])).toEqual([1]);
    expect(await ids(['--channel', '来函'])).toEqual([2]);
    await ok(h, ['edit', '2', '--category', '管理服务', '--subcategory', '服务态度']);
    expect(await h.json(['show', '2'])).toMatchObject({ category: 'service', subcategory: 'attitude' });
  });
});

describe('did you mean', () => {
  it.each([
    [['list', '--category', 'servce'], 'Unknown category "servce" (did you mean service?); accepted:'],
    [['list', '--status', 'replyed'], 'Unknown status "replyed" (did you mean replied?); accepted:'],
    [['list', '--channel', 'phnoe'], 'Unknown channel "phnoe" (did you mean phone?); accepted:'],
    [
      ['config', 'reply-day.phone', '2'],
      'Unknown setting "reply-day.phone" (did you mean reply-days.phone?); accepted:',
    ],
    [['list', '--category', 'zzz'], 'Unknown category "zzz"; accepted:'],
  ])('%j', async (args, words) => {
    const result = await harness().run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(words);
  });

  it('in Chinese too', async () => {
    const result = await harness().run(['list', '--category', 'servce', '--lang', 'zh']);
    expect(result.stderr).toContain('未知的投诉类别"servce"（是否想输入 service？）；可选：');
  });
});
