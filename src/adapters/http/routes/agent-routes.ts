// Agents: log in (the engine dials their phone and holds the leg), ready, pause with a reason,
// log out, hang up, pause their call's recording, hold, mute, hand the customer to a colleague, and their
// live state, each answered by the node they work on; managers create agents and issue their tokens.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Agent as EngineAgent } from '../../../core/agent.js';
import type { Input } from '../../../core/inputs.js';
import { holdLimitOf, recordingPauseLimitOf } from '../../../core/campaign-settings.js';
import { pauseAllowedUntilMs } from '../../../core/pause-limit.js';
import { wrapUpEndsAtMs } from '../../../core/wrap-up-end.js';
import { holdLimitMs, recordingPauseLimitMs } from '../../../core/limits.js';
import { issueAgentTokenLogged, saveAgentLogged } from '../../pg/agent-change-log.js';
import { agentEndpoint, getAgent, setAgentCampaign } from '../../pg/agent-repository.js';
import { getCampaign } from '../../pg/campaign-repository.js';
import { normaliseGroups } from '../../../core/routing.js';
import { callLeadOf, handoverWaitOf, transferredFromOf, waitingForOf } from '../../../core/call.js';
import { consultPartnerOf } from '../../../core/engine/call-transfer.js';
import { agentGroupsBody } from '../distribution.js';
import { pauseReasonsOf } from '../pause-reasons.js';
import { registryHoldOf } from '../registry-hold-view.js';
import { openAgentSessionElsewhere } from '../../pg/agent-session-repository.js';
import { releaseAgentCallbacks } from '../../pg/callback-follow-up.js';
import type { Pool } from '../../pg/pool.js';
import { agentLoggedInHere, answerFromAgentsNode, forwardedHeader, forwardToNode, otherDriverUrl, relayToNode } from '../agent-elsewhere.js';
import { ApiError } from '../api-error.js';
import { hashToken } from '../authenticate.js';
import type { EngineApi } from '../engine-api.js';
import { isRejected, refuseCampaignElsewhere, throwIfRejected, throwIfRejectedNaming } from '../engine-rejection.js';
import { storedNames } from '../refusal-names.js';
import { staffActing, staffMovesOf } from '../acting-staff.js';
import { agentsAndSupervisors, agentsOnly, managers, staff, type Principal } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export const agentParams = z.object({ agentId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only') });

export interface AgentRouteDeps {
  pool: Pool;
  engine: EngineApi;
  /** Dial string template for agents without their own endpoint, with `{agent}`. */
  agentEndpointTemplate: string;
}


/** What an agent's screen shows about their own state; `recordingPausedUntilMs`: while their
 * call's recording is paused, when it goes on by itself; `heldSinceMs` and `heldUntilMs`: while
 * their customer is on hold, since when, and when the hold's limit brings them back; `leadId` and
 * `leadGroup`: the lead of their call and its group (null: none); `muted`:
 * their microphone is off (the customer does not hear them);
 * `transferringTo`: the colleague their customer is being handed to; `waitingForGroup`,
 * `waitingForCampaign` and `waitingSinceMs`: while their customer waits on hold for the next agent
 * of a group (of their campaign's team, or of the campaign `waitingForCampaign` names when it is
 * another's), or of another campaign's team (group null), whom and since when;
 * `transferredFrom`: on a call handed to them, the agent who first had it (or is handing it over);
 * `consultWith` and `consultStage`: in a consultation, the other agent in it and how far it got;
 * `thirdParty`: the campaign's third party they called about their customer, how far it got
 * (`dialing`, `talking`, `conference`, `handing_off`) and since when;
 * `recorded`: their call's recording has been started (on connection, or by them on demand);
 * `pauseAllowedUntilMs`: paused for a reason with an allowance, when it runs out (null otherwise);
 * `wrapUpEndsAtMs`: in a wrap-up that ends by itself (an automatic one, or a manual one before a
 * logout asked during the call), when it does (null otherwise);
 * `callbackDue`: a personal callback of theirs is due and dialable now (dialled for them once they
 * are ready);
 * `pausedBy`, `pendingPauseBy`, `pendingLogoutBy`: the staff member who paused them, or asked for the
 * pause or logout to come (null: not staff);
 * `registryHold`: the national registry whose copy stops their campaign's dialling (too old, or
 * never loaded), or whose copy will first, and from when (registry-hold-view.ts); null: none named;
 * `revision`: the engine's step count when the view was made, so a desktop can tell an older view
 * (an answer overtaken by a live update) from a newer one. */
export function agentView(agent: EngineAgent, engine: Pick<EngineApi, 'nowMs' | 'state' | 'steps'>) {
  const call = agent.callId ? engine.state().calls.get(agent.callId) : undefined;
  const pausedAtMs = call?.recordingPausedAtMs ?? null;
  const settings = engine.state().campaigns.get(agent.campaignId)?.settings;
  const pauseLimitMs = settings ? recordingPauseLimitOf(settings) : recordingPauseLimitMs;
  const heldAtMs = call?.heldAtMs ?? null;
  const wait = handoverWaitOf(call, agent.id);
  return {
    id: agent.id, campaignId: agent.campaignId, status: agent.status, sinceMs: agent.sinceMs,
    secondsInState: Math.max(0, Math.round((engine.nowMs() - agent.sinceMs) / 1000)), pauseReason: agent.pauseReason,
    pauseAllowedUntilMs: pauseAllowedUntilMs(agent, settings),
    wrapUpEndsAtMs: wrapUpEndsAtMs(agent, settings),
    callbackDue: agent.callbackDue,
    callId: agent.callId, ...callLeadOf(call), owesDispositionFor: agent.owesDispositionFor,
    pendingPause: agent.pendingPause, pendingLogout: agent.pendingLogout, ...staffMovesOf(agent),
    recorded: call?.recorded ?? false,
    /** The call is the agent's own dial (preview, typed number, callback): theirs to hang up while it rings. */
    ownDial: call !== undefined && call.previewAgentId === agent.id,
    /** As the wallboard's snapshot says it: a view pushed to a wallboard replaces the snapshot's. */
    recordingPaused: pausedAtMs !== null,
    recordingPausedUntilMs: pausedAtMs === null ? null : pausedAtMs + pauseLimitMs,
    heldSinceMs: heldAtMs,
    heldUntilMs: heldAtMs === null ? null : heldAtMs + (settings ? holdLimitOf(settings) : holdLimitMs),
    muted: agent.muted,
    transferringTo: call && call.agentId === agent.id ? call.transferToAgentId : null,
    ...waitingForOf(call, agent),
    waitingSinceMs: wait?.sinceMs ?? null,
    transferredFrom: !call ? null : call.transferToAgentId === agent.id ? call.agentId : transferredFromOf(call),
    consultWith: consultPartnerOf(call, agent.id),
    consultStage: call?.consult ?? null,
    thirdParty: call?.thirdParty && call.agentId === agent.id ? { name: call.thirdParty.name, stage: call.thirdParty.stage, sinceMs: call.thirdParty.sinceMs } : null,
    registryHold: registryHoldOf(settings, engine.nowMs()),
    revision: engine.steps(),
  };
}

/** The answer of the node the agent works on, its status set on `reply`, when that is another node. */
export function answeredElsewhere(deps: AgentRouteDeps, agentId: string, request: FastifyRequest, reply: FastifyReply, body?: unknown): Promise<{ body: unknown } | null> {
  return answerFromAgentsNode(deps.pool, deps.engine, agentId, request, reply, body);
}

/**
 * Refuses a login while the agent is logged in on another engine node that is running: this
 * engine, not knowing them, would dial their phone a second time and move them to its campaign
 * while the other goes on putting customers through to their old leg, and each node would close
 * the other's session. A node that is gone, or that says they are logged out there (a session
 * left open), does not hold them.
 */
async function refuseLoginElsewhere(deps: AgentRouteDeps, agentId: string, request: FastifyRequest): Promise<void> {
  await refuseSessionElsewhere(deps, agentId, request);
  // Two nodes asked at once both find no session: the one that claims the login first goes on.
  const claimant = await deps.engine.claimAgentLogin(agentId);
  if (claimant !== null) {
    const url = await deps.engine.nodeUrl(claimant);
    throw new ApiError('conflict', `agent ${agentId} is being logged in on engine node ${claimant}${url ? `, at ${url}` : ''}, at this moment: go on there, or try again in a few seconds`,
      { reason: 'agent_logged_in_elsewhere', node: claimant, url });
  }
}

async function refuseSessionElsewhere(deps: AgentRouteDeps, agentId: string, request: FastifyRequest): Promise<void> {
  if (agentLoggedInHere(deps.engine, agentId)) return; // this engine's own to decide
  const session = await openAgentSessionElsewhere(deps.pool, agentId, deps.engine.nodeId());
  const url = session?.nodeId ? await deps.engine.nodeUrl(session.nodeId) : null;
  if (!session?.nodeId || !url) return;
  const there = await relayToNode(url, { method: 'GET', path: `/api/agents/${encodeURIComponent(agentId)}`, authorization: request.headers.authorization ?? '' }, request.log);
  // A node that is present but does not answer may still hold them: refused as well.
  if (there?.status === 200 && (there.body as { status?: unknown } | null)?.status === 'logged_out') return;
  const campaign = session.campaignId ? ` (campaign ${session.campaignId})` : '';
  throw new ApiError('conflict',
    `agent ${agentId} is logged in on engine node ${session.nodeId}${campaign}, at ${url}: log out there first, or go on working there`,
    { reason: 'agent_logged_in_elsewhere', node: session.nodeId, url, campaignId: session.campaignId });
}

/** `POST /api/agents/{id}/<action>`: submits the agent's input (built from the body, if the action
 * takes one, and the caller) on the node they work on and answers with their state. */
export function engineAction<B = undefined>(
  deps: AgentRouteDeps, action: string, summary: string, toInput: (agentId: string, body: B, principal: Principal) => Input, body?: z.ZodType<B>,
): RouteSpec {
  return defineRoute({
    method: 'POST', url: `/api/agents/:agentId/${action}`, summary: `${summary}; on the node the agent works on`, tags: ['agents'], roles: agentsAndSupervisors,
    params: agentParams, actsFor: (p) => p.agentId, ...(body ? { body } : {}),
    handler: async ({ params, body: sent, request, reply, principal }) => {
      const elsewhere = await answeredElsewhere(deps, params.agentId, request, reply, sent);
      if (elsewhere) return elsewhere.body;
      // A refusal naming a colleague (a handover to someone not ready) or a campaign (one theirs
      // does not hand customers to) names them as the agent knows them.
      await throwIfRejectedNaming(deps.engine.submit(toInput(params.agentId, sent as B, principal)), storedNames(deps.pool));
      const agent = deps.engine.state().agents.get(params.agentId);
      return agent ? agentView(agent, deps.engine) : { id: params.agentId, status: 'logged_out' };
    },
  });
}

/** The route for the agent's own token alone: staff acting for the agent would be written in the
 * evidence log as the agent. */
const agentOnly = (route: RouteSpec): RouteSpec => ({ ...route, roles: agentsOnly });

export function agentRoutes(deps: AgentRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/agents', summary: 'every agent known to the engine with their state', tags: ['agents'],
      roles: staff,
      handler: async () => [...deps.engine.state().agents.values()].map((a) => agentView(a, deps.engine)),
    }),
    defineRoute({
      method: 'PUT', url: '/api/agents/:agentId',
      summary: 'create or update an agent; groups are the lead groups they are given first (from their next call when logged in); active false stops them logging in, revokes their tokens, logs them out (on the node they are on) and gives their personal callbacks to anyone',
      tags: ['agents'], roles: managers, params: agentParams,
      body: z.strictObject({
        name: z.string().trim().min(1).max(200), endpoint: z.string().min(3).max(200).nullable().optional(), active: z.boolean().optional(),
        groups: agentGroupsBody.optional(),
      }),
      handler: async ({ params, body, request, principal }) => {
        // An agent who may no longer log in loses their tokens with the change, and both are on record.
        const agent = await saveAgentLogged(deps.pool, {
          id: params.agentId, name: body.name, endpoint: body.endpoint ?? null, active: body.active,
          ...(body.groups ? { groups: normaliseGroups(body.groups) } : {}),
        }, { by: principal.name, now: new Date(deps.engine.nowMs()) });
        const loggedIn = agentLoggedInHere(deps.engine, agent.id) !== null;
        // Logged in here: the next call routes by the new groups, not only after the next login.
        if (loggedIn && body.groups) deps.engine.submit({ type: 'agent_groups_changed', agentId: agent.id, groups: agent.groups });
        if (!agent.active) {
          // Their personal callbacks would wait for them for ever: anyone on the campaign makes them.
          await releaseAgentCallbacks(deps.pool, agent.id, new Date(deps.engine.nowMs()));
          // Logged in here: out once the call in progress, if any, is dispositioned.
          if (loggedIn) deps.engine.submit({ type: 'agent_logout', agentId: agent.id, by: staffActing(principal) });
        }
        // Logged in on the node that drives their campaign: that node's engine applies it too.
        const elsewhere = !loggedIn && agent.campaignId && request.headers[forwardedHeader] === undefined
          ? await otherDriverUrl(deps.engine, agent.campaignId) : null;
        if (elsewhere) {
          await forwardToNode(elsewhere.url, { method: 'PUT', path: `/api/agents/${encodeURIComponent(agent.id)}`, body, authorization: request.headers.authorization ?? '' }, request.log);
        }
        return agent;
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/agents/:agentId/tokens', summary: 'issue a token for the agent (shown once)', tags: ['agents'],
      roles: managers, params: agentParams,
      handler: async ({ params, reply, principal }) => {
        const agent = await getAgent(deps.pool, params.agentId);
        if (!agent) throw new ApiError('not_found', `agent ${params.agentId} does not exist`);
        if (!agent.active) throw new ApiError('conflict', `agent ${params.agentId} is inactive: make them active before issuing a token`);
        const issued = await issueAgentTokenLogged(deps.pool, agent, { by: principal.name, now: new Date(deps.engine.nowMs()) }, hashToken);
        reply.status(201);
        return { agentId: agent.id, token: issued.token };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId', summary: "an agent's live state, from the node they work on", tags: ['agents'], roles: agentsAndSupervisors,
      params: agentParams, actsFor: (p) => p.agentId,
      handler: async ({ params, request, reply }) => {
        const elsewhere = await answeredElsewhere(deps, params.agentId, request, reply);
        if (elsewhere) return elsewhere.body;
        const agent = deps.engine.state().agents.get(params.agentId);
        return agent ? agentView(agent, deps.engine) : { id: params.agentId, status: 'logged_out' };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/agents/:agentId/login', summary: 'log in to a campaign; the engine dials the agent phone',
      tags: ['agents'], roles: agentsAndSupervisors, params: agentParams, actsFor: (p) => p.agentId,
      body: z.strictObject({ campaignId: z.string().regex(/^\d+$/) }),
      handler: async ({ params, body, request }) => {
        const stored = await getAgent(deps.pool, params.agentId);
        if (!stored || !stored.active) throw new ApiError('not_found', `agent ${params.agentId} does not exist or is inactive`);
        if (deps.engine.draining()) throw new ApiError('unavailable', 'this node is stopping: log in again in a moment, through another node or after the restart');
        if (deps.engine.agentsHeldOver().has(stored.id)) {
          throw new ApiError('conflict', `agent ${stored.id}'s phone is still in the call that was going on when the engine restarted: log in once it ends (its disposition is under "To disposition")`);
        }
        await refuseLoginElsewhere(deps, stored.id, request);
        try {
          const endpoint = agentEndpoint(stored, deps.agentEndpointTemplate);
          const commands = deps.engine.submit({ type: 'agent_login', agentId: stored.id, campaignId: body.campaignId, endpoint, groups: stored.groups });
          if (isRejected(commands, 'unknown_campaign')) await refuseCampaignElsewhere(deps.engine, body.campaignId);
          throwIfRejected(commands);
        } catch (error: unknown) {
          // Not logged in here: the claim would hold off the node the agent is sent on to. (Logged
          // in here by another request, refused as a second login: the claim stays theirs.)
          if (!agentLoggedInHere(deps.engine, stored.id)) await deps.engine.releaseAgentLogin(stored.id).catch(() => undefined);
          throw error;
        }
        await setAgentCampaign(deps.pool, stored.id, body.campaignId);
        const agent = deps.engine.state().agents.get(stored.id);
        return agent ? agentView(agent, deps.engine) : null;
      },
    }),
    engineAction(deps, 'ready', 'ready for calls', (agentId) => ({ type: 'agent_ready', agentId })),
    defineRoute({
      method: 'POST', url: '/api/agents/:agentId/pause', summary: "pause with one of the campaign's reason codes (after the call if on one; a supervisor's pause in a wrap-up, once the agent gives the disposition it owes), on the node the agent works on",
      tags: ['agents'], roles: agentsAndSupervisors, params: agentParams, actsFor: (p) => p.agentId,
      body: z.strictObject({ reason: z.string().trim().min(1).max(40) }),
      handler: async ({ params, body, request, reply, principal }) => {
        const elsewhere = await answeredElsewhere(deps, params.agentId, request, reply, body);
        if (elsewhere) return elsewhere.body;
        const agent = deps.engine.state().agents.get(params.agentId);
        if (!agent) throw new ApiError('not_found', `agent ${params.agentId} is not logged in`);
        const allowed = pauseReasonsOf(await getCampaign(deps.pool, agent.campaignId));
        if (!allowed.includes(body.reason)) {
          throw new ApiError('invalid_request', `pause reason ${body.reason} is not one of ${allowed.join(', ')}`, { allowed });
        }
        throwIfRejected(deps.engine.submit({ type: 'agent_pause', agentId: agent.id, reason: body.reason, by: staffActing(principal) }));
        return agentView(agent, deps.engine);
      },
    }),
    // Staff forcing these are named with the move (the state log, the call's end, the screens).
    engineAction(deps, 'logout', 'log out (after the call if on one)', (agentId, _body, principal) => ({ type: 'agent_logout', agentId, by: staffActing(principal) })),
    engineAction(deps, 'hangup', 'hang up the current call', (agentId, _body, principal) => ({ type: 'agent_hangup', agentId, by: staffActing(principal) })),
    // The recording's gaps and starts are on the record as the agent's: the agent alone asks for them.
    agentOnly(engineAction(deps, 'record', "start the recording of the agent's call, in a campaign that records on demand (the customer asked first); the agent only",
      (agentId) => ({ type: 'agent_record', agentId }))),
    agentOnly(engineAction(deps, 'record-stop', "stop the recording the agent started on demand (what was recorded is kept; started again, the same file goes on); the agent only",
      (agentId) => ({ type: 'agent_stop_recording', agentId }))),
    agentOnly(engineAction(deps, 'recording-pause', "pause the recording of the agent's call while the customer gives card details (it goes on by itself after three minutes); the agent only",
      (agentId) => ({ type: 'agent_recording_paused', agentId, paused: true }))),
    agentOnly(engineAction(deps, 'recording-resume', "let the recording of the agent's call go on; the agent only",
      (agentId) => ({ type: 'agent_recording_paused', agentId, paused: false }))),
    engineAction(deps, 'hold', "put the agent's customer on hold: music, and the agent not heard", (agentId) => ({ type: 'agent_hold', agentId, held: true })),
    engineAction(deps, 'unhold', "bring the agent's customer back from hold", (agentId) => ({ type: 'agent_hold', agentId, held: false })),
    engineAction(deps, 'mute', "turn the agent's microphone off in their conversation (on again by itself when it ends)", (agentId) => ({ type: 'agent_mute', agentId, muted: true })),
    engineAction(deps, 'unmute', "turn the agent's microphone on again", (agentId) => ({ type: 'agent_mute', agentId, muted: false })),
    engineAction(deps, 'leave-message',
      "the agent reached an answering machine: leave the campaign's message on it; the agent wraps up at once, owing no disposition, and the call closes as a machine",
      (agentId) => ({ type: 'agent_leave_message', agentId })),
  ];
}
