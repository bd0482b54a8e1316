// What the dial the engine places for a due personal callback keeps: the personal-callback dialer
// leases the lead for its agent and the pre-dial check that passes the dial closes the callbacks
// of the lead that are due (this one, and one for anyone due too), not a later promise of the
// same agent, which is still to be made at its own time should this call reach no one.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { preDialCheck } from '../../../src/adapters/pg/pre-dial-check.js';
import type { Input } from '../../../src/core/inputs.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { dialerFor } from './personal-callback-dialer-harness.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']));

// 12:00 in New York on a Monday, inside the US calling window.
const noon = Date.parse('2030-01-07T17:00:00Z');
const MINUTE = 60_000;
const agentId = 'cbh-a';

async function dialled(submitted: Input[]): Promise<Extract<Input, { type: 'preview_dial' }>> {
  for (let i = 0; i < 200; i++) {
    const dial = submitted.find((input): input is Extract<Input, { type: 'preview_dial' }> => input.type === 'preview_dial');
    if (dial) return dial;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no callback dialled: ${JSON.stringify(submitted)}`);
}

describe("the engine's dial of a due personal callback", () => {
  it("keeps the callbacks of the lead that are due, not the agent's later promise nor a later one for anyone", async () => {
    const campaign = await createCampaign(pool, { name: `cbh-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false });
    const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
    const [leadId = ''] = await insertLeads(pool, list.id, [{ phones: ['+12125550175'], timezone: 'America/New_York', nextDialAt: new Date(noon - 60 * MINUTE) }]);
    await upsertAgent(pool, { id: agentId, name: 'Hugo' });
    const afterLunch = await scheduleCallback(pool, { leadId, agentId, dueAt: new Date(noon + 120 * MINUTE), notes: 'after lunch' });
    const inThree = await scheduleCallback(pool, { leadId, agentId, dueAt: new Date(noon - 3 * MINUTE), notes: 'mine again' });
    const anyoneDue = await scheduleCallback(pool, { leadId, agentId: null, dueAt: new Date(noon - MINUTE) });
    const anyoneLater = await scheduleCallback(pool, { leadId, agentId: null, dueAt: new Date(noon + 240 * MINUTE) });

    const { dialer, submitted } = dialerFor(pool, 'cbh', [{ id: agentId, campaignId: campaign.id }], { nowMs: noon });
    await dialer.refresh();
    expect(submitted).toContainEqual({ type: 'callback_due', agentId, due: true });
    dialer.onCommands([{ type: 'dial_callback', agentId, campaignId: campaign.id }]);
    const { lead } = await dialled(submitted);
    expect(lead.leadId).toBe(leadId);
    const verdict = await preDialCheck(pool, { attemptId: lead.attemptId, campaignId: campaign.id, leadId, phone: lead.phone, callerId: '+16505550100', nowMs: noon });
    expect(verdict).toEqual({ allowed: true });

    const callbacks = await pool.query<{ id: string; status: string; honoured_by: string | null }>(
      'SELECT id::text, status, honoured_by::text FROM callbacks WHERE lead_id = $1 ORDER BY id', [leadId]);
    expect(callbacks.rows).toEqual([
      { id: afterLunch.id, status: 'pending', honoured_by: null },
      { id: inThree.id, status: 'done', honoured_by: lead.attemptId },
      { id: anyoneDue.id, status: 'done', honoured_by: lead.attemptId },
      { id: anyoneLater.id, status: 'pending', honoured_by: null },
    ]);
  });
});
