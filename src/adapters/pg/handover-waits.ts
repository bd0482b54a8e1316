// Whom the customer of an open call waits for on hold, kept with its attempt as the wait starts
// and ends, and read back by a node taking the conversation up after a crash.

import type { HandoverWait } from '../../core/call.js';
import type { Queryable } from './pool.js';

/** Keeps the wait of an open attempt's customer (null: they wait for nobody now). */
export async function saveHandoverWait(db: Queryable, attemptId: string, wait: HandoverWait | null): Promise<void> {
  await db.query('UPDATE attempts SET handover_wait = $2 WHERE id = $1 AND ended_at IS NULL', [attemptId, wait === null ? null : JSON.stringify(wait)]);
}

/** The wait kept with the attempt, if any. */
export async function handoverWaitOfAttempt(db: Queryable, attemptId: string): Promise<HandoverWait | null> {
  const result = await db.query<{ wait: Partial<HandoverWait> | null }>('SELECT handover_wait AS wait FROM attempts WHERE id = $1', [attemptId]);
  const wait = result.rows[0]?.wait;
  if (!wait || typeof wait.campaignId !== 'string' || typeof wait.sinceMs !== 'number') return null;
  return { campaignId: wait.campaignId, group: typeof wait.group === 'string' ? wait.group : null, sinceMs: wait.sinceMs };
}
