// The upload API and a list's region: numbers without a country code are read in the list's
// region, and an upload naming another one is refused rather than read as the wrong country's.

import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { csvUploadHeaders, useUploadApi } from '../../helpers/upload-api.js';

const api = useUploadApi('upload-region', { worker: false });
const { pool } = api;

const upload = (campaignId: string, query: string) => api.app.inject({
  method: 'POST', url: `/api/campaigns/${campaignId}/imports?map=phone%3DPhone&${query}`,
  headers: csvUploadHeaders, payload: 'Phone\n55 1234 5678\n',
});

describe('upload region', () => {
  it('refuses a region other than the existing list\'s, naming both, and uses the list\'s when none is named', async () => {
    const campaignId = (await createCampaign(pool, { name: `region-${Math.random()}`, timezone: 'UTC', seedDispositions: false })).id;
    const created = await upload(campaignId, 'list=spring&region=US');
    expect(created.statusCode).toBe(202);
    expect(created.json()).toMatchObject({ region: 'US' });

    const mexican = await upload(campaignId, 'list=spring&region=mx');
    expect(mexican.statusCode).toBe(409);
    expect(mexican.json<{ message: string }>().message).toMatch(/list "spring" reads numbers without a country code as US, but this upload names region MX/);
    const imports = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_imports');
    expect(imports.rows[0]?.n).toBe(1);

    const unnamed = await upload(campaignId, 'list=spring');
    expect(unnamed.statusCode).toBe(202);
    expect(unnamed.json()).toMatchObject({ region: 'US' });

    const newList = await upload(campaignId, 'list=mexico&region=MX');
    expect(newList.statusCode).toBe(202);
    expect(newList.json()).toMatchObject({ region: 'MX' });
  });
});
