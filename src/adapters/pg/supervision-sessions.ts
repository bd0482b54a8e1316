// The node a supervision session was started on, from its evidence entry (written by that node
// before the session counts as started): a session is ended by the node whose PBX holds it.

import type { Queryable } from './pool.js';

export async function supervisionSessionNode(db: Queryable, sessionId: string): Promise<string | null> {
  const result = await db.query<{ node_id: string | null }>(
    `SELECT payload->>'nodeId' AS node_id FROM evidence_log WHERE kind = 'supervision' AND payload->>'sessionId' = $1 ORDER BY id DESC LIMIT 1`,
    [sessionId],
  );
  return result.rows[0]?.node_id ?? null;
}
