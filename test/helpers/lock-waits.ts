// Interleaving real transactions: a session holds a row, the functions under test run into it, and
// the test lets go once each waits where it should (pg_stat_activity), to find lock-order deadlocks.

import type pg from 'pg';

/** Waits until `count` sessions of the test database wait for a lock. */
export async function waitForLockWaiters(pool: pg.Pool, count: number): Promise<void> {
  for (let waited = 0; waited < 250; waited++) {
    const waiting = await pool.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if ((waiting.rowCount ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${count} sessions never waited for a lock`);
}

/** Whether `work` came to wait for a lock (`count` sessions of the test database waiting at once)
 * before it ended: for work that should not wait on a row another transaction holds. */
export async function waitedForLock(pool: pg.Pool, count: number, work: Promise<unknown>): Promise<boolean> {
  let ended = false;
  work.then(() => { ended = true; }, () => { ended = true; });
  for (let waited = 0; waited < 250 && !ended; waited++) {
    const waiting = await pool.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if ((waiting.rowCount ?? 0) >= count) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (ended) return false;
  throw new Error(`the work neither ended nor waited for a lock (${count} sessions)`);
}

/** What each gave, or the message of its error (a deadlock's), once all have ended. */
export async function settled(...work: Promise<unknown>[]): Promise<unknown[]> {
  const results = await Promise.allSettled(work);
  return results.map((result) => (result.status === 'fulfilled' ? result.value : String(result.reason)));
}

/** Runs `first` into a lock `hold` takes in a transaction of its own, then `second` into it (or into
 * `first`), lets go once both wait (COMMIT, or `letGo`), and gives what each gave (settled). */
export async function interleave(pool: pg.Pool, steps: {
  hold: (holder: pg.PoolClient) => Promise<unknown>;
  first: () => Promise<unknown>;
  second: () => Promise<unknown>;
  letGo?: 'COMMIT' | 'ROLLBACK';
}): Promise<unknown[]> {
  const holder = await pool.connect();
  try {
    await holder.query('BEGIN');
    await steps.hold(holder);
    const first = steps.first();
    await waitForLockWaiters(pool, 1);
    const second = steps.second();
    await waitForLockWaiters(pool, 2);
    await holder.query(steps.letGo ?? 'COMMIT');
    return await settled(first, second);
  } finally {
    holder.release();
  }
}
