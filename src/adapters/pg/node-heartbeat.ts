// When each engine node last said, in the database, that it is at work. Its Redis mark can lapse
// while it goes on (cut off from Redis, not from the PBX or the database): the node taking its
// campaigns over must not close that node's calls and free their leads while they are still up,
// since a lead freed while its customer talks can be dialled again. Times are the database's, so
// nodes' clocks need not agree.

import type { Pool } from './pool.js';

export async function markNodeAlive(pool: Pool, nodeId: string): Promise<void> {
  await pool.query(
    `INSERT INTO engine_node_heartbeats (node_id, seen_at) VALUES ($1, now())
     ON CONFLICT (node_id) DO UPDATE SET seen_at = now()`,
    [nodeId],
  );
}

/** The nodes that said they were at work within the last `withinMs`: those among `nodeIds`, or
 * every one when it is null; in the order of their ids. */
export async function nodesAliveInDatabase(pool: Pool, nodeIds: readonly string[] | null, withinMs: number): Promise<Set<string>> {
  if (nodeIds?.length === 0) return new Set();
  const { rows } = await pool.query<{ node_id: string }>(
    `SELECT node_id FROM engine_node_heartbeats
     WHERE ($1::text[] IS NULL OR node_id = ANY($1::text[])) AND seen_at > now() - make_interval(secs => $2::double precision / 1000)
     ORDER BY node_id`,
    [nodeIds, withinMs],
  );
  return new Set(rows.map((row) => row.node_id));
}

/** A node that stops cleanly says so: it is gone at once, not when its heartbeat is old enough. */
export async function clearNodeAlive(pool: Pool, nodeId: string): Promise<void> {
  await pool.query('DELETE FROM engine_node_heartbeats WHERE node_id = $1', [nodeId]);
}
