// A PostgreSQL server's address as a `postgres://user:password@host:port/database` URL — what it
// points at, and how it is shown (never with its password) — and a connection's troubles as the
// one-line OperationErrors the user reads. Shared by connect.ts (in the main bundle) and client.ts
// (in dist/postgres.cjs), which imports no other file of the main bundle's.
import { OperationError, ValidationError } from '../../domain/errors.js';

/** How long a connection attempt waits for the server before giving up. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Whether `--db` names a PostgreSQL database rather than an SQLite file. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text.trim());
}

/**
 * libpq's sslmode values, as psql and pg_dump take them from the same URL: whether the connection is
 * encrypted, and whether the server's certificate is checked (against sslrootcert's authority; with
 * verify-full, also for the host's name).
 */
export const TLS_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** The URL's TLS settings; the files are read as the connection is made. */
export interface TlsSettings {
  mode: TlsMode;
  /** the authority the server's certificate must be signed by (else the system's) */
  rootCert?: string;
  /** a client certificate and its key, for a server that asks for one */
  cert?: string;
  key?: string;
}

/** The URL parameters that are TLS settings (libpq's names): read here, not by the client library. */
const TLS_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat'];

/** What a URL points at, for messages: everything but the password. */
export interface PostgresTarget {
  url: string;
  /** the URL without its TLS settings, for the client library (which reads sslmode differently from libpq) */
  clientUrl: string;
  tls: TlsSettings;
  user: string;
  /** host:port, or the socket folder */
  server: string;
  host: string;
  database: string;
  /** the password as given (empty: none), kept only to make sure no message repeats it */
  password: string;
}

