// A lead whose sources name two zones (a New York mobile number, an address in San Francisco) is
// imported with both, selected only while the calling window is open in both, explained by the
// zone still closed, and selected on its own zone again once staff set the zone by hand.

import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { correctLead } from '../../../src/adapters/pg/lead-edit.js';
import { explainLead } from '../../../src/adapters/pg/lead-explainer.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log', 'lead_imports']));

// A Monday: 08:30 in New York, 05:30 in San Francisco (the US window opens at 08:00).
const early = new Date('2030-01-07T13:30:00Z');
const lease = { nodeId: 'zones', leaseMs: 1_000, count: 10 };

interface ZonedLead {
  id: string;
  external_id: string;
  timezone: string;
  timezone_source: string;
  other_time_zones: string[] | null;
}

/** A campaign on `zone` with one list read in `region`, the CSV imported with `mapping`: its
 * campaign and its leads by external id. */
async function importList(input: { zone: string; region: string; mapping: string; csv: string; regime?: 'us' | 'strict' }): Promise<{ campaignId: string; leads: ZonedLead[] }> {
  const { id: campaignId } = await createCampaign(pool, { name: `zones-${Math.random()}`, regime: input.regime ?? 'us', timezone: input.zone, seedDispositions: false });
  const list = await ensureList(pool, { campaignId, name: 'main', defaultRegion: input.region });
  const mapping = parseMappingFlags(input.mapping);
  const record = await createLeadImport(pool, { campaignId, listId: list.id, fileName: 'leads.csv', mapping });
  await runLeadImport(pool, { importId: record.id, campaignId, listId: list.id, input: Readable.from([input.csv]), mapping });
  const rows = await pool.query<ZonedLead>(
    'SELECT id, external_id, timezone, timezone_source, other_time_zones FROM leads WHERE campaign_id = $1 ORDER BY external_id', [campaignId]);
  return { campaignId, leads: rows.rows.map((row) => ({ ...row, id: String(row.id) })) };
}

/** The leads without their ids, to compare with what is expected. */
const withoutIds = (leads: ZonedLead[]) => leads.map(({ id: _id, ...row }) => row);

async function imported(): Promise<{ campaignId: string; moved: string; stayed: string }> {
  const { campaignId, leads } = await importList({
    zone: 'America/Chicago', region: 'US', mapping: 'external_id=Id,phone=Phone,postal_code=Zip',
    csv: 'Id,Phone,Zip\nmoved,+12125550170,94105\nstayed,+12125550171,10001\n',
  });
  expect(withoutIds(leads)).toEqual([
    { external_id: 'moved', timezone: 'America/Los_Angeles', timezone_source: 'postal_code', other_time_zones: ['America/New_York'] },
    { external_id: 'stayed', timezone: 'America/New_York', timezone_source: 'postal_code', other_time_zones: null },
  ]);
  const [moved, stayed] = leads.map((row) => row.id) as [string, string];
  return { campaignId, moved, stayed };
}

