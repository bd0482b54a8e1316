// The lead of a person calling back whose number the campaign never called: the campaign's lead
// holding the number (one not dialled yet, or called on another of its numbers), or else a new
// lead in the campaign's list of manual dials, as a number an agent types gets: a record the
// agent's disposition, notes and callback land on, that the pacer never dials by itself (the list
// has no share of the dials) and an agent dials only by hand or for the callback they promise,
// under every rule of a dial. A withheld number never gets one.

import { leadJurisdictions } from '../../core/compliance/lead-jurisdictions.js';
import { resolveLeadTimeZone } from '../../core/compliance/lead-time-zone.js';
import { DbError } from './db-error.js';
import { insertLead } from './lead-repository.js';
import { manualDialList } from './manual-dial-lease.js';
import { createPhoneNormaliser } from './phone-normaliser.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface ReturnCallerLead {
  leadId: string;
  /** Made now for the caller. */
  created: boolean;
}

/** The campaign's lead for the caller at `e164` (E.164), made when it has none. */
export async function returnCallerLead(pool: Pool, campaignId: string, e164: string): Promise<ReturnCallerLead> {
  return withTransaction(pool, async (client) => {
    // Two calls from one number at once make one lead.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`return-caller:${campaignId}:${e164}`]);
    const holding = await client.query<{ id: string }>(
      `SELECT l.id::text FROM lead_phones ph JOIN leads l ON l.id = ph.lead_id
       WHERE ph.e164 = $1 AND l.campaign_id = $2 ORDER BY l.updated_at DESC, l.id DESC LIMIT 1`,
      [e164, campaignId],
    );
    const existing = holding.rows[0];
    if (existing) return { leadId: existing.id, created: false };
    return { leadId: await newCallerLead(client, campaignId, e164), created: true };
  });
}

async function newCallerLead(db: Queryable, campaignId: string, e164: string): Promise<string> {
  const list = await manualDialList(db, campaignId);
  const number = createPhoneNormaliser(list.region).normalise(e164);
  if (!number.ok) throw new DbError('CONFLICT', `the caller's number cannot be kept as a lead's: ${number.reason}`);
  const zone = resolveLeadTimeZone({ explicitZone: null, postalCode: null, postalRegion: list.region, e164: number.e164, phoneRegion: number.region }, list.campaignZone);
  return insertLead(db, list.id, {
    // A lead on the campaign's default keeps no zone of its own, so it follows the campaign's.
    phones: [number.e164], ...(zone.source === 'campaign_default' ? {} : { timezone: zone.zone }), timezoneSource: zone.source, otherTimeZones: zone.otherZones,
    jurisdictions: leadJurisdictions({ phones: [{ e164: number.e164, region: number.region }] }),
  });
}
