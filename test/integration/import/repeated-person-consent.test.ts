// A person a file names on several rows is loaded once, from the first row, but their consent to
// prerecorded messages is what all their rows say: a withdrawal on any row stands (never a
// prerecorded message to someone who said no), else the last row that says anything, a "yes"
// without a date keeping the date an earlier row gave. So whether the rows fall in one chunk or
// the later ones are read after the person's chunk was loaded, and for a person the campaign
// already had too.

import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { createTestPool } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());

const mapping = parseMappingFlags('external_id=Id,phone=Phone,prerecorded_consent=Consent');

const rows = [
  ['R1', 'yes'], ['R2', 'no'], ['R3', '2024-01-01'], ['R4', '2024-02-02'], ['R5', ''], ['R6', 'yes'], ['K1', ''],
  ['R1', 'no'], ['R2', 'yes'], ['R3', '2024-05-01'], ['R4', 'yes'], ['R5', 'yes'], ['R6', ''], ['K1', 'no'], ['R1', 'yes'],
];
/** Each person's own number: R1.. 555-0171.., K1 555-0181. */
const phoneOf = (id: string): string => `(212) 555-01${id.startsWith('K') ? 80 + Number(id.slice(1)) : 70 + Number(id.slice(1))}`;
const csv = ['Id,Phone,Consent', ...rows.map(([id = '', consent = '']) => `${id},${phoneOf(id)},${consent}`)].join('\n');

async function consents(campaignId: string): Promise<Record<string, string>> {
  const found = await pool.query<{ external_id: string; consent: string }>(
    `SELECT external_id, CASE WHEN NOT prerecorded_consent THEN 'no' ELSE coalesce(to_char(prerecorded_consent_on, 'YYYY-MM-DD'), 'yes') END AS consent
     FROM leads WHERE campaign_id = $1 ORDER BY external_id`, [campaignId]);
  return Object.fromEntries(found.rows.map((row) => [row.external_id, row.consent]));
}

async function imported(campaignId: string, listName: string, text: string, chunkRows?: number) {
  const ids = { campaignId, listId: (await ensureList(pool, { campaignId, name: listName, defaultRegion: 'US' })).id };
  const record = await createLeadImport(pool, { ...ids, fileName: `${listName}.csv`, mapping });
  return runLeadImport(pool, { importId: record.id, ...ids, input: Readable.from([text]), mapping, ...(chunkRows === undefined ? {} : { chunkRows }) });
}