describe('a lead whose sources name two zones', () => {
  it('is dialled only while the window is open in both, and the explainer names the zone still closed', async () => {
    const { campaignId, moved, stayed } = await imported();
    // Open in New York, not yet in San Francisco.
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: early })).map((l) => l.leadId)).toEqual([stayed]);
    const why = await explainLead(pool, moved, early);
    expect(why).toMatchObject({ eligible: false, timeZone: 'America/Los_Angeles', otherTimeZones: ['America/New_York'] });
    expect(why?.checks.find((c) => c.rule === 'calling_window')).toEqual({
      rule: 'calling_window', blocks: true, until: '2030-01-07T16:00:00.000Z', detail: 'outside hours in America/Los_Angeles',
    });
    // 20:30 in New York, 17:30 in San Francisco: both open.
    const evening = new Date('2030-01-08T01:30:00Z');
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: evening })).map((l) => l.leadId).sort()).toEqual([moved, stayed].sort());
    // 21:30 in New York: closed there, though open in San Francisco.
    const late = new Date('2030-01-08T02:30:00Z');
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: late })).toEqual([]);
    expect((await explainLead(pool, moved, late))?.checks.find((c) => c.rule === 'calling_window')?.detail).toBe('outside hours in America/New_York');
  });

  it('is dialled in its own zone alone once staff set the zone by hand, and the change is kept', async () => {
    const { campaignId, moved } = await imported();
    await correctLead(pool, { leadId: moved, changes: { timezone: 'America/New_York' }, by: 'Mia', now: early });
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: early })).map((l) => l.leadId)).toContain(moved);
    const kept = await pool.query<{ payload: unknown }>("SELECT payload FROM evidence_log WHERE kind = 'lead_zone_changed' AND lead_id = $1", [moved]);
    expect(kept.rows.map((r) => r.payload)).toEqual([{ by: 'Mia', before: 'America/Los_Angeles', after: 'America/New_York', otherZonesBefore: ['America/New_York'] }]);
  });

  it("takes the zones of every phone's area code: a lead with a New York and a Los Angeles number waits for both", async () => {
    const { campaignId, leads } = await importList({ zone: 'America/Chicago', region: 'US', mapping: 'external_id=Id,phone=Home,phone2=Mobile', csv: 'Id,Home,Mobile\ntwo,+12125550180,+13105550180\n' });
    expect(withoutIds(leads)).toEqual([{ external_id: 'two', timezone: 'America/New_York', timezone_source: 'area_code', other_time_zones: ['America/Los_Angeles'] }]);
    // 08:30 in New York, 05:30 in Los Angeles: neither number is dialled yet.
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: early })).toEqual([]);
  });

  it("takes every zone an area code spans: a Florida panhandle number waits for Pensacola, a ZIP code's zone first among them", async () => {
    const { campaignId, leads } = await importList({
      zone: 'America/New_York', region: 'US', mapping: 'external_id=Id,phone=Phone,postal_code=Zip',
      csv: 'Id,Phone,Zip\nsomewhere,+18505550190,\ntallahassee,+18505550191,32301\n',
    });
    // A ZIP prefix names its area's main zone, not the side of the line the person is on (Port St.
    // Joe's 324 is Eastern, Panama City's Central): the number's other zone stays.
    expect(withoutIds(leads)).toEqual([
      { external_id: 'somewhere', timezone: 'America/Chicago', timezone_source: 'area_code', other_time_zones: ['America/New_York'] },
      { external_id: 'tallahassee', timezone: 'America/New_York', timezone_source: 'postal_code', other_time_zones: ['America/Chicago'] },
    ]);
    const [somewhere, tallahassee] = leads.map((row) => row.id) as [string, string];
    // 08:30 in Tallahassee, 07:30 in Pensacola: neither, while the panhandle's Central side is closed.
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: early })).map((l) => l.leadId)).toEqual([]);
    for (const lead of [somewhere, tallahassee]) {
      expect((await explainLead(pool, lead, early))?.checks.find((c) => c.rule === 'calling_window')).toEqual({
        rule: 'calling_window', blocks: true, until: '2030-01-07T14:00:00.000Z', detail: 'outside hours in America/Chicago',
      });
    }
    // 09:30 in Tallahassee, 08:30 in Pensacola.
    const later = new Date('2030-01-07T14:30:00Z');
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: later })).map((l) => l.leadId).sort()).toEqual([somewhere, tallahassee].sort());
  });

  it('waits for the window in every mainland zone for an Australian mobile, unless its postcode says where', async () => {
    const { campaignId, leads } = await importList({
      zone: 'Australia/Sydney', region: 'AU', regime: 'strict', mapping: 'external_id=Id,phone=Phone,postal_code=Postcode',
      csv: 'Id,Phone,Postcode\nanywhere,0412 345 601,\nsydney,0412 345 602,2000\n',
    });
    expect(withoutIds(leads)).toEqual([
      { external_id: 'anywhere', timezone: 'Australia/Sydney', timezone_source: 'area_code', other_time_zones: ['Australia/Brisbane', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Perth'] },
      { external_id: 'sydney', timezone: 'Australia/Sydney', timezone_source: 'postal_code', other_time_zones: null },
    ]);
    const [anywhere, sydney] = leads.map((row) => row.id) as [string, string];
    // Monday 09:30 in Sydney is 06:30 in Perth.
    const morning = new Date('2030-01-06T22:30:00Z');
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: morning })).map((l) => l.leadId)).toEqual([sydney]);
    expect((await explainLead(pool, anywhere, morning))?.checks.find((c) => c.rule === 'calling_window')).toMatchObject({
      blocks: true, until: '2030-01-07T00:00:00.000Z', detail: 'outside hours in Australia/Perth',
    });
    // Noon in Sydney, 09:00 in Perth.
    const noon = new Date('2030-01-07T01:00:00Z');
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: noon })).map((l) => l.leadId)).toContain(anywhere);
  });

  it("reads a list's zone abbreviations with daylight saving: a lead marked EST is not called at 21:30 in New York in July", async () => {
    const { campaignId, leads } = await importList({
      zone: 'America/Chicago', region: 'US', mapping: 'external_id=Id,phone=Phone,timezone=TZ', csv: 'Id,Phone,TZ\neastern,+18005550310,EST\npacific,+18005550311,PST\n',
    });
    expect(withoutIds(leads)).toEqual([
      { external_id: 'eastern', timezone: 'America/New_York', timezone_source: 'explicit', other_time_zones: null },
      { external_id: 'pacific', timezone: 'America/Los_Angeles', timezone_source: 'explicit', other_time_zones: null },
    ]);
    const [eastern, pacific] = leads.map((row) => row.id) as [string, string];
    // Monday 1 July 2030, 21:30 in New York (20:30 on a clock kept at EST all year), 18:30 in Los Angeles.
    const evening = new Date('2030-07-02T01:30:00Z');
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, now: evening })).map((l) => l.leadId)).toEqual([pacific]);
    expect((await explainLead(pool, eastern, evening))?.checks.find((c) => c.rule === 'calling_window')?.detail).toBe('outside hours in America/New_York');
  });
});
