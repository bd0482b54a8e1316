// Checks at a command's start that the database takes a connection, so that one it cannot reach
// is reported as the database's, with its address and what to check (ServiceUnreachableError).

import pg from 'pg';
import { addressOf, ServiceUnreachableError } from '../service-unreachable-error.js';

/** How long a command waits for the database to take a connection before saying it cannot reach it. */
export const databaseConnectTimeoutMs = 10_000;

export async function reachDatabase(url: string, timeoutMs = databaseConnectTimeoutMs): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new ServiceUnreachableError('database', databaseAddressOf(url), error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port (database "name") of a database URL, without its user or password. */
export function databaseAddressOf(url: string): string {
  const name = databaseNameOf(url);
  return `${addressOf(url, 5432)}${name ? ` (database "${name}")` : ''}`;
}

function databaseNameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    return '';
  }
}
