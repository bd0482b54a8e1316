// A pool that reaches the test database through a TCP relay the test can cut (see tcp-proxy.ts):
// the database "goes away" for the pool while its data stays.

import type pg from 'pg';
import { createPool } from '../../src/adapters/pg/pool.js';
import { testDatabaseUrl } from './db.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export interface RelayedPool {
  pool: pg.Pool;
  proxy: TcpProxy;
  close(): Promise<void>;
}

export async function relayedPool(applicationName: string, poolMax = 2): Promise<RelayedPool> {
  const target = new URL(testDatabaseUrl());
  const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
  target.port = new URL(proxy.url).port;
  const pool = createPool({ url: target.toString(), poolMax, applicationName });
  return {
    pool, proxy,
    close: async () => {
      await pool.end();
      await proxy.close();
    },
  };
}
