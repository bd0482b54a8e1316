// The error a command meets when the database or Redis does not take its connection at start:
// it says which service, where (host and port, never the password the URL may hold), why, and
// what to check, where a bare "connect ECONNREFUSED 127.0.0.1:5432" said none of it.

export type ServiceName = 'database' | 'redis';

const described: Record<ServiceName, { what: string; runs: string; setting: string }> = {
  database: { what: 'the database', runs: 'PostgreSQL', setting: 'DATABASE_URL (database.url)' },
  redis: { what: 'Redis', runs: 'Redis', setting: 'REDIS_URL (redis.url)' },
};

/** Why a connection was not had, by the system's error code. */
const networkReasons: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset', ENOTFOUND: 'no such host', EAI_AGAIN: 'host name not resolved',
  ETIMEDOUT: 'no answer in time', EHOSTUNREACH: 'no route to the host', ENETUNREACH: 'no route to the network',
};

export class ServiceUnreachableError extends Error {
  readonly code = 'SERVICE_UNREACHABLE';

  constructor(readonly service: ServiceName, readonly address: string, cause: unknown) {
    super(messageOf(service, address, cause), { cause });
    this.name = 'ServiceUnreachableError';
  }
}

function messageOf(service: ServiceName, address: string, cause: unknown): string {
  const { what, runs, setting } = described[service];
  if (isTlsRefusal(cause)) {
    const asks = service === 'database' ? 'sslmode' : 'rediss://';
    const fix = service === 'database' ? 'drop that from it' : 'write redis:// in its place';
    return `${what} at ${address} takes no TLS connection (${cause.message}): ${setting} asks for one (${asks}); ${fix}, or turn TLS on in ${runs}`;
  }
  if (service === 'database' && isMissingDatabase(cause)) {
    // `outpace migrate` makes the tables, not the database: it connects to the database first.
    return `${what} at ${address} does not exist: create it (createdb, or CREATE DATABASE, as a PostgreSQL user allowed to) `
      + `and run \`outpace migrate\`, or correct the database name ${setting} gives`;
  }
  const reason = networkReason(cause);
  if (reason !== null) return `${what} at ${address} could not be reached (${reason}): check that ${runs} runs there and takes connections from this host, and that ${setting} names it`;
  const said = cause instanceof Error ? cause.message : String(cause);
  return `${what} at ${address} refused the connection (${said}): check the user, password and ${service === 'database' ? 'database name' : 'index'} ${setting} gives`;
}

/** Why a connection was not had, in words ("connection refused"), or null when no network error says. */
export function networkReason(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && networkReasons[code]) return networkReasons[code];
  if (/timeout|timed out/i.test(error.message)) return 'no answer in time';
  // Several addresses tried (localhost: IPv6 and IPv4) give an AggregateError of each one's.
  if (error instanceof AggregateError) return error.errors.map(networkReason).find((reason) => reason !== null) ?? null;
  return /connection terminated/i.test(error.message) ? 'connection closed' : null;
}

/** A server the URL reaches with TLS answered a plain connection, not the TLS one: what a
 * rediss:// URL to a Redis without TLS meets (its TLS handshake goes unanswered). */
export class AnsweredWithoutTlsError extends Error {
  constructor() {
    super('it answers a connection without TLS');
    this.name = 'AnsweredWithoutTlsError';
  }
}

/** The server answered without TLS where the URL asks for it (sslmode=require to a PostgreSQL
 * without SSL, https:// to a plain HTTP port): the URL's scheme is at fault, not the user, the
 * password or whether the server runs, which is what the messages said before. */
export function isTlsRefusal(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error instanceof AnsweredWithoutTlsError) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code === 'EPROTO' || code.startsWith('ERR_SSL_'))) return true;
  return /does not support SSL|wrong version number/i.test(error.message);
}

/** PostgreSQL's invalid_catalog_name: the server runs and took the user, but has no database of that name. */
function isMissingDatabase(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '3D000';
}

/** host:port of a service URL, without its user or password. */
export function addressOf(url: string, defaultPort: number): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || defaultPort}`;
  } catch {
    return `an address that is no URL`;
  }
}
