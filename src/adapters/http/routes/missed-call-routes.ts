// Missed return calls (missed-calls.ts): people calling back no agent took: they hung up while
// waiting on hold for one, their wait ran out, or their number was withheld. Supervisors and managers see each campaign's, the caller's number as their role may
// see it, and mark one handled, naming the callback they booked on its lead (POST
// /api/leads/{id}/callbacks) when they had it called back.

import { z } from 'zod';
import { listMissedCalls, markMissedCallHandled, type MissedCall } from '../../pg/missed-calls.js';
import type { Pool } from '../../pg/pool.js';
import { staffActing } from '../acting-staff.js';
import { ApiError } from '../api-error.js';
import { phoneSeenBy } from '../number-visibility.js';
import { supervisors, type Principal } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { idParam, rethrowAsApiError } from './leads-routes.js';

export interface MissedCallRouteDeps {
  pool: Pool;
  nowMs?: () => number;
}

const listQuery = z.object({
  handled: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
});
const handledBody = z.strictObject({ callbackId: z.string().regex(/^\d+$/, 'a numeric id').optional() }).optional();

/** Missed calls a list answers with when not told: a busy day's, not every one ever. */
const defaultListed = 200;

export function missedCallRoutes(deps: MissedCallRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/missed-calls',
      summary: "people calling back no agent took, the latest first (their number, the campaign's number they called, when, how long they waited, why missed: `reason` hung_up on hold, hung_up_connecting (while being put through to an agent), wait_over, withheld, or bridge_failed, their lead when known); open ones only unless handled=true",
      tags: ['supervision'], roles: supervisors, params: idParam, query: listQuery,
      handler: async ({ params, query, principal }) => {
        const calls = await listMissedCalls(deps.pool, params.id, { handled: query.handled === 'true', limit: query.limit ?? defaultListed });
        return calls.map((call) => missedCallSeenBy(principal, call));
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/missed-calls/:id/handled',
      summary: 'mark a missed call handled (`callbackId`: the callback booked on its lead, if it was); a second mark keeps the first',
      tags: ['supervision'], roles: supervisors, params: idParam, body: handledBody,
      handler: async ({ params, body, principal }) => {
        const by = staffActing(principal);
        if (!by) throw new ApiError('forbidden', 'only staff handle missed calls');
        const at = new Date(deps.nowMs?.() ?? Date.now());
        const call = await markMissedCallHandled(deps.pool, { id: params.id, by, at, ...(body?.callbackId ? { callbackId: body.callbackId } : {}) }).catch(rethrowAsApiError);
        return missedCallSeenBy(principal, call);
      },
    }),
  ];
}

/** A missed call as the API answers it: the caller's number as the role may see it, times in ISO 8601. */
type MissedCallSeen = Omit<MissedCall, 'e164' | 'calledAt' | 'handledAt'> & { phone: string | null; calledAt: string; handledAt: string | null };

function missedCallSeenBy(principal: Principal, call: MissedCall): MissedCallSeen {
  const { e164, calledAt, handledAt, ...rest } = call;
  return { ...rest, phone: e164 === null ? null : phoneSeenBy(principal, e164), calledAt: calledAt.toISOString(), handledAt: handledAt?.toISOString() ?? null };
}
