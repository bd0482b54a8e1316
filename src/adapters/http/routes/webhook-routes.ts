// A campaign's CRM webhook deliveries for managers: what was sent where, whether it arrived, after
// how many tries and why not; a delivery that failed for good is sent again on request (after
// the CRM is mended). The bodies hold customers' numbers, so these are for managers and admins.
// The body of one that failed long ago was deleted by retention (`payload` null, `payloadDeletedAt`
// set): it is listed all the same, and is not sent again.

import { z } from 'zod';
import { getCampaign } from '../../pg/campaign-repository.js';
import type { Pool } from '../../pg/pool.js';
import { getWebhookDelivery, listWebhookDeliveries, reopenWebhookDelivery } from '../../pg/webhook-outbox.js';
import { ApiError } from '../api-error.js';
import { managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { idParam } from './leads-routes.js';

export interface WebhookRouteDeps {
  pool: Pool;
  /** Queues deliveries for sending. */
  sendWebhooks: (deliveryIds: readonly string[]) => Promise<void>;
}

export function webhookRoutes(deps: WebhookRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/webhook-deliveries', summary: "the campaign's CRM webhook deliveries, newest first, by status",
      tags: ['webhooks'], roles: managers, params: idParam,
      query: z.object({
        status: z.enum(['pending', 'delivered', 'failed']).optional(),
        before: z.string().regex(/^\d+$/, 'a delivery id from the last page').optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      handler: async ({ params, query }) => {
        if (!(await getCampaign(deps.pool, params.id))) throw new ApiError('not_found', `campaign ${params.id} does not exist`);
        return listWebhookDeliveries(deps.pool, params.id, { limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(query.before ? { beforeId: query.before } : {}) });
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/webhook-deliveries/:id/resend', summary: 'send a delivery that failed for good again, with a fresh set of tries',
      tags: ['webhooks'], roles: managers, params: idParam,
      handler: async ({ params, reply }) => {
        const delivery = await getWebhookDelivery(deps.pool, params.id);
        if (!delivery) throw new ApiError('not_found', `webhook delivery ${params.id} does not exist`);
        if (!(await reopenWebhookDelivery(deps.pool, params.id))) {
          if (delivery.status === 'failed' && delivery.payload === null) {
            throw new ApiError('conflict', `webhook delivery ${params.id} failed and its body was deleted by retention (webhooks.retentionDays): there is nothing left to send`, { reason: 'body_deleted_by_retention' });
          }
          throw new ApiError('conflict', `webhook delivery ${params.id} is ${delivery.status}: only a failed one is sent again`);
        }
        await deps.sendWebhooks([params.id]);
        reply.status(202);
        return { ...delivery, status: 'pending' };
      },
    }),
  ];
}
