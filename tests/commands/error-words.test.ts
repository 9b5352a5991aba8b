// Refusals that name what was typed, as it was typed, and what is accepted — in both languages.
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs } from '../support/harness.js';

const BELL = 'a\u0007b';

const CASES: Array<[string[], string, string]> = [
  [
    ['config', 'notify.工程', 'https://robot.example/hook'],
    '✗ Unknown department "工程" in notify.工程 (did you mean 工程部?); accepted: 工程部, 客服部, 秩序维护部, 环境部, 财务部 (config departments)\n',
    '✗ notify.工程 中的部门"工程"不在部门列表中（是否想输入 工程部？）；可选：工程部, 客服部, 秩序维护部, 环境部, 财务部（见 config departments）\n',
  ],
  [
    ['config', 'office-name', BELL],
    '✗ office-name contains a control character (U+0007); type plain text\n',
    '✗ office-name 含有控制字符（U+0007）；请输入普通文字\n',
  ],
  [
    ['config', 'departments', BELL],
    '✗ departments contains a control character (U+0007); type plain text\n',
    '✗ departments 含有控制字符（U+0007）；请输入普通文字\n',
  ],
  [['note', '1', ''], '✗ <text> is empty; give some text\n', '✗ <text> 为空；请填写内容\n'],
  [
    ['assign', '1', BELL],
    '✗ <clerk> contains a control character (U+0007); type plain text\n',
    '✗ <clerk> 含有控制字符（U+0007）；请输入普通文字\n',
  ],
  [
    ['export', '--output', 'x.txt'],
    '✗ Cannot tell a format from the extension ".txt" of x.txt; accepted: .csv, .json or .xlsx (or give --format csv|json|xlsx)\n',
    '✗ 无法从 x.txt 的扩展名".txt"判断格式；可选：.csv、.json、.xlsx（或用 --format 指定 csv、json 或 xlsx）\n',
  ],
  [
    ['escalate', '1', '--to', '工程部', '--promise', '2026-11-20'],
    '✗ --promise "2026-11-20" (Fri 20 Nov, 24:00) is not after the escalation of #1 (2026-11-23 10:00); accepted: a date or time after it\n',
    '✗ --promise "2026-11-20"（11月20日（周五）24:00）不晚于 #1 的上报时间（2026-11-23 10:00）；请给出此后的日期或时间\n',
  ],
];

describe('a refusal names the value as typed', () => {
  it.each(CASES)('%j', async (args, en, zh) => {
    for (const [lang, expected] of [
      ['en', en],
      ['zh', zh],
    ] as const) {
      const h = harness();
      expect((await h.run([...newComplaintArgs(), '--at', '2026-11-23 09:00'])).code).toBe(0);
      const refused = await h.run(args, { env: { COMPLAINT_LANG: lang } });
      expect(refused).toEqual({ code: 2, stdout: '', stderr: expected });
      expect(await h.store.events(1)).toHaveLength(1);
    }
  });
});
