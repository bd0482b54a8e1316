// A cancelled callback puts its lead back as it would be without it. A follow-up booked for a lead
// already worked (a sale, its dials used up) and then called off leaves the lead worked: it does
// not send a customer who bought into the dialling pool, to be called again as a new prospect.
// One given on the lead's last allowed dial leaves it exhausted, not counted as still to dial, and
// the list's next pass dials it again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { apiAnswer } from '../../browser/browser-helpers.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { insertPastCall } from '../../helpers/past-calls.js';

let test: TestNode;
let campaignId: string;
let sold: string;
let spent: string;
let fresh: string;

/** The API as a manager calls it. */
const api = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, roleTokens.manager, method, path, body);

const statusOf = async (id: string) => (await test.node.pool.query<{ status: string }>('SELECT status FROM leads WHERE id = $1', [id])).rows[0]?.status;

async function bookAndCancel(leadId: string): Promise<void> {
  const booked = await api<{ id: string }>('POST', `/api/leads/${leadId}/callbacks`, { dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
  expect(booked.status).toBe(201);
  expect((await api('POST', `/api/callbacks/${booked.body.id}/cancel`)).status).toBe(200);
}

beforeAll(async () => {
  test = await startTestNode({}, 'cancelled-follow-up:');
  const { pool } = test.node;
  campaignId = (await createCampaign(pool, { name: `Follow-up ${Date.now()}`, timezone: 'America/Chicago' })).id;
  const list = await createList(pool, { campaignId, name: 'customers' });
  [sold = '', spent = '', fresh = ''] = await insertLeads(pool, list.id, [
    { phones: ['+15550340001'], status: 'done', stage: 'opportunity' }, { phones: ['+15550340002'], status: 'exhausted' }, { phones: ['+15550340003'] },
  ]);
  await pool.query('UPDATE leads SET attempts = 1 WHERE id = $1', [sold]);
  await pool.query('UPDATE leads SET attempts = 6 WHERE id = $1', [spent]);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('a callback called off', () => {
  it('leaves a worked lead as it was, and a lead of the pool in the pool', async () => {
    await bookAndCancel(sold);
    await bookAndCancel(spent);
    await bookAndCancel(fresh);
    expect([await statusOf(sold), await statusOf(spent), await statusOf(fresh)]).toEqual(['done', 'exhausted', 'retry']);
  });

  it('leaves a lead given it on its last allowed dial exhausted, which the list then counts so and its next pass dials again', async () => {
    const { pool } = test.node;
    const list = await createList(pool, { campaignId, name: 'last dials' });
    const [lead = ''] = await insertLeads(pool, list.id, [{ phones: ['+15550340004'] }]);
    await upsertAgent(pool, { id: 'follow-ann', name: 'Ann Follow' });
    // Its sixth dial, the campaign's last allowed (the default cap), put through to Ann.
    await pool.query("UPDATE leads SET attempts = 6, status = 'done' WHERE id = $1", [lead]);
    const lastDial = await insertPastCall(pool, campaignId, { leadId: lead, agentId: 'follow-ann', outcome: 'connected', talkSeconds: 40, dialledAt: new Date(Date.now() - 3_600_000) });
    await pool.query('UPDATE attempts SET originated_at = created_at WHERE id = $1', [lastDial]);
    const given = await api('POST', `/api/attempts/${lastDial}/disposition`, { code: 'CALLBACK', callback: { at: new Date(Date.now() + 86_400_000).toISOString(), personal: false } });
    expect(given.status).toBe(201);
    const { rows: [callback] } = await pool.query<{ id: string }>('SELECT id::text FROM callbacks WHERE lead_id = $1', [lead]);
    expect((await api('POST', `/api/callbacks/${callback?.id}/cancel`)).status).toBe(200);
    const lists = async () => (await api<Array<{ id: string; leads: Record<string, number> }>>('GET', `/api/campaigns/${campaignId}/lists`)).body.find((l) => l.id === list.id)?.leads;
    expect(await lists()).toEqual({ exhausted: 1 });
    const pass = await api<{ reset: number }>('POST', `/api/lists/${list.id}/reset`);
    expect(pass).toMatchObject({ status: 200, body: { reset: 1 } });
    expect(await lists()).toEqual({ retry: 1 });
  });
});
