// The files the program may touch, through the real binary: only its own database, never a file
// it did not create.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'complaint-files-'));
}

function complaint(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), XDG_DATA_HOME: join(tempDir(), 'data'), COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-a', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const newArgs = ['new', '--channel', 'phone', '--category', 'facility', '--name', '王先生', '--unit', '1-1-101', '--description', '电梯停运'];

describe('--db names only a complaint database', () => {
  it("refuses another program's SQLite file and leaves it byte for byte unchanged", () => {
    const folder = tempDir();
    const other = join(folder, 'accounts.db');
    const db = new Database(other);
    db.exec("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO ledger (amount) VALUES (12.5)");
    db.close();
    const before = readFileSync(other);
    for (const args of [newArgs, ['list'], ['overdue'], ['report', '--month', '2026-11'], ['config', 'timezone', 'UTC'], ['doctor']]) {
      const result = complaint(['--db', other, ...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toContain('database of another program');
      expect(result.stdout).toBe('');
    }
    expect(readFileSync(other).equals(before)).toBe(true);
    expect(readdirSync(folder)).toEqual(['accounts.db']);
  });

  it('refuses a database of another program that also sets a schema version', () => {
    const other = join(tempDir(), 'app.db');
    const db = new Database(other);
    db.exec('CREATE TABLE settings (key, value)');
    db.pragma('user_version = 2');
    db.close();
    const before = readFileSync(other);
    const result = complaint(['--db', other, 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('database of another program');
    expect(readFileSync(other).equals(before)).toBe(true);
  });

  it.each([
    ['--db ""', ['--db', ''], {}],
    ['--db of spaces', ['--db', '   '], {}],
    ['--db :memory:', ['--db', ':memory:'], {}],
    ['COMPLAINT_DB of spaces', [], { COMPLAINT_DB: '  ' }],
    ['COMPLAINT_DB=:memory:', [], { COMPLAINT_DB: ':memory:' }],
  ])('refuses %s as a usage error instead of switching to another database', (_, flags, env) => {
    const dataHome = join(tempDir(), 'data');
    const result = complaint([...flags, ...newArgs], { XDG_DATA_HOME: dataHome, ...env });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/names no database file; accepted: the path of a complaint database/);
    expect(existsSync(dataHome)).toBe(false);
  });

  it('takes an empty COMPLAINT_DB as unset (the per-user database), as shells write it', () => {
    const dataHome = join(tempDir(), 'data');
    const result = complaint(newArgs, { XDG_DATA_HOME: dataHome, COMPLAINT_DB: '' });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dataHome, 'complaint', 'complaint.db'))).toBe(true);
  });
});
