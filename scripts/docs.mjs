// `npm run docs`: the examples in docs/ that show what a command prints are made here, by running
// the built program on a fixture office (made afresh in a temporary folder, every time at a fixed
// time with --at), so the manual cannot drift from the program. A page marks such an example:
//
//   <!-- output: report --month 2026-11 --at "2026-11-30 12:00" -->
//   ```text
//   (made by this script)
//   ```
//   <!-- end output -->
//
// `node scripts/docs.mjs` rewrites the blocks; `--check` changes nothing and exits 1 naming every
// page that differs (tests/e2e/docs.test.ts runs it in `npm test`); `--docs <folder>` reads
// another folder of pages.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const bin = join(root, 'bin', 'complaint');

/** The fixture office: a week of November 2026 at 阳光花园, every time given with --at. */
const FIXTURE = [
  ['config', 'office-name', '阳光花园管理处'],
  [
    'new',
    '--channel',
    'phone',
    '--category',
    'facility',
    '--subcategory',
    'operation',
    '--name',
    '王先生',
    '--unit',
    '3-2-1201',
    '--phone',
    '13812345678',
    '--description',
    '3号楼电梯经常停运',
    '--location',
    '3号楼电梯厅',
    '--at',
    '2026-11-23 09:10',
  ],
  [
    'new',
    '--channel',
    'letter',
    '--category',
    'fee',
    '--subcategory',
    'shared',
    '--name',
    '李女士',
    '--unit',
    '1-1-101',
    '--description',
    '公摊电费偏高',
    '--at',
    '2026-11-20 09:30',
  ],
  [
    'new',
    '--channel',
    'visit',
    '--category',
    'service',
    '--subcategory',
    'attitude',
    '--name',
    '赵先生',
    '--unit',
    '5栋1单元302',
    '--description',
    '门岗态度差',
    '--location',
    '南门岗',
    '--at',
    '2026-11-16 14:00',
  ],
  [
    'new',
    '--channel',
    'phone',
    '--category',
    'incident',
    '--subcategory',
    'flooding',
    '--no-urgent',
    '--name',
    '周女士',
    '--unit',
    '3-1-0102',
    '--description',
    '地下车库积水',
    '--location',
    '地下车库',
    '--at',
    '2026-11-09 08:00',
  ],
  [
    'reply',
    '1',
    '--method',
    'phone',
    '--message',
    '已派人维修',
    '--satisfaction',
    'satisfied',
    '--at',
    '2026-11-23 15:00',
  ],
  ['close', '1', '--result', '更换控制板', '--cause', 'equipment', '--at', '2026-11-24 10:00'],
  [
    'reply',
    '3',
    '--method',
    'in-person',
    '--message',
    '已批评教育当班人员',
    '--satisfaction',
    'basic',
    '--at',
    '2026-11-19 10:00',
  ],
  [
    'escalate',
    '4',
    '--to',
    '工程部',
    '--promise',
    '2026-11-13',
    '--message',
    '排水泵检修',
    '--method',
    'phone',
    '--at',
    '2026-11-09 11:00',
  ],
];

/** "report --month 2026-11 --at \"2026-11-30 12:00\"" → its words, as a shell splits them (double quotes only). */
function words(command) {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]);
}

function complaint(db, args) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmpdir(),
      COMPLAINT_DB: db,
      COMPLAINT_LANG: 'zh',
      COMPLAINT_USER: '李客服',
      NO_COLOR: '1',
    },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`complaint ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

const BLOCK = /(<!-- output: (.+?) -->\n```text\n)([\s\S]*?)(```\n<!-- end output -->)/g;

/** The pages of `folder` as they should be: every marked block filled with what its command prints. */
export function generate(folder) {
  const scratch = mkdtempSync(join(tmpdir(), 'complaint-docs-'));
  try {
    const db = join(scratch, 'office.db');
    for (const args of FIXTURE) complaint(db, args);
    const pages = new Map();
    for (const name of readdirSync(folder)
      .filter((file) => file.endsWith('.md'))
      .sort()) {
      const text = readFileSync(join(folder, name), 'utf8');
      pages.set(name, {
        text,
        made: text.replace(BLOCK, (_, open, command, _old, close) => open + complaint(db, words(command)) + close),
      });
    }
    return pages;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--docs');
  const folder = at > 0 ? process.argv[at + 1] : join(root, 'docs');
  const pages = generate(folder);
  const stale = [...pages].filter(([, page]) => page.made !== page.text).map(([name]) => name);
  if (process.argv.includes('--check')) {
    for (const name of stale) console.error(`docs/${name} differs from what the program prints now: run npm run docs`);
    process.exitCode = stale.length > 0 ? 1 : 0;
  } else {
    for (const name of stale) writeFileSync(join(folder, name), pages.get(name).made);
    console.error(stale.length === 0 ? 'docs: every example is current' : `docs: remade ${stale.join(', ')}`);
  }
}
