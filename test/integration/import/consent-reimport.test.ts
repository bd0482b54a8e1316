// A list's consent to prerecorded messages, through the upload and download routes: the leads
// download carries it in the form an import reads (`prerecorded_consent`: yes, no or its date), so
// it loads back.

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { leadExportRoutes } from '../../../src/adapters/http/routes/lead-export-routes.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { uploadAndWait, useUploadApi } from '../../helpers/upload-api.js';

const api = useUploadApi('consent-reimport', {
  routes: (pool) => [...leadExportRoutes({ pool }), ...evidenceRoutes({ pool })], truncate: ['evidence_log'],
});
const pool = api.pool;
const headers = { authorization: 'Bearer mgr' };

const newCampaign = async (): Promise<string> => (await createCampaign(pool, { name: `consent-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false })).id;

async function consents(campaignId: string): Promise<Record<string, string>> {
  const rows = await pool.query<{ external_id: string; consent: string }>(
    `SELECT external_id, CASE WHEN NOT prerecorded_consent THEN 'no' ELSE coalesce(to_char(prerecorded_consent_on, 'YYYY-MM-DD'), 'yes') END AS consent
     FROM leads WHERE campaign_id = $1 ORDER BY external_id`, [campaignId]);
  return Object.fromEntries(rows.rows.map((row) => [row.external_id, row.consent]));
}

const first = 'Id,Phone,Consent\nC1,(212) 555-0161,yes\nC2,(212) 555-0162,2024-03-15\nC3,(212) 555-0163,no\nC4,(212) 555-0164,\n';
const given = { C1: 'yes', C2: '2024-03-15', C3: 'no', C4: 'no' };

describe("a list's consent to prerecorded messages", () => {
  it('is in the leads download as an import reads it, and loads back', async () => {
    const campaignId = await newCampaign();
    const { status, listId } = await uploadAndWait(api, campaignId, 'external_id=Id,phone=Phone,prerecorded_consent=Consent', first);
    expect(status?.status).toBe('done');
    expect(await consents(campaignId)).toEqual(given);

    const download = await api.app.inject({ method: 'GET', url: `/api/lists/${listId}/leads.csv`, headers });
    expect(download.statusCode).toBe(200);
    const rows = parse(download.body, { columns: true }) as Array<Record<string, string>>;
    expect(Object.fromEntries(rows.map((row) => [row.external_id, row.prerecorded_consent]))).toEqual(given);

    const other = await newCampaign();
    const again = await uploadAndWait(api, other, 'external_id=external_id,phone=phone,prerecorded_consent=prerecorded_consent', download.rawPayload);
    expect(again.status).toMatchObject({ status: 'done', imported: 4, invalid: 0 });
    expect(await consents(other)).toEqual(given);
  });
});
