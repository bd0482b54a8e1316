// A preview holds its lead ten minutes. An agent reading it longer keeps it while they stay logged
// in on the node that leased it (the node renews the lease with those of its calls), up to an hour;
// once they log out, the lease runs out and the lead goes back to the list.
// Real engine and API, simulated PBX; the node renews leases every second (lead lease of 3 s).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, createScenario, waitUntil } from '../../browser/browser-helpers.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');
const MINUTE = 60_000;

let test: TestNode;
const audit = createTestPool(2);

beforeAll(async () => {
  await truncateTables(audit, ['campaigns']);
  test = await startTestNode({ outcomes: 'digit' }, `preview-lease-${run}:`, { leadLeaseMs: 3_000 });
}, 60_000);

afterAll(async () => {
  await test?.close();
  await audit.end();
});

const agentStatus = (agentId: string): string => test.node.runtime.state().agents.get(agentId)?.status ?? 'logged_out';
const leaseLeft = async (leadId: string): Promise<number> => {
  const row = (await audit.query<{ leased_until: Date | null }>('SELECT leased_until FROM leads WHERE id = $1', [leadId])).rows[0];
  return (row?.leased_until?.getTime() ?? 0) - Date.now();
};
/** Two more of the node's lease renewal rounds end: the second began after the change before it,
 * so it had its chance to renew the lease (which must not be, where this is waited on). */
const renewalRoundsPass = async (): Promise<void> => {
  const after = test.node.runtime.leaseRenewalRounds() + 2;
  await waitUntil('two lease renewal rounds', async () => test.node.runtime.leaseRenewalRounds() >= after, 10_000);
};
/** The lease as if the agent had read the lead for nearly ten minutes: a few seconds left. */
const nearlyOut = (leadId: string) => audit.query("UPDATE leads SET leased_until = now() + interval '4 seconds' WHERE id = $1", [leadId]);

describe("a preview's lease", () => {
  it('is renewed while its agent stays logged in, and runs out once they log out', async () => {
    const agentId = `plr-${run}`;
    const made = await createScenario(test, {
      name: `Preview lease ${run}`, agentId, agentName: agentId,
      campaign: { mode: 'preview' },
      leads: [{ firstName: 'Lead', phones: [`+1316${run}0`] }],
    });
    expect((await apiAnswer(test, made.agentToken, 'POST', `/api/agents/${agentId}/login`, { campaignId: made.campaignId })).status).toBeLessThan(300);
    await waitUntil(`${agentId} paused`, async () => agentStatus(agentId) === 'paused');
    const next = await apiAnswer<{ attempt: { id: string }; lead: { id: string } }>(test, made.agentToken, 'POST', `/api/agents/${agentId}/preview/next`);
    expect(next.status).toBe(201);
    const leadId = next.body.lead.id;
    expect(await leaseLeft(leadId)).toBeGreaterThan(9 * MINUTE);

    await nearlyOut(leadId);
    await waitUntil('the preview lease renewed', async () => (await leaseLeft(leadId)) > 9 * MINUTE, 10_000);

    // Open an hour: no longer renewed, though its agent is still here.
    await audit.query("UPDATE attempts SET created_at = now() - interval '61 minutes' WHERE id = $1", [next.body.attempt.id]);
    await nearlyOut(leadId);
    await renewalRoundsPass();
    expect(await leaseLeft(leadId)).toBeLessThan(5_000);
    await audit.query("UPDATE attempts SET created_at = now() WHERE id = $1", [next.body.attempt.id]);

    expect((await apiAnswer(test, made.agentToken, 'POST', `/api/agents/${agentId}/logout`)).status).toBeLessThan(300);
    await waitUntil(`${agentId} logged out`, async () => agentStatus(agentId) === 'logged_out');
    await nearlyOut(leadId);
    // Renewal rounds pass without it.
    await renewalRoundsPass();
    expect(await leaseLeft(leadId)).toBeLessThan(5_000);
  }, 60_000);

  it('is not renewed, nor its lead offered or dialled, once its agent works another campaign', async () => {
    const agentId = `plm-${run}`;
    const made = (name: string, digit: number) => createScenario(test, {
      name: `${name} ${run}`, agentId, agentName: agentId, campaign: { mode: 'preview' },
      leads: [{ firstName: name, phones: [`+1316${run}${digit}`] }],
    });
    const first = await made('First', 1);
    const second = await made('Second', 2);
    const login = async (campaignId: string) => {
      expect((await apiAnswer(test, first.agentToken, 'POST', `/api/agents/${agentId}/login`, { campaignId })).status).toBeLessThan(300);
      await waitUntil(`${agentId} paused`, async () => agentStatus(agentId) === 'paused');
    };
    await login(first.campaignId);
    const left = await apiAnswer<{ attempt: { id: string }; lead: { id: string } }>(test, first.agentToken, 'POST', `/api/agents/${agentId}/preview/next`);
    expect(left.status).toBe(201);
    await apiAnswer(test, first.agentToken, 'POST', `/api/agents/${agentId}/logout`);
    await waitUntil(`${agentId} logged out`, async () => agentStatus(agentId) === 'logged_out');
    await login(second.campaignId);

    await nearlyOut(left.body.lead.id);
    await renewalRoundsPass();
    expect(await leaseLeft(left.body.lead.id)).toBeLessThan(5_000);
    const next = await apiAnswer<{ lead: { id: string; firstName: string } }>(test, first.agentToken, 'POST', `/api/agents/${agentId}/preview/next`);
    expect(next.status).toBe(201);
    expect(next.body.lead.firstName).toBe('Second');
    const dial = await apiAnswer(test, first.agentToken, 'POST', `/api/agents/${agentId}/preview/dial`, { attemptId: left.body.attempt.id });
    expect(dial.status).toBe(409);
    await apiAnswer(test, first.agentToken, 'POST', `/api/agents/${agentId}/logout`);
  }, 60_000);
});
