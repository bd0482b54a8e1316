// Random lead states for selection tests: statuses, due times, leases, caps, zones, DNC entries
// (global, campaign, expired), abandoned calls, machines' answers, disabled phones, and dials and calls under way of
// the same numbers by another campaign, written straight to the tables.

import fc from 'fast-check';
import type pg from 'pg';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';

const HOUR = 3_600_000;

export interface PhoneSpec {
  attempts: number; disabled: boolean; dnc: 'none' | 'global' | 'campaign' | 'expired' | 'expiring'; abandonedHoursAgo: number | null;
  /** A call to the number by another campaign that AMD took for a machine, this many hours ago. */
  machineHoursAgo: number | null;
  /** Dials of the number by another campaign in the last day. */
  dialsElsewhere: number;
  /** A call to the number for a lead of another campaign that shares it, not ended: under way
   * (its lead leased) or left open by a node that died (its lead's lease lapsed). */
  callElsewhere: 'none' | 'live' | 'lapsed';
}
export interface LeadSpec {
  list: number; status: string; dueOffsetH: number; leasedOffsetMin: number | null; attempts: number; recentDials: number;
  /** Attempts of the last day that rang no one (refused by the last check, closed before the dial),
   * or were withdrawn once dialled (which rang). */
  recentUndialled: Array<'blocked' | 'cancelled' | 'withdrawn'>;
  zone: string | null; otherZones: string[] | null; priority: number; grade: string; phones: PhoneSpec[];
  /** Jurisdictions with their own calling hours (Florida, Canada...), as an import would find them. */
  jurisdictions: string[] | null;
  fields: Record<string, string>;
}
export interface WorldSpec {
  regime: 'us' | 'uk'; window: 'us' | 'cn' | 'uk'; lists: { active: boolean; weight: number }[]; leads: LeadSpec[];
  /** The campaign's lead filter, if any. */
  filter: Record<string, unknown>[] | null;
}

/** Mostly `common`, sometimes one of the others: each rule blocks now and then, not always. */
const mostly = <T>(common: T, ...rare: T[]): fc.Arbitrary<T> => fc.oneof({ weight: 4, arbitrary: fc.constant(common) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });
const rarely = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });

const phoneSpec = fc.record({
  attempts: mostly(0, 1, 3, 4, 5), disabled: mostly(false, true),
  dnc: fc.constantFrom<PhoneSpec['dnc']>('none', 'none', 'none', 'global', 'campaign', 'expired', 'expiring'),
  abandonedHoursAgo: rarely(fc.integer({ min: 1, max: 100 })),
  machineHoursAgo: rarely(fc.integer({ min: 1, max: 40 })),
  dialsElsewhere: mostly(0, 1, 2, 3),
  callElsewhere: mostly<PhoneSpec['callElsewhere']>('none', 'live', 'lapsed'),
});

