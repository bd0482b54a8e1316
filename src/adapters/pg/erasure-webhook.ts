// What a CRM is told of an erasure (the `lead_erased` event): which lead, by Outpace's id and the
// CRM's own (read before the erasure removed it), so that the CRM erases its copy too. Nothing
// else about the person is in it.

import type { Queryable } from './pool.js';
import { webhookEnvelope } from './webhook-payload.js';

export async function erasureWebhookPayload(db: Queryable, input: { campaignId: string; leadId: string; externalId: string | null; at: Date }): Promise<Record<string, unknown>> {
  const campaign = await db.query<{ name: string }>('SELECT name FROM campaigns WHERE id = $1', [input.campaignId]);
  return {
    ...webhookEnvelope('lead_erased', input.at, { id: input.campaignId, name: campaign.rows[0]?.name ?? null }),
    lead: { id: input.leadId, externalId: input.externalId },
  };
}
