// A machine left without the campaign's message for want of the lead's consent is on the evidence
// log once, with its reason, written with the call's close: a close done again (its write tried
// again, or the attempt closed already by another node) adds no second entry.

import { afterAll, describe, expect, it } from 'vitest';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import type { AttemptSummary } from '../../../src/core/commands.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { createTestPool } from '../../helpers/db.js';
import { seedCampaign } from '../../helpers/fixtures.js';

const pool = createTestPool(2);
const t0 = new Date('2030-01-01T12:00:00Z');

afterAll(async () => {
  await pool.end();
});

describe('the evidence of a message withheld', () => {
  it('is written once, by the close that records the call', async () => {
    const { campaign } = await seedCampaign(pool, { leads: 1, nextDialAt: new Date('2029-12-31T00:00:00Z') });
    const [leased] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    if (!leased) throw new Error('nothing leased');
    const store = new PgEngineStore(pool, { nodeId: 'node-a', leadLeaseMs: 60_000 });
    const summary: AttemptSummary = {
      attemptId: leased.attemptId, campaignId: campaign.id, leadId: leased.leadId, phone: leased.e164, outcome: 'machine',
      cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER', agentId: null, previewAgentId: null, amdVerdict: 'machine', amdDetail: '',
      abandoned: false, safeHarborPlayed: false, safeHarborAtMs: null, optedOut: false, originatedAtMs: t0.getTime(), dialSent: true, ringingAtMs: t0.getTime() + 2_000,
      answeredAtMs: t0.getTime() + 9_000, liveAtMs: null, connectedAtMs: null, endedAtMs: t0.getTime() + 12_000, heldMs: 0, handovers: [],
      messageLeftAtMs: null, messagePlayed: null, messageWithheld: 'no_prerecorded_consent', thirdParty: null, endedBy: null,
    };
    await store.closeAttempt(summary, null);
    await store.closeAttempt(summary, null);
    const entries = await pool.query<{ kind: string; lead_id: string; at: Date; payload: Record<string, unknown> }>(
      "SELECT kind, lead_id::text, at, payload FROM evidence_log WHERE attempt_id = $1 AND kind = 'message_withheld'", [leased.attemptId]);
    expect(entries.rows).toEqual([{ kind: 'message_withheld', lead_id: leased.leadId, at: new Date(summary.endedAtMs), payload: { reason: 'no_prerecorded_consent' } }]);
  }, 30_000);
});
