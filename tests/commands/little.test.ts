// The little things: export infers its format from the file's name; an import dry run with bad rows
// suggests the command that works.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs, scriptedPrompter } from '../support/harness.js';

describe('export --output', () => {
  it.each([
    ['2026-11.xlsx', 'PK'],
    ['2026-11.CSV', '\uFEFF'],
    ['2026-11.json', '['],
  ])('%s infers the format', async (file, start) => {
    const h = harness();
    await h.run(newComplaintArgs());
    const result = await h.run(['export', '--output', file]);
    expect(result.code, result.stderr).toBe(0);
    const content = h.files.get(file)!;
    const text = typeof content === 'string' ? content : new TextDecoder('latin1').decode(content.subarray(0, 2));
    expect(text.startsWith(start)).toBe(true);
  });

  it('without a format or a known extension says what to give', async () => {
    expect(await harness().run(['export', '--output', 'x.txt'])).toMatchObject({
      code: 2,
      stderr:
        '✗ Cannot tell a format from the extension ".txt" of x.txt; accepted: .csv, .json or .xlsx (or give --format csv|json|xlsx)\n',
    });
    expect(await harness().run(['export', '--output', 'x'])).toMatchObject({
      code: 2,
      stderr: '✗ Give --format csv|json|xlsx, or an --output file ending in .csv, .json or .xlsx\n',
    });
    expect((await harness().run(['export'])).code).toBe(2);
  });
});

describe('an import dry run', () => {
  it('with bad rows suggests --commit --skip-bad; without, --commit', async () => {
    const h = harness();
    const head = '受理时间,渠道,类别,业主,房号,内容\n';
    h.files.set(
      'bad.csv',
      head + '2026-11-20 09:00,电话,收费,王先生,1-1-101,多收\n2026-11-21 09:00,传真,收费,李,1-1-2,多收\n',
    );
    h.files.set('good.csv', head + '2026-11-20 09:00,电话,收费,王先生,1-1-101,多收\n');
    expect((await h.run(['import', 'bad.csv'])).stderr).toBe(
      'Nothing was written. Fix the rows above, or import the others: complaint import bad.csv --commit --skip-bad\n',
    );
    expect((await h.run(['import', 'good.csv'])).stderr).toBe(
      'Nothing was written. To import: complaint import good.csv --commit\n',
    );
  });
});

describe('restore on a terminal', () => {
  it('asks first, "no" being the first choice; --yes does not ask', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'complaint-restore-ask-'));
    const h = harness({ path: join(folder, 'office.db') });
    await h.run(newComplaintArgs());
    expect((await h.run(['backup', join(folder, 'backup.db')])).code).toBe(0);
    await h.run(newComplaintArgs({ description: '备份之后' }));
    const no = scriptedPrompter(['no']);
    const kept = await h.run(['restore', join(folder, 'backup.db')], { tty: true, prompter: no });
    expect(kept).toMatchObject({ code: 0, stderr: 'Nothing was restored.\n' });
    expect(no.asked[0]).toMatch(/^Replace the whole ledger .*office\.db with the backup .*backup\.db\?/);
    expect(await h.json(['list'])).toHaveLength(2);
    const asked = scriptedPrompter([]);
    const restored = await h.run(['restore', join(folder, 'backup.db'), '--yes'], { tty: true, prompter: asked });
    expect(restored.code, restored.stderr).toBe(0);
    expect(asked.asked).toEqual([]);
    expect(await h.json(['list'])).toHaveLength(1);
  });
});
