// A company's backlog on the screens: 300,000 overdue complaints must not crash the terminal or
// Markdown report, nor `list --limit 0` on a terminal (a spread of a long array into a function's
// arguments overflows the stack). The rows are copied by SQL: logging them one by one would take minutes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { OVERDUE_SHOWN } from '../../src/ui/report.js';
import { renderTable } from '../../src/ui/table.js';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';

const BACKLOG = 300_000;

describe('the table renderer', () => {
  it('lines up 300,000 rows', () => {
    const rows = Array.from({ length: BACKLOG }, (_, index) => [String(index + 1), index === 7 ? '王先生' : 'x']);
    const lines = renderTable(['#', 'text'], rows).trimEnd().split('\n');
    expect(lines).toHaveLength(BACKLOG + 1);
    expect(lines[0]).toBe('#       text');
    expect(lines[8]).toBe('8       王先生');
  });
});

describe('a backlog of 300,000 overdue complaints', () => {
  // Each command reads 300,000 complaints: seconds each, more on a busy machine.
  const SLOW = 120_000;
  let h: Harness;

  /** One complaint logged, then copied, each copy received (and due) a minute before the one after it. */
  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'complaint-scale-')), 'office.db');
    h = harness({ now: '2026-11-23T02:00:00Z', path });
    const logged = await h.run([...newComplaintArgs(), '--at', '2026-10-01 09:00']);
    expect(logged.code, logged.stderr).toBe(0);
    const db = new Database(path);
    const names = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('complaints') as string[];
    const columns = names.filter((name) => name !== 'id');
    const earlier = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, '-' || n || ' minutes')`;
    const copied = columns.map((column) => {
      const times = ['received_at', 'reply_clock_from', 'reply_due_at', 'status_changed_at'];
      if (times.includes(column)) return earlier(column);
      if (column === 'received_month') return `strftime('%Y-%m', received_at, '-' || n || ' minutes', '+8 hours')`;
      return column;
    });
    db.exec(`WITH RECURSIVE copies(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM copies WHERE n < ${BACKLOG - 1})
      INSERT INTO complaints (${columns.join(', ')})
      SELECT ${copied.join(', ')} FROM copies, complaints WHERE id = 1 ORDER BY n DESC`);
    db.close();
  }, SLOW);

  it(
    'reports the 50 latest to fall overdue on a terminal, and counts the rest',
    async () => {
      const terminal = await h.run(['report', '--month', '2026-11'], { tty: true });
      expect(terminal.code, terminal.stderr).toBe(0);
      const section = terminal.stdout.slice(terminal.stdout.indexOf('6. Overdue follow-ups'));
      const listed = section.split('\n').filter((line) => /^ +\d+ {2}/.test(line));
      expect(listed).toHaveLength(OVERDUE_SHOWN);
      // Most late first, as everywhere: the last is the complaint logged last (#1, due after the October holiday).
      expect(listed.at(-1)).toMatch(/^ +1 {2}reply /);
      const more = `… and ${BACKLOG - OVERDUE_SHOWN} more, overdue longer: \`complaint overdue\` lists them all`;
      expect(section).toContain(`\n  ${more}\n`);
    },
    SLOW,
  );

  it(
    "reports the same 50 in Markdown, in the user's language",
    async () => {
      const markdown = await h.run(['report', '--month', '2026-11', '--md', '--lang', 'zh']);
      expect(markdown.code, markdown.stderr).toBe(0);
      const section = markdown.stdout.slice(markdown.stdout.indexOf('## 六、'));
      expect(section.split('\n').filter((line) => /^\| \d+ \|/.test(line))).toHaveLength(OVERDUE_SHOWN);
      const more = `……另有 ${BACKLOG - OVERDUE_SHOWN} 件超时更久的未列出，运行 \`complaint overdue\` 可看全部`;
      expect(section).toContain(`\n\n${more}\n`);
    },
    SLOW,
  );

  it(
    'keeps every one in JSON and CSV',
    async () => {
      const json = await h.run(['report', '--month', '2026-11', '--json']);
      expect(JSON.parse(json.stdout).overdue).toHaveLength(BACKLOG);
      const csv = await h.run(['report', '--month', '2026-11', '--csv']);
      // Three lines each: dueAt, hoursLate, workingDaysLate.
      expect(csv.stdout.split('\n').filter((line) => line.startsWith('overdue,'))).toHaveLength(3 * BACKLOG);
    },
    SLOW,
  );

  it(
    'lists them all on a terminal with --limit 0',
    async () => {
      const listed = await h.run(['list', '--limit', '0', '--overdue'], { tty: true });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout.trimEnd().split('\n')).toHaveLength(BACKLOG + 1);
    },
    SLOW,
  );
});
