// Erasing a person's data through the real app builder, Postgres and the simulated PBX: the lead
// keeps nothing personal, notes go, open callbacks are cancelled, its numbers go on the global DNC
// list, its recordings are deleted from the PBX; the calls and their evidence stay. A lead being
// called is refused; asking again is safe.

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ariRecordingDeleter } from '../../../src/adapters/ari/stored-recordings.js';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { dncRoutes } from '../../../src/adapters/http/routes/dnc-routes.js';
import { leadErasureRoutes } from '../../../src/adapters/http/routes/lead-erasure-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { closeAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { importDncList } from '../../../src/adapters/pg/dnc-additions.js';
import { leadCalls } from '../../../src/adapters/pg/lead-history.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { recordReturnCall } from '../../../src/adapters/pg/return-call-facts.js';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
let app: FastifyInstance;
let pbx: SimPbx;
const now = new Date('2030-01-07T17:00:00Z');
const tokens = [
  { token: 'mgr', role: 'manager' as const, name: 'Mia' },
  { token: 'sup', role: 'supervisor' as const, name: 'Sam' },
];
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const ari = (path: string, method = 'GET') => fetch(`${pbx.url}/ari${path}`, { method, headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` } });
const erase = (leadId: string, token = 'mgr') => app.inject({ method: 'POST', url: `/api/leads/${leadId}/erase`, headers: as(token) });

async function storeRecording(name: string): Promise<void> {
  const bridge = (await (await ari('/bridges?type=mixing', 'POST')).json()) as { id: string };
  await ari(`/bridges/${bridge.id}/record?name=${name}&format=wav`, 'POST');
  await ari(`/recordings/live/${name}/stop`, 'POST');
  await ari(`/bridges/${bridge.id}`, 'DELETE');
}

beforeAll(async () => {
  pbx = await startSimPbx({ amiPort: null });
  app = await buildApp({
    routes: [
      ...leadErasureRoutes({ pool, deleteRecording: ariRecordingDeleter({ url: pbx.url, user: 'dialer', password: 'dialer' }), logger: createLogger({ level: 'silent' }), nowMs: () => now.getTime(),
        sendWebhooks: async () => undefined }),
      ...dncRoutes({ pool, nowMs: () => now.getTime() }),
    ],
    authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }),
  });
});
afterAll(async () => {
  await app.close();
  await pbx.close();
  await pool.end();
});
beforeEach(async () => {
  await truncateTables(pool, ['campaigns', 'attempts', 'dnc_entries', 'evidence_log', 'agents', 'leads']);
});

describe('erasing a lead', () => {
  it('keeps nothing personal, suppresses the numbers, deletes the recordings, and keeps the calls and evidence', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: 'erasure', timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [leadId = ''] = await insertLeads(pool, list.id, [{
      firstName: 'Ann', lastName: 'Smith', externalId: 'CRM-7', postalCode: '10001', fields: { email: 'ann@example.com' }, phones: ['+12125550100', '+13125550101'],
    }]);
    const tag = Math.random().toString(36).slice(2, 8);
    await storeRecording(`erase-${tag}`);
    const call = async (recording: string | null) => (await pool.query<{ id: string }>(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, recording_name, created_at, ended_at)
       VALUES ($1, $2, '+12125550100', 'ended', 'connected', $3, $4, $4) RETURNING id`, [campaignId, leadId, recording, now])).rows[0]?.id ?? '';
    const recorded = await call(`erase-${tag}`);
    await call(`lost-${tag}`); // a recording the PBX no longer has
    await pool.query(`INSERT INTO dispositions (attempt_id, campaign_id, lead_id, code, notes) VALUES ($1, $2, $3, 'CALLBACK', 'Ann, call after 3 at home')`, [recorded, campaignId, leadId]);
    await pool.query(`INSERT INTO callbacks (lead_id, campaign_id, due_at, notes, follow_up_deadline) VALUES ($1, $2, '2030-02-01T15:00:00Z', 'ask for Ann', '2030-02-03T15:00:00Z')`, [leadId, campaignId]);
    await pool.query(`UPDATE leads SET dedupe_key = 'x:CRM-7' WHERE id = $1`, [leadId]); // as a list import keys it
    await pool.query(`INSERT INTO call_reviews (attempt_id, campaign_id, agent_id, reviewer, score, comment) VALUES ($1, $2, 'a1', 'Sue', 4, 'Good with Ann Smith')`, [recorded, campaignId]);

    expect((await erase(leadId, 'sup')).statusCode).toBe(403);
    const erased = await erase(leadId);
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toEqual({ leadId, phonesSuppressed: 2, erasedLeads: [{ leadId, campaignId }], otherPeopleKept: 0, importErrorRowsCleared: 0, dncReasonsCleared: 0, recordingsDeleted: 2, recordingsLeft: 0 });

    const lead = (await pool.query('SELECT first_name, last_name, external_id, postal_code, fields, status, dedupe_key FROM leads WHERE id = $1', [leadId])).rows[0];
    expect(lead).toEqual({ first_name: null, last_name: null, external_id: null, postal_code: null, fields: {}, status: 'dnc', dedupe_key: `erased:${leadId}` });
    expect((await pool.query('SELECT score, comment FROM call_reviews WHERE attempt_id = $1', [recorded])).rows).toEqual([{ score: 4, comment: '' }]);
    expect((await pool.query('SELECT notes FROM dispositions WHERE lead_id = $1', [leadId])).rows).toEqual([{ notes: null }]);
    expect((await pool.query('SELECT status, notes FROM callbacks WHERE lead_id = $1', [leadId])).rows).toEqual([{ status: 'cancelled', notes: null }]);
    const dnc = await pool.query('SELECT e164, campaign_id, source FROM dnc_entries ORDER BY e164');
    expect(dnc.rows).toEqual([{ e164: '+12125550100', campaign_id: null, source: 'erasure' }, { e164: '+13125550101', campaign_id: null, source: 'erasure' }]);
    expect((await ari(`/recordings/stored/erase-${tag}`)).status).toBe(404);
    // The calls stay, their recordings marked deleted.
    const calls = await pool.query<{ e164: string; purged: boolean }>('SELECT e164, recording_purged_at IS NOT NULL AS purged FROM attempts WHERE lead_id = $1', [leadId]);
    expect(calls.rows).toEqual([{ e164: '+12125550100', purged: true }, { e164: '+12125550100', purged: true }]);
    const evidence = await pool.query<{ kind: string; payload: unknown }>('SELECT kind, payload FROM evidence_log WHERE campaign_id = $1 ORDER BY id', [campaignId]);
    expect(evidence.rows).toEqual([
      { kind: 'lead_erased', payload: { by: 'Mia', phonesSuppressed: 2, recordings: 2, webhookDeliveriesDeleted: 0, requestedFor: leadId, sameNumberLeads: [{ leadId, campaignId }] } },
      { kind: 'recordings_deleted', payload: { deleted: 2, erasedLead: leadId } },
    ]);

    // Asking again changes nothing and is not refused.
    expect((await erase(leadId)).json()).toMatchObject({ phonesSuppressed: 2, recordingsDeleted: 0, recordingsLeft: 0 });
  });

  it('erases every lead with the same number in every campaign, says which, and clears the import error cells that held it', async () => {
    const { id: first } = await createCampaign(pool, { name: 'erasure one', timezone: 'UTC', seedDispositions: false });
    const { id: second } = await createCampaign(pool, { name: 'erasure two', timezone: 'UTC', seedDispositions: false });
    const listOne = await createList(pool, { campaignId: first, name: 'l' });
    const listTwo = await createList(pool, { campaignId: second, name: 'l' });
    const [asked = ''] = await insertLeads(pool, listOne.id, [{ firstName: 'Ann', lastName: 'Smith', phones: ['+12125550177'] }]);
    const [copy = '', other = '', household = '', unnamed = ''] = await insertLeads(pool, listTwo.id, [
      { firstName: 'Ann', lastName: 'Smith', fields: { email: 'ann@example.com' }, phones: ['+13125550186', '+12125550177'] },
      { firstName: 'Bob', lastName: 'Jones', phones: ['+13125550199'] },
      // Another person on the same household line: their data is theirs.
      { firstName: 'Carl', lastName: 'Smith', phones: ['+12125550177'] },
      // A copy of the person's data loaded without a name: nothing tells it from them.
      { fields: { email: 'ann@example.com' }, phones: ['+12125550177'] },
    ]);
    const imported = await pool.query<{ id: string }>(`INSERT INTO lead_imports (campaign_id, list_id, file_name) VALUES ($1, $2, 'ann.csv') RETURNING id`, [second, listTwo.id]);
    const importId = imported.rows[0]?.id ?? '';
    await pool.query(
      `INSERT INTO lead_import_errors (import_id, row_number, column_name, reason, reason_code, reason_params) VALUES
         ($1, 2, 'phone', '"(212) 555-0177 ext": not a number', 'not_a_number', '{"part": "(212) 555-0177 ext"}'),
         ($1, 3, 'phone', '"(312) 555-0199x": not a number', 'not_a_number', '{"part": "(312) 555-0199x"}')`, [importId]);

    const erased = await erase(asked);
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({
      leadId: asked, phonesSuppressed: 2, importErrorRowsCleared: 1, otherPeopleKept: 1,
      erasedLeads: [{ leadId: asked, campaignId: first }, { leadId: copy, campaignId: second }, { leadId: unnamed, campaignId: second }],
    });
    const leads = await pool.query<{ id: string; first_name: string | null; fields: Record<string, unknown>; status: string }>(
      'SELECT id, first_name, fields, status FROM leads WHERE id = ANY($1) ORDER BY id', [[asked, copy, other, household, unnamed]]);
    expect(leads.rows).toEqual([
      { id: asked, first_name: null, fields: {}, status: 'dnc' },
      { id: copy, first_name: null, fields: {}, status: 'dnc' },
      { id: other, first_name: 'Bob', fields: {}, status: 'new' },
      { id: household, first_name: 'Carl', fields: {}, status: 'new' },
      { id: unnamed, first_name: null, fields: {}, status: 'dnc' },
    ]);
    // Carl keeps his data, but the line is on the global list: nobody calls it again.
    expect((await pool.query("SELECT source FROM dnc_entries WHERE e164 = '+12125550177' AND campaign_id IS NULL")).rows).toEqual([{ source: 'erasure' }]);
    // The copy's other number is the person's too: no list loaded later dials them on it either.
    expect((await pool.query("SELECT source FROM dnc_entries WHERE e164 = '+13125550186' AND campaign_id IS NULL")).rows).toEqual([{ source: 'erasure' }]);
    const evidence = await pool.query<{ lead_id: string; campaign_id: string; payload: { requestedFor: string } }>(
      "SELECT lead_id, campaign_id, payload FROM evidence_log WHERE kind = 'lead_erased' ORDER BY lead_id");
    expect(evidence.rows.map((e) => [String(e.lead_id), String(e.campaign_id), e.payload.requestedFor])).toEqual([[asked, first, asked], [copy, second, asked], [unnamed, second, asked]]);
    const report = await pool.query<{ row_number: number; reason: string; reason_params: Record<string, string> }>(
      'SELECT row_number, reason, reason_params FROM lead_import_errors WHERE import_id = $1 ORDER BY row_number', [importId]);
    expect(report.rows).toEqual([
      { row_number: 2, reason: "value erased at the person's request", reason_params: {} },
      { row_number: 3, reason: '"(312) 555-0199x": not a number', reason_params: { part: '(312) 555-0199x' } },
    ]);
    // Asked again (to retry recordings), the lead erased has no name left: Carl's data is still his.
    expect((await erase(asked)).json()).toMatchObject({ otherPeopleKept: 1 });
    expect((await pool.query('SELECT first_name, status FROM leads WHERE id = $1', [household])).rows).toEqual([{ first_name: 'Carl', status: 'new' }]);
  });

  it("erases an unnamed lead's unnamed copies on its numbers and keeps the named people who share them", async () => {
    const { id: first } = await createCampaign(pool, { name: 'unnamed one', timezone: 'UTC', seedDispositions: false });
    const { id: second } = await createCampaign(pool, { name: 'unnamed two', timezone: 'UTC', seedDispositions: false });
    // A person who rang back, known by their number alone.
    const [asked = ''] = await insertLeads(pool, (await createList(pool, { campaignId: first, name: 'l' })).id, [{ phones: ['+12125550144'] }]);
    const [household = '', unnamed = ''] = await insertLeads(pool, (await createList(pool, { campaignId: second, name: 'l' })).id, [
      // Someone else on the household line, with a name and notes of their own.
      { firstName: 'Carl', lastName: 'Smith', externalId: 'CRM-3', fields: { email: 'carl@example.com' }, phones: ['+12125550144'] },
      { fields: { source: 'web form' }, phones: ['+12125550144'] },
    ]);
    const attempt = await pool.query<{ id: string }>(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, ended_at) VALUES ($1, $2, '+12125550144', 'ended', 'connected', $3, $3) RETURNING id`,
      [second, household, now]);
    await pool.query(`INSERT INTO dispositions (attempt_id, campaign_id, lead_id, code, notes) VALUES ($1, $2, $3, 'SALE', 'Carl took the annual plan')`, [attempt.rows[0]?.id, second, household]);

    const erased = await erase(asked);
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ phonesSuppressed: 1, otherPeopleKept: 1, erasedLeads: [{ leadId: asked, campaignId: first }, { leadId: unnamed, campaignId: second }] });
    const leads = await pool.query('SELECT id, first_name, external_id, fields, status FROM leads WHERE id = ANY($1) ORDER BY id', [[household, unnamed]]);
    expect(leads.rows).toEqual([
      { id: household, first_name: 'Carl', external_id: 'CRM-3', fields: { email: 'carl@example.com' }, status: 'new' },
      { id: unnamed, first_name: null, external_id: null, fields: {}, status: 'dnc' },
    ]);
    expect((await pool.query('SELECT notes FROM dispositions WHERE lead_id = $1', [household])).rows).toEqual([{ notes: 'Carl took the annual plan' }]);
    expect((await pool.query("SELECT count(*)::int AS n FROM evidence_log WHERE kind = 'lead_erased' AND lead_id = $1", [household])).rows).toEqual([{ n: 0 }]);
    // The line is on the global list all the same: the person who asked is not called again.
    expect((await pool.query("SELECT source FROM dnc_entries WHERE e164 = '+12125550144' AND campaign_id IS NULL")).rows).toEqual([{ source: 'erasure' }]);
  });

  it('erases the leads under the same customer id in the campaign, whatever their numbers and names', async () => {
    const { id: first } = await createCampaign(pool, { name: 'crm one', timezone: 'UTC', seedDispositions: false });
    const { id: second } = await createCampaign(pool, { name: 'crm two', timezone: 'UTC', seedDispositions: false });
    const [asked = ''] = await insertLeads(pool, (await createList(pool, { campaignId: first, name: 'old' })).id, [{ externalId: 'CRM-7', phones: ['+12125550155'] }]);
    const [copy = ''] = await insertLeads(pool, (await createList(pool, { campaignId: first, name: 'new' })).id, [
      // The CRM's next list: the same customer, now with a name and a new number.
      { externalId: 'CRM-7', firstName: 'Ann', lastName: 'Lee', fields: { email: 'ann@example.com' }, phones: ['+13125550166'] },
    ]);
    const [elsewhere = '', sameName = '', household = ''] = await insertLeads(pool, (await createList(pool, { campaignId: second, name: 'l' })).id, [
      // Another campaign's CRM numbers its customers its own way.
      { externalId: 'CRM-7', firstName: 'Zed', lastName: 'Ray', phones: ['+14155550177'] },
      { firstName: 'Ann', lastName: 'Lee', phones: ['+12125550155'] },
      { firstName: 'Carl', lastName: 'Lee', phones: ['+12125550155'] },
    ]);

    const erased = await erase(asked);
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({
      phonesSuppressed: 2, otherPeopleKept: 1,
      erasedLeads: [{ leadId: asked, campaignId: first }, { leadId: copy, campaignId: first }, { leadId: sameName, campaignId: second }],
    });
    const leads = await pool.query('SELECT id, first_name, external_id, fields, status FROM leads WHERE id = ANY($1) ORDER BY id', [[copy, elsewhere, sameName, household]]);
    expect(leads.rows).toEqual([
      { id: copy, first_name: null, external_id: null, fields: {}, status: 'dnc' },
      { id: elsewhere, first_name: 'Zed', external_id: 'CRM-7', fields: {}, status: 'new' },
      { id: sameName, first_name: null, external_id: null, fields: {}, status: 'dnc' },
      { id: household, first_name: 'Carl', external_id: null, fields: {}, status: 'new' },
    ]);
    expect((await pool.query('SELECT e164 FROM dnc_entries WHERE campaign_id IS NULL ORDER BY e164')).rows).toEqual([{ e164: '+12125550155' }, { e164: '+13125550166' }]);
  });

  it("clears the import report rows that named the person by their customer id, in their campaign's imports only", async () => {
    const { id: first } = await createCampaign(pool, { name: 'report one', timezone: 'UTC', seedDispositions: false });
    const { id: second } = await createCampaign(pool, { name: 'report two', timezone: 'UTC', seedDispositions: false });
    const listOne = await createList(pool, { campaignId: first, name: 'l' });
    const listTwo = await createList(pool, { campaignId: second, name: 'l' });
    const [asked = ''] = await insertLeads(pool, listOne.id, [{ firstName: 'Ann', lastName: 'Lee', externalId: 'CRM-7', phones: ['+12125550188'] }]);
    const report = async (campaignId: string, listId: string): Promise<string> => {
      const imported = await pool.query<{ id: string }>(`INSERT INTO lead_imports (campaign_id, list_id, file_name) VALUES ($1, $2, 'crm.csv') RETURNING id`, [campaignId, listId]);
      const importId = imported.rows[0]?.id ?? '';
      await pool.query(
        `INSERT INTO lead_import_errors (import_id, row_number, column_name, reason, reason_code, reason_params) VALUES
           ($1, 2, 'id', 'external id CRM-7 is already in the campaign: not added again', 'external_id_in_campaign', '{"value": "CRM-7", "consent": "no_column"}'),
           ($1, 3, 'id', 'same person as row 2 (same external id CRM-8): not added again', 'same_external_id_in_file', '{"value": "CRM-8", "firstRow": "2", "consent": "no_column"}')`, [importId]);
      return importId;
    };
    const ours = await report(first, listOne.id);
    // Another campaign's CRM gives CRM-7 to someone else.
    const theirs = await report(second, listTwo.id);

    const erased = await erase(asked);
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ importErrorRowsCleared: 1 });
    const rows = await pool.query<{ import_id: string; row_number: number; reason: string; reason_code: string; reason_params: Record<string, string> }>(
      'SELECT import_id, row_number, reason, reason_code, reason_params FROM lead_import_errors ORDER BY import_id = $1 DESC, row_number', [ours]);
    expect(rows.rows.map((row) => [row.import_id === ours ? 'ours' : row.import_id === theirs ? 'theirs' : row.import_id, row.row_number, row.reason_code, row.reason_params.value ?? null, row.reason])).toEqual([
      ['ours', 2, 'external_id_in_campaign', null, "value erased at the person's request"],
      ['ours', 3, 'same_external_id_in_file', 'CRM-8', 'same person as row 2 (same external id CRM-8): not added again'],
      ['theirs', 2, 'external_id_in_campaign', 'CRM-7', 'external id CRM-7 is already in the campaign: not added again'],
      ['theirs', 3, 'same_external_id_in_file', 'CRM-8', 'same person as row 2 (same external id CRM-8): not added again'],
    ]);
  });

  it('clears the reasons staff typed on the DNC entries of their numbers, in every scope, keeping the entries and the reasons the software wrote', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: 'typed reasons', timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [asked = ''] = await insertLeads(pool, list.id, [{ firstName: 'Ann', lastName: 'Smith', phones: ['+12125550130', '+13125550131'] }]);
    const addDnc = async (body: Record<string, string>): Promise<void> => {
      expect((await app.inject({ method: 'POST', url: '/api/dnc', headers: as('mgr'), payload: body })).statusCode).toBeLessThan(300);
    };
    const list_ = (listName: string, phone: string, extra: { campaignId?: string; registry?: 'us_national' } = {}) =>
      importDncList(pool, { source: Readable.from([`${phone}\n`]), campaignId: extra.campaignId ?? null, region: 'US', listName, by: 'test', ...(extra.registry ? { registry: extra.registry } : {}) });
    // Typed by a manager, on the global list and on the campaign's.
    await addDnc({ phone: '+12125550130', reason: 'Mrs Smith asked, her husband is ill' });
    await addDnc({ phone: '+12125550130', campaignId, reason: "Ann's daughter: never call her mother" });
    // A registry's load: the list's name, written by the software.
    await list_('us-dnc-2030-01', '+13125550131', { registry: 'us_national' });
    // A list loaded onto the campaign's, then a manager's note typed on the same entry (it keeps the list's source).
    await list_('crm-refusals', '+13125550131', { campaignId });
    await addDnc({ phone: '+13125550131', campaignId, reason: 'Ann Smith shouted at the agent' });
    // Someone else's number: nothing of theirs changes.
    await addDnc({ phone: '+12125550139', reason: 'Bob Jones asked' });
    type Entry = { e164: string; scope: string; source: string; reason: string | null; created_at: Date };
    const entries = async (): Promise<Entry[]> => (await pool.query<Entry>(
      `SELECT e164, CASE WHEN campaign_id IS NULL THEN 'global' ELSE 'campaign' END AS scope, source, reason, created_at FROM dnc_entries ORDER BY e164, campaign_id NULLS FIRST`)).rows;
    const before = await entries();

    const erased = await erase(asked);
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ phonesSuppressed: 2, dncReasonsCleared: 3 });
    const after = await entries();
    const erasedReason = "reason erased at the person's request";
    expect(after.map(({ created_at: _, ...entry }) => entry)).toEqual([
      { e164: '+12125550130', scope: 'global', source: 'erasure', reason: erasedReason },
      { e164: '+12125550130', scope: 'campaign', source: 'api', reason: erasedReason },
      { e164: '+12125550139', scope: 'global', source: 'api', reason: 'Bob Jones asked' },
      { e164: '+13125550131', scope: 'global', source: 'erasure', reason: 'list us-dnc-2030-01' },
      { e164: '+13125550131', scope: 'campaign', source: 'import', reason: erasedReason },
    ]);
    // Each entry stays the one added then: when it was added is the compliance record.
    expect(after.map((entry) => entry.created_at)).toEqual(before.map((entry) => entry.created_at));

    // The evidence of the additions never held what was typed, only that something was.
    const added = await pool.query<{ payload: Record<string, unknown> }>("SELECT payload FROM evidence_log WHERE kind = 'dnc_added' AND payload->>'source' = 'api'");
    expect(added.rows.map((row) => row.payload.reasonTyped)).toEqual([true, true, true, true]);
    expect(JSON.stringify(added.rows)).not.toMatch(/Smith|Bob|daughter/);

    // Asked again: nothing left to clear, and nothing the software wrote is taken.
    expect((await erase(asked)).json()).toMatchObject({ dncReasonsCleared: 0 });
    expect((await entries()).map((entry) => entry.reason)).toEqual(after.map((entry) => entry.reason));
  });

  it("clears the reason a supervisor typed for hanging up the person's call back on hold, kept with the call and never in the evidence", async () => {
    const { id: campaignId } = await createCampaign(pool, { name: 'return calls', timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [asked = '', other = ''] = await insertLeads(pool, list.id, [
      { firstName: 'Ann', lastName: 'Smith', phones: ['+12125550160'] }, { firstName: 'Bob', lastName: 'Jones', phones: ['+12125550161'] },
    ]);
    const typed = 'Mrs Smith again: her son is in hospital, she keeps calling';
    const supervisor = { id: 'sup-token', name: 'Sam', role: 'supervisor' };
    // A call back on hold the supervisor hung up, closed and recorded as the node does.
    const callBack = async (leadId: string, e164: string): Promise<string> => {
      const opened = await pool.query<{ id: string }>(
        `INSERT INTO attempts (campaign_id, lead_id, e164, status, direction, created_at, originated_at, answered_at)
         VALUES ($1, $2, $3, 'dialing', 'inbound', $4, $4, $4) RETURNING id`, [campaignId, leadId, e164, now]);
      const attemptId = opened.rows[0]?.id ?? '';
      expect(await closeAttempt(pool, { attemptId, outcome: 'cancelled', endedAt: now, endedBy: supervisor, staffReason: typed })).toMatchObject({ closed: true });
      await recordReturnCall(pool, {
        campaignId, e164, callerId: '+18005550100', leadIds: [leadId], optedOut: false, at: now,
        endedWaiting: { by: { name: supervisor.name, role: supervisor.role }, reason: typed },
      });
      return attemptId;
    };
    const ours = await callBack(asked, '+12125550160');
    const theirs = await callBack(other, '+12125550161');
    // Kept with the call, where staff read it with who ended it; the append-only evidence names the supervisor only.
    expect((await leadCalls(pool, asked, { limit: 10 }))[0]?.endedBy).toEqual({ name: 'Sam', role: 'supervisor', reason: typed });
    const evidence = await pool.query<{ payload: Record<string, unknown> }>(`SELECT payload FROM evidence_log WHERE kind = 'return_call' AND lead_id = $1`, [asked]);
    expect(evidence.rows).toEqual([{ payload: expect.objectContaining({ answeredBy: 'nobody', endedBy: { name: 'Sam', role: 'supervisor' } }) }]);
    expect(JSON.stringify(evidence.rows)).not.toContain('hospital');

    expect((await erase(asked)).statusCode).toBe(200);
    const reasons = await pool.query<{ id: string; staff_reason: string | null; ended_by: { name: string } | null }>(
      'SELECT id, staff_reason, ended_by FROM attempts WHERE id = ANY($1::uuid[])', [[ours, theirs]]);
    const byId = new Map(reasons.rows.map((row) => [row.id, row]));
    // Who ended the call stays, as the call does; the reason goes. Another person's call keeps theirs.
    expect(byId.get(ours)).toMatchObject({ staff_reason: null, ended_by: { name: 'Sam' } });
    expect(byId.get(theirs)).toMatchObject({ staff_reason: typed });
    expect((await leadCalls(pool, asked, { limit: 10 }))[0]?.endedBy).toEqual({ name: 'Sam', role: 'supervisor' });
  });

  it('refuses a lead being called, and one that does not exist', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: 'busy', timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [leadId = ''] = await insertLeads(pool, list.id, [{ firstName: 'Bo', phones: ['+12125550102'] }]);
    await pool.query(`UPDATE leads SET leased_by = 'node-a', leased_until = $2 WHERE id = $1`, [leadId, new Date(now.getTime() + 60_000)]);
    const busy = await erase(leadId);
    expect(busy.statusCode).toBe(409);
    expect(busy.json<{ message: string }>().message).toBe(`lead ${leadId} is being called or previewed: erase it once the call has ended or the preview was skipped`);
    expect((await pool.query('SELECT first_name FROM leads WHERE id = $1', [leadId])).rows).toEqual([{ first_name: 'Bo' }]);
    expect((await erase('999999')).statusCode).toBe(404);
  });
});
