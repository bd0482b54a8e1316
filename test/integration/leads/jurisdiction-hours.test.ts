// The calling hours of a lead's country or state (the US federal 08:00-21:00, Florida's
// 08:00-20:00, Louisiana's Sundays, Canada's CRTC hours) as an import finds them and selection
// keeps them, whatever the campaign's regime and custom hours: every lead leased is one the
// explainer calls eligible, and the one held back says whose hours hold it.

import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { updateDialRules } from '../../../src/adapters/pg/dial-rules-repository.js';
import { markLaboratory } from '../../../src/adapters/pg/laboratory-marker.js';
import { explainLead } from '../../../src/adapters/pg/lead-explainer.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { leasedAt } from './leased-at.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'attempts', 'evidence_log', 'lead_imports']));

const mapping = parseMappingFlags('external_id=Id,phone=Phone,phone2=Other,postal_code=Zip,field.state=State');
const usCsv = `Id,Phone,Other,Zip,State
fl-mobile,+13055550100,,10001,NY
ny,+12125550101,,10001,NY
tx-state,+12125550102,,,Texas
ri-zip,+12125550103,,02903,
nola-other,+12125550104,+15045550104,,
`;
const caCsv = `Id,Phone,Other,Zip,State
toronto,+14165550105,,M5V 2T6,Québec
`;

async function importedCampaign() {
  const campaign = await createCampaign(pool, { name: `states-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false });
  for (const [region, csv] of [['US', usCsv], ['CA', caCsv]] as const) {
    const list = await ensureList(pool, { campaignId: campaign.id, name: region, defaultRegion: region });
    const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: `${region}.csv`, mapping });
    await runLeadImport(pool, { importId: record.id, campaignId: campaign.id, listId: list.id, input: Readable.from([csv]), mapping });
  }
  return campaign.id;
}

async function jurisdictions(campaignId: string): Promise<Record<string, string[] | null>> {
  const rows = await pool.query<{ external_id: string; jurisdictions: string[] | null }>(
    'SELECT external_id, jurisdictions FROM leads WHERE campaign_id = $1 ORDER BY external_id', [campaignId]);
  return Object.fromEntries(rows.rows.map((row) => [row.external_id, row.jurisdictions]));
}

describe("states' and Canada's own calling hours", () => {
  it('are found by an import from area codes, ZIP codes, a state field and a Canadian number', async () => {
    const campaignId = await importedCampaign();
    expect(await jurisdictions(campaignId)).toEqual({
      'fl-mobile': ['US', 'US-FL'], ny: ['US'], 'tx-state': ['US', 'US-TX'], 'ri-zip': ['US', 'US-RI'], 'nola-other': ['US', 'US-LA'], toronto: ['CA'],
    });
  });

  it('migrations 072 and 109 give leads imported before what an import gives now', async () => {
    const campaignId = await importedCampaign();
    const imported = await jurisdictions(campaignId);
    await pool.query('UPDATE leads SET jurisdictions = NULL WHERE campaign_id = $1', [campaignId]);
    for (const migration of ['072_lead_jurisdictions.sql', '109_lead_federal_hours.sql']) {
      await pool.query(await readFile(new URL(`../../../src/adapters/pg/migrations/${migration}`, import.meta.url), 'utf8'));
    }
    expect(await jurisdictions(campaignId)).toEqual(imported);
  });

  it('hold a Floridian, a Rhode Islander and a Louisianan back at 20:30 on a weekday, and say whose hours', async () => {
    const campaignId = await importedCampaign();
    // Wednesday 2030-01-09, 20:30 in New York and Toronto.
    expect(await leasedAt(pool, campaignId, '2030-01-10T01:30:00Z')).toEqual(['ny', 'toronto', 'tx-state']);
    const florida = await pool.query<{ id: string }>("SELECT id FROM leads WHERE external_id = 'fl-mobile' AND campaign_id = $1", [campaignId]);
    const explained = await explainLead(pool, String(florida.rows[0]?.id), new Date('2030-01-10T01:30:00Z'));
    expect(explained?.jurisdictions).toEqual(['US', 'US-FL']);
    expect(explained?.checks.find((c) => c.rule === 'calling_window')).toMatchObject({
      blocks: true, until: '2030-01-10T13:00:00.000Z', detail: expect.stringContaining('Florida'),
    });
  });

  it("keep Sundays: no Louisiana or Rhode Island, Texas from noon, Canada from 10:00", async () => {
    const campaignId = await importedCampaign();
    // Sunday 2030-01-13, 11:30 in New York: Texas's Sunday hours (from noon) are not open yet.
    expect(await leasedAt(pool, campaignId, '2030-01-13T16:30:00Z')).toEqual(['fl-mobile', 'ny', 'toronto']);
  });

  it("dial a Floridian at most three times a day whatever the campaign's cap, and say whose law", async () => {
    const campaignId = await importedCampaign();
    await updateDialRules(pool, { campaignId, changes: { recycle: { maxAttemptsPerDay: 5, maxDialsPerNumberPerDay: 5 } }, by: 'manager' });
    // Three dials in the morning of Wednesday 2030-01-09 for the Floridian and the New Yorker.
    await pool.query(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, originated_at, ended_at)
       SELECT l.campaign_id, l.id, ph.e164, 'ended', 'no_answer', t, t, t + interval '30 seconds'
       FROM leads l JOIN lead_phones ph ON ph.lead_id = l.id,
            unnest(ARRAY['2030-01-09T14:00:00Z', '2030-01-09T15:00:00Z', '2030-01-09T16:00:00Z']::timestamptz[]) t
       WHERE l.campaign_id = $1 AND l.external_id IN ('fl-mobile', 'ny')`, [campaignId]);
    // 13:00 in New York that day: the New Yorker is under the campaign's five, the Floridian at Florida's three.
    expect(await leasedAt(pool, campaignId, '2030-01-09T18:00:00Z')).toEqual(['nola-other', 'ny', 'ri-zip', 'toronto', 'tx-state']);
    const florida = await pool.query<{ id: string }>("SELECT id FROM leads WHERE external_id = 'fl-mobile' AND campaign_id = $1", [campaignId]);
    const explained = await explainLead(pool, String(florida.rows[0]?.id), new Date('2030-01-09T18:00:00Z'));
    expect(explained?.checks.find((c) => c.rule === 'max_attempts_day')).toMatchObject({
      blocks: true, until: '2030-01-10T14:00:00.000Z', detail: '3 of 3 dials in the last 24 h (the most Florida allows, Fla. Stat. § 501.616(6)(b))',
    });
    expect((await explainLead(pool, String(florida.rows[0]?.id), new Date('2030-01-10T14:00:01Z')))?.checks.find((c) => c.rule === 'max_attempts_day')?.blocks).toBe(false);
  });

  it('are not kept where the campaign turns them off', async () => {
    const campaignId = await importedCampaign();
    const rules = await updateDialRules(pool, { campaignId, changes: { jurisdictionHours: false }, by: 'manager' });
    expect(rules.jurisdictionHours).toBe(false);
    expect(await leasedAt(pool, campaignId, '2030-01-10T01:30:00Z')).toEqual(['fl-mobile', 'nola-other', 'ny', 'ri-zip', 'toronto', 'tx-state']);
  });
});

