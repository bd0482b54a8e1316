// The node's upload cap (http.uploadLimitMb, 1 MB here): a file over it is refused with 413, whether
// its sender said its length or streamed it; one streamed leaves its import failed with the reason,
// no job queued. A file within the cap is taken.

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { csvUploadHeaders, useUploadApi } from '../../helpers/upload-api.js';

const api = useUploadApi('upload-limit', { worker: false, uploadLimitMb: 1 });
const { pool } = api;

/** A CSV of `rows` leads, 20 bytes a row. */
const csvOf = (rows: number): string => `Phone\n${Array.from({ length: rows }, (_, i) => `+1212555${String(i % 10_000).padStart(4, '0')},x1234\n`).join('')}`;

const upload = (campaignId: string, payload: string | Readable) => api.app.inject({
  method: 'POST', url: `/api/campaigns/${campaignId}/imports?map=phone%3DPhone&list=main`, headers: csvUploadHeaders, payload,
});

const imports = async () => (await pool.query<{ status: string; error: string | null }>('SELECT status, error FROM lead_imports ORDER BY created_at')).rows;

describe('upload limit', () => {
  it('refuses a file over the cap, said or streamed, and takes one within it', async () => {
    const campaignId = (await createCampaign(pool, { name: `limit-${Math.random()}`, timezone: 'UTC', seedDispositions: false })).id;
    const big = csvOf(60_000);
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);

    const said = await upload(campaignId, big);
    expect(said.statusCode).toBe(413);
    expect(said.json()).toMatchObject({ error: 'too_large', message: expect.stringContaining('1 MB, http.uploadLimitMb') });
    expect(await imports()).toEqual([]);

    // In chunks, with no length given: counted as it arrives.
    const chunks = big.match(/[\s\S]{1,65536}/g) ?? [];
    const streamed = await upload(campaignId, Readable.from(chunks));
    expect(streamed.statusCode).toBe(413);
    expect(await imports()).toEqual([{ status: 'failed', error: expect.stringContaining('larger than this node takes') }]);

    const small = await upload(campaignId, csvOf(1_000));
    expect(small.statusCode).toBe(202);
    expect((await imports()).map((i) => i.status)).toEqual(['failed', 'queued']);
  });
});
