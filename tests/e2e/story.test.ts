// One complaint's life through the real binary, as the office lives it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eDatabase } from '../support/e2e-database.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'complaint');
const db = await e2eDatabase('complaint-story-');

function step(args: string[], as = 'clerk-a'): any {
  const result = spawnSync(process.execPath, [bin, ...args, '--json'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', COMPLAINT_DB: db, COMPLAINT_LANG: 'en', COMPLAINT_USER: as },
  });
  expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout);
}

describe('new → visit → escalate → reply → close → reopen → reply → close', () => {
  it('moves through every state, and the history keeps every step in order', () => {
    expect(step(['config', 'timezone', 'Asia/Shanghai'])).toEqual({ timezone: 'Asia/Shanghai' });

    const received = step([
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
      '--at',
      '2026-11-02 09:00',
    ]);
    expect(received).toMatchObject({
      id: 1,
      status: 'received',
      receivedAt: '2026-11-02T09:00:00+08:00',
      replyDueAt: '2026-11-04T00:00:00+08:00',
      owner: 'clerk-a',
      repeatCount: 0,
    });

    const visited = step(['visit', '1', '--arrived', '2026-11-02 09:02'], 'tech-wang');
    expect(visited).toMatchObject({ status: 'received', owner: 'clerk-a' });

    const escalated = step([
      'escalate',
      '1',
      '--to',
      '工程部',
      '--promise',
      '2026-11-06',
      '--message',
      '控制板需更换',
      '--at',
      '2026-11-02 11:00',
    ]);
    // The explanation to the owner, with the promised date, is the reply: it meets the reply clock.
    expect(escalated).toMatchObject({
      status: 'escalated',
      escalatedTo: '工程部',
      promisedAt: '2026-11-07T00:00:00+08:00',
      repliedAt: '2026-11-02T11:00:00+08:00',
      replyOnTime: true,
    });

    const replied = step([
      'reply',
      '1',
      '--method',
      'phone',
      '--message',
      '控制板已更换，电梯恢复运行',
      '--satisfaction',
      'basic',
      '--at',
      '2026-11-03 16:00',
    ]);
    // A progress call: the promise runs on until the complaint is closed.
    expect(replied).toMatchObject({
      status: 'escalated',
      repliedAt: '2026-11-02T11:00:00+08:00',
      replyOnTime: true,
      satisfaction: 'basic',
    });

    const closed = step([
      'close',
      '1',
      '--result',
      '更换电梯控制板',
      '--cause',
      'equipment',
      '--at',
      '2026-11-04 09:00',
    ]);
    expect(closed).toMatchObject({ status: 'closed', cause: 'equipment', closedAt: '2026-11-04T09:00:00+08:00' });

    const reopened = step(['reopen', '1', '--reason', '电梯再次停运', '--at', '2026-11-10 08:00'], 'clerk-b');
    expect(reopened).toMatchObject({
      status: 'received',
      repeatCount: 1,
      replyDueAt: '2026-11-12T00:00:00+08:00',
      repliedAt: null,
      owner: 'clerk-a',
    });

    const repliedAgain = step([
      'reply',
      '1',
      '--method',
      'letter',
      '--message',
      '已联系厂家全面检修',
      '--at',
      '2026-11-12 10:00',
    ]);
    expect(repliedAgain).toMatchObject({
      status: 'replied',
      repliedAt: '2026-11-12T10:00:00+08:00',
      replyOnTime: false,
    });

    const closedAgain = step([
      'close',
      '1',
      '--result',
      '厂家检修完毕',
      '--cause',
      'efficiency',
      '--satisfaction',
      'satisfied',
      '--at',
      '2026-11-13 17:00',
    ]);
    expect(closedAgain).toMatchObject({
      status: 'closed',
      cause: 'efficiency',
      satisfaction: 'satisfied',
      repeatCount: 1,
    });

    const history = step(['show', '1']).events as Array<{ type: string; actor: string; at: string }>;
    expect(history.map((event) => [event.type, event.actor, event.at])).toEqual([
      ['received', 'clerk-a', '2026-11-02T09:00:00+08:00'],
      ['visit', 'tech-wang', '2026-11-02T09:02:00+08:00'],
      ['escalated', 'clerk-a', '2026-11-02T11:00:00+08:00'],
      ['replied', 'clerk-a', '2026-11-03T16:00:00+08:00'],
      ['closed', 'clerk-a', '2026-11-04T09:00:00+08:00'],
      ['reopened', 'clerk-b', '2026-11-10T08:00:00+08:00'],
      ['replied', 'clerk-a', '2026-11-12T10:00:00+08:00'],
      ['closed', 'clerk-a', '2026-11-13T17:00:00+08:00'],
    ]);

    // After the whole story the ledger is sound.
    const doctor = step(['doctor']);
    expect(doctor.findings.filter((finding: { level: string }) => finding.level === 'problem')).toEqual([]);
    expect(doctor).toMatchObject({ healthy: true, complaints: 1, byStatus: { closed: 1 } });
  });
});
