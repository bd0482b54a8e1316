// Exports a spreadsheet opens right and the import reads back: a list loaded from Excel's
// Windows-1252 CSV, downloaded with `bom=true` (what the pages' download buttons ask for) starts
// with a UTF-8 byte order mark, so a spreadsheet shows its accented names; without it the file is
// as scripts read it. The download loads into another campaign with every name and number kept
// (the other numbers of a lead are in one cell, `other_phones`).

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { leadExportRoutes } from '../../../src/adapters/http/routes/lead-export-routes.js';
import { listsRoutes } from '../../../src/adapters/http/routes/lists-routes.js';
import { uploadBodyPlugin } from '../../../src/adapters/http/upload-body.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createLeadImportQueue, createLeadImportWorker } from '../../../src/adapters/redis/lead-import-queue.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';
import { toWindows1252 } from '../../helpers/windows-1252.js';

const pool = createTestPool();
const logger = createLogger({ level: 'silent' });
const prefix = `test-export-round-trip-${process.pid}`;
const connection = { url: testRedisUrl() };
const importQueue = createLeadImportQueue(connection, prefix);
const worker = createLeadImportWorker({ connection, pool, logger, prefix });
let app: FastifyInstance;
const headers = { authorization: 'Bearer mgr' };
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

beforeAll(async () => {
  const uploadDir = await mkdtemp(join(tmpdir(), 'outpace-uploads-'));
  app = await buildApp({
    routes: [...listsRoutes({ pool, importQueue, uploadDir }), ...leadExportRoutes({ pool }), ...evidenceRoutes({ pool })],
    authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null), logger, plugins: [uploadBodyPlugin(4096)],
  });
});
afterAll(async () => {
  await app.close();
  await worker.close();
  await importQueue.obliterate({ force: true });
  await importQueue.close();
  await pool.end();
});
beforeEach(async () => truncateTables(pool, ['campaigns', 'lead_imports', 'evidence_log']));

/** Uploads `body` into a new campaign's list and waits for the import; the campaign, list and import ids. */
async function load(body: Buffer, map: string) {
  const campaignId = (await createCampaign(pool, { name: `trip-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false })).id;
  const response = await app.inject({
    method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=spring&map=${encodeURIComponent(map)}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: body,
  });
  expect(response.statusCode, response.body).toBe(202);
  const { importId, listId } = response.json<{ importId: string; listId: string }>();
  let status = 'queued';
  for (let i = 0; i < 400 && (status === 'queued' || status === 'running'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers })).json<{ status: string }>().status;
  }
  expect(status).toBe('done');
  return { campaignId, listId, importId };
}

async function people(campaignId: string) {
  const rows = await pool.query<{ external_id: string; first_name: string; last_name: string; city: string; phones: string[] }>(
    `SELECT external_id, first_name, last_name, fields->>'city' AS city, (SELECT array_agg(e164 ORDER BY dial_order) FROM lead_phones p WHERE p.lead_id = l.id) AS phones
     FROM leads l WHERE campaign_id = $1 ORDER BY external_id`, [campaignId]);
  return rows.rows;
}

describe('exports a spreadsheet reads as UTF-8, and the import reads back', () => {
  it('gives a list\'s leads with a byte order mark when asked, and they load back with their accented names', async () => {
    const excel = toWindows1252('Id,Prénom,Nom,Téléphone,Portable,Bureau,Ville\r\nC1,José,Muñoz,(212) 555-0101,312 555 0102,415 555 0103,Zürich\r\nC2,Zoë,Brontë,+44 20 7946 0958,,,Besançon\r\n');
    const first = await load(excel, 'external_id=Id,first_name=Prénom,last_name=Nom,phone=Téléphone,phone2=Portable,phone3=Bureau,field.city=Ville');
    const loaded = await people(first.campaignId);
    expect(loaded.map((p) => `${p.first_name} ${p.last_name}, ${p.city}, ${p.phones.join(' ')}`))
      .toEqual(['José Muñoz, Zürich, +12125550101 +13125550102 +14155550103', 'Zoë Brontë, Besançon, +442079460958']);

    const plain = await app.inject({ method: 'GET', url: `/api/lists/${first.listId}/leads.csv`, headers });
    expect(plain.rawPayload.subarray(0, 7).toString()).toBe('lead_id');
    const forExcel = await app.inject({ method: 'GET', url: `/api/lists/${first.listId}/leads.csv?bom=true`, headers });
    expect(forExcel.statusCode).toBe(200);
    expect(forExcel.rawPayload.subarray(0, 3)).toEqual(BOM);
    expect(forExcel.rawPayload.subarray(3)).toEqual(plain.rawPayload);

    const again = await load(forExcel.rawPayload, 'external_id=external_id,first_name=first_name,last_name=last_name,phone=phone,phone2=other_phones,field.city=city');
    expect(await people(again.campaignId)).toEqual(loaded);
  });

  it('gives the evidence log and an import\'s error report with a byte order mark when asked', async () => {
    const { campaignId, importId } = await load(Buffer.from('Id,First,Phone\nC1,Renée,2125550101\nC2,Zoë,nope\n'), 'external_id=Id,first_name=First,phone=Phone');
    const evidence = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/evidence.csv?bom=true`, headers });
    expect(evidence.rawPayload.subarray(0, 3)).toEqual(BOM);
    expect(evidence.rawPayload.subarray(3, 5).toString()).toBe('id');
    const report = await app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv?bom=1`, headers });
    expect(report.rawPayload.subarray(0, 3)).toEqual(BOM);
    expect(report.rawPayload.subarray(3).toString()).toContain('3,Phone,phone ignored: not a phone number');
    const refused = await app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv?bom=perhaps`, headers });
    expect(refused.statusCode).toBe(400);
  });
});
