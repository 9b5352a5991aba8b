// The manual cannot drift: every example of output in docs/ is what the program prints now
// (scripts/docs.mjs makes them from a fixture office), and a page that differs is caught.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'scripts', 'docs.mjs');
const check = (...args: string[]) => spawnSync(process.execPath, [script, '--check', ...args], { encoding: 'utf8' });

describe('the manual in docs/', () => {
  it('shows what the program prints now (npm run docs remakes it)', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // And it has examples to keep current.
    expect(readFileSync(join(root, 'docs', 'report.md'), 'utf8')).toContain('<!-- output: report --month 2026-11');
  });

  it('names a page whose example no longer matches', () => {
    const folder = mkdtempSync(join(tmpdir(), 'complaint-docs-check-'));
    copyFileSync(join(root, 'docs', 'deadlines.md'), join(folder, 'deadlines.md'));
    const page = readFileSync(join(folder, 'deadlines.md'), 'utf8');
    writeFileSync(join(folder, 'deadlines.md'), page.replace('10W', '10 '));
    const result = check('--docs', folder);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('docs/deadlines.md differs from what the program prints now');
  });
});
