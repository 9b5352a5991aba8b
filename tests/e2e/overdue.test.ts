// The cron job through the real binary, posting to a real HTTP server on loopback.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eCopy, e2eDatabase } from '../support/e2e-database.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'complaint');
const db = await e2eDatabase('complaint-cron-');
const env = { PATH: process.env.PATH ?? '', COMPLAINT_DB: db, COMPLAINT_LANG: 'en', COMPLAINT_USER: 'cron' };

const received: string[] = [];
const authorizations: string[] = [];
let answer = 500;
/** what each trial of the overlapping runs below received, by its path */
const byPath = new Map<string, string[]>();
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    if (request.url?.startsWith('/overlap/')) {
      byPath.set(request.url, [...(byPath.get(request.url) ?? []), body]);
      // A webhook a little slow to answer, as a chat robot is: the other run is started meanwhile.
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}'), 30);
      return;
    }
    if (request.url === '/loud') {
      const reply = '\x1b[31mDENIED\x1b[0m\nWarning: forged line\r\n' + 'x'.repeat(5000);
      response.writeHead(400, { 'content-type': 'text/plain' }).end(reply);
      return;
    }
    received.push(body);
    authorizations.push(request.headers.authorization ?? '');
    response.writeHead(answer, { 'content-type': 'application/json' }).end('{"errcode":0}');
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs the binary without blocking the event loop, so the server above can answer it. */
function complaint(args: string[], database = db): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...env, COMPLAINT_DB: database } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('complaint overdue under cron', () => {
  it('flags once, posts once, retries a failed delivery', async () => {
    spawnSync(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai'], { env });
    spawnSync(
      process.execPath,
      [
        bin,
        'new',
        '--channel',
        'phone',
        '--category',
        'incident',
        '--subcategory',
        'lift-entrapment',
        '--name',
        '赵先生',
        '--unit',
        '7-1-903',
        '--description',
        '电梯困人后无人回电',
        '--at',
        '2026-11-02 08:00',
        '--no-urgent',
      ],
      { env },
    );

    answer = 500;
    const failed = await complaint(['overdue', '--notify', url, '--exit-code']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /^#1 {2}reply late by \d+ working days \(due Tue 3 Nov, 24:00\) · owner cron · Incident · 赵先生 7-1-903\n$/,
    );
    expect(failed.stderr).toContain('they will be sent on the next run');
    expect(received).toHaveLength(1);

    answer = 200;
    const retried = await complaint(['overdue', '--notify', url, '--exit-code']);
    expect(retried).toEqual({ code: 3, stdout: '', stderr: '' });
    expect(received).toHaveLength(2);
    expect(JSON.parse(received[1]!)).toMatchObject({
      alerts: [{ id: 1, deadline: 'reply', owner: 'cron', category: 'incident' }],
    });

    const quiet = await complaint(['overdue', '--notify', url]);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(received).toHaveLength(2);

    const history = JSON.parse((await complaint(['show', '1', '--json'])).stdout).events.map(
      (event: { type: string }) => event.type,
    );
    expect(history).toEqual(['received', 'flagged-overdue']);
  });
});

describe('overlapping cron runs', () => {
  it('post each alert exactly once between them (20 trials of two runs started together)', async () => {
    // One office with three late complaints, copied afresh for every trial.
    const template = await e2eDatabase('complaint-overlap-');
    const setup = { env: { ...env, COMPLAINT_DB: template } };
    spawnSync(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai'], setup);
    for (const [name, day] of [
      ['赵先生', '02'],
      ['钱女士', '03'],
      ['孙先生', '04'],
    ] as const) {
      const args = ['--channel', 'phone', '--category', 'incident', '--subcategory', 'lift-entrapment', '--name', name];
      const more = [
        '--phone',
        '13812345678',
        '--description',
        '电梯困人',
        '--at',
        `2026-11-${day} 08:00`,
        '--no-urgent',
      ];
      expect(spawnSync(process.execPath, [bin, 'new', ...args, ...more], setup).status).toBe(0);
    }
    const expected = [
      '1:reply:2026-11-03T16:00:00.000Z',
      '2:reply:2026-11-04T16:00:00.000Z',
      '3:reply:2026-11-05T16:00:00.000Z',
    ];

    for (let trial = 0; trial < 20; trial += 1) {
      const database = await e2eCopy(template);
      const hook = url.replace(/\/hook$/, `/overlap/${trial}`);
      const runs = await Promise.all([0, 1].map(() => complaint(['overdue', '--notify', hook], database)));
      expect(runs.map((run) => [run.code, run.stderr])).toEqual([
        [0, ''],
        [0, ''],
      ]);
      type Body = { alerts: Array<{ id: number; alertId: string }> };
      const bodies = (byPath.get(`/overlap/${trial}`) ?? []).map((body) => JSON.parse(body) as Body);
      const ids = bodies.flatMap((body) => body.alerts.map((alert) => alert.alertId));
      const complaints = bodies.flatMap((body) => body.alerts.map((alert) => alert.id));
      expect({ trial, complaints: complaints.sort(), ids: ids.sort() }).toEqual({
        trial,
        complaints: [1, 2, 3],
        ids: expected,
      });
      // Both runs are done: nothing is left claimed, nothing is posted again.
      expect(await complaint(['overdue', '--notify', hook], database)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(byPath.get(`/overlap/${trial}`)).toHaveLength(bodies.length);
    }
  }, 120_000);
});

describe('a failed delivery through the real binary', () => {
  it('names the webhook without its credentials or key', async () => {
    const database = await e2eDatabase('complaint-leak-');
    const setup = { env: { ...env, COMPLAINT_DB: database } };
    spawnSync(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai'], setup);
    const args = [
      '--channel',
      'phone',
      '--category',
      'incident',
      '--subcategory',
      'lift-entrapment',
      '--name',
      '赵先生',
    ];
    const more = ['--phone', '13812345678', '--description', '电梯困人', '--at', '2026-11-02 08:00', '--no-urgent'];
    spawnSync(process.execPath, [bin, 'new', ...args, ...more], setup);
    // user:password in the address are sent as HTTP Basic credentials (fetch refuses them in the address).
    const secret = url.replace('http://', 'http://robot:hunter22@').replace(/\/hook$/, '/send?key=SECRET-693a');
    answer = 500;
    const failed = await complaint(['overdue', '--notify', secret], database);
    expect(authorizations.at(-1)).toBe(`Basic ${Buffer.from('robot:hunter22').toString('base64')}`);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`could not deliver 1 alert(s) to ${url.replace(/\/hook$/, '/send?…')} (`);
    for (const leak of ['SECRET', 'hunter22', 'robot:', 'key=', '13812345678'])
      expect(failed.stderr).not.toContain(leak);

    const loud = await complaint(['overdue', '--notify', url.replace(/\/hook$/, '/loud')], database);
    expect(loud.code).toBe(1);
    expect(loud.stderr.split('\n')).toHaveLength(2);
    expect(loud.stderr).not.toContain('\x1b');
    expect(loud.stderr).toContain('(HTTP 400 "\\u001b[31mDENIED\\u001b[0m\\nWarning: forged line\\r\\nxxx');
    expect(loud.stderr.length).toBeLessThan(400);
  });
});
