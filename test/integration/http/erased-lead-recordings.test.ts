// A recording of a person erased at their request whose deletion the PBX refused at the erasure
// (the hourly clean-up tries again): until it is gone, supervisors neither find it among the
// recordings nor download it, and neither the lead's history nor the calls export marks its call
// recorded, through a running node whose PBX is reached through a relay that
// refuses connections while the erasure is asked for.

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { startSimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { roleTokens, startTestNode, testNodeApp, tokenAgentId, type TestNode } from '../../helpers/outpace-node.js';
import { insertPastCall } from '../../helpers/past-calls.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

let test: TestNode;
let relay: TcpProxy;
let campaignId: string;
let leadId: string;
let attemptId: string;
const recordingName = `erased-${Date.now()}`;

const call = (token: string, method: string, path: string) => fetch(`${test.node.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
const ari = (path: string, method = 'GET') => fetch(`${test.pbx.url}/ari${path}`, { method, headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` } });

async function listed(): Promise<string[]> {
  const rows = (await (await call(roleTokens.supervisor, 'GET', `/api/recordings?campaignId=${campaignId}`)).json()) as Array<{ attemptId: string }>;
  return rows.map((row) => row.attemptId);
}

/** Whether the lead's history and the calls export mark the call recorded, and the number the export gives. */
async function markedRecorded(): Promise<{ history: boolean | undefined; export: string | undefined; phone: string | undefined }> {
  const history = (await (await call(roleTokens.supervisor, 'GET', `/api/leads/${leadId}/history`)).json()) as { calls: Array<{ attemptId: string; recorded: boolean }> };
  const csv = await (await call(roleTokens.manager, 'GET', `/api/campaigns/${campaignId}/calls.csv`)).text();
  const rows = parse(csv, { columns: true, bom: true }) as Array<Record<string, string>>;
  const row = rows.find((exported) => exported.attempt_id === attemptId);
  return { history: history.calls.find((c) => c.attemptId === attemptId)?.recorded, export: row?.recorded, phone: row?.phone };
}

beforeAll(async () => {
  const pbx = await startSimPbx({ apps: [testNodeApp], amiPort: null });
  relay = await startTcpProxy(Number(new URL(pbx.url).port));
  test = await startTestNode({}, 'erased-lead-recordings:', { pbx, ariUrl: relay.url });
  const { pool } = test.node;
  const campaign = await createCampaign(pool, { name: `Erased recordings ${Date.now()}` });
  campaignId = campaign.id;
  const list = await createList(pool, { campaignId, name: 'erased recordings' });
  leadId = String((await insertLeads(pool, list.id, [{ firstName: 'Ida', lastName: 'Gone', phones: ['+15550500003'] }]))[0]);
  attemptId = await insertPastCall(pool, campaignId, { leadId, agentId: tokenAgentId, outcome: 'connected', talkSeconds: 45, dialledAt: new Date(Date.now() - 600_000) });
  const bridge = (await (await ari('/bridges?type=mixing', 'POST')).json()) as { id: string };
  await ari(`/bridges/${bridge.id}/record?name=${recordingName}&format=wav`, 'POST');
  await ari(`/recordings/live/${recordingName}/stop`, 'POST');
  await ari(`/bridges/${bridge.id}`, 'DELETE');
  // Its dial went out (the lead's history lists dialled calls).
  await pool.query('UPDATE attempts SET recording_name = $2, originated_at = created_at WHERE id = $1', [attemptId, recordingName]);
}, 60_000);

afterAll(async () => {
  await test?.close();
  await relay?.close();
});

describe('the recording of an erased person the PBX has not deleted yet', () => {
  it('is neither listed nor downloaded, nor marked in the lead\'s history or the calls export', async () => {
    expect(await listed()).toEqual([attemptId]);
    const { e164 } = (await test.node.pool.query<{ e164: string }>('SELECT e164 FROM attempts WHERE id = $1', [attemptId])).rows[0] ?? { e164: '' };
    expect(await markedRecorded()).toEqual({ history: true, export: 'true', phone: expect.stringContaining(e164.slice(1)) });
    relay.refuse(true);
    relay.drop();
    const erased = await call(roleTokens.manager, 'POST', `/api/leads/${leadId}/erase`);
    relay.refuse(false);
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ recordingsDeleted: 0, recordingsLeft: 1 });
    // The PBX still has it: the clean-up deletes it later.
    expect((await ari(`/recordings/stored/${recordingName}`)).status).toBe(200);
    expect(await listed()).toEqual([]);
    expect(await markedRecorded()).toEqual({ history: false, export: 'false', phone: '' });
    const download = await call(roleTokens.supervisor, 'GET', `/api/recordings/${attemptId}/file`);
    expect(download.status).toBe(404);
    expect(((await download.json()) as { message: string }).message).toBe(
      `the recording of attempt ${attemptId} is of a person whose data was erased at their request: it is being deleted`);
    const accessed = await test.node.pool.query("SELECT 1 FROM evidence_log WHERE kind = 'recording_accessed' AND attempt_id = $1", [attemptId]);
    expect(accessed.rowCount).toBe(0);
  });
});
