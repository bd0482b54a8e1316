// Numbers of Newfoundland and Labrador (709) and of British Columbia outside the Lower Mainland
// (250, 778...) may be in more than one zone: an import gives a lead every zone its number may be
// in unless its postal code says which, and selection waits until the window is open in all of
// them. Every lead leased is one the explainer calls eligible.

import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { leasedAt } from './leased-at.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'attempts', 'evidence_log', 'lead_imports']));

const mapping = parseMappingFlags('external_id=Id,phone=Phone,postal_code=Zip');
const csv = `Id,Phone,Zip
newfoundland-or-labrador,+17095550100,
st-johns,+17095550101,A1C 5M2
goose-bay,+17095550102,A0P 1E0
bc-778,+17785550103,
vancouver-778,+17785550104,V6B 1A1
`;

/** A campaign under the US regime (and so Canada's CRTC hours) with the leads above. */
async function importedCampaign(): Promise<string> {
  const campaign = await createCampaign(pool, { name: `canada-${Math.random()}`, regime: 'us', timezone: 'America/Toronto', seedDispositions: false });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'canada', defaultRegion: 'CA' });
  const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: 'canada.csv', mapping });
  await runLeadImport(pool, { importId: record.id, campaignId: campaign.id, listId: list.id, input: Readable.from([csv]), mapping });
  return campaign.id;
}

describe('numbers of Labrador and British Columbia', () => {
  it("wait at 09:10 in St. John's in January while it is 08:40 in Goose Bay, unless the address is St. John's", async () => {
    // Tuesday 2030-01-08, 12:40 UTC: before the CRTC's 09:00 in Goose Bay.
    expect(await leasedAt(pool, await importedCampaign(), '2030-01-08T12:40:00Z')).toEqual(['st-johns']);
    // 13:10 UTC: 09:10 in Goose Bay.
    expect(await leasedAt(pool, await importedCampaign(), '2030-01-08T13:10:00Z')).toEqual(['goose-bay', 'newfoundland-or-labrador', 'st-johns']);
  });

  it('wait at 20:45 in Vancouver while it is 21:45 in the Kootenays, unless the address is Vancouver', async () => {
    // Tuesday 2030-01-08, 20:45 in Vancouver: after 21:00 in Edmonton, before it in Vancouver.
    expect(await leasedAt(pool, await importedCampaign(), '2030-01-09T04:45:00Z')).toEqual(['vancouver-778']);
  });
});
