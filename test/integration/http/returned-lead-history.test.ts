// A lead sales sent back, returned to the dialling pool, starts its dials from zero at the stage it
// is given: its history says so, with who returned it, the status and stage it had and the dials
// it had been given, beside its calls, so the lead page's "0 dials" over calls made is explained.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { apiAnswer } from '../../browser/browser-helpers.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { insertPastCall } from '../../helpers/past-calls.js';

let test: TestNode;
let leadId: string;

interface History { calls: Array<{ code: string | null }>; changes: Array<{ kind: string; payload: Record<string, unknown> }> }

/** The API as a manager calls it. */
const api = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, roleTokens.manager, method, path, body);

beforeAll(async () => {
  test = await startTestNode({}, 'returned-lead-history:');
  const { pool } = test.node;
  const campaignId = (await createCampaign(pool, { name: `Returned ${Date.now()}`, timezone: 'America/Chicago' })).id;
  const list = await createList(pool, { campaignId, name: 'sales' });
  [leadId = ''] = await insertLeads(pool, list.id, [{ phones: ['+15550330001'] }]);
  await upsertAgent(pool, { id: 'ret-ann', name: 'Ann Return' });
  // Its third dial booked an appointment, and the lead went to sales.
  await insertPastCall(pool, campaignId, { leadId, agentId: 'ret-ann', outcome: 'connected', talkSeconds: 120, dialledAt: new Date(Date.now() - 3_600_000),
    disposition: { code: 'APPOINTMENT', before: 'valid_contact', after: 'appointment' } });
  await pool.query("UPDATE leads SET attempts = 3, status = 'done' WHERE id = $1", [leadId]);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('the history of a lead returned to the dialling pool', () => {
  it('keeps its return, with the status, stage and dials it had', async () => {
    const back = await api<{ status: string }>('POST', `/api/leads/${leadId}/return-to-pool`, { stage: 'rejected' });
    expect(back.status).toBe(200);
    const history = await api<History>('GET', `/api/leads/${leadId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.calls.map((call) => call.code)).toEqual(['APPOINTMENT']);
    expect(history.body.changes).toMatchObject([{
      kind: 'lead_returned', payload: { from: 'done', status: 'retry', stageBefore: 'appointment', stage: 'rejected', dialsBefore: 3 },
    }]);
  });
});
