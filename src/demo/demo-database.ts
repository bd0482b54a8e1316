// The demo seeds the database it is given (a campaign, its leads and bot agents every run) and
// marks it a laboratory, where custom calling hours stand round the clock. A database that holds
// campaigns and is not a laboratory dials people: the demo refuses it rather than mark it so.

import type pg from 'pg';
import { migrate } from '../adapters/pg/migrate.js';
import type { Queryable } from '../adapters/pg/pool.js';

export class DemoDatabaseInUseError extends Error {
  constructor(address: string, campaigns: number) {
    super(`the database at ${address} holds ${campaigns} campaign${campaigns === 1 ? '' : 's'} and is not a laboratory: `
      + 'the demo adds a campaign, leads and bot agents to its database and marks it a laboratory (custom calling hours '
      + 'with no legal bound), so it does not run on one that may dial people. Point DATABASE_URL at a database of its '
      + 'own (npm run demo creates it), e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/outpace_demo npm run demo');
    this.name = 'DemoDatabaseInUseError';
  }
}

/** Refuses a database that holds campaigns and is not a laboratory; a new one (not migrated yet)
 * or one the demo or the tests already marked passes. */
export async function checkDemoDatabase(db: Queryable | pg.ClientBase, address: string): Promise<void> {
  const tables = await db.query<{ campaigns: string | null; installation: string | null }>(
    "SELECT to_regclass('campaigns')::text AS campaigns, to_regclass('installation')::text AS installation");
  if (tables.rows[0]?.campaigns == null) return;
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM campaigns');
  const campaigns = Number(rows[0]?.n ?? 0);
  if (campaigns === 0) return;
  const laboratory = tables.rows[0].installation !== null
    && (await db.query<{ laboratory: boolean }>('SELECT laboratory FROM installation')).rows[0]?.laboratory === true;
  if (!laboratory) throw new DemoDatabaseInUseError(address, campaigns);
}

/** The check, then the migrations, on one connection: a refused database is left unmigrated. */
export async function checkAndMigrateDemoDatabase(client: pg.ClientBase, address: string): Promise<void> {
  await checkDemoDatabase(client, address);
  await migrate(client);
}
