// `list --unit`, `--phone`, `--name` and `--search`: an owner's earlier complaints, found while
// they are on the phone.
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';

/**
 * #1 lift (3-2-1201, 138…), #2 water leak with a note and a reply, #3 fee (another owner),
 * #4 closed with a result, #5 a location only, #6 Latin text.
 */
async function seeded(): Promise<Harness> {
  const h = harness();
  const ok = async (args: string[]): Promise<void> => {
    const result = await h.run(args);
    if (result.code !== 0) throw new Error(result.stderr);
  };
  await ok(newComplaintArgs({ at: '2026-11-01 09:00', description: '3号楼电梯经常停运', phone: '+86 138-1234-5678' }));
  await ok(
    newComplaintArgs({ at: '2026-11-02 09:00', description: '卫生间漏水', name: '王女士', phone: '138 1234 5678' }),
  );
  await ok(
    newComplaintArgs({
      at: '2026-11-03 09:00',
      category: 'fee',
      subcategory: 'shared',
      description: '公摊电费偏高',
      name: '李先生',
      unit: '1-1-101',
      phone: '021-87654321 转 12',
    }),
  );
  await ok(
    newComplaintArgs({
      at: '2026-11-04 09:00',
      description: '门禁坏了',
      name: '赵先生',
      unit: '5-1-502',
      phone: '13900001111',
    }),
  );
  await ok(
    newComplaintArgs({
      at: '2026-11-05 09:00',
      description: '路灯不亮',
      location: '地下车库B2',
      name: '钱女士',
      unit: '6-6-606',
      phone: '',
    }),
  );
  await ok(
    newComplaintArgs({
      at: '2026-11-06 09:00',
      description: 'Lift stuck on floor 12',
      name: 'Mr Smith',
      unit: '7-7-707',
      phone: '',
    }),
  );
  await ok(['note', '2', '已通知水电班组上门检修', '--at', '2026-11-02 10:00']);
  await ok(['reply', '2', '--method', 'phone', '--message', '更换了防水层', '--at', '2026-11-02 15:00']);
  await ok(['reply', '4', '--method', 'phone', '--message', '已派人', '--at', '2026-11-04 15:00']);
  await ok(['close', '4', '--result', '更换读卡器主板', '--cause', 'equipment', '--at', '2026-11-05 15:00']);
  return h;
}

const ids = async (h: Harness, flags: string[]): Promise<number[]> =>
  (await h.json(['list', ...flags])).map((c: { id: number }) => c.id);

