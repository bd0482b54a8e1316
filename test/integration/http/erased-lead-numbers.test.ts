// A lead erased at the person's request keeps its numbers only to keep them off every list: like
// its names and fields they are read back nowhere. Lead search does not show them, even to a
// manager, nor finds the lead by them; a leads download leaves them out; the lead opened and its
// "why not dialled" say it is erased and show none. The other people's leads of the same list read as before.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { leadErasureRoutes } from '../../../src/adapters/http/routes/lead-erasure-routes.js';
import { leadExportRoutes } from '../../../src/adapters/http/routes/lead-export-routes.js';
import { leadLookupRoutes } from '../../../src/adapters/http/routes/lead-lookup-routes.js';
import { leadsRoutes } from '../../../src/adapters/http/routes/leads-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { createTestPool } from '../../helpers/db.js';

const pool = createTestPool();
let app: FastifyInstance;
const logger = createLogger({ level: 'silent' });
const headers = { authorization: 'Bearer mgr' };
// Numbers of this file's own: an erasure puts them on the global DNC list.
const ERASED_HOME = '+12125550470';
const ERASED_MOBILE = '+13125550471';
const KEPT = '+12125550472';
const OPENED_HOME = '+12125550473';
const OPENED_MOBILE = '+13125550474';

beforeAll(async () => {
  app = await buildApp({
    routes: [
      ...leadErasureRoutes({ pool, deleteRecording: async () => 'gone' as const, logger, nowMs: () => Date.now(), sendWebhooks: async () => undefined }),
      ...leadLookupRoutes({ pool }), ...leadExportRoutes({ pool, logger }), ...leadsRoutes({ pool }),
    ],
    authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null), logger,
  });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});

describe("an erased lead's numbers", () => {
  it('are neither shown nor found by lead search, nor written in a leads download', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `erased numbers ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [erasedId = '', keptId = ''] = await insertLeads(pool, list.id, [
      { firstName: 'Ann', lastName: 'Gone', phones: [ERASED_HOME, ERASED_MOBILE] }, { firstName: 'Bo', lastName: 'Kept', phones: [KEPT] },
    ]);
    expect((await app.inject({ method: 'POST', url: `/api/leads/${erasedId}/erase`, headers })).statusCode).toBe(200);

    const search = async (query: string) => (await app.inject({ method: 'GET', url: `/api/leads?campaignId=${campaignId}&${query}`, headers }))
      .json<{ leads: Array<{ id: string; phones: string[]; firstName: string | null }> }>().leads;
    expect((await search('')).map((lead) => ({ id: lead.id, phones: lead.phones, firstName: lead.firstName }))).toEqual([
      { id: keptId, phones: [KEPT], firstName: 'Bo' }, { id: erasedId, phones: [], firstName: null },
    ]);
    for (const number of [ERASED_HOME, ERASED_MOBILE]) {
      expect(await search(`phone=${encodeURIComponent(number)}`)).toEqual([]);
      expect(await search(`q=${encodeURIComponent(number)}`)).toEqual([]);
    }
    expect((await search(`phone=${encodeURIComponent(KEPT)}`)).map((lead) => lead.id)).toEqual([keptId]);

    for (const url of [`/api/lists/${list.id}/leads.csv`, `/api/leads.csv?campaignId=${campaignId}`]) {
      const csv = await app.inject({ method: 'GET', url, headers });
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain(KEPT);
      expect(csv.body).not.toContain(ERASED_HOME.slice(2));
      expect(csv.body).not.toContain(ERASED_MOBILE.slice(2));
    }
  });

  it('are shown neither on the lead opened nor in its "why not dialled", which say it is erased', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `erased lead opened ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [leadId = ''] = await insertLeads(pool, list.id, [{ firstName: 'Cy', lastName: 'Gone', phones: [OPENED_HOME, OPENED_MOBILE] }]);
    const open = async () => (await app.inject({ method: 'GET', url: `/api/leads/${leadId}`, headers })).json<{ phones: Array<{ e164: string }>; erased: boolean }>();
    const whyNot = async () => (await app.inject({ method: 'GET', url: `/api/leads/${leadId}/why-not-dialled`, headers }))
      .json<{ phones: Array<{ e164: string }>; erased: boolean; phoneId: string | null }>();
    expect((await open()).phones.map((phone) => phone.e164)).toEqual([OPENED_HOME, OPENED_MOBILE]);
    expect(await whyNot()).toMatchObject({ erased: false, phones: [{ e164: OPENED_HOME }, { e164: OPENED_MOBILE }] });

    expect((await app.inject({ method: 'POST', url: `/api/leads/${leadId}/erase`, headers })).statusCode).toBe(200);
    expect(await open()).toMatchObject({ erased: true, phones: [] });
    const explained = await whyNot();
    expect(explained).toMatchObject({ erased: true, phones: [], phoneId: null });
    for (const answer of [JSON.stringify(await open()), JSON.stringify(explained)]) {
      expect(answer).not.toContain(OPENED_HOME.slice(2));
      expect(answer).not.toContain(OPENED_MOBILE.slice(2));
    }
  });
});
