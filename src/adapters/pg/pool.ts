// Pool factory and the transaction helper every repository uses.

import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: a pool, or a client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

export interface PoolOptions {
  url: string;
  poolMax?: number;
  applicationName?: string;
}

const ignoreWhileOut = (): void => undefined;

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'outpace',
    // A database that drops packets silently (a failover, a cut network): a connect fails in 10 s
    // (not the OS's two minutes), so that writes go to their retries and spool, and stops end; and
    // the OS probes a connection quiet for 10 s, rather than after two hours, to find it dead.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Nor one taken out (a transaction's, an export's) losing it between queries, with nobody
  // listening: its next query fails with a passing error, and the pool drops it on release.
  pool.on('acquire', (client) => client.on('error', ignoreWhileOut));
  pool.on('release', (_error, client) => client.removeListener('error', ignoreWhileOut));
  return pool;
}

/** Runs `work` in one transaction on a dedicated client; rolls back and rethrows on error. */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
