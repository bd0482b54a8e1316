// Callbacks: schedule one (due time in the lead's zone unless an instant is given), list them
// (an agent sees only their own), overdue ones for follow-up, and cancel.

import { z } from 'zod';
import { listCallbacks, type CallbackStatus } from '../../pg/callback-repository.js';
import { callbackClosedSince, cancelCallback, listOverdueCallbacks, scheduleCallback } from '../../pg/callback-follow-up.js';
import { leadWindowAt } from '../../pg/callback-lease.js';
import type { Pool } from '../../pg/pool.js';
import type { CallbackTimers } from '../../redis/callback-timers.js';
import { assertActsAs } from '../acts-as.js';
import { ApiError } from '../api-error.js';
import { textSeenBy } from '../number-visibility.js';
import { agentsAndSupervisors, allRoles, staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { idParam, rethrowAsApiError } from './leads-routes.js';

export interface CallbacksRouteDeps {
  pool: Pool;
  timers: Pick<CallbackTimers, 'schedule' | 'cancel'>;
  nowMs?: () => number;
}

/** A local date and time of the calendar and the clock (no 31 February, no 25:00). */
function isCalendarDateTime(text: string): boolean {
  const [year, month, day, hour, minute] = text.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
}

const scheduleBody = z.strictObject({
  /** An instant with its offset... */
  dueAt: z.iso.datetime({ offset: true }).optional(),
  /** ...or the customer's wall-clock time, read in the lead's zone: "2030-01-07T15:00". */
  dueLocal: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).refine(isCalendarDateTime, 'a date and time that exist, such as 2030-01-08T15:00').optional(),
  /** Owner; absent: anyone on the campaign. An agent gives their own id or none. */
  agentId: z.string().min(1).max(100).optional(),
  notes: z.string().max(10_000).optional(),
  followUpHours: z.number().int().min(1).max(24 * 60).optional(),
}).refine((b) => (b.dueAt === undefined) !== (b.dueLocal === undefined), 'give exactly one of dueAt and dueLocal');

const statuses = ['pending', 'due', 'done', 'cancelled'] as const;
/** Callbacks one list answers with: the open ones of a large team, not every callback ever made. */
const defaultCallbacksListed = 500;
const maxCallbacksListed = 5_000;

export function callbacksRoutes(deps: CallbacksRouteDeps): RouteSpec[] {
  const now = (): Date => new Date(deps.nowMs?.() ?? Date.now());
  return [
    defineRoute({
      method: 'POST', url: '/api/leads/:id/callbacks', summary: 'schedule a callback for a lead', tags: ['callbacks'], roles: agentsAndSupervisors,
      params: idParam, body: scheduleBody,
      handler: async ({ params, body, principal, request, reply }) => {
        if (principal.role === 'agent') {
          // As a disposition does: their own callback, or one for anyone, on a lead they talked to
          // (judged by scheduleCallback under the lead's lock, with no colleague's own one on it).
          if (body.agentId !== undefined && body.agentId !== principal.agentId) {
            throw new ApiError('forbidden', `an agent schedules a callback for themselves (agentId ${principal.agentId ?? ''}) or for anyone (no agentId), not for ${body.agentId}`);
          }
        }
        const callback = await scheduleCallback(deps.pool, {
          leadId: params.id, agentId: body.agentId ?? null, notes: body.notes ?? null, followUpHours: body.followUpHours, now: now(),
          ...(principal.role === 'agent' ? { bookingAgentId: principal.agentId ?? '' } : {}),
          ...(body.dueAt ? { dueAt: new Date(body.dueAt) } : { dueLocal: body.dueLocal }),
        }).catch(rethrowAsApiError);
        // Postgres is the record and the booking has committed: a timer Redis cannot take now
        // leaves the callback to the sweep, which marks it due within a minute of its time. Told
        // it failed, the user would book it again.
        const dueMarkedBy = await deps.timers.schedule(callback).then(() => 'timer' as const, (error: unknown) => {
          request.log.warn({ callbackId: callback.id, err: error }, 'the timer of a callback could not be scheduled: the sweep marks it due');
          return 'sweep' as const;
        });
        // The lead erased once the booking committed cancels it: answered as made, the booking
        // would stand in the answer while none does. Its timer goes too (one left finds it cancelled).
        const closed = await callbackClosedSince(deps.pool, callback);
        if (closed) {
          await deps.timers.cancel(callback.id).catch((error: unknown) => request.log.warn({ callbackId: callback.id, err: error }, 'the timer of a cancelled callback could not be removed'));
          throw new ApiError('conflict', closed);
        }
        // A time the lead's calling window is closed at (a night hour, a holiday, a Sunday) is
        // kept, and dialled once the window opens: the answer says when, as the desktop does.
        const window = await leadWindowAt(deps.pool, params.id, callback.dueAt);
        reply.status(201);
        return { ...callback, dueMarkedBy, callingWindow: { open: window.open, opensAt: window.opensAt?.toISOString() ?? null, never: window.never } };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/callbacks',
      summary: 'callbacks (an agent sees only their own): open ones earliest due first, done or cancelled ones latest first, up to limit',
      tags: ['callbacks'], roles: allRoles,
      query: z.object({
        campaignId: z.string().regex(/^\d+$/).optional(), agentId: z.string().optional(), status: z.enum(statuses).optional(),
        limit: z.coerce.number().int().min(1).max(maxCallbacksListed).default(defaultCallbacksListed),
      }),
      handler: async ({ query, principal }) => {
        const agentId = principal.role === 'agent' ? (principal.agentId ?? '') : query.agentId;
        const status: CallbackStatus[] = query.status ? [query.status] : ['pending', 'due'];
        const closed = query.status === 'done' || query.status === 'cancelled';
        const callbacks = await listCallbacks(deps.pool, { campaignId: query.campaignId, agentId, status, limit: query.limit, latestFirst: closed });
        // Notes may hold a number the customer gave: in full to those who see numbers only.
        return callbacks.map((callback) => ({ ...callback, notes: textSeenBy(principal, callback.notes) }));
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/callbacks/overdue', summary: 'open callbacks past their follow-up deadline', tags: ['callbacks'], roles: staff,
      query: z.object({ campaignId: z.string().regex(/^\d+$/).optional(), agentId: z.string().optional() }),
      handler: async ({ query }) => listOverdueCallbacks(deps.pool, { now: now(), campaignId: query.campaignId, agentId: query.agentId }),
    }),
    defineRoute({
      method: 'POST', url: '/api/callbacks/:id/cancel', summary: 'cancel an open callback', tags: ['callbacks'], roles: agentsAndSupervisors, params: idParam,
      handler: async ({ params, principal }) => {
        const found = await deps.pool.query<{ agent_id: string | null }>('SELECT agent_id FROM callbacks WHERE id = $1', [params.id]);
        const row = found.rows[0];
        if (!row) throw new ApiError('not_found', `callback ${params.id} does not exist`);
        assertActsAs(principal, row.agent_id);
        if (!(await cancelCallback(deps.pool, params.id, now()))) throw new ApiError('conflict', 'the callback is already done or cancelled');
        await deps.timers.cancel(params.id);
        return { id: params.id, status: 'cancelled' };
      },
    }),
  ];
}
