// What a damaged file, a full disk and a killed restore do to the ledger, through the real binary:
// each told in one plain line, and a restore that can never leave less than one whole ledger.
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');
const newArgs = (name: string): string[] => [
  'new',
  '--channel',
  'phone',
  '--category',
  'facility',
  '--name',
  name,
  '--unit',
  '1-1-101',
  '--phone',
  '13812345678',
  '--description',
  '电梯停运',
  '--at',
  '2026-11-20 09:00',
];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'complaint-restore-'));
}

function environment(db: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: tmpdir(),
    COMPLAINT_DB: db,
    COMPLAINT_LANG: 'en',
    COMPLAINT_USER: 'clerk-a',
  };
}

function complaint(db: string, args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: environment(db) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(db: string, args: string[]): string {
  const result = complaint(db, args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** The complainants' names in the ledger at `path`, or null when it is not a readable complaint database. */
function names(path: string): string[] | null {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT complainant_name FROM complaints ORDER BY id').pluck().all() as string[];
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Two ledgers: the office's current one (3 complaints) and a backup of another moment (2). */
function ledgers(): { folder: string; db: string; backup: string } {
  const folder = tempDir();
  const db = join(folder, 'office.db');
  ok(db, ['config', 'timezone', 'Asia/Shanghai']);
  ok(db, newArgs('备份甲'));
  ok(db, newArgs('备份乙'));
  const backup = join(folder, 'backup.db');
  ok(db, ['backup', backup]);
  ok(db, newArgs('当前丙'));
  return { folder, db, backup };
}

function scribble(path: string, offset: number, length: number): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  closeSync(fd);
}

describe('a damaged database', () => {
  it('is diagnosed by doctor with the command that restores it, and refused by other commands in one line', () => {
    const { db } = ledgers();
    for (let index = 0; index < 30; index += 1) ok(db, newArgs(`业主${index}`));
    // Scribble over every page after the schema's: the complaints' and events' b-trees.
    scribble(db, 4096 * 3, 4096 * 8);

    const doctor = complaint(db, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/✗ SQLite's checks found \d+ problem\(s\)/);
    expect(doctor.stdout).toContain(
      `→ Stop using this file and restore the latest good backup: complaint --db "${db}" restore <backup file>`,
    );
    expect(doctor.stdout).not.toContain('✓ Every complaint has its receipt event');
    const json = JSON.parse(complaint(db, ['doctor', '--json']).stdout);
    expect(json.healthy).toBe(false);
    expect(json.findings.find((finding: { check: string }) => finding.check === 'integrity').level).toBe('problem');

    for (const args of [['list'], ['overdue'], ['show', '5'], newArgs('新业主')]) {
      const result = complaint(db, args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr, args.join(' ')).toBe(
        `✗ The database ${db} is damaged (database disk image is malformed); nothing was changed. See what is wrong: complaint --db "${db}" doctor; then restore the latest backup: complaint --db "${db}" restore <backup file>\n`,
      );
    }
  });

  it('whose first page is damaged is diagnosed too, and restored over', () => {
    const { db, backup } = ledgers();
    scribble(db, 16, 200);
    const doctor = complaint(db, ['doctor', '--json']);
    expect(doctor.code).toBe(1);
    const json = JSON.parse(doctor.stdout);
    expect(json).toMatchObject({ healthy: false, path: db });
    expect(json.findings[0]).toMatchObject({ check: 'integrity', level: 'problem' });
    expect(json.findings[0].fix).toContain('restore');
    expect(complaint(db, ['list']).stderr).toMatch(/^✗ The database .* is damaged/);

    ok(db, ['restore', backup]);
    expect(names(db)).toEqual(['备份甲', '备份乙']);
    expect(complaint(db, ['doctor']).code).toBe(0);
  });
});

describe("a file at the ledger's path that is no database at all", () => {
  it('with its header gone is diagnosed by doctor and restored over', () => {
    const { db, backup } = ledgers();
    scribble(db, 0, 512);
    const doctor = complaint(db, ['doctor', '--json']);
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout).findings[0]).toMatchObject({
      check: 'integrity',
      level: 'problem',
      fix: expect.stringContaining('restore'),
    });
    ok(db, ['restore', backup]);
    expect(names(db)).toEqual(['备份甲', '备份乙']);
  });

  it('that is a text file is not replaced by a restore', () => {
    const { folder, backup } = ledgers();
    const notes = join(folder, 'notes.txt');
    writeFileSync(notes, '值班记录\n');
    const result = complaint(notes, ['restore', backup]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/notes\.txt is not a complaint database, nor a damaged one/);
    expect(readFileSync(notes, 'utf8')).toBe('值班记录\n');
    expect(readdirSync(folder).filter((name) => name.startsWith('notes.txt'))).toEqual(['notes.txt']);
  });
});

describe('backup into a folder', () => {
  it('says a missing folder is missing instead of making a file of its name', () => {
    const { folder, db } = ledgers();
    const result = complaint(db, ['backup', join(folder, 'nightly') + '/']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`✗ No folder ${join(folder, 'nightly')}/; create it first\n`);
    expect(existsSync(join(folder, 'nightly'))).toBe(false);
  });
});

describe('a full disk', () => {
  // A small disk of its own: a tmpfs, where this machine lets a test mount one (CI runs as root).
  const mountPoint = tempDir();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]).status === 0;
  afterAll(() => {
    if (mounted) spawnSync('umount', [mountPoint]);
  });

  it.skipIf(!mounted)('is told in one line: nothing was saved, and the ledger is as it was', () => {
    const db = join(mountPoint, 'office.db');
    ok(db, ['config', 'timezone', 'Asia/Shanghai']);
    ok(db, newArgs('王先生'));
    const filler = join(mountPoint, 'filler');
    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });

    const result = complaint(db, newArgs('李女士'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `✗ The disk is full; nothing was saved (database ${db}). Free some space and try again\n`,
    );
    const exported = complaint(db, ['export', '--format', 'csv', '--output', join(mountPoint, 'out.csv')]);
    expect(exported.code).toBe(1);
    // (It may fail at opening the database, which needs room for its -shm, or at writing the file.)
    expect(exported.stderr).toMatch(/^✗ The disk is full; [^\n]*\n$/);
    expect(readdirSync(mountPoint).sort()).toEqual(
      ['filler', 'office.db', ...readdirSync(mountPoint).filter((name) => name.startsWith('office.db-'))].sort(),
    );

    rmSync(filler);
    expect(names(db)).toEqual(['王先生']);
    expect(complaint(db, ['doctor']).code).toBe(0);
  });
});

