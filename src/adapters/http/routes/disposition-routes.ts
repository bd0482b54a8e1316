// Dispositions: the agent's verdict on a call, and the campaign's catalogue of them. Submitting
// twice (a retry after a lost connection) returns the first disposition and changes nothing. A
// disposition asked of a node the agent does not work on is handed to the node they work on, whose
// engine is waiting for it.
// Managers add and change codes; a code is retired (inactive), never deleted, since the calls
// dispositioned with it keep it.

import { z } from 'zod';
import { timeZoneField } from '../time-zone-field.js';
import { getAttempt } from '../../pg/attempt-repository.js';
import { leadWindowAt } from '../../pg/callback-lease.js';
import { getCampaign } from '../../pg/campaign-repository.js';
import { leadStages, listDispositionCatalog, upsertDispositionCatalogEntry } from '../../pg/disposition-catalog-repository.js';
import { submitDisposition } from '../../pg/disposition-repository.js';
import type { Pool } from '../../pg/pool.js';
import { assertActsAs } from '../acts-as.js';
import { agentLoggedInHere, answerFromAgentsNode } from '../agent-elsewhere.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { throwIfRejected } from '../engine-rejection.js';
import { desktopKeyLetters } from '../desktop-keys.js';
import { agentsAndSupervisors, allRoles, managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export interface DispositionRouteDeps {
  pool: Pool;
  engine: EngineApi;
  /** Queues the CRM webhook deliveries a disposition wrote. */
  sendWebhooks: (deliveryIds: readonly string[]) => Promise<void>;
}

const dispositionBody = z.strictObject({
  code: z.string().trim().min(1).max(40),
  notes: z.string().max(10_000).optional(),
  callback: z.strictObject({
    at: z.iso.datetime({ offset: true }),
    /** true: only this agent gets the callback; false: anyone on the campaign. */
    personal: z.boolean().default(true),
    /** The zone the agent and the person agreed the time in, shown with the callback. */
    timezone: timeZoneField.optional(),
  }).optional(),
  /** Moves the lead to this stage (wins over the stage the disposition code implies). */
  stage: z.enum(leadStages).optional(),
});

const campaignParams = z.object({ id: z.string().regex(/^\d+$/, 'campaign ids are numbers') });
const codeParams = campaignParams.extend({ code: z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'codes are capitals, digits and _, up to 40, starting with a letter') });

/** The agent the engine holds as owing the attempt's disposition, if any. */
function owerOf(engine: Pick<EngineApi, 'state'>, attemptId: string): string | null {
  for (const agent of engine.state().agents.values()) if (agent.owesDispositionFor === attemptId) return agent.id;
  return null;
}

/** The engine takes a disposition once the call is over: refused before anything is written,
 * rather than stored while the engine goes on waiting for it. */
function refuseDuringCall(engine: Pick<EngineApi, 'state'>, agentId: string | null, attemptId: string): void {
  const agent = agentLoggedInHere(engine, agentId);
  if (agent?.callId === attemptId && agent.owesDispositionFor !== attemptId) {
    throw new ApiError('rejected_by_engine', 'hang up the call before its disposition', { engineCode: 'agent_busy' });
  }
}

/** Tells this node's engine the agent owes the call's disposition no more; an agent logged out
 * (or on no running node) owes it to no engine. */
function tellEngine(engine: Pick<EngineApi, 'state' | 'submit'>, agentId: string | null, attemptId: string): void {
  if (agentId === null || !agentLoggedInHere(engine, agentId)) return;
  throwIfRejected(engine.submit({ type: 'agent_dispositioned', agentId, attemptId }));
}

/** One catalogue entry as a manager sets it: the whole entry (PUT), as the agent desktop shows and applies it. */
const catalogEntryBody = z.strictObject({
  label: z.string().trim().min(1).max(80),
  hotkey: z.string().regex(/^[0-9a-z]$/, 'a hotkey is one digit or lower-case letter')
    .refine((key) => !desktopKeyLetters.includes(key), `${desktopKeyLetters.join(', ')} are the agent desktop's own keys: give the code another`)
    .nullable().default(null),
  sortOrder: z.number().int().min(0).max(100_000).default(0),
  /** A live person was reached (a contact in reports). */
  humanAnswered: z.boolean().default(true),
  success: z.boolean().default(false),
  dnc: z.boolean().default(false),
  dncScope: z.enum(['global', 'campaign']).default('global'),
  /** The person refused further calls: on the campaign's DNC list for its refusal period, where it keeps one. */
  refusal: z.boolean().default(false),
  /** Asks the agent for a callback time. */
  callback: z.boolean().default(false),
  /** Refused without notes from the agent. */
  notesRequired: z.boolean().default(false),
  disablesPhone: z.boolean().default(false),
  movesStageTo: z.enum(leadStages).nullable().default(null),
  /** Minutes before the lead is dialled again; null for the recycle rule's own. */
  retryDelayMinutes: z.number().int().min(0).max(525_600).nullable().default(null),
  final: z.boolean().default(false),
  active: z.boolean().default(true),
});

