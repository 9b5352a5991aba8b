// A chat webhook on loopback for command tests: what `overdue --notify` posts goes through the
// program's own HTTP client (src/cli/http-post.ts) to this server, which records each body by
// path and answers as the test says (a robot's 200 with errcode 0 unless told otherwise).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson } from '../../src/cli/http-post.js';
import type { Harness } from './harness.js';

export interface WebhookServer {
  /** http://127.0.0.1:<port><path> */
  url(path: string): string;
  /** the bodies received on a path, parsed, oldest first */
  received(path: string): any[];
  /** how the next requests on a path are answered (HTTP status), until changed */
  answer(path: string, status: number): void;
  close(): Promise<void>;
}

export async function webhookServer(): Promise<WebhookServer> {
  const bodies = new Map<string, any[]>();
  const answers = new Map<string, number>();
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const status = answers.get(path) ?? 200;
      // A refused delivery is not a delivery: only what the robot took is recorded as received.
      if (status === 200) bodies.set(path, [...(bodies.get(path) ?? []), JSON.parse(body)]);
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(status === 200 ? '{"errcode":0,"errmsg":"ok"}' : '{"errcode":-1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received: (path) => bodies.get(path) ?? [],
    answer: (path, status) => void answers.set(path, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends the harness's posts through the real HTTP client (the harness still lists them in h.posts). */
export function postForReal(h: Harness): void {
  h.webhook = (url, body) => postJson(url, body, 5_000);
}