/** Random lead worlds; `mostly` keeps each rule an occasional block so some leads stay dialable. */
export const worldSpec: fc.Arbitrary<WorldSpec> = fc.record({
  regime: fc.constantFrom<'us' | 'uk'>('us', 'uk'),
  window: fc.constantFrom<'us' | 'cn' | 'uk'>('us', 'cn', 'uk'),
  lists: fc.array(fc.record({ active: mostly(true, false), weight: mostly(1, 0, 2, 3) }), { minLength: 1, maxLength: 3 }),
  filter: fc.constantFrom(null, null, null, [{ field: 'state', op: 'not_in', values: ['TX'] }],
    [{ field: 'state', op: 'in', values: ['CA', 'nv'] }, { field: 'plan', op: 'not_empty' }], [{ field: 'plan', op: 'empty' }]),
  leads: fc.array(fc.record({
    list: fc.nat(), status: fc.oneof(fc.constantFrom('new', 'retry', 'callback'), mostly('new', 'scheduled', 'done', 'dnc')),
    dueOffsetH: mostly(-1, -5, 0, 1, 3), leasedOffsetMin: rarely(fc.integer({ min: -10, max: 10 })),
    attempts: mostly(0, 1, 5, 6, 7), recentDials: mostly(0, 1, 2, 3, 4),
    recentUndialled: fc.array(fc.constantFrom<'blocked' | 'cancelled' | 'withdrawn'>('blocked', 'cancelled', 'withdrawn'), { maxLength: 3 }),
    zone: fc.option(fc.constantFrom('America/New_York', 'America/Los_Angeles', 'Asia/Shanghai', 'Europe/London', 'Pacific/Honolulu'), { freq: 4 }),
    // Zones other sources name, some no lead has as its own zone (to be found all the same); open
    // at the tests' usual instant (noon in New York), so as many leads stay dialable, and closed
    // at some of the others.
    otherZones: rarely(fc.constantFrom(['America/New_York'], ['America/Denver'], ['America/Chicago', 'America/Los_Angeles'])),
    // Open at noon in New York on a weekday; shut at some of the other instants (evenings, Sundays, holidays).
    jurisdictions: rarely(fc.constantFrom(['US-FL'], ['US-KY', 'US-TX'], ['US-LA'], ['CA'], ['US-PA', 'US-RI'])),
    priority: fc.integer({ min: 0, max: 2 }), grade: fc.constantFrom('A', 'B', 'C'),
    phones: fc.array(phoneSpec, { minLength: 0, maxLength: 3 }),
    // Values as lists hold them: cases and spaces vary, some leads lack a field.
    fields: fc.record({ state: fc.constantFrom('CA', ' ca', 'NV', 'TX'), plan: fc.constantFrom('gold', ' ', 'Silver') }, { requiredKeys: [] }),
  }), { minLength: 5, maxLength: 25 }),
});

let serial = 0;