export function dispositionRoutes(deps: DispositionRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/disposition-codes', summary: "the campaign's disposition catalogue (`?all=true`: retired codes too)",
      tags: ['dispositions'], roles: allRoles, params: campaignParams, query: z.object({ all: z.stringbool().default(false) }),
      handler: async ({ params, query }) => {
        // An empty catalogue would pass for a campaign that has no codes.
        if (!(await getCampaign(deps.pool, params.id))) throw new ApiError('not_found', `campaign ${params.id} does not exist`);
        return listDispositionCatalog(deps.pool, params.id, { includeInactive: query.all });
      },
    }),
    defineRoute({
      method: 'PUT', url: '/api/campaigns/:id/disposition-codes/:code', summary: 'add or change one disposition code (active: false retires it)',
      tags: ['dispositions'], roles: managers, params: codeParams, body: catalogEntryBody,
      handler: async ({ params, body }) => {
        if (!(await getCampaign(deps.pool, params.id))) throw new ApiError('not_found', `campaign ${params.id} does not exist`);
        if (body.hotkey !== null && body.active) {
          const holder = (await listDispositionCatalog(deps.pool, params.id)).find((e) => e.hotkey === body.hotkey && e.code !== params.code);
          if (holder) throw new ApiError('conflict', `hotkey ${body.hotkey} is already ${holder.code}'s: give this code another or none`);
        }
        return upsertDispositionCatalogEntry(deps.pool, params.id, { code: params.code, ...body });
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/attempts/:attemptId/disposition', summary: 'disposition a call (idempotent)',
      tags: ['dispositions'], roles: agentsAndSupervisors, params: z.object({ attemptId: z.uuid() }), body: dispositionBody,
      handler: async ({ principal, params, body, reply, request }) => {
        const attempt = await getAttempt(deps.pool, params.attemptId);
        if (!attempt) throw new ApiError('not_found', `attempt ${params.attemptId} does not exist`);
        // The engine knows first who owes it: a call handed over just before it ended may not yet
        // name its new agent in the database.
        const ower = owerOf(deps.engine, attempt.id);
        const agentId = ower ?? attempt.agentId;
        assertActsAs(principal, agentId);
        // Their node's engine waits for it (and drives the campaign whose figures it corrects).
        const elsewhere = agentId === null ? null : await answerFromAgentsNode(deps.pool, deps.engine, agentId, request, reply, body);
        if (elsewhere) return elsewhere.body;
        refuseDuringCall(deps.engine, agentId, attempt.id);
        const callbackAt = body.callback ? new Date(body.callback.at) : null;
        const result = await submitDisposition(deps.pool, {
          attemptId: attempt.id, agentId, code: body.code, notes: body.notes ?? null, callbackAt,
          callbackAgentId: body.callback?.personal === false ? null : agentId,
          callbackTimezone: body.callback?.timezone ?? null, stage: body.stage ?? null,
          stageBackAllowed: principal.role !== 'agent', owedByAgent: ower !== null, now: new Date(deps.engine.nowMs()),
        });
        const { webhookIds = [], noPersonLiveAt = null, ...answer } = result;
        // No person was reached: the engine driving the campaign counts one live answer fewer.
        if (noPersonLiveAt !== null && deps.engine.state().campaigns.has(attempt.campaignId)) {
          deps.engine.submit({ type: 'live_answer_withdrawn', campaignId: attempt.campaignId, attemptId: attempt.id, liveAtMs: noPersonLiveAt.getTime() });
        }
        // Written with the disposition: a queue that cannot take them now gets them from the sweep.
        if (webhookIds.length > 0) await deps.sendWebhooks(webhookIds).catch((err: unknown) => request.log.warn({ err }, 'queueing CRM webhooks failed; the sweep sends them'));
        // Last: a refusal of the engine's is the caller's to see, the disposition being stored.
        tellEngine(deps.engine, agentId, attempt.id);
        reply.status(result.created ? 201 : 200);
        return answer;
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/attempts/:attemptId/callback-window',
      summary: "whether the calling window of the call's lead is open at a callback time (`at`), and when it opens if not: a callback promised for a closed hour is made when it opens",
      tags: ['dispositions'], roles: agentsAndSupervisors, params: z.object({ attemptId: z.uuid() }), query: z.object({ at: z.iso.datetime({ offset: true }) }),
      handler: async ({ principal, params, query }) => {
        const attempt = await getAttempt(deps.pool, params.attemptId);
        if (!attempt) throw new ApiError('not_found', `attempt ${params.attemptId} does not exist`);
        assertActsAs(principal, owerOf(deps.engine, attempt.id) ?? attempt.agentId);
        const at = new Date(query.at);
        const window = await leadWindowAt(deps.pool, attempt.leadId, at);
        return { at: at.toISOString(), open: window.open, opensAt: window.opensAt?.toISOString() ?? null, never: window.never };
      },
    }),
  ];
}
