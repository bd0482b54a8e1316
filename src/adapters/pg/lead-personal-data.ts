// What a lead holds about the person beyond its numbers, cleared alike by an erasure at their
// request (lead-erasure.ts) and at the end of the retention period (lead-retention.ts): its name,
// customer id, postal code and custom fields, agents' notes on its calls, coaches' comments on
// them, staff's reasons for hanging up its calls back on hold, its callbacks' notes (open ones
// cancelled) and the CRM webhook bodies about it (sent or not; an erasure notice stays). What the
// law asks to be kept stays: the calls made and their evidence.

import type { PoolClient } from './pool.js';

/** Clears the lead's personal data and marks it erased (`erased_at`); returns how many CRM
 * deliveries about it were deleted. The caller holds the lead's row lock. */
export async function clearLeadPersonalData(client: PoolClient, lead: { id: string; campaignId: string }, now: Date): Promise<{ webhookDeliveriesDeleted: number }> {
  // A duplicate key made of the customer id (`x:<id>`) would keep it: the key becomes the lead's own.
  await client.query(
    `UPDATE leads SET first_name = NULL, last_name = NULL, external_id = NULL, postal_code = NULL, fields = '{}'::jsonb,
       dedupe_key = CASE WHEN dedupe_key LIKE 'x:%' THEN 'erased:' || id ELSE dedupe_key END,
       leased_by = NULL, leased_until = NULL, erased_at = $2, updated_at = $2 WHERE id = $1`,
    [lead.id, now]);
  await client.query('UPDATE dispositions SET notes = NULL WHERE lead_id = $1', [lead.id]);
  // A coach's comment on one of its calls may name the person too; the score stays.
  await client.query(`UPDATE call_reviews SET comment = '' WHERE attempt_id IN (SELECT id FROM attempts WHERE lead_id = $1)`, [lead.id]);
  // So may a staff member's reason for hanging up their call back on hold; who ended it stays.
  await client.query('UPDATE attempts SET staff_reason = NULL WHERE lead_id = $1 AND staff_reason IS NOT NULL', [lead.id]);
  await client.query(
    `UPDATE callbacks SET notes = NULL, status = CASE WHEN status IN ('pending', 'due') THEN 'cancelled' ELSE status END, updated_at = $2
     WHERE lead_id = $1`, [lead.id, now]);
  const webhooks = await client.query(
    `DELETE FROM webhook_deliveries WHERE campaign_id = $2 AND payload -> 'lead' ->> 'id' = $1 AND event <> 'lead_erased'`,
    [lead.id, lead.campaignId]);
  return { webhookDeliveriesDeleted: webhooks.rowCount ?? 0 };
}