/** Writes the world; returns the campaign and lead ids (in spec order). */
export async function seedWorld(pool: pg.Pool, world: WorldSpec, now: Date): Promise<{ campaignId: string; leadIds: string[] }> {
  const campaign = await createCampaign(pool, {
    name: `sel-${++serial}-${Math.random()}`, regime: world.regime, timezone: 'America/Chicago', seedDispositions: false,
    settings: { callingWindow: { regime: world.window }, recycle: { maxAttempts: 6, maxAttemptsPerPhone: 4, maxAttemptsPerDay: 3 }, ...(world.filter ? { leadFilter: world.filter } : {}) },
  });
  const listIds: string[] = [];
  for (const [i, list] of world.lists.entries()) {
    const row = await pool.query<{ id: string }>('INSERT INTO lists (campaign_id, name, active, mix_weight) VALUES ($1, $2, $3, $4) RETURNING id', [campaign.id, `l${i}`, list.active, list.weight]);
    listIds.push(String(row.rows[0]?.id));
  }
  const leadIds: string[] = [];
  const t = now.getTime();
  let elsewhere: { campaignId: string; leadId: string } | null = null;
  /** A lead of another campaign whose dials of a number count against the number's daily cap here. */
  const elsewhereLead = async (): Promise<{ campaignId: string; leadId: string }> => {
    if (elsewhere) return elsewhere;
    const other = await createCampaign(pool, { name: `sel-other-${serial}-${Math.random()}`, timezone: 'America/Chicago', seedDispositions: false });
    const list = await pool.query<{ id: string }>("INSERT INTO lists (campaign_id, name) VALUES ($1, 'other') RETURNING id", [other.id]);
    const lead = await pool.query<{ id: string }>('INSERT INTO leads (list_id, campaign_id, status) VALUES ($1, $2, $3) RETURNING id', [list.rows[0]?.id, other.id, 'done']);
    elsewhere = { campaignId: other.id, leadId: String(lead.rows[0]?.id) };
    return elsewhere;
  };
  for (const [i, lead] of world.leads.entries()) {
    const listId = listIds[lead.list % listIds.length];
    const inserted = await pool.query<{ id: string }>(
      `INSERT INTO leads (list_id, campaign_id, status, next_dial_at, leased_by, leased_until, attempts, timezone, priority, grade, other_time_zones, fields, jurisdictions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [listId, campaign.id, lead.status, new Date(t + lead.dueOffsetH * HOUR), lead.leasedOffsetMin === null ? null : 'other',
        lead.leasedOffsetMin === null ? null : new Date(t + lead.leasedOffsetMin * 60_000), lead.attempts, lead.zone, lead.priority, lead.grade, lead.otherZones, JSON.stringify(lead.fields),
        lead.jurisdictions],
    );
    const leadId = String(inserted.rows[0]?.id);
    leadIds.push(leadId);
    for (let d = 0; d < lead.recentDials; d++) {
      await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, created_at, ended_at) VALUES ($1, $2, '+15550000000', 'ended', $3, $3)`,
        [campaign.id, leadId, new Date(t - (d * 9 + 1) * HOUR)]);
    }
    for (const [d, kind] of lead.recentUndialled.entries()) {
      const at = new Date(t - (d * 5 + 3) * HOUR);
      await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, originated_at, ended_at) VALUES ($1, $2, '+15550000000', 'ended', $3, $4, $5, $4)`,
        [campaign.id, leadId, kind === 'withdrawn' ? 'cancelled' : kind, at, kind === 'withdrawn' ? at : null]);
    }
    for (const [p, phone] of lead.phones.entries()) {
      const e164 = `+1212${String(serial % 1000).padStart(3, '0')}${String(i * 4 + p).padStart(4, '0')}`;
      await pool.query('INSERT INTO lead_phones (lead_id, e164, dial_order, attempts, disabled) VALUES ($1, $2, $3, $4, $5)', [leadId, e164, p, phone.attempts, phone.disabled]);
      if (phone.dnc !== 'none') {
        const expires = phone.dnc === 'expired' ? new Date(t - HOUR) : phone.dnc === 'expiring' ? new Date(t + HOUR) : null;
        await pool.query('INSERT INTO dnc_entries (campaign_id, e164, source, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [phone.dnc === 'global' ? null : campaign.id, e164, 'test', expires]);
      }
      if (phone.abandonedHoursAgo !== null) {
        const at = new Date(t - phone.abandonedHoursAgo * HOUR);
        await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, abandoned, created_at, ended_at) VALUES ($1, $2, $3, 'ended', true, $4, $4)`,
          [campaign.id, leadId, e164, at]);
      }
      if (phone.machineHoursAgo !== null) {
        const other = await elsewhereLead();
        const at = new Date(t - phone.machineHoursAgo * HOUR);
        await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, ended_at) VALUES ($1, $2, $3, 'ended', 'machine', $4, $4)`,
          [other.campaignId, other.leadId, e164, at]);
      }
      if (phone.callElsewhere !== 'none') {
        const other = await elsewhereLead();
        const sharer = await pool.query<{ id: string }>(
          "INSERT INTO leads (list_id, campaign_id, status, leased_by, leased_until) SELECT list_id, campaign_id, 'new', 'other', $2 FROM leads WHERE id = $1 RETURNING id",
          [other.leadId, new Date(t + (phone.callElsewhere === 'live' ? 10 : -10) * 60_000)]);
        await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, created_at, originated_at) VALUES ($1, $2, $3, 'answered', $4, $4)`,
          [other.campaignId, sharer.rows[0]?.id, e164, new Date(t - 5 * 60_000)]);
      }
      for (let d = 0; d < phone.dialsElsewhere; d++) {
        const other = await elsewhereLead();
        await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, created_at, ended_at) VALUES ($1, $2, $3, 'ended', $4, $4)`,
          [other.campaignId, other.leadId, e164, new Date(t - (d * 7 + 2) * HOUR)]);
      }
    }
  }
  return { campaignId: campaign.id, leadIds };
}
