// Which agent a person calling back reaches, and what becomes of them when that agent's bridge
// fails: the real node on the simulated PBX. A campaign distributing its calls by a lead field
// routes a return call as an answered dial, to an agent of the lead's group before one who has
// waited longer.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { allDayWindow, apiCall, waitUntil } from '../browser/browser-helpers.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { callBack, calledAnHourAgo } from './return-call-helpers.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');
const BY_REGION = `+1415${run}1`;
const WEST = `+1646${run}7`;

let test: TestNode;

/** A preview campaign (it dials nobody by itself) presenting `number`, with `settings`, which called each lead an hour ago; lead ids by number. */
async function campaignCalling(number: string, settings: Record<string, unknown>, leads: Array<{ e164: string; fields: Record<string, string> }>): Promise<{ id: string; leadOf: Map<string, string> }> {
  const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Return call routing ${number}`, mode: 'preview', callerId: `"Acme" <${number}>`, wrapUpMode: 'manual',
    settings: { callingWindow: allDayWindow, ...settings },
  });
  const list = await createList(test.node.pool, { campaignId: id, name: 'called earlier' });
  const leadIds = await insertLeads(test.node.pool, list.id, leads.map((lead) => ({ firstName: 'Caller', fields: lead.fields, phones: [lead.e164] })));
  const leadOf = new Map<string, string>();
  for (const [i, lead] of leads.entries()) {
    leadOf.set(lead.e164, String(leadIds[i]));
    await calledAnHourAgo(test.node.pool, id, String(leadIds[i]), lead.e164);
  }
  await apiCall(test, 'POST', `/api/campaigns/${id}/start`);
  return { id, leadOf };
}

/** Logs the agent in to the campaign with these groups and makes them ready. */
async function readyAgent(agentId: string, groups: string[], campaignId: string): Promise<void> {
  await apiCall(test, 'PUT', `/api/agents/${agentId}`, { name: `Agent ${agentId}`, groups });
  const { token } = await apiCall<{ token: string }>(test, 'POST', `/api/agents/${agentId}/tokens`);
  await apiCall(test, 'POST', `/api/agents/${agentId}/login`, { campaignId }, token);
  await waitUntil(`${agentId} paused`, async () => (await statusOf(agentId)) === 'paused');
  await apiCall(test, 'POST', `/api/agents/${agentId}/ready`, undefined, token);
  await waitUntil(`${agentId} ready`, async () => (await statusOf(agentId)) === 'ready');
}

const statusOf = async (agentId: string): Promise<string> => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${agentId}`)).status;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'return-call-routing:');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('a call back routed by the distribution of the campaign', () => {
  it("goes to a ready agent of the lead's region before one who has waited longer", async () => {
    const { id, leadOf } = await campaignCalling(BY_REGION, { distributeBy: 'region' }, [{ e164: WEST, fields: { region: ' West ' } }]);
    // The generalist is ready first: without distribution the caller would be theirs.
    await readyAgent('rc-any', [], id);
    await readyAgent('rc-west', ['west'], id);
    const call = callBack(test.pbx, WEST, BY_REGION);
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe('agent-bridge-rc-west');
    expect(await statusOf('rc-any')).toBe('ready');
    const attempt = await test.node.pool.query<{ agent_id: string | null }>("SELECT agent_id FROM attempts WHERE lead_id = $1 AND direction = 'inbound'", [leadOf.get(WEST)]);
    expect(attempt.rows).toEqual([{ agent_id: 'rc-west' }]);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await waitUntil('rc-west in wrap-up', async () => (await statusOf('rc-west')) === 'wrap_up');
  }, 60_000);
});
