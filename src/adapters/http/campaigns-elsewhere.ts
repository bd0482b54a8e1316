// The campaigns that are running or paused but not driven by this node, with the node that drives
// each (none when no node holds its lease) and where that node is reached: what a page on this
// node shows of them is what the database keeps, and it links to the node that has the rest.

import { listCampaigns } from '../pg/campaign-repository.js';
import type { Pool } from '../pg/pool.js';
import type { EngineApi } from './engine-api.js';

export interface CampaignElsewhere {
  campaignId: string;
  /** The node that drives it now; null when none does. */
  nodeId: string | null;
  /** Where that node is reached, when it has said. */
  nodeUrl: string | null;
}

export async function campaignsElsewhere(pool: Pool, engine: EngineApi): Promise<CampaignElsewhere[]> {
  const here = engine.state().campaigns;
  const active = await listCampaigns(pool, { status: ['running', 'paused'] });
  return Promise.all(active.filter((c) => !here.has(c.id)).map(async (c): Promise<CampaignElsewhere> => {
    const nodeId = await engine.campaignDriver(c.id).catch(() => null);
    const nodeUrl = nodeId === null ? null : await engine.nodeUrl(nodeId).catch(() => null);
    return { campaignId: c.id, nodeId, nodeUrl };
  }));
}
