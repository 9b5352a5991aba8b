// The completion scripts of the real binary in the real shells: bash loads its script and its
// completion function is asked for candidates, as bash asks it on <Tab>. zsh and fish, where this
// machine has them, parse theirs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');
const folder = mkdtempSync(join(tmpdir(), 'complaint-completion-'));

function script(shell: string): string {
  const result = spawnSync(process.execPath, [bin, 'completion', shell], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', COMPLAINT_LANG: 'en' },
  });
  expect(result.status, result.stderr).toBe(0);
  const file = join(folder, `complaint.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
}

function installed(shell: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
}

/** The candidates bash's <Tab> would offer after `words` (the last one being the word under the cursor). */
function bashCandidates(file: string, words: string[]): string[] {
  const quoted = words.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  const program = `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _complaint; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.split('\n').filter((line) => line !== '');
}

describe('complaint completion bash, loaded in bash', () => {
  const file = script('bash');

  it('completes the command name', () => {
    expect(bashCandidates(file, ['complaint', 'li'])).toEqual(['list']);
    expect(bashCandidates(file, ['complaint', 'c'])).toEqual(['close', 'config', 'calendar', 'completion']);
    expect(bashCandidates(file, ['complaint', '--db', 'office.db', 're'])).toEqual([
      'revisit',
      'reply',
      'reopen',
      'report',
      'restore',
    ]);
  });

  it('completes an option of list', () => {
    expect(bashCandidates(file, ['complaint', 'list', '--se'])).toEqual(['--search']);
    expect(bashCandidates(file, ['complaint', 'list', '--open', '--o'])).toEqual([
      '--open',
      '--owner',
      '--overdue',
      '--office',
    ]);
    expect(bashCandidates(file, ['complaint', 'list', '--'])).toEqual(
      expect.arrayContaining(['--status', '--category', '--unit', '--phone', '--json', '--db', '--lang']),
    );
  });

  it('completes the values of --category', () => {
    expect(bashCandidates(file, ['complaint', 'list', '--category', ''])).toEqual([
      'facility',
      'service',
      'fee',
      'incident',
    ]);
    expect(bashCandidates(file, ['complaint', 'new', '--unit', '3-2-1201', '--category', 'f'])).toEqual([
      'facility',
      'fee',
    ]);
    // --category=… : bash splits the word at "="
    expect(bashCandidates(file, ['complaint', 'list', '--category', '=', 'in'])).toEqual(['incident']);
  });

  it('completes subcommands, other codes and setting keys', () => {
    expect(bashCandidates(file, ['complaint', 'calendar', ''])).toEqual(['import', 'set', 'unset', 'help']);
    expect(bashCandidates(file, ['complaint', 'reply', '12', '--method', 'w'])).toEqual(['wechat']);
    expect(bashCandidates(file, ['complaint', 'close', '12', '--result', 'fixed', '--cause', 'e'])).toEqual([
      'equipment',
      'efficiency',
    ]);
    expect(bashCandidates(file, ['complaint', 'config', 'reply-days.'])).toEqual([
      'reply-days.phone',
      'reply-days.visit',
      'reply-days.letter',
      'reply-days.online',
    ]);
    // a category's own sub-categories once it is given; all of them before
    expect(bashCandidates(file, ['complaint', 'new', '--category', 'fee', '--subcategory', ''])).toEqual([
      'shared',
      'special-repair',
      'other',
    ]);
    expect(
      bashCandidates(file, ['complaint', 'edit', '3', '--category', '=', 'incident', '--subcategory', 'l']),
    ).toEqual(['lift-entrapment']);
    expect(bashCandidates(file, ['complaint', 'new', '--subcategory', 's'])).toEqual([
      'safety',
      'shared',
      'special-repair',
    ]);
    // a free value (a unit) offers no codes: bash falls back to file names
    expect(bashCandidates(file, ['complaint', 'new', '--unit', ''])).toEqual([]);
  });
});

describe.each([
  ['zsh', ['-n']],
  ['fish', ['--no-execute']],
])('complaint completion %s', (shell, check) => {
  const here = installed(shell);
  it.skipIf(!here)(
    here ? `parses (${shell} ${check.join(' ')})` : `parses — skipped: ${shell} is not installed on this machine`,
    () => {
      const result = spawnSync(shell, [...check, script(shell)], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );
});

describe('complaint completion fish, loaded in fish', () => {
  const here = installed('fish');
  it.skipIf(!here)(
    here
      ? 'completes commands, options and codes (complete -C)'
      : 'completes — skipped: fish is not installed on this machine',
    () => {
      const file = script('fish');
      const candidates = (line: string): string[] => {
        const result = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], {
          encoding: 'utf8',
        });
        expect(result.stderr).toBe('');
        return result.stdout
          .split('\n')
          .filter((entry) => entry !== '')
          .map((entry) => entry.split('\t')[0]!);
      };
      expect(candidates('complaint li')).toEqual(['list']);
      expect(candidates('complaint list --se')).toEqual(['--search']);
      expect(candidates('complaint list --category ')).toEqual(['facility', 'fee', 'incident', 'service']);
      expect(candidates('complaint new --category fee --subcategory ')).toEqual(['other', 'shared', 'special-repair']);
      expect(candidates('complaint calendar ')).toEqual(['help', 'import', 'set', 'unset']);
    },
  );
});
