// Another pass over a list dials again every lead its dial caps stopped, not only those marked
// exhausted at their last dial's close: a lead whose callback, given on its last allowed dial, was
// cancelled, and a lead left over a dials-per-lead cap lowered since it was dialled, both wait in
// the retry pool where selection never takes them, and the pass brings them back too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { apiAnswer } from '../../browser/browser-helpers.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { insertPastCall } from '../../helpers/past-calls.js';

let test: TestNode;
let campaignId: string;
let listId: string;
let promised: string;
let overCap: string;

/** The API as a manager calls it. */
const api = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, roleTokens.manager, method, path, body);

const leadRow = async (id: string) => (await test.node.pool.query<{ status: string; attempts: number }>(
  'SELECT status, attempts FROM leads WHERE id = $1', [id])).rows[0];

beforeAll(async () => {
  test = await startTestNode({}, 'list-pass-at-cap:');
  const { pool } = test.node;
  campaignId = (await createCampaign(pool, { name: `Pass ${Date.now()}`, timezone: 'America/Chicago', settings: { recycle: { maxAttempts: 6 } } })).id;
  listId = (await createList(pool, { campaignId, name: 'worked' })).id;
  [promised = '', overCap = ''] = await insertLeads(pool, listId, [{ phones: ['+15550320001'] }, { phones: ['+15550320002'] }]);
  await upsertAgent(pool, { id: 'pass-ann', name: 'Ann Pass' });
  // Six dials each, as their closes left them: the first's sixth put through to Ann, the second's
  // fourth a busy line with two dials left under the campaign's cap then.
  await pool.query("UPDATE leads SET attempts = 6, status = 'done' WHERE id = $1", [promised]);
  await pool.query("UPDATE leads SET attempts = 4, status = 'retry' WHERE id = $1", [overCap]);
  await pool.query('UPDATE lead_phones SET attempts = 3 WHERE lead_id = ANY($1::bigint[])', [[promised, overCap]]);
  const lastDial = await insertPastCall(pool, campaignId, { leadId: promised, agentId: 'pass-ann', outcome: 'connected', talkSeconds: 40, dialledAt: new Date(Date.now() - 3_600_000) });
  await pool.query('UPDATE attempts SET originated_at = created_at WHERE id = $1', [lastDial]);
  // The person asked to be called back tomorrow, then the call was called off.
  const given = await api('POST', `/api/attempts/${lastDial}/disposition`, { code: 'CALLBACK', callback: { at: new Date(Date.now() + 86_400_000).toISOString(), personal: false } });
  expect(given.status).toBe(201);
  const { rows: [callback] } = await pool.query<{ id: string }>('SELECT id::text FROM callbacks WHERE lead_id = $1', [promised]);
  expect((await api('POST', `/api/callbacks/${callback?.id}/cancel`)).status).toBe(200);
  // The manager works the list to three dials a lead.
  expect((await api('PUT', `/api/campaigns/${campaignId}/dial-rules`, { recycle: { maxAttempts: 3 } })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('another pass over a list', () => {
  it('dials again the leads its dial caps stopped, whatever status they wait in', async () => {
    const pass = await api<{ reset: number; list: { dueNow: number } }>('POST', `/api/lists/${listId}/reset`);
    expect(pass.status).toBe(200);
    expect(pass.body).toMatchObject({ reset: 2, list: { dueNow: 2 } });
    expect(await leadRow(promised)).toEqual({ status: 'retry', attempts: 0 });
    expect(await leadRow(overCap)).toEqual({ status: 'retry', attempts: 0 });
    const phones = await test.node.pool.query<{ attempts: number }>('SELECT attempts FROM lead_phones WHERE lead_id = ANY($1::bigint[])', [[promised, overCap]]);
    expect(phones.rows.map((phone) => phone.attempts)).toEqual([0, 0]);
    const evidence = await test.node.pool.query<{ payload: { leadsReset: number } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'list_reset' AND campaign_id = $1", [campaignId]);
    expect(evidence.rows.map((row) => row.payload.leadsReset)).toEqual([2]);
  });
});
