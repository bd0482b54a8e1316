// A worked lead (handed to sales, done, exhausted) put back in the dialling pool by staff: its dial
// counts start from zero again, as a list's reset does, so the return is evidence as the reset
// is, with who asked for it and what the lead was before (a DNC lead's return: dnc-lead-return.ts).

import { returnLeadToPool } from './callback-follow-up.js';
import { appendEvidence } from './evidence-log-repository.js';
import { withTransaction, type Pool } from './pool.js';

export interface LeadReturn {
  leadId: string;
  stage?: string;
  now: Date;
  /** Who returned it (the user's name). */
  by: string;
}

/** Returns the lead to the pool and keeps the return in the evidence log: its status then, or null
 * when it was not returned (none such, invalid, or being called). */
export async function returnWorkedLeadToPool(pool: Pool, input: LeadReturn): Promise<string | null> {
  return withTransaction(pool, async (client) => {
    const found = await client.query<{ campaign_id: string; status: string; stage: string; attempts: number }>(
      'SELECT campaign_id, status, stage, attempts FROM leads WHERE id = $1 FOR UPDATE', [input.leadId]);
    const before = found.rows[0];
    if (!before) return null;
    const status = await returnLeadToPool(client, input);
    if (status === null) return null;
    await appendEvidence(client, {
      kind: 'lead_returned', campaignId: String(before.campaign_id), leadId: input.leadId, at: input.now,
      payload: { from: before.status, status, stageBefore: before.stage, stage: input.stage ?? before.stage, dialsBefore: before.attempts, by: input.by },
    });
    return status;
  });
}
