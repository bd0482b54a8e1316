// Pacing decisions kept for explanation ("why did it launch 3 calls at 10:02?").

import type { Queryable } from './pool.js';

export interface PacingDecisionRecord {
  campaignId: string;
  at: Date;
  nodeId?: string | null;
  launch: number;
  dialLevel?: number | null;
  binding: string;
  inputs: Record<string, unknown>;
}

/** Writes a batch in one statement (the engine buffers decisions and flushes them). */
export async function insertPacingDecisions(db: Queryable, records: readonly PacingDecisionRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO pacing_decisions (campaign_id, at, node_id, launch, dial_level, binding, inputs)
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::int[], $5::float8[], $6::text[], $7::jsonb[])`,
    [
      records.map((r) => r.campaignId), records.map((r) => r.at), records.map((r) => r.nodeId ?? null),
      records.map((r) => r.launch), records.map((r) => r.dialLevel ?? null), records.map((r) => r.binding),
      records.map((r) => JSON.stringify(r.inputs)),
    ],
  );
  return result.rowCount ?? 0;
}

export async function listRecentPacingDecisions(db: Queryable, campaignId: string, limit = 50): Promise<PacingDecisionRecord[]> {
  const result = await db.query<{ campaign_id: string; at: Date; node_id: string | null; launch: number; dial_level: number | null; binding: string; inputs: Record<string, unknown> }>(
    'SELECT campaign_id, at, node_id, launch, dial_level, binding, inputs FROM pacing_decisions WHERE campaign_id = $1 ORDER BY at DESC, id DESC LIMIT $2',
    [campaignId, limit],
  );
  return result.rows.map((row) => ({
    campaignId: String(row.campaign_id), at: row.at, nodeId: row.node_id, launch: row.launch,
    dialLevel: row.dial_level, binding: row.binding, inputs: row.inputs,
  }));
}

/** Rows one pruning statement deletes at most: short statements keep locks and WAL bursts small. */
const pruneBatch = 5_000;

/** Deletes decisions older than `before`, a batch at a time; returns how many. */
export async function prunePacingDecisions(db: Queryable, before: Date, batch = pruneBatch): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.query(
      'DELETE FROM pacing_decisions WHERE id IN (SELECT id FROM pacing_decisions WHERE at < $1 ORDER BY at LIMIT $2)', [before, batch]);
    const deleted = result.rowCount ?? 0;
    total += deleted;
    if (deleted < batch) return total;
  }
}
