// A lead put back in the dialling pool by staff, its dial counts from zero again as a list's reset
// does, so the return is evidence as the reset is, with who asked for it. Two kinds of lead come
// back: a worked one (handed to sales, done, exhausted), kept with what it was before; and one the
// do-not-call list ended (an agent's DNC code, the opt-out key), once none of its numbers is
// blocked for its campaign any more (the entry taken off the list with a reason). Until then, and
// for a lead erased at the person's request for ever, that one is refused, saying why.

import { returnLeadToPool } from './callback-follow-up.js';
import { DbError } from './db-error.js';
import { checkDnc } from './dnc-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import { isLeadErased } from './erased-lead.js';
import { withTransaction, type Pool, type PoolClient } from './pool.js';

export interface LeadReturn {
  leadId: string;
  stage?: string;
  now: Date;
  /** Who returned it (the user's name). */
  by: string;
}

interface LeadBefore {
  campaign_id: string;
  status: string;
  stage: string;
  attempts: number;
}

/** What differs between the two kinds of return: what the lead must pass first, and what the
 * evidence keeps of it. */
interface ReturnKind {
  fromDnc: boolean;
  assertMayReturn(client: PoolClient, before: LeadBefore, input: LeadReturn): Promise<void>;
  evidence(before: LeadBefore, status: string, input: LeadReturn): Record<string, unknown>;
}

const worked: ReturnKind = {
  fromDnc: false,
  assertMayReturn: () => Promise.resolve(),
  evidence: (before, status, input) => ({
    from: before.status, status, stageBefore: before.stage, stage: input.stage ?? before.stage, dialsBefore: before.attempts, by: input.by,
  }),
};

const endedByDnc: ReturnKind = {
  fromDnc: true,
  assertMayReturn: async (client, before, input) => {
    if (await isLeadErased(client, input.leadId)) {
      throw new DbError('CONFLICT', `lead ${input.leadId} was erased at the person's request: it is never dialled again`);
    }
    const phones = await client.query<{ e164: string }>('SELECT e164 FROM lead_phones WHERE lead_id = $1 AND NOT disabled', [input.leadId]);
    const blocked = await checkDnc(client, { e164s: phones.rows.map((phone) => phone.e164), campaignId: String(before.campaign_id), now: input.now });
    if (blocked.size > 0) {
      throw new DbError('CONFLICT', `lead ${input.leadId} has ${blocked.size === 1 ? 'a number' : `${blocked.size} numbers`} still on a do-not-call list: take ${blocked.size === 1 ? 'it' : 'them'} off the list first (with why they may be called), then return the lead`);
    }
  },
  evidence: (_before, status, input) => ({ from: 'dnc', status, stage: input.stage ?? null, by: input.by }),
};

/** Returns the lead to the pool and keeps the return in the evidence log: its status then, or null
 * when it was not returned (none such, invalid, or being called). A DNC lead still blocked, or
 * erased, is refused (DbError CONFLICT). */
export async function returnLeadToDiallingPool(pool: Pool, input: LeadReturn): Promise<string | null> {
  return withTransaction(pool, async (client) => {
    const found = await client.query<LeadBefore>('SELECT campaign_id, status, stage, attempts FROM leads WHERE id = $1 FOR UPDATE', [input.leadId]);
    const before = found.rows[0];
    if (!before) return null;
    const kind = before.status === 'dnc' ? endedByDnc : worked;
    await kind.assertMayReturn(client, before, input);
    const status = await returnLeadToPool(client, { ...input, fromDnc: kind.fromDnc });
    if (status === null) return null;
    await appendEvidence(client, {
      kind: 'lead_returned', campaignId: String(before.campaign_id), leadId: input.leadId, at: input.now, payload: kind.evidence(before, status, input),
    });
    return status;
  });
}
