// How `overdue --notify` posts to a webhook: one JSON body, an answer's status and text back.
// Its own module so that command tests can post through it to a real server on loopback.

/** POSTs `body` as JSON to `url`, giving up after `timeoutMs` (a TimeoutError). */
export async function postJson(
  url: string,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  // fetch refuses an address with user:password in it: they are sent as HTTP Basic credentials.
  const address = new URL(url);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (address.username !== '' || address.password !== '') {
    const credentials = `${decodeURIComponent(address.username)}:${decodeURIComponent(address.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    address.username = '';
    address.password = '';
  }
  const response = await fetch(address, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}
