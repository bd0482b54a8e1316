// Campaign targets through the API of a running node: set with the campaign's settings (and
// refused when malformed), counted over the campaign's day or week from the dispositions given,
// with the pace per staffed agent-hour and the agent-hours still needed, and shown on the
// wallboard's campaign figures beside the calls left without a disposition.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { targetPeriod } from '../../../src/adapters/http/campaign-targets.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { nodeRequest } from '../../helpers/node-request.js';
import { noonZone } from '../../helpers/noon-zone.js';

let test: TestNode;
let campaignId: string;
const now = Date.now();
const MINUTE = 60_000;

const call = <T>(method: string, path: string, body?: unknown, token = roleTokens.manager) => nodeRequest<T>(test, method, path, body, token);

/** A disposition of a connected call given `agoMs` ago, moving its lead from one stage to another. */
async function disposed(leadId: string, code: string, before: string, after: string, agoMs: number): Promise<void> {
  const pool = test.node.pool;
  const at = new Date(now - agoMs);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, agent_id, created_at, connected_at, ended_at)
     VALUES ($1, $2, '+15550100001', 'ended', 'connected', 'tgt-ann', $3, $3, $3) RETURNING id::text`, [campaignId, leadId, at]);
  await pool.query(
    `INSERT INTO dispositions (attempt_id, campaign_id, lead_id, agent_id, code, stage_before, stage_after, created_at)
     VALUES ($1, $2, $3, 'tgt-ann', $4, $5, $6, $7)`, [rows[0]?.id, campaignId, leadId, code, before, after, at]);
}

beforeAll(async () => {
  const reset = createTestPool(1);
  await truncateTables(reset, ['campaigns']);
  await reset.end();
  test = await startTestNode({}, 'campaign-targets:');
  const created = await call<{ id: string }>('POST', '/api/campaigns', { name: `Targets ${now}`, timezone: noonZone });
  campaignId = created.body.id;
  const list = await createList(test.node.pool, { campaignId, name: 'targets' });
  const leads = await insertLeads(test.node.pool, list.id, [0, 1, 2, 3].map((i) => ({ firstName: `T${i}`, phones: [`+1555030000${i}`] })));
  await upsertAgent(test.node.pool, { id: 'tgt-ann', name: 'Ann Target' });
  const [a, b, c, d] = leads.map(String);
  await disposed(a ?? '', 'SALE', 'raw_lead', 'opportunity', 5_000);
  await disposed(b ?? '', 'APPOINTMENT', 'raw_lead', 'appointment', 4_000);
  await disposed(c ?? '', 'APPOINTMENT', 'valid_contact', 'appointment', 3_000);
  // Already an appointment: no move, and eight days ago: outside any period asked for.
  await disposed(d ?? '', 'APPOINTMENT', 'appointment', 'appointment', 2_000);
  await disposed(d ?? '', 'APPOINTMENT', 'raw_lead', 'appointment', 8 * 24 * 60 * MINUTE);
  // A call put through ten minutes ago and never dispositioned.
  await test.node.pool.query(
    `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, agent_id, created_at, connected_at, ended_at)
     VALUES ($1, $2, '+15550100001', 'ended', 'connected', 'tgt-ann', $3, $3, $4)`,
    [campaignId, a, new Date(now - 12 * MINUTE), new Date(now - 10 * MINUTE)]);
  // One agent staffed for the last half hour (ready, then talking).
  await test.node.pool.query(
    `INSERT INTO agent_state_log (agent_id, campaign_id, state, from_at, to_at) VALUES
       ('tgt-ann', $1, 'ready', $2, $3), ('tgt-ann', $1, 'talking', $3, NULL), ('tgt-ann', $1, 'paused', $4, $2)`,
    [campaignId, new Date(now - 30 * MINUTE), new Date(now - 10 * MINUTE), new Date(now - 90 * MINUTE)],
  );
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('campaign targets', () => {
  it('refuses malformed targets with the field named', async () => {
    const bad = await call<{ message: string }>('PATCH', `/api/campaigns/${campaignId}`, { settings: { targets: [{ measure: 'appointment', count: 0, per: 'day' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^settings\.targets\.0\.count: /);
    const unknown = await call<{ message: string }>('PATCH', `/api/campaigns/${campaignId}`, { settings: { targets: [{ measure: 'sales', count: 3, per: 'month' }] } });
    expect(unknown.status).toBe(400);
  });

  it('counts each target over its day or week, with the pace and the agent-hours still needed', async () => {
    const targets = [
      { measure: 'appointment', count: 10, per: 'day' },
      { measure: 'success', count: 20, per: 'week' },
      { measure: 'opportunity', count: 1, per: 'day' },
      { measure: 'valid_contact', count: 5, per: 'day' },
    ];
    expect((await call('PATCH', `/api/campaigns/${campaignId}`, { settings: { targets } })).status).toBe(200);
    const { status, body } = await call<{ timezone: string; targets: Array<Record<string, unknown>> }>('GET', `/api/campaigns/${campaignId}/targets`, undefined, roleTokens.viewer);
    expect(status).toBe(200);
    const answeredAt = Date.now();
    // Staffed time counts from the start of the period (or the half hour staffed) up to the
    // moment the node answered, which is between the setup's clock and now.
    const day = targetPeriod('day', noonZone, now);
    const staffedAt = (at: number) => (at - Math.max(now - 30 * MINUTE, day.from.getTime())) / 3_600_000;
    const [appointments, successes, opportunities, validContacts] = body.targets;
    // A lead taken straight to an opportunity has passed the appointment and the valid contact.
    expect(appointments).toMatchObject({ measure: 'appointment', per: 'day', count: 10, reached: 3, remaining: 7, share: 0.3, from: day.from.toISOString() });
    const staffedHours = Number(appointments?.staffedHours);
    expect(staffedHours).toBeGreaterThanOrEqual(staffedAt(now) - 1e-6);
    expect(staffedHours).toBeLessThanOrEqual(staffedAt(answeredAt) + 1e-6);
    expect(appointments?.perAgentHour).toBeCloseTo(3 / staffedHours, 6);
    expect(appointments?.agentHoursNeeded).toBeCloseTo(7 / (3 / staffedHours), 6);
    // SALE and APPOINTMENT are success codes in the default catalogue: four this week (the moveless one too).
    expect(successes).toMatchObject({ measure: 'success', per: 'week', reached: 4, remaining: 16 });
    expect(opportunities).toMatchObject({ reached: 1, remaining: 0, share: 1, agentHoursNeeded: 0 });
    // Two raw leads jumped past the valid contact (to an opportunity, to an appointment); the lead
    // that was a valid contact already is not counted again.
    expect(validContacts).toMatchObject({ measure: 'valid_contact', reached: 2, remaining: 3 });
  });

  it('shows the targets on the wallboard', async () => {
    await test.node.runtime.syncCampaigns();
    const board = await call<{ campaigns: Array<{ id: string; targets: unknown[] }> }>('GET', '/api/wallboard', undefined, roleTokens.supervisor);
    // The wallboard lists the campaigns this node drives; this one is a draft, so its figures come from the report route only.
    const mine = board.body.campaigns.find((c) => c.id === campaignId);
    expect(mine).toBeUndefined();
    expect((await call('POST', `/api/campaigns/${campaignId}/start`)).status).toBe(200);
    let targets: unknown[] = [];
    let undispositioned: number | null = null;
    for (let i = 0; i < 40 && targets.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const next = await call<{ campaigns: Array<{ id: string; targets: unknown[]; undispositioned: number | null }> }>('GET', '/api/wallboard', undefined, roleTokens.supervisor);
      const entry = next.body.campaigns.find((c) => c.id === campaignId);
      targets = entry?.targets ?? [];
      undispositioned = entry?.undispositioned ?? null;
    }
    // The call left without a disposition is counted for the supervisors.
    expect(undispositioned).toBe(1);
    expect(targets).toEqual([
      { measure: 'appointment', per: 'day', count: 10, reached: 3 },
      { measure: 'success', per: 'week', count: 20, reached: 4 },
      { measure: 'opportunity', per: 'day', count: 1, reached: 1 },
      { measure: 'valid_contact', per: 'day', count: 5, reached: 2 },
    ]);
  }, 20_000);
});
