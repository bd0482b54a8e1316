// Overdue callbacks of campaigns no node drives. Each node exports the follow-up gauges of the
// campaigns its engine holds; a stopped campaign's callbacks can still go past their follow-up
// deadline (GET /api/callbacks/overdue lists them), so one node, the first running node by id,
// exports `outpace_callbacks_overdue` for those too. Only that node does, so a scrape of every node
// counts each campaign once; a campaign that starts again is left to the node that takes it.

import type { Metrics } from '../adapters/metrics/index.js';
import { countOverdueCallbacksOfIdleCampaigns } from '../adapters/pg/callback-follow-up.js';
import { nodesAliveInDatabase } from '../adapters/pg/node-heartbeat.js';
import type { Pool } from '../adapters/pg/pool.js';
import type { EngineRuntime } from '../runtime/engine-runtime.js';

export class IdleCampaignOverdue {
  /** Campaigns this node exports the gauge for without holding them. */
  private exported = new Set<string>();

  constructor(private readonly deps: { runtime: EngineRuntime; pool: Pool; metrics: Metrics }) {}

  async sample(): Promise<void> {
    const { runtime, metrics } = this.deps;
    const counts = await this.countsToExport().catch(() => null);
    if (counts === null) return;
    for (const campaignId of this.exported) {
      if (!counts.has(campaignId) && !runtime.state().campaigns.has(campaignId)) metrics.callbacksOverdue.remove({ campaign: campaignId });
    }
    this.exported = new Set();
    for (const [campaignId, overdue] of counts) {
      // Taken up by this engine meanwhile: its own gauges count it.
      if (runtime.state().campaigns.has(campaignId)) continue;
      metrics.callbacksOverdue.set({ campaign: campaignId }, overdue);
      this.exported.add(campaignId);
    }
  }

  /** The idle campaigns' counts when this node is the one to export them; none otherwise. */
  private async countsToExport(): Promise<Map<string, number>> {
    const { runtime, pool } = this.deps;
    // Ordered here, not by the database's collation: every node picks the same one.
    const running = [...await nodesAliveInDatabase(pool, null, runtime.presenceTtlMs())].sort();
    if (running[0] !== runtime.nodeId()) return new Map();
    return countOverdueCallbacksOfIdleCampaigns(pool, new Date(runtime.nowMs()));
  }
}
