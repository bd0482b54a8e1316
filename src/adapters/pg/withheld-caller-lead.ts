// The lead of a person calling back with their number withheld, put through to an agent as any
// caller: a lead of no number in the campaign's list of manual dials, made for their call alone
// (nothing finds it again: there is no number to match), on which the agent's disposition and
// notes land. The attempt of the call keeps no number either (its `e164` is empty: nothing can be
// dialled or listed as a do-not-call from it). When no agent takes them, the attempt and the lead
// are removed together: a missed withheld call keeps neither (there is no one to call back).

import { createInboundAttempt, type InboundAttemptInput } from './inbound-attempts.js';
import { insertLead } from './lead-repository.js';
import { manualDialList } from './manual-dial-leads.js';
import { withTransaction, type Pool } from './pool.js';

/** What an attempt keeps as the number of a caller who withheld theirs. */
export const withheldNumber = '';

/** SQL: attempt `a` is the call of a caller who withheld their number (it keeps none). */
export const withheldCallSql = (a: string): string => `(${a}.direction = 'inbound' AND ${a}.e164 = '')`;

/** The number of a call as a view tells it: null when the caller withheld theirs, said by `withheld`. */
export function callNumberShown(e164: string, withheld: boolean): { phone: string | null; withheld: boolean } {
  return withheld ? { phone: null, withheld: true } : { phone: e164, withheld: false };
}

export interface WithheldCallerAttempt {
  leadId: string;
  attemptId: string;
}

/** A lead of no number for the withheld caller, and the attempt of their call on it. */
export async function withheldCallerAttempt(pool: Pool, input: Omit<InboundAttemptInput, 'leadId' | 'e164'>): Promise<WithheldCallerAttempt> {
  return withTransaction(pool, async (client) => {
    const list = await manualDialList(client, input.campaignId);
    const leadId = await insertLead(client, list.id, { phones: [], timezoneSource: 'campaign_default' });
    const attemptId = await createInboundAttempt(client, { ...input, leadId, e164: withheldNumber });
    return { leadId, attemptId };
  });
}

/** Removes the attempt of a withheld caller no agent spoke to (never connected, whether or not it
 * was closed yet) and the lead made for it, unless something holds the lead by then (a disposition,
 * a callback, evidence of its own): true when the lead was removed. */
export async function dropWithheldCallerAttempt(pool: Pool, input: WithheldCallerAttempt): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    await client.query(
      `DELETE FROM attempts WHERE id = $1 AND lead_id = $2 AND direction = 'inbound' AND e164 = $3 AND connected_at IS NULL`,
      [input.attemptId, input.leadId, withheldNumber]);
    const removed = await client.query(
      `DELETE FROM leads l USING lists li WHERE l.id = $1 AND li.id = l.list_id AND li.manual_dials
         AND NOT EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.lead_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM dispositions d WHERE d.lead_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.lead_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM evidence_log e WHERE e.lead_id = l.id)`,
      [input.leadId]);
    return (removed.rowCount ?? 0) > 0;
  });
}
