// The saved pacing model of each campaign: one row, replaced on every save.

import type { Queryable } from './pool.js';

export interface StoredPacingModel {
  /** As stored; the core checks its shape before using it. */
  model: unknown;
  savedAt: Date;
}

export async function savePacingModel(db: Queryable, campaignId: string, model: unknown, savedAt: Date, nodeId: string): Promise<void> {
  await db.query(
    `INSERT INTO campaign_pacing_models (campaign_id, model, saved_at, node_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (campaign_id) DO UPDATE SET model = EXCLUDED.model, saved_at = EXCLUDED.saved_at, node_id = EXCLUDED.node_id`,
    [campaignId, JSON.stringify(model), savedAt, nodeId],
  );
}

export async function loadPacingModel(db: Queryable, campaignId: string): Promise<StoredPacingModel | null> {
  const result = await db.query<{ model: unknown; saved_at: Date }>(
    'SELECT model, saved_at FROM campaign_pacing_models WHERE campaign_id = $1', [campaignId]);
  const row = result.rows[0];
  return row ? { model: row.model, savedAt: row.saved_at } : null;
}
