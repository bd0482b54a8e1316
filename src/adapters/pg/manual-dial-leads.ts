// The leads of numbers outside a campaign's lists: an agent's manual dial of a number typed, and a
// person calling back whom the campaign never called, each find the campaign's lead holding the
// number or else get a new one in the campaign's list of manual dials, dialled by hand only (mix
// weight 0). Written once here for both.

import { leadJurisdictions } from '../../core/compliance/lead-jurisdictions.js';
import { resolveLeadTimeZone } from '../../core/compliance/lead-time-zone.js';
import { DbError } from './db-error.js';
import { insertLead } from './lead-repository.js';
import type { PhoneResult } from './phone-normaliser.js';
import type { Queryable } from './pool.js';

export interface ManualDialList {
  id: string;
  region: string;
  campaignZone: string;
}

/** The campaign's list of manual dials (made on first use, in the region of its first list): the leads
 * of numbers outside its lists, dialled by hand only (mix weight 0), a return caller's among them. */
export async function manualDialList(db: Queryable, campaignId: string): Promise<ManualDialList> {
  await db.query(
    `INSERT INTO lists (campaign_id, name, default_region, active, mix_weight, manual_dials)
     SELECT c.id, 'Manual dials', coalesce((SELECT li.default_region FROM lists li WHERE li.campaign_id = c.id ORDER BY li.id LIMIT 1), 'US'), true, 0, true
     FROM campaigns c WHERE c.id = $1
     ON CONFLICT DO NOTHING`,
    [campaignId],
  );
  const list = await db.query<{ id: string; default_region: string; timezone: string }>(
    'SELECT li.id, li.default_region, c.timezone FROM lists li JOIN campaigns c ON c.id = li.campaign_id WHERE li.campaign_id = $1 AND li.manual_dials',
    [campaignId],
  );
  const row = list.rows[0];
  if (!row) throw new DbError('CONFLICT', `campaign ${campaignId} has a list named "Manual dials" that is not its list of manual dials: rename it`);
  return { id: String(row.id), region: row.default_region, campaignZone: row.timezone };
}

/** The campaign's lead holding the number (E.164), the one touched last if several do; null: none.
 * `enabledOnly`: only a lead on which the number is not disabled. */
export async function leadHoldingNumber(db: Queryable, campaignId: string, e164: string, options: { enabledOnly?: boolean } = {}): Promise<string | null> {
  const holding = await db.query<{ id: string }>(
    `SELECT l.id::text FROM lead_phones ph JOIN leads l ON l.id = ph.lead_id
     WHERE ph.e164 = $1 AND l.campaign_id = $2 AND NOT ($3 AND ph.disabled) ORDER BY l.updated_at DESC, l.id DESC LIMIT 1`,
    [e164, campaignId, options.enabledOnly ?? false],
  );
  return holding.rows[0]?.id ?? null;
}

/** A new lead of the number alone in the list of manual dials; its id. */
export async function newManualDialLead(db: Queryable, list: ManualDialList, number: Extract<PhoneResult, { ok: true }>, region: string): Promise<string> {
  const zone = resolveLeadTimeZone({ explicitZone: null, postalCode: null, postalRegion: region, e164: number.e164, phoneRegion: number.region }, list.campaignZone);
  return insertLead(db, list.id, {
    // A lead on the campaign's default keeps no zone of its own, so it follows the campaign's.
    phones: [number.e164], ...(zone.source === 'campaign_default' ? {} : { timezone: zone.zone }), timezoneSource: zone.source, otherTimeZones: zone.otherZones,
    jurisdictions: leadJurisdictions({ phones: [{ e164: number.e164, region: number.region }] }),
  });
}

/** The lead was made for a person who rang the campaign with nothing known of them: it is in the
 * list of manual dials and the campaign never dialled it (a number an agent typed was dialled). */
export async function leadMadeForCaller(db: Queryable, leadId: string): Promise<boolean> {
  const made = await db.query(
    `SELECT 1 FROM leads l JOIN lists li ON li.id = l.list_id WHERE l.id = $1 AND li.manual_dials
       AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.lead_id = l.id AND a.direction = 'outbound')`,
    [leadId],
  );
  return (made.rowCount ?? 0) > 0;
}