describe('the consent of a person repeated in one file', () => {
  it.each([['in one chunk', undefined], ['read after their chunk was loaded', 2]])('is what stands of all their rows, %s', async (_how, chunkRows) => {
    const { id: campaignId } = await createCampaign(pool, { name: `repeated-consent-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    // K1 is in the campaign already, with consent.
    await imported(campaignId, 'before', 'Id,Phone,Consent\nK1,(212) 555-0181,2023-06-01\n');
    const counts = await imported(campaignId, 'repeats', csv, chunkRows);
    expect(counts).toMatchObject({ rowsRead: rows.length, imported: 6, duplicates: rows.length - 6 });
    expect(await consents(campaignId)).toEqual({
      R1: 'no', // granted, withdrawn, granted again: the withdrawal stands
      R2: 'no', // withdrawn first
      R3: '2024-05-01', // the later date
      R4: '2024-02-02', // "yes" keeps the date given before
      R5: 'yes', // said only on the later row
      R6: 'yes', // an empty cell says nothing
      K1: 'no', // withdrawn on a later row, in the campaign before
    });
    // K1 alone was in the campaign before: the people the file added are not counted.
    expect(counts.consentChanged).toBe(1);
  });

  it('counts once each lead the campaign had whose consent the file changed, its later rows read after its chunk', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `repeated-consent-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    await imported(campaignId, 'before', ['Id,Phone,Consent', ...['K1', 'K2', 'K4'].map((id) => `${id},${phoneOf(id)},2023-06-01`)].join('\n'));
    // Two rows a chunk: K1 and K2 change in the first, and every repeat is read after its person's chunk went.
    const later = [
      ['K1', '2024-01-01'], ['K2', '2024-01-01'], ['R1', 'yes'], ['K4', ''],
      ['K1', 'no'], ['K2', '2023-06-01'], ['R1', 'no'], ['K4', 'no'], ['R2', ''],
    ];
    const counts = await imported(campaignId, 'later', ['Id,Phone,Consent', ...later.map(([id = '', consent]) => `${id},${phoneOf(id)},${consent}`)].join('\n'), 2);
    expect(await consents(campaignId)).toEqual({
      K1: 'no', // changed twice: counted once
      K2: '2023-06-01', // changed, then back to what it was: not counted
      K4: 'no', // changed by its later row alone
      R1: 'no', // new in the campaign: not counted
      R2: 'no',
    });
    expect(counts).toMatchObject({ imported: 2, consentChanged: 2 });
    // The evidence log keeps the changes of the leads the campaign had (K2's back and forth too); R1,
    // added by the file, has its first consent (what stands of its rows): no change is logged for it.
    const changes = await pool.query<{ external_id: string; before: unknown; after: unknown }>(
      `SELECT l.external_id, e.payload->'before' AS before, e.payload->'after' AS after FROM evidence_log e JOIN leads l ON l.id = e.lead_id
       WHERE e.campaign_id = $1 AND e.kind = 'lead_consent_changed' ORDER BY e.id`, [campaignId]);
    expect(changes.rows.map((row) => row.external_id).sort()).toEqual(['K1', 'K1', 'K2', 'K2', 'K4']);
  });

  it('keeps a withdrawal read before the file broke off, its person loaded before it', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `repeated-consent-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    const ids = { campaignId, listId: (await ensureList(pool, { campaignId, name: 'broken', defaultRegion: 'US' })).id };
    const record = await createLeadImport(pool, { ...ids, fileName: 'broken.csv', mapping });
    // A few rows after the withdrawal: the reader may hold the last ones it was given when the file breaks off.
    const filler = ['R4', 'R5', 'R6'].map((id) => `${id},${phoneOf(id)},`);
    const lines = ['Id,Phone,Consent', `R1,${phoneOf('R1')},yes`, `R2,${phoneOf('R2')},yes`, `R3,${phoneOf('R3')},yes`, `R1,${phoneOf('R1')},no`, ...filler, ''].join('\n');
    // The upload is cut: the stream fails after these rows.
    const input = Readable.from((async function* () {
      yield lines;
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('the upload was cut off');
    })());
    await expect(runLeadImport(pool, { importId: record.id, ...ids, input, mapping, chunkRows: 2 })).rejects.toThrow();
    expect(await consents(campaignId)).toMatchObject({ R1: 'no', R2: 'yes', R3: 'yes' });
  });

  it('logs the change of consent of a person the campaign had, though the chunk naming them first failed', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `repeated-consent-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    await imported(campaignId, 'before', 'Id,Phone,Consent\nK1,(212) 555-0181,2023-06-01\n');
    // A lead the database refuses (its own trigger, for this test's row alone) fails the chunk that
    // names K1 first; K1's later row, read after that chunk went, withdraws the consent.
    const bad = `BAD-${campaignId}`;
    const refuse = `refuse_lead_${campaignId}`;
    await pool.query(`CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await pool.query(`CREATE TRIGGER ${refuse} BEFORE INSERT ON leads FOR EACH ROW WHEN (NEW.external_id = '${bad}') EXECUTE FUNCTION ${refuse}()`);
    await pool.query(`ALTER TABLE leads ENABLE ALWAYS TRIGGER ${refuse}`);
    try {
      const text = ['Id,Phone,Consent', `K1,${phoneOf('K1')},`, `${bad},(212) 555-0189,`, `K1,${phoneOf('K1')},no`, `R1,${phoneOf('R1')},`, `R2,${phoneOf('R2')},`].join('\n');
      await expect(imported(campaignId, 'failing', text, 2)).rejects.toThrow();
    } finally {
      await pool.query(`DROP TRIGGER ${refuse} ON leads`);
      await pool.query(`DROP FUNCTION ${refuse}()`);
    }
    expect(await consents(campaignId)).toMatchObject({ K1: 'no' });
    const changes = await pool.query<{ external_id: string; after: unknown }>(
      `SELECT l.external_id, e.payload->'after' AS after FROM evidence_log e JOIN leads l ON l.id = e.lead_id
       WHERE e.campaign_id = $1 AND e.kind = 'lead_consent_changed'`, [campaignId]);
    expect(changes.rows).toEqual([{ external_id: 'K1', after: { consent: false, on: null } }]);
    // The failed import's record counts it too.
    const failed = await pool.query<{ status: string; consent_changed: number }>(
      `SELECT i.status, i.consent_changed FROM lead_imports i JOIN lists l ON l.id = i.list_id WHERE l.campaign_id = $1 AND l.name = 'failing'`, [campaignId]);
    expect(failed.rows).toEqual([{ status: 'failed', consent_changed: 1 }]);
  });
});
