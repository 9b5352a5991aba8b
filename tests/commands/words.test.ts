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

  it('in Chinese too, the accepted values being the words on the screen', async () => {
    const result = await harness().run(['list', '--category', 'servce', '--lang', 'zh']);
    expect(result.stderr).toContain(
      '未知的投诉类别"servce"（是否想输入 service？）；可选：设备设施（facility）、管理服务（service）、收费（fee）、突发事件（incident）',
    );
    const typo = await harness().run(['list', '--channel', '电活', '--lang', 'zh']);
    expect(typo.stderr).toContain('（是否想输入 电话？）');
    const sub = await harness().run([...newComplaintArgs({ category: '收费', subcategory: '公摊费' }), '--lang', 'zh']);
    expect(sub.stderr).toContain('"公摊费"（是否想输入 分摊费？）不是 收费 的子类；可选：分摊费（shared）');
  });

  it('for satisfaction, cause and reply method, in both languages', async () => {
    const h = harness();
    await ok(h, newComplaintArgs({}));
    const english = await h.run(['reply', '1', '--method', 'phone', '--message', 'ok', '--satisfaction', 'satisfed']);
    expect(english).toMatchObject({ code: 2, stdout: '' });
    expect(english.stderr).toContain(
      'Unknown satisfaction "satisfed" (did you mean satisfied?); accepted: satisfied, basic, dissatisfied',
    );
    const chinese = await h.run(['reply', '1', '--method', '电化', '--message', 'ok', '--lang', 'zh']);
    expect(chinese.stderr).toContain('未知回复方式"电化"（是否想输入 电话？）；可选：电话（phone）、书面（letter）');
    const cause = await h.run(['close', '1', '--result', 'ok', '--cause', 'attitud', '--lang', 'zh']);
    expect(cause.stderr).toContain('（是否想输入 attitude？）；可选：服务态度（attitude）');
    expect((await h.json(['show', '1'])).status).toBe('received');
  });

  it("for the other language's word", async () => {
    const result = await harness().run(['list', '--status', '已存']);
    expect(result.stderr).toContain('Unknown status "已存" (did you mean 已存档?)');
  });
});

describe('no message shows a name the user did not type', () => {
  it('an unknown flag is told before a missing one, with the nearest known', async () => {
    const h = harness();
    await ok(h, newComplaintArgs({}));
    const reply = await h.run(['reply', '1', '--method', 'phone', '--text', 'ok']);
    expect(reply).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown option --text') });
    expect(reply.stderr).not.toContain('--message');
    const visit = await h.run(['visit', '1', '--arrive', '2026-11-23 10:02', '--lang', 'zh']);
    expect(visit.stderr).toContain('未知选项 --arrive（是否想输入 --arrived？）');
    // A missing flag with nothing unknown typed is still told as missing.
    expect((await h.run(['reply', '1', '--method', 'phone'])).stderr).toContain('Missing --message');
  });

  it('a time typed with --arrived is named --arrived', async () => {
    const h = harness();
    await ok(h, newComplaintArgs({}));
    const early = await h.run(['visit', '1', '--arrived', '2026-11-01 10:00']);
    expect(early).toMatchObject({ code: 2, stderr: expect.stringContaining('--arrived is before #1 was received') });
    const withAt = await h.run(['visit', '1', '--arrived', '2026-11-23 10:02', '--at', '2026-11-01 10:00']);
    expect(withAt.stderr).toContain('--at is before #1 was received');
  });

  it("an import row names its column as the file heads it, not the program's field", async () => {
    const h = harness();
    const head = '受理时间,渠道,类别,业主,房号,内容,回复时间,满意度\n';
    const row = (description: string, replied: string, satisfaction: string): string =>
      `2026-11-20 09:00,电话,收费,王先生,1-1-101,${description},${replied},${satisfaction}\n`;
    h.files.set(
      'rows.csv',
      head + row('', '', '') + row('多收', '2026-11-19 09:00', '') + row('多收', '', '很好') + row('多收', 'abc', ''),
    );
    for (const lang of ['en', 'zh']) {
      const { stdout } = await h.run(['import', 'rows.csv', '--lang', lang]);
      expect(stdout).not.toMatch(/repliedAt|--description|satisfaction "|description/);
      expect(stdout).toContain(lang === 'zh' ? '第 2 行：内容 为空' : 'row 2: 内容 is empty');
      expect(stdout).toContain(lang === 'zh' ? '第 3 行：回复时间 早于受理时间' : 'row 3: 回复时间 is before');
      expect(stdout).toContain(
        lang === 'zh'
          ? '第 4 行：满意度"很好"无法识别；可填：满意（satisfied）'
          : 'row 4: 满意度 "很好" not understood',
      );
      expect(stdout).toContain(
        lang === 'zh' ? '第 5 行：回复时间 "abc" 不是时间' : 'row 5: 回复时间 "abc" is not a time',
      );
    }
  });
});
