// What dist/postgres.cjs holds in place of pg's lib/crypto/utils.js (see scripts/build.mjs): the same
// functions for the password exchange, computed with node:crypto instead of WebCrypto. On Node 20,
// WebCrypto's first use loads its own modules, which costs more than the whole SCRAM exchange (the
// 4,096 rounds of PBKDF2 take a few milliseconds either way). Each keeps the original's signature
// (promises where it had them), since pg's SASL code awaits them.
import { createHash, createHmac, pbkdf2Sync, randomBytes as randomBytesOf } from 'node:crypto';

export function randomBytes(length: number): Buffer {
  return randomBytesOf(length);
}

export function md5(text: string | Buffer): Promise<string> {
  return Promise.resolve(createHash('md5').update(text).digest('hex'));
}

/** See AuthenticationMD5Password in PostgreSQL's protocol. */
export async function postgresMd5PasswordHash(user: string, password: string, salt: Buffer): Promise<string> {
  const inner = await md5(password + user);
  return 'md5' + (await md5(Buffer.concat([Buffer.from(inner), salt])));
}

export function sha256(data: Uint8Array | ArrayBuffer): Promise<Buffer> {
  return Promise.resolve(createHash('sha256').update(bytes(data)).digest());
}

/** A WebCrypto name ("SHA-256", "SHA512-224") as node:crypto's ("sha256", "sha512-224"). */
export function hashByName(name: string, data: Uint8Array | ArrayBuffer): Promise<Buffer> {
  return Promise.resolve(createHash(name.toLowerCase().replace(/^sha-/, 'sha')).update(bytes(data)).digest());
}

export function hmacSha256(key: Uint8Array | ArrayBuffer, message: string): Promise<Buffer> {
  return Promise.resolve(createHmac('sha256', bytes(key)).update(message, 'utf8').digest());
}

/** PBKDF2 with SHA-256, 32 bytes (SCRAM-SHA-256's salted password). */
export function deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<Buffer> {
  return Promise.resolve(pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256'));
}

function bytes(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
