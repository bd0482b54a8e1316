// CRM webhooks, the database side: a campaign's `settings.webhooks` lists the URLs its events go
// to; each event is written as a delivery row in the transaction that made it (so a disposition,
// a call's result or an erasure is never saved without its delivery, nor a delivery without what
// it tells), and the queue job that posts it records each try here.

import type { Queryable } from './pool.js';

/** `disposition`: an agent's verdict on a call; `call`: every dial's result, answered or not;
 * `lead_erased`: a person's data was erased at their request, for the CRM to erase its copy;
 * `agent_state`: each change of an agent's state in the campaign (for presence and adherence tools). */
export const webhookEvents = ['disposition', 'call', 'lead_erased', 'agent_state'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
/** What a webhook that names no events takes: `call` and `agent_state` are posts by the dial or by
 * the minute, asked for by name. */
export const defaultWebhookEvents: readonly WebhookEvent[] = ['disposition', 'lead_erased'];

/** A campaign's webhook as its settings hold it; no `events` means the default ones. */
export interface WebhookTarget {
  url: string;
  events?: WebhookEvent[];
}

/** The URLs of a campaign's settings that take `event`, each once (settings are checked when saved). */
export function webhookUrlsFor(settings: Record<string, unknown>, event: WebhookEvent): string[] {
  const targets = Array.isArray(settings.webhooks) ? (settings.webhooks as WebhookTarget[]) : [];
  const urls = targets.filter((t) => typeof t.url === 'string' && (t.events ?? defaultWebhookEvents).includes(event)).map((t) => t.url);
  return [...new Set(urls)];
}

export type WebhookStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  campaignId: string;
  event: WebhookEvent;
  url: string;
  /** null: the body was deleted by retention (a delivery failed for good, webhook-retention.ts). */
  payload: Record<string, unknown> | null;
  /** When retention deleted the body; null while it is kept. */
  payloadDeletedAt: Date | null;
  status: WebhookStatus;
  tries: number;
  lastError: string | null;
  createdAt: Date;
  lastTryAt: Date | null;
  deliveredAt: Date | null;
}

interface DeliveryRow {
  id: string;
  campaign_id: string;
  event: WebhookEvent;
  url: string;
  payload: Record<string, unknown> | null;
  payload_deleted_at: Date | null;
  status: WebhookStatus;
  tries: number;
  last_error: string | null;
  created_at: Date;
  last_try_at: Date | null;
  delivered_at: Date | null;
}

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: String(row.id), campaignId: String(row.campaign_id), event: row.event, url: row.url, payload: row.payload, payloadDeletedAt: row.payload_deleted_at, status: row.status,
  tries: row.tries, lastError: row.last_error, createdAt: row.created_at, lastTryAt: row.last_try_at, deliveredAt: row.delivered_at,
});

/** Writes one delivery per URL of the campaign that takes the event, with the payload read only
 * when there is one; returns their ids. */
export async function queueWebhooks(db: Queryable, input: { campaignId: string; event: WebhookEvent; payload: () => Promise<Record<string, unknown>>; at: Date }): Promise<string[]> {
  const found = await db.query<{ settings: Record<string, unknown> }>('SELECT settings FROM campaigns WHERE id = $1', [input.campaignId]);
  const urls = webhookUrlsFor(found.rows[0]?.settings ?? {}, input.event);
  if (urls.length === 0) return [];
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (campaign_id, event, url, payload, created_at)
     SELECT $1, $2, url, $4, $5 FROM unnest($3::text[]) AS url RETURNING id`,
    [input.campaignId, input.event, urls, await input.payload(), input.at],
  );
  return inserted.rows.map((r) => String(r.id));
}

export async function getWebhookDelivery(db: Queryable, id: string): Promise<WebhookDelivery | null> {
  const result = await db.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = $1', [id]);
  return result.rows[0] ? toDelivery(result.rows[0]) : null;
}

/** A try's result: delivered, or the refusal and whether it was the last try. */
export async function recordWebhookTry(db: Queryable, id: string, result: { at: Date; error: string | null; last: boolean }): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET tries = tries + 1, last_try_at = $2, last_error = $3,
       status = CASE WHEN $3::text IS NULL THEN 'delivered' WHEN $4 THEN 'failed' ELSE status END,
       delivered_at = CASE WHEN $3::text IS NULL THEN $2 ELSE delivered_at END
     WHERE id = $1 AND status = 'pending'`,
    [id, result.at, result.error, result.last],
  );
}

/** A failed delivery back to pending, to be sent again; false when it is not a failed one, or its
 * body was deleted by retention (there is nothing left to send). */
export async function reopenWebhookDelivery(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query(`UPDATE webhook_deliveries SET status = 'pending' WHERE id = $1 AND status = 'failed' AND payload IS NOT NULL`, [id]);
  return (result.rowCount ?? 0) > 0;
}

/** Pending deliveries older than `before` (ones whose queue job may be lost: Redis restarted, or
 * away when they were written), in id order from after `afterId`, `limit` at most. */
export async function stalePendingWebhooks(db: Queryable, before: Date, page: { afterId: string; limit: number }): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND created_at < $1 AND id > $2 ORDER BY id LIMIT $3`,
    [before, page.afterId, page.limit]);
  return result.rows.map((r) => String(r.id));
}

/** A campaign's deliveries, newest first, by status when given. */
export async function listWebhookDeliveries(db: Queryable, campaignId: string, options: { status?: WebhookStatus; limit: number; beforeId?: string }): Promise<WebhookDelivery[]> {
  const result = await db.query<DeliveryRow>(
    `SELECT * FROM webhook_deliveries WHERE campaign_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR id < $3)
     ORDER BY id DESC LIMIT $4`,
    [campaignId, options.status ?? null, options.beforeId ?? null, options.limit],
  );
  return result.rows.map(toDelivery);
}
