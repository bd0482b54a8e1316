// A US campaign near the border holds Canadian leads: their postal codes, in a list whose region
// is US, are read as Canadian by their shape, through the upload API and the import job. Each
// lead's zone is its FSA's, Canada's calling hours are its jurisdiction's, and the lead shows the
// postal code as the zone's source; a US ZIP beside them stays American.

import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { leadsRoutes } from '../../../src/adapters/http/routes/leads-routes.js';
import { csvUploadHeaders, uploadAndWait, useUploadApi } from '../../helpers/upload-api.js';

const api = useUploadApi('border-postal-codes', { routes: (pool) => leadsRoutes({ pool }) });
const { pool } = api;

const csv = `Id,Phone,Zip
toronto,+12125550140,M5V 3L9
montreal,+12125550141,H2X1Y4
calgary,+12125550142,t2p 1j9
buffalo,+12125550143,14201
`;

interface StoredLead { id: string; external_id: string; timezone: string; timezone_source: string; jurisdictions: string[] | null }

describe('Canadian postal codes in a US list', () => {
  it("give Canadian leads their FSA's zone and Canada's hours, the postal code the source; a ZIP stays American", async () => {
    const campaignId = (await createCampaign(pool, { name: `border-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false })).id;
    const { status } = await uploadAndWait(api, campaignId, 'external_id=Id,phone=Phone,postal_code=Zip', csv);
    expect(status).toMatchObject({ status: 'done', imported: 4, invalid: 0 });
    const stored = await pool.query<StoredLead>(
      'SELECT id, external_id, timezone, timezone_source, jurisdictions FROM leads WHERE campaign_id = $1 ORDER BY external_id', [campaignId]);
    expect(stored.rows.map(({ external_id, timezone, timezone_source, jurisdictions }) => ({ external_id, timezone, timezone_source, jurisdictions }))).toEqual([
      // Their New York numbers bring the US federal hours too: the person may be on either side.
      { external_id: 'buffalo', timezone: 'America/New_York', timezone_source: 'postal_code', jurisdictions: ['US'] },
      { external_id: 'calgary', timezone: 'America/Edmonton', timezone_source: 'postal_code', jurisdictions: ['CA', 'US'] },
      { external_id: 'montreal', timezone: 'America/Toronto', timezone_source: 'postal_code', jurisdictions: ['CA', 'US'] },
      { external_id: 'toronto', timezone: 'America/Toronto', timezone_source: 'postal_code', jurisdictions: ['CA', 'US'] },
    ]);
    // The lead as its page reads it: the zone and where it came from.
    const calgary = stored.rows.find((row) => row.external_id === 'calgary');
    const page = await api.app.inject({ method: 'GET', url: `/api/leads/${calgary?.id}`, headers: csvUploadHeaders });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ timezone: 'America/Edmonton', timezoneSource: 'postal_code' });
  });
});
