// Numbers of Newfoundland and Labrador (709), of British Columbia outside the Lower Mainland (250,
// 778...) and of eastern Quebec (418, 581, 367) may be in more than one zone: an import gives a
// lead every zone its number may be in unless its postal code says which, and selection waits
// until the window is open in all of them. Every lead leased is one the explainer calls eligible.

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

/** A campaign under the US regime (and so Canada's CRTC hours) with the leads of `rows`. */
async function importedCampaign(rows = csv): Promise<string> {
  const campaign = await createCampaign(pool, { name: `canada-${Math.random()}`, regime: 'us', timezone: 'America/Toronto', seedDispositions: false });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'canada', defaultRegion: 'CA' });
  const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: 'canada.csv', mapping });
  await runLeadImport(pool, { importId: record.id, campaignId: campaign.id, listId: list.id, input: Readable.from([rows]), mapping });
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

// Quebec City (G1R) is on Eastern time; the Magdalen Islands (G4T) on Atlantic time; the Lower North
// Shore's G0G from Minganie (Eastern) to Blanc-Sablon (Atlantic standard all year). The Peace
// River (Dawson Creek's V1G) keeps Mountain standard time all year; Cranbrook (V1C) Mountain time.
const eastAndWest = `Id,Phone,Zip
quebec-418,+14185550110,
quebec-city-581,+15815550111,G1R 4P5
magdalen-islands-418,+14185550112,G4T 1A1
lower-north-shore-418,+14185550113,G0G 1W0
dawson-creek-250,+12505550114,V1G 4H1
cranbrook-250,+12505550115,V1C 4J6
`;

describe('numbers of eastern Quebec, and of the Peace River and the East Kootenay', () => {
  it('wait at 20:45 in Quebec City in January while it is 21:45 on the Magdalen Islands and in Blanc-Sablon, unless the address is Quebec City', async () => {
    // Tuesday 2030-01-08, 01:45 UTC on the 9th: 20:45 in Quebec City, 21:45 in Halifax's zone and
    // Blanc-Sablon, after the 21:00 end; 18:45 in Dawson Creek and Cranbrook.
    expect(await leasedAt(pool, await importedCampaign(eastAndWest), '2030-01-09T01:45:00Z'))
      .toEqual(['cranbrook-250', 'dawson-creek-250', 'quebec-city-581']);
  });

  it("call the Magdalen Islands from 09:00 there, 08:00 in Quebec City, and the rest of 418 from Quebec City's 09:00", async () => {
    expect(await leasedAt(pool, await importedCampaign(eastAndWest), '2030-01-08T13:10:00Z')).toEqual(['magdalen-islands-418']);
    expect(await leasedAt(pool, await importedCampaign(eastAndWest), '2030-01-08T14:10:00Z'))
      .toEqual(['lower-north-shore-418', 'magdalen-islands-418', 'quebec-418', 'quebec-city-581']);
  });

  it("call Dawson Creek on Vancouver's clock in summer, when Cranbrook is an hour later", async () => {
    // Tuesday 2030-07-09, 03:15 UTC: 20:15 in Vancouver and Dawson Creek, 21:15 in Cranbrook.
    expect(await leasedAt(pool, await importedCampaign(eastAndWest), '2030-07-09T03:15:00Z')).toEqual(['dawson-creek-250']);
  });
});