describe('finding complaints', () => {
  it.each([
    // Chinese substrings of one, two and three or more characters, anywhere in the text.
    [['--search', '梯'], [1]],
    [['--search', '电梯'], [1]],
    [['--search', '停运'], [1]],
    [['--search', '运'], [1]],
    [['--search', '电梯经常'], [1]],
    [['--search', '3号楼电梯经常停运'], [1]],
    [
      ['--search', '电'],
      [3, 2, 1],
    ], // 公摊电费, a note on #2 (水电班组), 电梯
    [['--search', '电梯停'], []],
    // the location, a note, a reply, a result
    [['--search', '车库'], [5]],
    [['--search', 'B2'], [5]],
    [['--search', '库'], [5]],
    [['--search', '水电班组'], [2]],
    [['--search', '防水'], [2]],
    [['--search', '读卡器'], [4]],
    [['--search', '主板'], [4]],
    // any case; several words must all be found, each anywhere
    [['--search', 'lift'], [6]],
    [['--search', 'LIFT STUCK'], [6]],
    [['--search', 'li'], [6]],
    [['--search', '12'], [6]],
    [['--search', '漏水 防水'], [2]],
    [['--search', '漏水 电梯'], []],
    [['--search', '检修 防水层'], [2]],
    [['--search', '"'], []],
    [['--search', 'NOT'], []],
    [['--search', 'OR'], [6]], // floor: a word of the query language is a word like any other
    [['--search', '%'], []],
  ])('--search %j', async (flags, expected) => {
    expect(await ids(await seeded(), flags)).toEqual(expected);
  });

  it.each([
    [
      ['--unit', '3-2-1201'],
      [2, 1],
    ],
    [['--unit', ' 1-1-101 '], [3]],
    [['--unit', '3-2-120'], []],
    [
      ['--phone', '13812345678'],
      [2, 1],
    ],
    [
      ['--phone', '+86 138 1234 5678'],
      [2, 1],
    ],
    [
      ['--phone', '0086-138-1234-5678'],
      [2, 1],
    ],
    [
      ['--phone', '１３８１２３４５６７８'],
      [2, 1],
    ],
    [['--phone', '021-87654321'], [3]],
    [['--phone', '(021) 8765 4321 转 99'], [3]],
    [['--phone', '13900001111'], [4]],
    [['--phone', '13900001112'], []],
    [
      ['--name', '王'],
      [2, 1],
    ],
    [
      ['--name', '女士'],
      [5, 2],
    ],
    [['--name', 'smith'], []],
    [['--name', 'Smith'], [6]],
  ])('%j', async (flags, expected) => {
    expect(await ids(await seeded(), flags)).toEqual(expected);
  });

  it.each([
    [['--unit', '3-2-1201', '--search', '漏水'], [2]],
    [['--phone', '13812345678', '--status', 'replied'], [2]],
    [['--name', '王', '--month', '2026-10'], []],
    [['--search', '电', '--category', 'fee'], [3]],
    [['--search', '电', '--category', 'fee', '--phone', '13812345678'], []],
    [['--search', '更换', '--status', 'closed'], [4]],
    [
      ['--search', '更换', '--owner', 'clerk-a', '--channel', 'phone'],
      [4, 2],
    ],
  ])('filters combine: %j', async (flags, expected) => {
    expect(await ids(await seeded(), flags)).toEqual(expected);
  });

  it('keeps the index current: a new note is found at once, and export finds what list finds', async () => {
    const h = await seeded();
    expect(await ids(h, ['--search', '物业经理'])).toEqual([]);
    await h.run(['note', '3', '物业经理回电', '--at', '2026-11-03 10:00']);
    expect(await ids(h, ['--search', '物业经理'])).toEqual([3]);
    expect(await ids(h, ['--search', '经理'])).toEqual([3]);
    const exported = await h.run(['export', '--format', 'json', '--search', '经理']);
    expect(JSON.parse(exported.stdout).map((c: { id: number }) => c.id)).toEqual([3]);
  });

  it('finds on a terminal and in lines for scripts too', async () => {
    const h = await seeded();
    const screen = await h.run(['list', '--search', '漏水'], { tty: true });
    expect(screen.stdout).toContain('王女士');
    expect(screen.stdout).not.toContain('李先生');
    const lines = await h.run(['list', '--phone', '021 8765 4321']);
    expect(
      lines.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split('\t')[0]),
    ).toEqual(['3']);
  });

  it.each([
    [['--phone', '12'], 'Malformed phone number "12"'],
    [['--search', '  '], '--search is empty'],
    [['--unit', ''], '--unit is empty'],
    [['--name', ' '], '--name is empty'],
  ])('refuses %j with exit 2', async (flags, words) => {
    const result = await (await seeded()).run(['list', ...flags]);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toContain(words);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('a big import', () => {
  it('is indexed for --search in one pass at its end, and the index is kept current after it', async () => {
    const h = harness();
    const rows = ['受理时间,渠道,类别,业主,房号,内容'];
    for (let index = 0; index < 10_050; index += 1) {
      const minutes = String(index % 60).padStart(2, '0');
      const hour = String(8 + (Math.floor(index / 60) % 10)).padStart(2, '0');
      const day = String(1 + (Math.floor(index / 600) % 28)).padStart(2, '0');
      rows.push(`2026-10-${day} ${hour}:${minutes},电话,收费,业主${index},1-1-${index},第${index}号投诉：水费偏高`);
    }
    h.files.set('big.csv', rows.join('\n') + '\n');
    const imported = await h.run(['import', 'big.csv', '--commit']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(
      (await h.json(['list', '--search', '第10040号'])).map(
        (c: { name: string; complainant: { name: string } }) => c.complainant.name,
      ),
    ).toEqual(['业主10040']);
    expect(await h.json(['list', '--search', '水费', '--limit', '0'])).toHaveLength(10_050);
    await h.run(newComplaintArgs({ description: '导入后登记的电梯故障' }));
    expect((await h.json(['list', '--search', '导入后'])).map((c: { id: number }) => c.id)).toEqual([10_051]);
  }, 60_000);
});
