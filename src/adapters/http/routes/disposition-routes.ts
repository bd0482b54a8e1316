// Dispositions: the agent's verdict on a call. Submitting twice (a retry after a lost
// connection) returns the first disposition and changes nothing.

import { z } from 'zod';
import { getAttempt } from '../../pg/attempt-repository.js';
import { listDispositionCatalog } from '../../pg/disposition-catalog-repository.js';
import { submitDisposition } from '../../pg/disposition-repository.js';
import type { Pool } from '../../pg/pool.js';
import { assertActsAs } from '../acts-as.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { agentsAndSupervisors, allRoles } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export interface DispositionRouteDeps {
  pool: Pool;
  engine: EngineApi;
}

const dispositionBody = z.strictObject({
  code: z.string().trim().min(1).max(40),
  notes: z.string().max(10_000).optional(),
  callback: z.strictObject({
    at: z.iso.datetime({ offset: true }),
    /** true: only this agent gets the callback; false: anyone on the campaign. */
    personal: z.boolean().default(true),
    timezone: z.string().min(1).max(64).optional(),
  }).optional(),
  /** Moves the lead to this stage (wins over the stage the disposition code implies). */
  stage: z.enum(['raw_lead', 'valid_contact', 'appointment', 'opportunity', 'rejected']).optional(),
});

export function dispositionRoutes(deps: DispositionRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/disposition-codes', summary: "the campaign's disposition catalogue",
      tags: ['dispositions'], roles: allRoles, params: z.object({ id: z.string().regex(/^\d+$/) }),
      handler: async ({ params }) => listDispositionCatalog(deps.pool, params.id),
    }),
    defineRoute({
      method: 'POST', url: '/api/attempts/:attemptId/disposition', summary: 'disposition a call (idempotent)',
      tags: ['dispositions'], roles: agentsAndSupervisors, params: z.object({ attemptId: z.uuid() }), body: dispositionBody,
      handler: async ({ principal, params, body, reply }) => {
        const attempt = await getAttempt(deps.pool, params.attemptId);
        if (!attempt) throw new ApiError('not_found', `attempt ${params.attemptId} does not exist`);
        assertActsAs(principal, attempt.agentId);
        const callbackAt = body.callback ? new Date(body.callback.at) : null;
        const result = await submitDisposition(deps.pool, {
          attemptId: attempt.id, agentId: attempt.agentId, code: body.code, notes: body.notes ?? null, callbackAt,
          callbackAgentId: body.callback?.personal === false ? null : attempt.agentId,
          callbackTimezone: body.callback?.timezone ?? null, stage: body.stage ?? null, now: new Date(deps.engine.nowMs()),
        });
        if (attempt.agentId) deps.engine.submit({ type: 'agent_dispositioned', agentId: attempt.agentId, attemptId: attempt.id });
        reply.status(result.created ? 201 : 200);
        return result;
      },
    }),
  ];
}
