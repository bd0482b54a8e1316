// A campaign an engine takes on (start-up, or from a node that went away) starts from its abandon
// history in Postgres, read through the campaign sync with a real Redis lease: the regime window
// is days long, and a ledger that started empty would let the pacer spend a used budget.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { abandonFigures } from '../../../src/core/compliance/abandon-ledger.js';
import { step } from '../../../src/core/engine.js';
import { createEngineState } from '../../../src/core/engine-state.js';
import type { Input } from '../../../src/core/inputs.js';
import { CampaignSync } from '../../../src/runtime/campaign-sync.js';
import type { EngineStore } from '../../../src/runtime/engine-store.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { servicesForFile } from '../../helpers/services.js';
import { seedCampaign } from '../../helpers/fixtures.js';

const { pool, redis } = servicesForFile('abandon-history:', ['campaigns', 'attempts']);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const now = Date.parse('2030-03-14T15:00:00Z');

interface PastCall {
  agoMs: number;
  live: boolean;
  abandoned?: boolean;
  machine?: boolean;
  /** Put through live, found by the agent to be an answering machine, the message left on it. */
  messageLeft?: boolean;
}

async function pastCalls(campaignId: string, leadId: string, calls: PastCall[]): Promise<void> {
  for (const call of calls) {
    const at = new Date(now - call.agoMs);
    await pool.query(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, answered_at, live_at, ended_at, abandoned, message_left_at, no_person)
       VALUES ($1, $2, '+15550100001', 'ended', $3, $4::timestamptz - interval '20 seconds', $4, $5, $4::timestamptz + interval '1 minute', $6,
               CASE WHEN $7 THEN $4::timestamptz + interval '10 seconds' END, $7)`,
      [campaignId, leadId, call.machine || call.messageLeft ? 'machine' : call.abandoned ? 'abandoned' : 'connected', at, call.live ? at : null,
        call.abandoned ?? false, call.messageLeft ?? false],
    );
  }
}

const times = (n: number, call: PastCall): PastCall[] => Array.from({ length: n }, () => call);

async function runningCampaign(regime: 'us' | 'uk') {
  const seeded = await seedCampaign(pool, { leads: 1, campaign: { regime } });
  await updateCampaignStatus(pool, seeded.campaign.id, 'running');
  return { campaignId: seeded.campaign.id, leadId: seeded.leadIds[0] as string };
}

function syncFor(store: EngineStore) {
  const inputs: Input[] = [];
  const sync = new CampaignSync({
    store, redis, nodeId: 'history-node', leaseMs: 30_000, submit: (input) => { inputs.push(input); },
    nowMs: () => now, isIdle: () => false, logger: pino({ level: 'silent' }),
  });
  return { sync, inputs };
}

const pgStore = () => new PgEngineStore(pool, { nodeId: 'history-node', leadLeaseMs: 60_000 });

describe('abandon history for a campaign an engine takes on', () => {
  it('is read from Postgres and given to the core between configuring and starting the campaign', async () => {
    const { campaignId, leadId } = await runningCampaign('us');
    await pastCalls(campaignId, leadId, [
      ...times(192, { agoMs: 3 * DAY, live: true }),
      ...times(8, { agoMs: 3 * DAY, live: true, abandoned: true }),
      ...times(20, { agoMs: 2 * DAY, live: false, machine: true }),
      ...times(9, { agoMs: 5 * MINUTE, live: true }),
      ...times(1, { agoMs: 4 * MINUTE, live: true, abandoned: true }),
      // Machines the agents left the message on are no live answers.
      ...times(5, { agoMs: 3 * MINUTE, live: true, messageLeft: true }),
      ...times(50, { agoMs: 31 * DAY, live: true, abandoned: true }), // before the 30-day window
    ]);
    const other = await runningCampaign('us');
    await pastCalls(other.campaignId, other.leadId, times(30, { agoMs: DAY, live: true, abandoned: true }));

    const { sync, inputs } = syncFor(pgStore());
    await sync.sync();
    const mine = inputs.filter((input) => 'campaignId' in input && input.campaignId === campaignId);
    expect(mine.map((input) => input.type)).toEqual(['campaign_configured', 'abandon_history_loaded', 'campaign_started']);
    const history = mine[1];
    if (history?.type !== 'abandon_history_loaded') throw new Error('no history');
    const sum = (key: 'live' | 'abandoned' | 'machine') => history.buckets.reduce((a, b) => a + b[key], 0);
    // The US regime does not count AMD false positives: machine answers are not read for it.
    expect({ live: sum('live'), abandoned: sum('abandoned'), machine: sum('machine') }).toEqual({ live: 210, abandoned: 9, machine: 0 });

    const state = createEngineState();
    for (const input of mine) step(state, input, now);
    const ledger = state.campaigns.get(campaignId)?.ledger;
    if (!ledger) throw new Error('campaign not loaded');
    expect(abandonFigures(ledger, now, 0)).toMatchObject({ liveAnswers: 210, abandoned: 9, quarterHourLive: 10, quarterHourAbandoned: 1 });
  });

  it('reads the UK regime window (24 hours) only, machine answers included (it counts AMD false positives)', async () => {
    const { campaignId, leadId } = await runningCampaign('uk');
    await pastCalls(campaignId, leadId, [
      ...times(40, { agoMs: 2 * DAY, live: true, abandoned: true }),
      ...times(60, { agoMs: 6 * 60 * MINUTE, live: true }),
      ...times(3, { agoMs: 6 * 60 * MINUTE, live: false, machine: true }),
    ]);
    const { sync, inputs } = syncFor(pgStore());
    await sync.sync();
    const history = inputs.find((input) => input.type === 'abandon_history_loaded');
    if (history?.type !== 'abandon_history_loaded') throw new Error('no history');
    expect(history.buckets.reduce((a, b) => a + b.live, 0)).toBe(60);
    expect(history.buckets.reduce((a, b) => a + b.abandoned, 0)).toBe(0);
    expect(history.buckets.reduce((a, b) => a + b.machine, 0)).toBe(3);
  });

  it('holds the campaign paused when the history cannot be read, and takes it on at the next pass', async () => {
    const { campaignId, leadId } = await runningCampaign('us');
    await pastCalls(campaignId, leadId, times(5, { agoMs: DAY, live: true, abandoned: true }));
    const real = pgStore();
    let failures = 1;
    const flaky: EngineStore = Object.assign(Object.create(real) as PgEngineStore, {
      abandonHistory: (...args: Parameters<EngineStore['abandonHistory']>) => (failures-- > 0
        ? Promise.reject(new Error('connection reset'))
        : real.abandonHistory(...args)),
    });
    const { sync, inputs } = syncFor(flaky);
    await sync.sync();
    expect(inputs.map((input) => input.type)).toEqual(['campaign_configured', 'campaign_paused']);
    inputs.length = 0;
    await sync.sync();
    expect(inputs.map((input) => input.type)).toEqual(['campaign_configured', 'abandon_history_loaded', 'campaign_started']);
    expect(sync.ownedCampaigns()).toEqual([campaignId]);
  });

  it('reads it again when a campaign stopped here is started again (another node may have driven it since)', async () => {
    const { campaignId, leadId } = await runningCampaign('us');
    const { sync, inputs } = syncFor(pgStore());
    await sync.sync();
    await updateCampaignStatus(pool, campaignId, 'stopped');
    await sync.sync();
    expect(sync.campaignsKeptHere()).toEqual([campaignId]);
    await pastCalls(campaignId, leadId, times(4, { agoMs: MINUTE, live: true, abandoned: true }));
    inputs.length = 0;
    await updateCampaignStatus(pool, campaignId, 'running');
    await sync.sync();
    expect(inputs.map((input) => input.type)).toEqual(['abandon_history_loaded', 'campaign_started']);
    const history = inputs[0];
    expect(history?.type === 'abandon_history_loaded' && history.buckets.reduce((a, b) => a + b.abandoned, 0)).toBe(4);
  });

  it('reads it again when the campaign changes regime, and not on other changes', async () => {
    const { campaignId } = await runningCampaign('us');
    const store = pgStore();
    const { sync, inputs } = syncFor(store);
    await sync.sync();
    inputs.length = 0;
    await pool.query(`UPDATE campaigns SET abandon_target = 0.02 WHERE id = $1`, [campaignId]);
    await sync.sync();
    expect(inputs.map((input) => input.type)).toEqual(['campaign_configured']);
    inputs.length = 0;
    await pool.query(`UPDATE campaigns SET regime = 'uk' WHERE id = $1`, [campaignId]);
    await sync.sync();
    expect(inputs.map((input) => input.type)).toEqual(['campaign_configured', 'abandon_history_loaded']);
  });
});
