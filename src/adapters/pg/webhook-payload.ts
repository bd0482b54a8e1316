// What every CRM webhook body shares: its event, the version of its shape (raised when a field
// changes meaning or goes), when it happened and the campaign; and how times are written.

import type { WebhookEvent } from './webhook-outbox.js';

const webhookPayloadVersion = 1;

/** The fields every body starts with. */
export function webhookEnvelope(event: WebhookEvent, occurredAt: Date, campaign: { id: string | number; name: string | null }) {
  return { event, version: webhookPayloadVersion, occurredAt: occurredAt.toISOString(), campaign: { id: String(campaign.id), name: campaign.name } };
}

export const isoOrNull = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** Whole seconds from `from` to `to`, null when either is unknown. */
export function secondsBetween(from: Date | null, to: Date | null): number | null {
  return from && to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null;
}