export function parsePostgresUrl(url: string): PostgresTarget {
  const text = url.trim();
  let parsed: URL;
  try {
    if (!isPostgresUrl(text)) throw new Error('not postgres');
    // `postgres://user@/db?host=/run/postgresql` (a socket) has no host, which URL refuses.
    parsed = new URL(text.replace(/^(postgres(?:ql)?:\/\/(?:[^@/?#]*@)?)(?=[/?#]|$)/i, '$1localhost'));
  } catch {
    throw new ValidationError('postgres.badUrl', { value: masked(text) });
  }
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const socket = parsed.searchParams.get('host');
  const host = socket ?? decode(parsed.hostname);
  const port = parsed.searchParams.get('port') ?? (parsed.port || '5432');
  const user = decode(parsed.username) || parsed.searchParams.get('user') || process.env.PGUSER || 'postgres';
  // A URL without a database would mean the role's own (often the server's maintenance database,
  // postgres): the tables of a ledger are never made there by default.
  const database = decode(parsed.pathname.replace(/^\//, '')) || parsed.searchParams.get('db') || '';
  if (database === '') throw new ValidationError('postgres.noDatabaseName', { value: masked(text) });
  return {
    url: text,
    clientUrl: withoutTlsParameters(text),
    tls: tlsSettings(parsed.searchParams, text),
    user,
    server: host.startsWith('/') ? `${host} (socket, port ${port})` : `${host}:${port}`,
    host,
    database,
    password: decode(parsed.password) || (parsed.searchParams.get('password') ?? ''),
  };
}

/**
 * The URL's sslmode (else PGSSLMODE's, as libpq reads it; else disable, the client library's own
 * default) and certificate files.
 */
function tlsSettings(parameters: URLSearchParams, url: string): TlsSettings {
  const given = parameters.get('sslmode') ?? process.env.PGSSLMODE ?? 'disable';
  const mode = TLS_MODES.find((known) => known === given.trim().toLowerCase());
  if (mode === undefined)
    throw new ValidationError('postgres.badSslMode', {
      value: given,
      url: masked(url),
      accepted: TLS_MODES.join(', '),
    });
  const named = (name: string): string | undefined => parameters.get(name) || undefined;
  const rootCert = named('sslrootcert');
  const cert = named('sslcert');
  const key = named('sslkey');
  // ("system", as libpq 16 takes it: the system's authorities, which are the default anyway.)
  return {
    mode,
    ...(rootCert === undefined || rootCert === 'system' ? {} : { rootCert }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
  };
}

/** The URL without its TLS parameters; the rest of it as given. */
function withoutTlsParameters(url: string): string {
  const [, before, query, fragment] = /^([^?#]*)(?:\?([^#]*))?(#.*)?$/.exec(url) ?? [url, url];
  const kept = (query ?? '')
    .split('&')
    .filter((pair) => pair !== '' && !TLS_PARAMETERS.includes(pair.split('=')[0]!.toLowerCase()));
  return `${before}${kept.length > 0 ? `?${kept.join('&')}` : ''}${fragment ?? ''}`;
}

/** The URL with its password replaced by ***, as a user may see it. */
export function masked(url: string): string {
  // The password in the user part, and in the query string (?password=…, a form libpq takes too).
  return url
    .replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*:)[^@/?#]*@/i, '$1***@')
    .replace(/([?&]password=)[^&#]*/gi, '$1***');
}

/** A text from the server or the client library, with the password (as given and as typed in the URL) taken out. */
export function withoutPassword(text: string, target: Pick<PostgresTarget, 'password' | 'url'>): string {
  let clean = text;
  const typed = /^postgres(?:ql)?:\/\/[^:@/?#]*:([^@/?#]*)@/i.exec(target.url)?.[1];
  for (const secret of [target.password, typed])
    if (secret !== undefined && secret !== '') clean = clean.split(secret).join('***');
  return clean;
}

/** OpenSSL's verification failures as Node names them (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE…). */
const CERTIFICATE_TROUBLE = /CERT|CRL|SIGNATURE|ISSUER|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH|HOSTNAME_MISMATCH/;

interface ErrorFields {
  code?: string;
  message?: string;
  errors?: ErrorFields[];
}

/**
 * A connection's trouble as the one-line OperationError the user reads, or the error itself when it
 * is not about the connection (an SQL error is for the caller to judge).
 */
export function postgresError(error: unknown, target: PostgresTarget, timeoutMs = CONNECT_TIMEOUT_MS): unknown {
  if (error instanceof OperationError || error instanceof ValidationError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as ErrorFields;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  const code = fields.code ?? fields.errors?.find((inner) => inner.code !== undefined)?.code ?? '';
  const message = fields.message ?? String(error);
  const reason = withoutPassword(message, target).replace(/\s+/g, ' ').trim();
  const where = { server: target.server, database: target.database, user: target.user };
  switch (code) {
    case 'ECONNREFUSED':
      return new OperationError('postgres.refused', where);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new OperationError('postgres.hostNotFound', { ...where, host: target.host });
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new OperationError('postgres.timeout', { ...where, seconds: Math.round(timeoutMs / 100) / 10 });
    case '28P01':
      return new OperationError('postgres.wrongPassword', where);
    case '3D000':
      return new OperationError('postgres.noDatabase', where);
    case '28000':
      return new OperationError('postgres.notAllowed', { ...where, reason });
    case '57P03':
      return new OperationError('postgres.notReady', where);
    case '57P01':
    case '57P02':
    case 'ECONNRESET':
    case 'EPIPE':
      return new OperationError('postgres.connectionLost', { ...where, reason });
  }
  // TLS: a server that does not take it (the client library's words), a certificate not trusted, a
  // handshake that failed.
  if (message === 'The server does not support SSL connections')
    return new OperationError('postgres.noTls', { ...where, mode: target.tls.mode });
  if (CERTIFICATE_TROUBLE.test(code)) return new OperationError('postgres.certificate', { ...where, reason });
  if (/^ERR_(SSL|TLS)_/.test(code)) return new OperationError('postgres.tlsFailed', { ...where, reason });
  // The server's own errors (a lock not had in time, a constraint) carry an SQLSTATE: the caller's to judge.
  if (/^[0-9A-Z]{5}$/.test(code)) return error;
  if (/timeout/i.test(message))
    return new OperationError('postgres.timeout', { ...where, seconds: Math.round(timeoutMs / 100) / 10 });
  if (/Connection terminated|not queryable|Client was closed/i.test(message))
    return new OperationError('postgres.connectionLost', { ...where, reason });
  if (/password must be a string|no password/i.test(message)) return new OperationError('postgres.noPassword', where);
  return error;
}
