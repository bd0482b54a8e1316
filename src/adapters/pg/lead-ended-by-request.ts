// A person who asks on the call not to be called again is called on none of their lead's numbers:
// the lead ends as the opt-out key ends it (status `dnc`, kept through the call's close and its
// disposition), and the callbacks still open on it are called off.

import { cancelCallbacksOfEndedLead } from './callback-repository.js';
import { withTransaction, type Pool } from './pool.js';

export async function endLeadByRequest(pool: Pool, leadId: string, now: Date): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(`UPDATE leads SET status = 'dnc', updated_at = $2 WHERE id = $1 AND status <> 'dnc'`, [leadId, now]);
    await cancelCallbacksOfEndedLead(client, leadId, now);
  });
}
