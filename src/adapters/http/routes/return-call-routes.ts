// People calling back who wait on hold for an agent of the campaign (return-call-wait.ts): the
// staff see who waits, and a supervisor or manager may hang one up (a caller who has waited long
// enough, a nuisance caller). The hang-up is the engine's withdrawal of the call with the staff
// member named: the attempt closes with `ended_by` set as a staff hang-up of an agent's call does,
// and the `reason` typed kept with it (`staff_reason`, cleared if the person's data is erased);
// the return call's evidence says `answeredBy: 'nobody'` with `endedBy`, never the typed reason.
// The call is held by the node the caller came in on: a request reaching another node is handed on.

import { z } from 'zod';
import { callerIdNumber } from '../../../core/compliance/return-call.js';
import type { Call } from '../../../core/call.js';
import { isWaitingReturnCall } from '../../../core/engine/return-call-wait.js';
import { getAttempt } from '../../pg/attempt-repository.js';
import type { Pool } from '../../pg/pool.js';
import { staffActing } from '../acting-staff.js';
import { answerOfNode, forwardedHeader, otherDriverUrl } from '../agent-elsewhere.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { throwIfRejected } from '../engine-rejection.js';
import { phoneSeenBy } from '../number-visibility.js';
import { staff, supervisors } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export interface ReturnCallRouteDeps {
  pool: Pool;
  engine: EngineApi;
}

const campaignParams = z.object({ id: z.string().regex(/^\d+$/, 'campaign ids are numbers') });
const attemptParams = z.object({ attemptId: z.uuid() });
const hangupBody = z.object({ reason: z.string().trim().min(1).max(200).optional() }).optional();

/** The reason kept when the staff member gives none. */
export const staffHangupReason = 'hung up by staff while waiting for an agent';

export function returnCallRoutes(deps: ReturnCallRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/waiting-callers',
      summary: "the people calling back who wait on hold for an agent of the campaign, the longest waiting first (attempt, lead, number, the campaign's number they called, since when, until when); on the node that drives the campaign",
      tags: ['supervision'], roles: staff, params: campaignParams,
      handler: async ({ params, principal, request, reply }) => {
        const elsewhere = request.headers[forwardedHeader] === undefined ? await otherDriverUrl(deps.engine, params.id) : null;
        if (elsewhere) return answerOfNode(elsewhere, `campaign ${params.id} is driven by`, request, reply);
        const waiting = [...deps.engine.state().calls.values()]
          .filter((call) => call.campaignId === params.id && isWaitingReturnCall(call))
          .sort((a, b) => (a.answeredAtMs ?? 0) - (b.answeredAtMs ?? 0));
        const dialled = await numbersDialled(deps, waiting);
        return waiting.map((call) => ({
          // A caller who withheld their number has none (null), not an empty one masked.
          attemptId: call.attemptId, leadId: call.leadId, phone: call.phone === '' ? null : phoneSeenBy(principal, call.phone),
          calledNumber: dialled.get(call.attemptId) ?? null,
          waitingSince: new Date(call.answeredAtMs ?? deps.engine.nowMs()).toISOString(),
          waitsUntil: new Date(call.waitsForAgentUntilMs ?? deps.engine.nowMs()).toISOString(),
        }));
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/return-calls/:attemptId/hangup',
      summary: "hang up a person calling back who waits on hold for an agent (`reason` optional); the staff member and reason are kept with the call (the reason cleared if the person's data is erased), the staff member in the evidence log; 409 for a call that is no caller waiting (an agent's call hangs up through the agent); on the node the caller came in on",
      tags: ['supervision'], roles: supervisors, params: attemptParams, body: hangupBody,
      handler: async ({ params, body, principal, request, reply }) => {
        const call = deps.engine.state().calls.get(params.attemptId);
        if (call === undefined) {
          const there = await heldElsewhere(deps, params.attemptId, request.headers[forwardedHeader] !== undefined);
          return answerOfNode(there, 'the caller is held by', request, reply, body ?? {});
        }
        if (!isWaitingReturnCall(call)) {
          throw new ApiError('conflict', `call ${params.attemptId} is no caller waiting for an agent: an agent's call is hung up through POST /api/agents/{id}/hangup`, { reason: 'not_waiting', status: call.status });
        }
        const reason = body?.reason ?? staffHangupReason;
        const by = staffActing(principal);
        throwIfRejected(deps.engine.submit({ type: 'call_withdrawn', attemptId: call.attemptId, reason, ...(by ? { by } : {}) }));
        // Whether a reason was typed, not the text: it may name the person, and logs are not erased with their data.
        request.log.info({ attemptId: call.attemptId, campaignId: call.campaignId, staffId: principal.id, role: principal.role, reasonGiven: body?.reason !== undefined },
          'a staff member hung up a caller waiting for an agent');
        return { attemptId: call.attemptId, hungUp: true, reason };
      },
    }),
  ];
}

/** The campaign's number each waiting caller dialled (their attempt's caller ID), by attempt: one of
 * the business's own numbers, which every role sees whole. Only the waiting callers' attempts are
 * read, not every open one of the campaign's dials (the wallboard asks every few seconds). */
async function numbersDialled(deps: ReturnCallRouteDeps, waiting: readonly Call[]): Promise<Map<string, string>> {
  const attempts = await Promise.all(waiting.map((call) => getAttempt(deps.pool, call.attemptId)));
  return new Map(attempts.flatMap((attempt) => (attempt?.inbound && attempt.callerId ? [[attempt.id, callerIdNumber(attempt.callerId)] as const] : [])));
}

/** The node that holds a caller this one does not: the attempt's own node, when it is another
 * one that says where it is. A call no node holds (or one asked on a request handed on already) is none. */
async function heldElsewhere(deps: ReturnCallRouteDeps, attemptId: string, forwarded: boolean): Promise<{ nodeId: string; url: string }> {
  const attempt = forwarded ? null : await getAttempt(deps.pool, attemptId);
  const nodeId = attempt?.endedAt === null && attempt.inbound && attempt.nodeId !== deps.engine.nodeId() ? attempt.nodeId : null;
  const url = nodeId === null ? null : await deps.engine.nodeUrl(nodeId);
  if (nodeId === null || url === null) throw new ApiError('not_found', `no caller waiting for an agent with attempt ${attemptId}`, { reason: 'no_waiting_caller' });
  return { nodeId, url };
}
