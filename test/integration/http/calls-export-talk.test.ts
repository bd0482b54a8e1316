// The calls export's talk time is the agent's, as the results page and the CRM's call post count
// it: a message left on an answering machine ends the agent's talk when they leave it (the message
// plays on without them), and a customer left with a third party ends it when the agent leaves
// them. Summed in a spreadsheet, the export's talk is the page's.

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { insertPastCall } from '../../helpers/past-calls.js';

let test: TestNode;
let campaignId: string;
let handedOff: string;
const HOUR = 3_600_000;
const now = Date.now();

beforeAll(async () => {
  test = await startTestNode({}, 'calls-export-talk:');
  const { pool } = test.node;
  campaignId = (await createCampaign(pool, { name: `Talk ${now}`, timezone: 'America/Chicago' })).id;
  const list = await createList(pool, { campaignId, name: 'talk' });
  const [machine = '', verified = '', plain = ''] = await insertLeads(pool, list.id, [
    { phones: ['+15550310001'] }, { phones: ['+15550310002'] }, { phones: ['+15550310003'] },
  ]);
  await upsertAgent(pool, { id: 'talk-ann', name: 'Ann Talk' });
  const call = (leadId: string, talkSeconds: number) =>
    insertPastCall(pool, campaignId, { leadId, agentId: 'talk-ann', outcome: 'connected', talkSeconds, dialledAt: new Date(now - HOUR) });
  // Ann left the message 20 s into the call; it played another 40 s to the machine.
  const onMachine = await call(machine, 60);
  await pool.query(`UPDATE attempts SET message_left_at = connected_at + interval '20 seconds' WHERE id = $1`, [onMachine]);
  // Ann talked 45 s, then left the customer with the verification desk for 5 minutes more.
  handedOff = await call(verified, 345);
  await pool.query(`UPDATE attempts SET third_party = 'Verification', third_party_handed_off_at = connected_at + interval '45 seconds' WHERE id = $1`, [handedOff]);
  await call(plain, 90);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('calls export talk time', () => {
  it("gives each call the agent's talk, adding up to the results page's", async () => {
    const headers = { authorization: `Bearer ${roleTokens.manager}` };
    const csv = await fetch(`${test.node.url}/api/campaigns/${campaignId}/calls.csv`, { headers });
    const rows = parse(await csv.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => Number(row.talk_seconds)).sort((a, b) => a - b)).toEqual([20, 45, 90]);
    const report = (await (await fetch(`${test.node.url}/api/reports/campaigns/${campaignId}`, { headers })).json()) as { talkSeconds: number };
    expect(rows.reduce((sum, row) => sum + Number(row.talk_seconds), 0)).toBe(report.talkSeconds);
  });

  it("tells the CRM the agent's talk with the disposition, as the call's post does", async () => {
    const { pool } = test.node;
    await pool.query(`UPDATE campaigns SET settings = settings || '{"webhooks": [{"url": "https://crm.example/in", "events": ["disposition"]}]}' WHERE id = $1`, [campaignId]);
    await pool.query('UPDATE attempts SET originated_at = created_at WHERE id = $1', [handedOff]);
    const created = await fetch(`${test.node.url}/api/attempts/${handedOff}/disposition`, {
      method: 'POST', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify({ code: 'APPOINTMENT' }),
    });
    expect(created.status).toBe(201);
    const posted = await pool.query<{ payload: { call: { talkSeconds: number } } }>(
      "SELECT payload FROM webhook_deliveries WHERE campaign_id = $1 AND event = 'disposition'", [campaignId]);
    expect(posted.rows.map((row) => row.payload.call.talkSeconds)).toEqual([45]);
  });
});
