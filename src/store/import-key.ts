// A ledger row's identity as a backend stores it (complaints.import_key), shared by the backends so
// that a ledger imported into either is known again by the same key.
import { createRequire } from 'node:module';

/**
 * A ledger row's identity as stored: its receipt time, then a digest of the rest. Led by the time,
 * the keys of a ledger (kept in date order) land side by side in the index instead of scattered
 * over it, which keeps a big import from reading and writing the whole index for every row.
 */
export function importKey(identity: string): string {
  const time = identity.slice(0, identity.indexOf('\u001f'));
  return `${time}|${crypto().createHash('sha1').update(identity).digest('base64url')}`;
}

/** node:crypto is loaded on first use: loading it costs every command's start-up ~2 ms. */
let cryptoModule: typeof import('node:crypto') | undefined;
function crypto(): typeof import('node:crypto') {
  cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return cryptoModule;
}
