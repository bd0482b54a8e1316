// A campaign's CRM webhooks as a manager sets them: `settings.webhooks`, a few URLs its events are
// posted to, each with the events it takes (all when not said). Checked when the settings are
// saved, so the outbox reads only what passed: a URL naming an internal address or host is refused
// here already (see webhook-destination.ts), not just when it is sent to.

import { z } from 'zod';
import { webhookEvents } from '../pg/webhook-outbox.js';
import { ApiError } from './api-error.js';
import type { WebhookDestinations } from './webhook-destination.js';

const WEBHOOKS_MAX = 5;

const webhooksSetting = z.array(z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'a webhook url is an http or https address' }).max(2_000),
  events: z.array(z.enum(webhookEvents)).min(1).optional(),
})).max(WEBHOOKS_MAX, `at most ${WEBHOOKS_MAX} webhooks`);

/**
 * Refuses settings whose `webhooks` are not a list of http(s) URLs with known events (null or []
 * for none), or name a destination `destinations` does not allow.
 */
export function assertWebhooksValid(settings: Record<string, unknown> | undefined, destinations: WebhookDestinations): void {
  const webhooks = settings?.webhooks;
  if (webhooks === undefined || webhooks === null) return;
  const parsed = webhooksSetting.safeParse(webhooks);
  if (!parsed.success) {
    const problem = parsed.error.issues[0];
    const where = (problem?.path ?? []).map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    throw new ApiError('invalid_request', `settings.webhooks${where}: ${problem?.message ?? 'not a list of webhooks'}`);
  }
  parsed.data.forEach((webhook, index) => {
    const refusal = destinations.urlRefusal(webhook.url);
    if (refusal !== null) throw new ApiError('invalid_request', `settings.webhooks[${index}].url: ${refusal}`);
  });
}
