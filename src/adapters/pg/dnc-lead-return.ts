// A lead the do-not-call list ended (an agent's DNC code, the opt-out key) comes back to the
// dialling pool once none of its numbers is blocked for its campaign any more: the entry taken off
// the list with a reason (a code given by mistake, consent given since). Until then, and for a lead
// erased at the person's request for ever, it is refused, saying why; its return is evidence.

import { returnLeadToPool } from './callback-follow-up.js';
import { DbError } from './db-error.js';
import { checkDnc } from './dnc-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import { isLeadErased } from './erased-lead.js';
import { withTransaction, type Pool } from './pool.js';

export interface DncLeadReturn {
  leadId: string;
  stage?: string;
  now: Date;
  /** Who returned it (the user's name). */
  by: string;
}

/** Returns a DNC lead to the pool: its status then, or null when the lead is not a DNC one. */
export async function returnDncLeadToPool(pool: Pool, input: DncLeadReturn): Promise<string | null> {
  return withTransaction(pool, async (client) => {
    const lead = await client.query<{ campaign_id: string; status: string }>('SELECT campaign_id, status FROM leads WHERE id = $1 FOR UPDATE', [input.leadId]);
    const row = lead.rows[0];
    if (row?.status !== 'dnc') return null;
    if (await isLeadErased(client, input.leadId)) {
      throw new DbError('CONFLICT', `lead ${input.leadId} was erased at the person's request: it is never dialled again`);
    }
    const phones = await client.query<{ e164: string }>('SELECT e164 FROM lead_phones WHERE lead_id = $1 AND NOT disabled', [input.leadId]);
    const blocked = await checkDnc(client, { e164s: phones.rows.map((phone) => phone.e164), campaignId: String(row.campaign_id), now: input.now });
    if (blocked.size > 0) {
      throw new DbError('CONFLICT', `lead ${input.leadId} has ${blocked.size === 1 ? 'a number' : `${blocked.size} numbers`} still on a do-not-call list: take ${blocked.size === 1 ? 'it' : 'them'} off the list first (with why they may be called), then return the lead`);
    }
    const status = await returnLeadToPool(client, { ...input, fromDnc: true });
    if (status === null) return null;
    await appendEvidence(client, {
      kind: 'lead_returned', campaignId: String(row.campaign_id), leadId: input.leadId, at: input.now,
      payload: { from: 'dnc', status, stage: input.stage ?? null, by: input.by },
    });
    return status;
  });
}
