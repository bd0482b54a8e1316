// Whether the agent of an open call has their microphone off, kept with its attempt as the PBX
// mutes or unmutes them, and read back by a node taking the conversation up after a crash.

import type { Queryable } from './pool.js';

/** Keeps the mute of an open attempt's agent. */
export async function saveAgentMuted(db: Queryable, attemptId: string, muted: boolean): Promise<void> {
  await db.query('UPDATE attempts SET agent_muted = $2 WHERE id = $1 AND ended_at IS NULL', [attemptId, muted]);
}

/** Whether the attempt's agent had their microphone off when it was last kept. */
export async function agentMutedOnAttempt(db: Queryable, attemptId: string): Promise<boolean> {
  const result = await db.query<{ muted: boolean }>('SELECT agent_muted AS muted FROM attempts WHERE id = $1', [attemptId]);
  return result.rows[0]?.muted === true;
}
