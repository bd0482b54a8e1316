// A list's `prerecorded_consent` column, mapped with `prerecorded_consent=Column`: yes or a date
// gives the lead consent to prerecorded messages (with the date), no or an empty cell none, and
// anything else none, reported on its row.

import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList, listImportErrors } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { createTestPool } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());

const csv = [
  'Id,Phone,Consent',
  '1,(212) 555-0141,yes',
  '2,(212) 555-0142,2024-03-15',
  '3,(212) 555-0143,no',
  '4,(212) 555-0144,',
  '5,(212) 555-0145,maybe',
  '6,(212) 555-0146,2024-02-30',
].join('\n');

describe('importing consent to prerecorded messages', () => {
  it('keeps yes or the date as consent, and no, nothing or an unreadable value as none', async () => {
    const campaign = await createCampaign(pool, { name: `consent-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    const ids = { campaignId: campaign.id, listId: (await ensureList(pool, { campaignId: campaign.id, name: 'consent', defaultRegion: 'US' })).id };
    const mapping = parseMappingFlags('external_id=Id,phone=Phone,prerecorded_consent=Consent');
    const record = await createLeadImport(pool, { ...ids, fileName: 'consent.csv', mapping });
    const counts = await runLeadImport(pool, { importId: record.id, ...ids, input: Readable.from([csv]), mapping });
    expect(counts).toMatchObject({ rowsRead: 6, imported: 6 });

    const leads = await pool.query<{ external_id: string; prerecorded_consent: boolean; on: string | null }>(
      "SELECT external_id, prerecorded_consent, to_char(prerecorded_consent_on, 'YYYY-MM-DD') AS on FROM leads WHERE list_id = $1 ORDER BY external_id", [ids.listId]);
    expect(leads.rows).toEqual([
      { external_id: '1', prerecorded_consent: true, on: null },
      { external_id: '2', prerecorded_consent: true, on: '2024-03-15' },
      { external_id: '3', prerecorded_consent: false, on: null },
      { external_id: '4', prerecorded_consent: false, on: null },
      { external_id: '5', prerecorded_consent: false, on: null },
      { external_id: '6', prerecorded_consent: false, on: null },
    ]);
    expect((await listImportErrors(pool, record.id)).map((e) => [e.rowNumber, e.column, e.code, e.params])).toEqual([
      [6, 'Consent', 'prerecorded_consent_unreadable', { value: 'maybe' }],
      [7, 'Consent', 'prerecorded_consent_unreadable', { value: '2024-02-30' }],
    ]);
  });
});
