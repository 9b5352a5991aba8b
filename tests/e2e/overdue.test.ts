// The cron job through the real binary, posting to a real HTTP server on loopback.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'complaint');
const db = join(mkdtempSync(join(tmpdir(), 'complaint-cron-')), 'cron.db');
const env = { PATH: process.env.PATH ?? '', COMPLAINT_DB: db, COMPLAINT_LANG: 'en', COMPLAINT_USER: 'cron' };

const received: string[] = [];
let answer = 500;
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push(body);
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
function complaint(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env });
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
    spawnSync(process.execPath, [bin, 'new', '--channel', 'phone', '--category', 'incident', '--subcategory', 'lift-entrapment', '--name', '赵先生', '--unit', '7-1-903', '--description', '电梯困人后无人回电', '--at', '2026-11-02 08:00'], { env });

    answer = 500;
    const failed = await complaint(['overdue', '--notify', url, '--exit-code']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^#1 {2}reply late by \d+ days \(due Tue 3 Nov, 24:00\) · owner cron · Incident · 赵先生 7-1-903\n$/);
    expect(failed.stderr).toContain('they will be sent on the next run');
    expect(received).toHaveLength(1);

    answer = 200;
    const retried = await complaint(['overdue', '--notify', url, '--exit-code']);
    expect(retried).toEqual({ code: 3, stdout: '', stderr: '' });
    expect(received).toHaveLength(2);
    expect(JSON.parse(received[1]!)).toMatchObject({ alerts: [{ id: 1, deadline: 'reply', owner: 'cron', category: 'incident' }] });

    const quiet = await complaint(['overdue', '--notify', url]);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(received).toHaveLength(2);

    const history = JSON.parse((await complaint(['show', '1', '--json'])).stdout).events.map((event: { type: string }) => event.type);
    expect(history).toEqual(['received', 'flagged-overdue']);
  });
});
