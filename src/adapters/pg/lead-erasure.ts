// Erasing a person's data at their request: the lead keeps no name, customer id, postal code or
// custom fields, agents' notes about it, its callbacks' notes and coaches' comments on its calls go, open callbacks are cancelled,
// the CRM webhook bodies about it are deleted (sent or not: none goes out after the erasure) and
// the CRM is told of the erasure (by the lead's ids, once), and its numbers go on the global
// do-not-call list so that no list loaded later dials the person again. What the law asks to be
// kept stays: the calls made and their evidence, with the numbers dialled. Its recordings are
// deleted from the PBX by the caller (see lead-erasure-routes.ts).

import { DbError } from './db-error.js';
import { addDnc } from './dnc-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import { erasureWebhookPayload } from './erasure-webhook.js';
import { withTransaction, type Pool, type PoolClient, type Queryable } from './pool.js';
import { recordingsOfLead, type KeptRecording } from './recording-retention.js';
import { queueWebhooks } from './webhook-outbox.js';

export interface ErasedLead {
  campaignId: string;
  phonesSuppressed: number;
  /** Recordings of its calls still on the PBX, for the caller to delete. */
  recordings: KeptRecording[];
  /** The CRM deliveries of the erasure, for the sender to post. */
  webhookIds: string[];
}

export async function eraseLead(pool: Pool, input: { leadId: string; by: string; now: Date }): Promise<ErasedLead> {
  return withTransaction(pool, async (client) => {
    const found = await client.query<{ campaign_id: string; status: string; leased_until: Date | null; external_id: string | null }>(
      'SELECT campaign_id, status, leased_until, external_id FROM leads WHERE id = $1 FOR UPDATE', [input.leadId]);
    const lead = found.rows[0];
    if (!lead) throw new DbError('NOT_FOUND', `lead ${input.leadId}`);
    if (lead.status === 'in_progress' || (lead.leased_until !== null && lead.leased_until > input.now)) {
      throw new DbError('CONFLICT', `lead ${input.leadId} is being called or previewed: erase it once the call has ended or the preview was skipped`);
    }
    // A duplicate key made of the customer id (`x:<id>`) would keep it: the key becomes the lead's
    // own (a re-import of the person finds their numbers on the do-not-call list all the same).
    await client.query(
      `UPDATE leads SET first_name = NULL, last_name = NULL, external_id = NULL, postal_code = NULL, fields = '{}'::jsonb,
         dedupe_key = CASE WHEN dedupe_key LIKE 'x:%' THEN 'erased:' || id ELSE dedupe_key END,
         status = 'dnc', leased_by = NULL, leased_until = NULL, updated_at = $2 WHERE id = $1`,
      [input.leadId, input.now]);
    await client.query('UPDATE dispositions SET notes = NULL WHERE lead_id = $1', [input.leadId]);
    // A coach's comment on one of its calls may name the person too; the score stays.
    await client.query(`UPDATE call_reviews SET comment = '' WHERE attempt_id IN (SELECT id FROM attempts WHERE lead_id = $1)`, [input.leadId]);
    await client.query(
      `UPDATE callbacks SET notes = NULL, status = CASE WHEN status IN ('pending', 'due') THEN 'cancelled' ELSE status END, updated_at = $2
       WHERE lead_id = $1`, [input.leadId, input.now]);
    const webhooks = await client.query(
      `DELETE FROM webhook_deliveries WHERE campaign_id = $2 AND payload -> 'lead' ->> 'id' = $1 AND event <> 'lead_erased'`,
      [input.leadId, lead.campaign_id]);
    const campaignId = String(lead.campaign_id);
    const webhookIds = await tellCrmOnce(client, { campaignId, leadId: input.leadId, externalId: lead.external_id, at: input.now });
    const phones = await client.query<{ e164: string }>('SELECT DISTINCT e164 FROM lead_phones WHERE lead_id = $1', [input.leadId]);
    for (const { e164 } of phones.rows) await addDnc(client, { e164, source: 'erasure', reason: 'personal data erased at the person\'s request' });
    const recordings = await recordingsOfLead(client, input.leadId);
    await appendEvidence(client, {
      kind: 'lead_erased', campaignId, leadId: input.leadId, at: input.now,
      payload: { by: input.by, phonesSuppressed: phones.rows.length, recordings: recordings.length, webhookDeliveriesDeleted: webhooks.rowCount ?? 0 },
    });
    return { campaignId, phonesSuppressed: phones.rows.length, recordings, webhookIds };
  });
}

/** Whether the lead's data was erased at the person's request: its `lead_erased` evidence says
 * so (the lead row itself keeps nothing that would tell). Writers of personal data about a lead
 * (notes, callbacks, CRM posts) ask, under the lead's lock, so none lands after the erasure. */
export async function isLeadErased(db: Queryable, leadId: string): Promise<boolean> {
  const result = await db.query("SELECT 1 FROM evidence_log WHERE kind = 'lead_erased' AND lead_id = $1 LIMIT 1", [leadId]);
  return (result.rowCount ?? 0) > 0;
}

/** The erasure's CRM deliveries, unless an earlier erasure of the lead wrote them (it is asked
 * again to retry recordings, when the customer id is gone already). */
async function tellCrmOnce(client: PoolClient, input: { campaignId: string; leadId: string; externalId: string | null; at: Date }): Promise<string[]> {
  const told = await client.query(
    `SELECT 1 FROM webhook_deliveries WHERE campaign_id = $1 AND event = 'lead_erased' AND payload -> 'lead' ->> 'id' = $2 LIMIT 1`,
    [input.campaignId, input.leadId]);
  if ((told.rowCount ?? 0) > 0) return [];
  return queueWebhooks(client, { campaignId: input.campaignId, event: 'lead_erased', at: input.at, payload: () => erasureWebhookPayload(client, input) });
}
