// Checks at a command's start that the database takes a connection, so that one it cannot reach
// is reported as the database's, with its address and what to check (ServiceUnreachableError).
// The connection that showed it is the one the command's own checks (migrations) then use.

import pg from 'pg';
import type { Pool, PoolClient } from './pool.js';
import { addressOf, ServiceUnreachableError } from '../service-unreachable-error.js';

/** How long a command waits for the database to take a connection before saying it cannot reach it. */
export const databaseConnectTimeoutMs = 10_000;

const ignore = (): undefined => undefined;

/** An open connection to the database at `url`; the caller ends it. */
export async function connectDatabase(url: string, timeoutMs = databaseConnectTimeoutMs): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', ignore);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(ignore);
    throw new ServiceUnreachableError('database', databaseAddressOf(url), error);
  }
  return client;
}

/** A connection taken from `pool` (to the database at `url`), which the caller releases; one the
 * database does not take is said as connectDatabase says it. */
export async function takeDatabaseClient(pool: Pool, url: string): Promise<PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw new ServiceUnreachableError('database', databaseAddressOf(url), error);
  }
}

/** Runs `work` on one connection to the database at `url`, ended after it. */
export async function withDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>, timeoutMs = databaseConnectTimeoutMs): Promise<T> {
  const client = await connectDatabase(url, timeoutMs);
  try {
    return await work(client);
  } finally {
    await client.end().catch(ignore);
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