describe('the hours of the person called, under a UK campaign whose hours are custom', () => {
  afterEach(async () => {
    await markLaboratory(pool, { laboratory: true, by: 'test suite' });
  });

  /** A UK campaign dialling all day in a database that dials people, with a New York and a London
   * number (only a laboratory's custom hours stand as set). */
  async function ukCampaignWithCustomHours(settings: { jurisdictionHours?: boolean } = {}): Promise<string> {
    await markLaboratory(pool, { laboratory: false, by: 'jurisdiction hours test' });
    const campaign = await createCampaign(pool, { name: `uk-custom-${Math.random()}`, regime: 'uk', timezone: 'Europe/London', seedDispositions: false });
    const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '07:00', end: '22:30' }]]));
    await updateDialRules(pool, { campaignId: campaign.id, changes: { callingWindow: { regime: 'custom', weekly: week }, ...settings }, by: 'manager' });
    const lists = [['US', 'Id,Phone\nnew-york,+12125550121\n'], ['GB', 'Id,Phone\nlondon,+442079460121\n']] as const;
    for (const [region, csv] of lists) {
      const list = await ensureList(pool, { campaignId: campaign.id, name: region, defaultRegion: region });
      const ids = parseMappingFlags('external_id=Id,phone=Phone');
      const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: `${region}.csv`, mapping: ids });
      await runLeadImport(pool, { importId: record.id, campaignId: campaign.id, listId: list.id, input: Readable.from([csv]), mapping: ids });
    }
    return campaign.id;
  }

  it('keep the US federal hours for a New York number, and let a London number be dialled at that moment', async () => {
    const campaignId = await ukCampaignWithCustomHours();
    // Monday 2030-01-07, 07:30 in New York (12:30 in London): within the campaign's hours in both
    // zones, before the federal 08:00 in New York.
    expect(await leasedAt(pool, campaignId, '2030-01-07T12:30:00Z')).toEqual(['london']);
    const newYork = await pool.query<{ id: string }>("SELECT id FROM leads WHERE external_id = 'new-york' AND campaign_id = $1", [campaignId]);
    const explained = await explainLead(pool, String(newYork.rows[0]?.id), new Date('2030-01-07T12:30:00Z'));
    expect(explained?.checks.find((c) => c.rule === 'calling_window')).toMatchObject({
      blocks: true, until: '2030-01-07T13:00:00.000Z', detail: expect.stringContaining('47 CFR § 64.1200(c)(1)'),
    });
    // At 08:00 there it is dialled.
    expect(await leasedAt(pool, campaignId, '2030-01-07T13:00:00Z')).toContain('new-york');
  });

  it("keep the US federal hours where the campaign turns the states' own off", async () => {
    const campaignId = await ukCampaignWithCustomHours({ jurisdictionHours: false });
    // Monday 2030-01-07, 07:30 in New York: the states' hours are off, the country's are not.
    expect(await leasedAt(pool, campaignId, '2030-01-07T12:30:00Z')).toEqual(['london']);
    const newYork = await pool.query<{ id: string }>("SELECT id FROM leads WHERE external_id = 'new-york' AND campaign_id = $1", [campaignId]);
    const explained = await explainLead(pool, String(newYork.rows[0]?.id), new Date('2030-01-07T12:30:00Z'));
    expect(explained?.jurisdictions).toEqual(['US']);
    expect(explained?.checks.find((c) => c.rule === 'calling_window')).toMatchObject({
      blocks: true, until: '2030-01-07T13:00:00.000Z', detail: expect.stringContaining('47 CFR § 64.1200(c)(1)'),
    });
    expect(await leasedAt(pool, campaignId, '2030-01-07T13:00:00Z')).toContain('new-york');
  });
});
