// A list's consent to prerecorded messages, through the upload and download routes: the leads
// download carries it in the form an import reads (`prerecorded_consent`: yes, no or its date), so
// it loads back; and a file imported again gives the people the campaign already has the consent
// it says: "no" withdraws, "yes" or a date grants, an empty cell leaves it. The import counts the
// leads it changed, and each change is in the lead's history and the evidence log.

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { leadExportRoutes } from '../../../src/adapters/http/routes/lead-export-routes.js';
import { leadLookupRoutes } from '../../../src/adapters/http/routes/lead-lookup-routes.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { uploadAndWait, useUploadApi } from '../../helpers/upload-api.js';

const api = useUploadApi('consent-reimport', {
  routes: (pool) => [...leadExportRoutes({ pool }), ...leadLookupRoutes({ pool }), ...evidenceRoutes({ pool })], truncate: ['evidence_log'],
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

  it("is taken by the people the campaign already has when a file gives it again, each change counted, in the lead's history and the evidence", async () => {
    const campaignId = await newCampaign();
    expect((await uploadAndWait(api, campaignId, 'external_id=Id,phone=Phone,prerecorded_consent=Consent', first)).status?.status).toBe('done');
    const ids = Object.fromEntries((await pool.query<{ external_id: string; id: string }>('SELECT external_id, id::text FROM leads WHERE campaign_id = $1', [campaignId]))
      .rows.map((row) => [row.external_id, row.id]));

    // C1 withdraws, C2 says yes again (its date kept), C3 grants, C4's cell is empty, C5 is new.
    const again = 'Id,Phone,Consent\nC1,(212) 555-0161,no\nC2,(212) 555-0162,yes\nC3,(212) 555-0163,2025-01-02\nC4,(212) 555-0164,\nC5,(212) 555-0165,yes\n';
    const { status, importId } = await uploadAndWait(api, campaignId, 'external_id=Id,phone=Phone,prerecorded_consent=Consent', again);
    expect(status).toMatchObject({ status: 'done', imported: 1, duplicates: 4, consentChanged: 2 });
    expect(await consents(campaignId)).toEqual({ C1: 'no', C2: '2024-03-15', C3: '2025-01-02', C4: 'no', C5: 'yes' });

    const evidence = await pool.query<{ lead_id: string; payload: Record<string, unknown> }>(
      "SELECT lead_id::text, payload FROM evidence_log WHERE kind = 'lead_consent_changed' AND campaign_id = $1 ORDER BY lead_id", [campaignId]);
    expect(evidence.rows).toEqual([
      { lead_id: ids.C1, payload: expect.objectContaining({ importId, before: { consent: true, on: null }, after: { consent: false, on: null } }) },
      { lead_id: ids.C3, payload: expect.objectContaining({ importId, before: { consent: false, on: null }, after: { consent: true, on: '2025-01-02' } }) },
    ].sort((a, b) => Number(a.lead_id) - Number(b.lead_id)));

    const history = await api.app.inject({ method: 'GET', url: `/api/leads/${ids.C1 ?? ''}/history`, headers });
    expect(history.statusCode).toBe(200);
    expect(history.json<{ changes: unknown[] }>().changes).toEqual([
      { kind: 'lead_consent_changed', at: expect.any(String), payload: expect.objectContaining({ importId, after: { consent: false, on: null } }) },
    ]);
    const unchanged = await api.app.inject({ method: 'GET', url: `/api/leads/${ids.C2 ?? ''}/history`, headers });
    expect(unchanged.json<{ changes: unknown[] }>().changes).toEqual([]);

    // The same file once more changes nobody.
    expect((await uploadAndWait(api, campaignId, 'external_id=Id,phone=Phone,prerecorded_consent=Consent', again)).status).toMatchObject({ consentChanged: 0, imported: 0 });
  });
});
