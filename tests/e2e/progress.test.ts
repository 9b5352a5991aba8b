// The progress bar through the real binary: drawn on a terminal (a pseudo-terminal) by the
// library loaded only then, cleared before the summary; nothing on stderr when it is a pipe.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');
const ENV = { COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-e2e' };

function complaint(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...ENV, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `argv` run on a pseudo-terminal (stdout and stderr both): its exit code and everything the screen showed. */
function onTerminal(argv: string[], env: Record<string, string>): { code: number; screen: string } {
  const spec = { argv, env: { ...ENV, TERM: 'xterm', COLUMNS: '80', ...env }, steps: [] };
  const drive = spawnSync('python3', [join(root, 'tests', 'support', 'pty-drive.py'), JSON.stringify(spec)], {
    encoding: 'utf8',
  });
  return JSON.parse(drive.stdout) as { code: number; screen: string };
}

/** An office's year of complaints: enough rows that an import takes a few seconds, as a real one does. */
const ROWS = 30_000;

function ledger(): string {
  const lines = ['受理时间,渠道,类别,业主,房号,电话,内容,回复时间,处理结果'];
  for (let index = 0; index < ROWS; index += 1) {
    const month = String(1 + (index % 10)).padStart(2, '0');
    const day = String(1 + (Math.floor(index / 10) % 28)).padStart(2, '0');
    const time = `${9 + (index % 8)}:${String(index % 60).padStart(2, '0')}`;
    lines.push(
      `2026-${month}-${day} ${time},电话,设备设施,业主${index},${1 + (index % 30)}-1-${100 + (index % 900)},,电梯停运 ${index},2026-${month}-${day} 17:00,已修好`,
    );
  }
  return lines.join('\n') + '\n';
}

describe('progress on a terminal', () => {
  it('an import of a year of rows shows its bar on the terminal and clears it; piped, stderr stays empty', () => {
    const folder = mkdtempSync(join(tmpdir(), 'complaint-progress-'));
    const file = join(folder, 'ledger.csv');
    writeFileSync(file, ledger());
    const watched = join(folder, 'watched.db');
    const piped = join(folder, 'piped.db');
    for (const db of [watched, piped])
      expect(complaint(['config', 'timezone', 'Asia/Shanghai'], { COMPLAINT_DB: db }).code).toBe(0);

    const quiet = complaint(['import', file, '--commit'], { COMPLAINT_DB: piped });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain(`${ROWS} row(s)`);

    const outcome = onTerminal([process.execPath, bin, 'import', file, '--commit'], { COMPLAINT_DB: watched });
    expect(outcome.code, outcome.screen).toBe(0);
    const { screen } = outcome;
    expect(screen).toMatch(/Importing rows █*░* \d+% [\d,]+\/30,000/);
    // Cleared (erase line) before the summary, which starts at the left margin of a clean line.
    const cleared = screen.lastIndexOf('\u001b[2K');
    expect(cleared).toBeGreaterThan(0);
    expect(screen.slice(cleared + 4)).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${ROWS} row\\(s\\)`),
    );
    // Every line the bar drew fits 80 columns.
    for (const frame of screen.split('\u001b[1G').filter((part) => part.startsWith('Importing'))) {
      expect(frame.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').length).toBeLessThan(80);
    }

    // Export to a file from the terminal: the data has no trace of a bar, and is what a pipe gets.
    const exported = join(folder, 'out.csv');
    const exportRun = onTerminal(['sh', '-c', `"${process.execPath}" "${bin}" export --format csv > "${exported}"`], {
      COMPLAINT_DB: watched,
    });
    expect(exportRun.code, exportRun.screen).toBe(0);
    expect(readFileSync(exported, 'utf8')).toBe(
      complaint(['export', '--format', 'csv'], { COMPLAINT_DB: piped }).stdout,
    );
  }, 60_000);
});
