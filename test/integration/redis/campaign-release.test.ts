// A campaign this node no longer drives (stopped here, or its lease lost to another node) leaves
// the engine once nothing of it is left on the node, and not before: a team still logged in to a
// stopped campaign keeps it. Taken on again, it is loaded afresh and its abandon history read
// again. Real Postgres and Redis, through the campaign sync, feeding a real core state.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { campaignLeaseKey } from '../../../src/adapters/redis/campaign-lease.js';
import { abandonFigures } from '../../../src/core/compliance/abandon-ledger.js';
import { step } from '../../../src/core/engine.js';
import { createEngineState } from '../../../src/core/engine-state.js';
import { campaignIsIdle } from '../../../src/core/handover-partners.js';
import type { Input } from '../../../src/core/inputs.js';
import { roundTheClockWindow } from '../../../src/demo/round-the-clock.js';
import { CampaignSync } from '../../../src/runtime/campaign-sync.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { seedCampaign } from '../../helpers/fixtures.js';
import { servicesForFile } from '../../helpers/services.js';

const { pool, redis } = servicesForFile('campaign-release:', ['campaigns', 'attempts']);

const now = Date.now();

function engineNode() {
  const state = createEngineState();
  const inputs: Input[] = [];
  const feed = (input: Input): void => {
    inputs.push(input);
    step(state, input, now);
  };
  const sync = new CampaignSync({
    store: new PgEngineStore(pool, { nodeId: 'here', leadLeaseMs: 60_000 }), redis, nodeId: 'here', leaseMs: 30_000,
    submit: feed, nowMs: () => now, isIdle: (campaignId) => campaignIsIdle(state, campaignId), logger: pino({ level: 'silent' }),
  });
  const releaseDrained = (): void => sync.release(sync.drainedCampaigns());
  return { state, inputs, feed, sync, releaseDrained };
}

async function runningCampaign(): Promise<{ campaignId: string; leadId: string }> {
  const seeded = await seedCampaign(pool, { leads: 1, campaign: { settings: { callingWindow: roundTheClockWindow } } });
  await updateCampaignStatus(pool, seeded.campaign.id, 'running');
  return { campaignId: seeded.campaign.id, leadId: seeded.leadIds[0] as string };
}

/** Abandoned live calls a minute ago, as another node's driving of the campaign left them. */
async function abandonsElsewhere(campaignId: string, leadId: string, count: number): Promise<void> {
  const at = new Date(now - 60_000);
  for (let i = 0; i < count; i += 1) {
    await pool.query(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, answered_at, live_at, ended_at, abandoned)
       VALUES ($1, $2, '+15550100001', 'ended', 'abandoned', $3::timestamptz - interval '20 seconds', $3, $3, $3::timestamptz + interval '30 seconds', true)`,
      [campaignId, leadId, at],
    );
  }
}

describe('a campaign this node no longer drives', () => {
  it('stays while its team is logged in, leaves once they are gone, and is taken on afresh when started again', async () => {
    const { campaignId, leadId } = await runningCampaign();
    const node = engineNode();
    await node.sync.sync();
    node.feed({ type: 'agent_login', agentId: 'ann', campaignId, endpoint: 'Local/ann@sim-agent' });
    node.feed({ type: 'agent_leg_up', agentId: 'ann' });

    await updateCampaignStatus(pool, campaignId, 'stopped');
    await node.sync.sync();
    node.releaseDrained();
    expect(node.state.campaigns.get(campaignId)?.status).toBe('stopped');
    expect(node.sync.campaignsKeptHere()).toEqual([campaignId]);

    node.feed({ type: 'agent_logout', agentId: 'ann' });
    node.releaseDrained();
    expect(node.state.campaigns.has(campaignId)).toBe(false);
    expect(node.sync.campaignsKeptHere()).toEqual([]);

    // Driven elsewhere meanwhile: its budget was spent there. Started again here, it is read back.
    await abandonsElsewhere(campaignId, leadId, 3);
    node.inputs.length = 0;
    await updateCampaignStatus(pool, campaignId, 'running');
    await node.sync.sync();
    expect(node.inputs.map((input) => input.type)).toEqual(['campaign_configured', 'abandon_history_loaded', 'campaign_started']);
    const campaign = node.state.campaigns.get(campaignId);
    expect(campaign?.status).toBe('running');
    expect(campaign && abandonFigures(campaign.ledger, now, 0).abandoned).toBe(3);
  });

  it('leaves the engine once idle when another node has taken its lease', async () => {
    const { campaignId } = await runningCampaign();
    const node = engineNode();
    await node.sync.sync();
    expect(node.state.campaigns.get(campaignId)?.status).toBe('running');

    await redis.set(campaignLeaseKey(campaignId), 'there', 'PX', 30_000);
    await node.sync.sync();
    expect(node.state.campaigns.get(campaignId)?.status).toBe('paused');
    node.releaseDrained();
    expect(node.state.campaigns.has(campaignId)).toBe(false);
    expect(node.sync.ownedCampaigns()).toEqual([]);
  });

  it('is not released once taken on here again', async () => {
    const { campaignId } = await runningCampaign();
    const node = engineNode();
    await node.sync.sync();
    await updateCampaignStatus(pool, campaignId, 'stopped');
    await node.sync.sync();
    // Found drained; before the release (the runtime saves its model in between) it is resumed.
    const drained = node.sync.drainedCampaigns();
    expect(drained).toEqual([campaignId]);
    await updateCampaignStatus(pool, campaignId, 'paused');
    await node.sync.sync();
    node.sync.release(drained);
    expect(node.state.campaigns.get(campaignId)?.status).toBe('paused');
    expect(node.sync.drainedCampaigns()).toEqual([]);
  });
});
