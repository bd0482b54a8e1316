// A client taken out of the pool (a transaction's) whose connection dies between two of its
// queries: the process goes on, the next query fails with an error the durable writes try again,
// and the pool drops the client and serves the next one a fresh connection.

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientDbError } from '../../../src/adapters/pg/transient-error.js';
import type { TcpProxy } from '../../helpers/tcp-proxy.js';
import { relayedPool, type RelayedPool } from '../../helpers/relayed-pool.js';

describe('a checked-out client losing its connection', () => {
  let relay: RelayedPool;
  let proxy: TcpProxy;
  let pool: pg.Pool;

  beforeAll(async () => {
    relay = await relayedPool('outpace-pool-loss-test', 1);
    ({ pool, proxy } = relay);
  });
  afterAll(async () => relay.close());

  it('neither crashes the process nor comes back from the pool', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      proxy.drop();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const failed = await client.query('SELECT 1').then(() => null, (error: unknown) => error);
      expect(isTransientDbError(failed)).toBe(true);
      client.release();
      expect(uncaught).toEqual([]);
      // The next query has a working connection.
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
