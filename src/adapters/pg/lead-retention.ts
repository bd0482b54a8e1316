// Leads kept no longer than the call centre needs them (engine.leadRetentionDays; 0, the default,
// keeps them): a finished lead (done, exhausted, invalid or on the do-not-call list) unchanged and
// not called for the period, with no callback open and no call going on, has its personal data
// erased as at the person's request (lead-personal-data.ts), and its numbers with it, as nothing
// dials it again. What the law asks to be kept stays: the calls made, their evidence (with the
// numbers dialled) and what the reports count of them. Its numbers go on no do-not-call list: the
// end of a retention period is no request not to be called. Its `lead_erased` evidence (`by`
// `retention`) makes it an erased lead to every reader.

import { appendEvidence } from './evidence-log-repository.js';
import { clearLeadPersonalData } from './lead-personal-data.js';
import { withTransaction, type Pool } from './pool.js';

export interface LeadRetentionRun {
  /** Leads last changed and called before this are past the period. */
  before: Date;
  now: Date;
  retentionDays: number;
  /** Leads erased in this transaction at the most. */
  limit: number;
}

/** Erases up to `limit` leads past the retention period, oldest first, in one transaction; returns
 * how many. A lead another transaction holds (a call, an import, an erasure) waits for the next run. */
export async function eraseLeadsPastRetention(pool: Pool, run: LeadRetentionRun): Promise<number> {
  return withTransaction(pool, async (client) => {
    // The statuses written out, as leads_retention_idx (migration 133) has them.
    const stale = await client.query<{ id: string; campaign_id: string; updated_at: Date }>(
      `SELECT l.id::text, l.campaign_id::text, l.updated_at FROM leads l
       WHERE l.erased_at IS NULL AND l.status IN ('done', 'dnc', 'exhausted', 'invalid') AND l.updated_at < $1
         AND (l.last_attempt_at IS NULL OR l.last_attempt_at < $1) AND (l.leased_until IS NULL OR l.leased_until <= $2)
         AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.lead_id = l.id AND (a.created_at >= $1 OR a.ended_at IS NULL))
         AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.lead_id = l.id AND c.status IN ('pending', 'due'))
       ORDER BY l.updated_at, l.id LIMIT $3 FOR UPDATE OF l SKIP LOCKED`,
      [run.before, run.now, run.limit]);
    for (const lead of stale.rows) {
      const cleared = await clearLeadPersonalData(client, { id: lead.id, campaignId: lead.campaign_id }, run.now);
      const phones = await client.query('DELETE FROM lead_phones WHERE lead_id = $1', [lead.id]);
      await appendEvidence(client, {
        kind: 'lead_erased', campaignId: lead.campaign_id, leadId: lead.id, at: run.now,
        payload: {
          by: 'retention', retentionDays: run.retentionDays, lastChangedAt: lead.updated_at.toISOString(),
          phonesRemoved: phones.rowCount ?? 0, webhookDeliveriesDeleted: cleared.webhookDeliveriesDeleted,
        },
      });
    }
    return stale.rows.length;
  });
}
