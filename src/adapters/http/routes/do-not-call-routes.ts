// The person asked on the call not to be called again: the agent records it at once, not at the
// disposition, so that no campaign dials the number while the call is still on or in wrap-up. The
// lead ends as the opt-out key ends it: none of its other numbers is called either. The
// disposition that follows finds the entry there and keeps it; one that would call the lead back
// or again is refused.

import { z } from 'zod';
import { getAttempt } from '../../pg/attempt-repository.js';
import { addDncWithEvidence } from '../../pg/dnc-additions.js';
import { endLeadByRequest } from '../../pg/lead-ended-by-request.js';
import type { Pool } from '../../pg/pool.js';
import { assertActsAs } from '../acts-as.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { agentsAndSupervisors } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { rethrowAsApiError } from './leads-routes.js';

export interface DoNotCallRouteDeps {
  pool: Pool;
  engine: Pick<EngineApi, 'state' | 'nowMs'>;
}

const body = z.strictObject({
  /** global: every campaign of the company (the default: the person asked the caller, not a list);
   * campaign: this call's campaign only. */
  scope: z.enum(['global', 'campaign']).default('global'),
});

/** The agent the engine holds as on the call or owing its disposition, if any. */
function agentOnCall(engine: Pick<EngineApi, 'state'>, attemptId: string): string | null {
  for (const agent of engine.state().agents.values()) {
    if (agent.callId === attemptId || agent.owesDispositionFor === attemptId) return agent.id;
  }
  return null;
}

/** The engine has the call as put through to an agent (its connection's write may be on its way). */
function putThroughByEngine(engine: Pick<EngineApi, 'state'>, attemptId: string): boolean {
  return (engine.state().calls.get(attemptId)?.connectedAtMs ?? null) !== null;
}

async function hasDisposition(pool: Pool, attemptId: string): Promise<boolean> {
  const result = await pool.query('SELECT 1 FROM dispositions WHERE attempt_id = $1', [attemptId]);
  return (result.rowCount ?? 0) > 0;
}

export function doNotCallRoutes(deps: DoNotCallRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/attempts/:attemptId/do-not-call',
      summary: "the person asked on the call not to be called again: their number goes on the DNC list now (`scope` global, the default, or campaign), with the evidence, and the lead ends (none of its numbers is called)",
      tags: ['dispositions', 'dnc'], roles: agentsAndSupervisors, params: z.object({ attemptId: z.uuid() }), body,
      handler: async ({ principal, params, body: { scope }, reply }) => {
        const attempt = await getAttempt(deps.pool, params.attemptId);
        if (!attempt) throw new ApiError('not_found', `attempt ${params.attemptId} does not exist`);
        assertActsAs(principal, agentOnCall(deps.engine, attempt.id) ?? attempt.agentId);
        // The engine's word that it was put through counts: its write of the call's connection may
        // not have reached the database the instant the agent asks.
        if (attempt.connectedAt === null && !putThroughByEngine(deps.engine, attempt.id)) {
          throw new ApiError('conflict', 'the call was never put through to an agent: no one on it could ask not to be called');
        }
        // An agent records it while the call is theirs to disposition; later, a manager puts the number on the list.
        if (principal.role === 'agent' && await hasDisposition(deps.pool, attempt.id)) {
          throw new ApiError('conflict', "the call's disposition is given: ask a manager to put the number on the do-not-call list");
        }
        const result = await addDncWithEvidence(deps.pool, {
          e164: attempt.e164, campaignId: scope === 'campaign' ? attempt.campaignId : null, source: 'agent', reason: 'asked on the call',
          by: principal.name, evidenceCampaignId: attempt.campaignId, attemptId: attempt.id, leadId: attempt.leadId, now: new Date(deps.engine.nowMs()),
        }).catch(rethrowAsApiError);
        await endLeadByRequest(deps.pool, attempt.leadId, new Date(deps.engine.nowMs()));
        reply.status(result.created ? 201 : 200);
        return { scope, created: result.created };
      },
    }),
  ];
}