describe('complaint restore', () => {
  it('holds the write lock from the copy aside to the end: a complaint saved meanwhile waits and lands in the restored ledger', async () => {
    const { db, backup } = ledgers();
    // A ledger big enough that copying it aside and replacing it takes a while (visits: filler the
    // substring index of notes and replies does not read, so it is written quickly).
    const raw = new Database(db);
    raw.exec(`INSERT INTO events (complaint_id, type, at, recorded_at, actor, data)
      SELECT 1, 'visit', '2026-11-20T01:00:00.000Z', '2026-11-20T01:00:00.000Z', 'clerk-a', json_object('text', hex(randomblob(4000)))
      FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000) SELECT i FROM n)`);
    raw.close();

    // Opened before the restore starts, so that what it sees busy is the restore's write lock.
    const probe = new Database(db, { timeout: 0 });
    const restore = spawn(process.execPath, [bin, 'restore', backup], { env: environment(db), stdio: 'ignore' });
    const restored = new Promise<number | null>((resolve) => restore.on('exit', resolve));
    // Wait until the restore holds the write lock: another connection cannot begin a write.
    const started = Date.now();
    for (;;) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
      } catch {
        break;
      }
      expect(Date.now() - started, 'the restore never took the write lock').toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    probe.close();
    // The clerk starts while the restore holds the lock: saved before it, the complaint would be
    // in the ledger set aside, not in the restored one.
    const clerk = await promisify(execFile)(process.execPath, [bin, ...newArgs('恢复时来电')], {
      env: environment(db),
    });
    expect(clerk.stdout).toMatch(/^#3 received/);
    expect(await restored).toBe(0);
    expect(names(db)).toEqual(['备份甲', '备份乙', '恢复时来电']);
    expect(complaint(db, ['doctor']).code).toBe(0);
  }, 60_000);

  it('killed at any moment leaves the old ledger or the restored one, and doctor names what it left', async () => {
    const { folder, db, backup } = ledgers();
    const pristine = join(folder, 'pristine');
    mkdirSync(pristine);
    for (const name of readdirSync(folder))
      if (name.startsWith('office.db')) copyFileSync(join(folder, name), join(pristine, name));
    const damaged = join(pristine, 'damaged.db');
    copyFileSync(db, damaged);
    scribble(damaged, 16, 200);

    const outcomes = new Map<string, number>();
    for (let trial = 0; trial < 50; trial += 1) {
      // Half the trials restore over a sound ledger, half over one SQLite cannot open.
      const overDamaged = trial % 2 === 1;
      for (const name of readdirSync(folder)) if (name.startsWith('office.db')) rmSync(join(folder, name));
      copyFileSync(overDamaged ? damaged : join(pristine, 'office.db'), db);
      const before = readFileSync(db);
      const child = spawn(process.execPath, [bin, 'restore', backup], { env: environment(db), stdio: 'ignore' });
      // A whole restore of a small ledger takes ~90 ms, start-up included: kill anywhere in it.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15 + ((trial * 37) % 90));
      const signal = await new Promise<string | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
      clearTimeout(timer);

      const now = names(db);
      const state =
        now === null
          ? readFileSync(db).equals(before)
            ? 'old (damaged)'
            : 'broken'
          : now.join(',') === '备份甲,备份乙'
            ? 'restored'
            : now.join(',') === '备份甲,备份乙,当前丙'
              ? 'old'
              : `other: ${now.join(',')}`;
      const key = `${overDamaged ? 'over damaged' : 'over sound'}, ${signal === 'SIGKILL' ? 'killed' : 'finished'}: ${state}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      expect(['old', 'old (damaged)', 'restored'], `trial ${trial}: ${key}`).toContain(state);
      if (state !== 'old (damaged)') {
        const doctor = complaint(db, ['doctor']);
        expect(doctor.code, `trial ${trial}: ${doctor.stdout}`).toBe(0);
        // Whatever a killed restore left beside the database is named, with what to do.
        for (const name of readdirSync(folder).filter((file) => /\.(restoring-\d+|partial)$/.test(file)))
          expect(doctor.stdout).toContain(join(folder, name));
      }
    }
    const killed = [...outcomes].filter(([key]) => key.includes('killed')).reduce((sum, [, count]) => sum + count, 0);
    expect(killed, JSON.stringify([...outcomes])).toBeGreaterThan(15);
    expect(existsSync(db)).toBe(true);
  }, 120_000);
});
