// Whether a lead may be dialled again under its campaign's dial caps: the dials per lead in
// settings.recycle, and the dials per phone. A lead sent back to the retry pool with none left is
// never dialled (selection steps over it) and no list reset reaches it: it is exhausted instead.

import { defaultDialCaps } from '../../core/compliance/dial-rules-policy.js';
import { recyclePolicyFrom } from '../../core/recycle-rule.js';
import type { Queryable } from './pool.js';

/** The per-phone dial cap in settings.recycle, or the default the dial rules use. */
export function phoneCapFrom(recycle: unknown): number {
  const value = typeof recycle === 'object' && recycle !== null ? (recycle as Record<string, unknown>).maxAttemptsPerPhone : undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : defaultDialCaps.maxAttemptsPerPhone;
}

interface DialCounts { attempts: number; phone_attempts: number[]; recycle: unknown }

/** The lead's dials, those of its numbers still enabled, and its campaign's caps. */
async function dialCounts(db: Queryable, leadId: string, uncounted: { phoneId: string | null; dials: number }): Promise<DialCounts | undefined> {
  const result = await db.query<DialCounts>(
    `SELECT l.attempts + $2::int AS attempts,
       (SELECT coalesce(array_agg(p.attempts + CASE WHEN p.id = $3 THEN $2::int ELSE 0 END), '{}') FROM lead_phones p
        WHERE p.lead_id = l.id AND NOT p.disabled) AS phone_attempts,
       (SELECT c.settings -> 'recycle' FROM campaigns c WHERE c.id = l.campaign_id) AS recycle
     FROM leads l WHERE l.id = $1`,
    [leadId, uncounted.dials, uncounted.phoneId],
  );
  return result.rows[0];
}

const dialsLeft = (lead: DialCounts): boolean => {
  const perPhone = phoneCapFrom(lead.recycle);
  return lead.attempts < recyclePolicyFrom(lead.recycle).maxAttempts && lead.phone_attempts.some((dials) => dials < perPhone);
};

/** Whether the lead has a dial left under both caps, counting `uncounted` dial of `phoneId` (a
 * call not closed yet, whose close will count it). */
export async function leadHasDialsLeft(db: Queryable, leadId: string, uncounted: { phoneId: string | null; dials: number }): Promise<boolean> {
  const lead = await dialCounts(db, leadId, uncounted);
  return lead !== undefined && dialsLeft(lead);
}

/** Whether the caps stop the lead: it has a number still enabled, but no dial left under them. */
export async function leadStoppedByCaps(db: Queryable, leadId: string): Promise<boolean> {
  const lead = await dialCounts(db, leadId, { phoneId: null, dials: 0 });
  return lead !== undefined && lead.phone_attempts.length > 0 && !dialsLeft(lead);
}
