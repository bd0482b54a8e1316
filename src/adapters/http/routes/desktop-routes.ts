// The agent desktop's API: what the desktop loads at sign-in, the screen pop of the current call
// (lead, history, script, FAQ, dispositions), pause with a reason code from the campaign's list,
// preview mode (lease a lead, then dial or skip it), manual dials (a lead or a number the agent
// names, dialled for them after every rule of any dial), and the agent's calls still owed a
// disposition and callbacks still to make. Every route acts for the agent in its
// path, so an agent token only ever sees its own call. Also serves the desktop and wallboard pages.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Agent as EngineAgent } from '../../../core/agent.js';
import { transferredFromOf } from '../../../core/call.js';
import { getAgent } from '../../pg/agent-repository.js';
import { getAttempt, type Attempt } from '../../pg/attempt-repository.js';
import { getCampaign, listCampaigns, type Campaign } from '../../pg/campaign-repository.js';
import { leadMadeForCaller } from '../../pg/manual-dial-leads.js';
import { distributionField } from '../../pg/lead-groups.js';
import { staleRegistryOf } from '../../pg/dnc-registry-loads.js';
import { requiredRegistriesFrom, staleRegistryDetail } from '../../../core/compliance/national-registries.js';
import { pauseReasonsOf } from '../pause-reasons.js';
import { leadStages, listDispositionCatalog } from '../../pg/disposition-catalog-repository.js';
import { leadCallbacks, leadCalls } from '../../pg/lead-history.js';
import { getLead, leadFullName, listLeadPhones, listLists, type Lead } from '../../pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../pg/lead-selection.js';
import { leaseManualDial, releaseManualDial } from '../../pg/manual-dial-lease.js';
import { consentOfLead, withDialFact } from '../../pg/lead-dial-facts.js';
import { messageWithheldFor } from '../../../core/compliance/prerecorded-message-consent.js';
import { pendingPreview, previewDeadlineOf, previewLeaseMs, skipPreview } from '../../pg/preview-attempts.js';
import { undispositionedCalls, undispositionedWindowMs } from '../../pg/undispositioned-calls.js';
import { agentCallbacks } from '../../pg/agent-callbacks.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { fieldsSeenBy, phoneSeenBy, textSeenBy } from '../number-visibility.js';
import { exampleNationalNumber, regionCode } from '../phone-numbers.js';
import { agentLoggedInHere } from '../agent-elsewhere.js';
import type { EngineApi } from '../engine-api.js';
import { throwIfRejected, throwIfRejectedNaming } from '../engine-rejection.js';
import { storedNames } from '../refusal-names.js';
import { rejectionIn } from '../../../core/commands.js';
import { agentsAndSupervisors, allRoles, type Principal } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { agentView } from './agent-routes.js';
import { desktopKeysFor } from '../desktop-keys.js';
import { fillScript } from '../../../core/script-fill.js';
import { withheldNumber } from '../../pg/withheld-caller-lead.js';

export interface DesktopRouteDeps {
  pool: Pool;
  engine: EngineApi;
  /** This engine node: preview leases are taken in its name. */
  nodeId: string;
}

/** A previewed lead stays leased to the agent this long if they neither dial nor skip. */

/**
 * Leases the agent's next lead to preview: in a campaign that distributes by a lead field, one of
 * the agent's groups first, the next lead of any group when none of theirs is due (as answered
 * calls go to any free agent when none of the group is).
 */
async function leasePreview(deps: DesktopRouteDeps, agent: EngineAgent): Promise<string | undefined> {
  const lease = async (groups: { field: string; groups: readonly string[] } | null) => (await leaseLeadsAndCreateAttempts(deps.pool, {
    campaignId: agent.campaignId, count: 1, nodeId: deps.nodeId, now: new Date(deps.engine.nowMs()), leaseMs: previewLeaseMs, agentId: agent.id, groups,
  }))[0]?.attemptId;
  const field = agent.groups.length > 0 ? distributionField(await getCampaign(deps.pool, agent.campaignId)) : null;
  return (field ? await lease({ field, groups: agent.groups }) : undefined) ?? await lease(null);
}
/** No lead is leased while a national registry the campaign is scrubbed against is too old (or
 * was never loaded): the agent is told which, since when, and that a fresh copy must be loaded. */
async function refuseIfRegistryStale(deps: DesktopRouteDeps, campaignId: string): Promise<void> {
  const required = requiredRegistriesFrom((await getCampaign(deps.pool, campaignId))?.settings.nationalRegistries);
  const stale = await staleRegistryOf(deps.pool, required, deps.engine.nowMs());
  if (!stale) return;
  throw new ApiError('conflict', `no lead can be offered: ${staleRegistryDetail(stale)}`, {
    reason: 'national_registry', registry: stale.registry, loadedAt: stale.loadedAtMs === null ? null : new Date(stale.loadedAtMs).toISOString(), maxAgeDays: stale.maxAgeDays,
  });
}

const agentParams = z.object({ agentId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only') });
const attemptBody = z.strictObject({ attemptId: z.uuid() });
const manualDialBody = z.strictObject({
  leadId: z.string().regex(/^\d+$/, 'a lead id').optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  /** The region a phone without a country code is read in; the campaign's first list's if not given. */
  region: regionCode.optional(),
}).refine((body) => (body.leadId === undefined) !== (body.phone === undefined), 'give a leadId or a phone, not both')
  .refine((body) => body.region === undefined || body.phone !== undefined, 'a region goes with a phone: a lead has its numbers already');

/** The regions a number typed without its country code may be read in: those the campaign's lists
 * read numbers in, the first list's first (the one used when none is picked; US without lists),
 * each with a number written as its people write one. */
async function manualDialRegions(pool: Pool, campaignId: string): Promise<Array<{ code: string; example: string | null }>> {
  const codes = [...new Set((await listLists(pool, campaignId)).map((list) => list.defaultRegion))];
  return (codes.length > 0 ? codes : ['US']).map((code) => ({ code, example: exampleNationalNumber(code) }));
}

function scriptValues(lead: Lead, agentName: string, campaign: Campaign, principal: Principal): Record<string, string> {
  // Built from entries: a field named __proto__ stays a field, not the object's prototype.
  const values: Record<string, string> = Object.fromEntries(Object.entries(fieldsSeenBy(principal, lead.fields))
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    .map(([key, value]) => [key, String(value)]));
  const fullName = leadFullName(lead.firstName, lead.lastName);
  return {
    ...values,
    first_name: lead.firstName ?? '', last_name: lead.lastName ?? '', full_name: fullName,
    company: values.company ?? '',
    agent_name: agentName, campaign_name: campaign.name,
  };
}

/** Lead fields for the screen, as text: numbers in them by the rule, however written. */
function visibleFields(principal: Principal, fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fieldsSeenBy(principal, fields))) {
    if (value === null || value === undefined) continue;
    out[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

/** The number of a caller ID as presented (`"Name" <number>` or a number), null when none was. */
function shownNumber(callerId: string | null): string | null {
  if (callerId === null) return null;
  return /<([^>]*)>/.exec(callerId)?.[1] ?? callerId.trim();
}

/** Everything the desktop shows about one call, its numbers as `principal` may see them (an agent:
 * their last digits, enough to confirm the number with the customer). */
async function screenPop(deps: DesktopRouteDeps, principal: Principal, attempt: Attempt, agentName: string, preview: boolean) {
  // A lead that may be in an all-party consent state is recorded only once its agent has asked; one
  // that did not consent to prerecorded messages gets none on its machine.
  const [lead, campaign, phones, history, callbacks, dispositions, consent, unknownCaller] = await Promise.all([
    getLead(deps.pool, attempt.leadId), getCampaign(deps.pool, attempt.campaignId), listLeadPhones(deps.pool, attempt.leadId),
    leadCalls(deps.pool, attempt.leadId, { exceptAttemptId: attempt.id, limit: 20 }), leadCallbacks(deps.pool, attempt.leadId, 10),
    listDispositionCatalog(deps.pool, attempt.campaignId), consentOfLead(deps.pool, attempt.leadId),
    attempt.inbound ? leadMadeForCaller(deps.pool, attempt.leadId) : Promise.resolve(false),
  ]);
  if (!lead || !campaign) throw new ApiError('not_found', `lead or campaign of attempt ${attempt.id} is gone`);
  const handedOverBy = handedOverByOf(deps, attempt);
  const handingTo = deps.engine.state().calls.get(attempt.id)?.transferToAgentId ?? null;
  const consentStates = campaign.recordingEnabled ? consent.recordingConsentStates : [];
  const deadline = campaign.mode === 'preview' && attempt.status === 'created' ? previewDeadlineOf(campaign.settings) : null;
  return {
    attempt: {
      id: attempt.id, status: attempt.status, preview, createdAt: attempt.createdAt, connectedAt: attempt.connectedAt,
      // The person called the campaign back: the agent greets them as such.
      inbound: attempt.inbound,
      // A person the campaign never called (their lead was made for a call of theirs): the agent
      // greets an unknown caller, not a lead loaded without a name.
      unknownCaller,
      // A caller who withheld their number: the attempt keeps none (withheld-caller-lead.ts).
      withheld: attempt.inbound && attempt.e164 === withheldNumber,
      phone: attempt.inbound && attempt.e164 === withheldNumber ? null : phoneSeenBy(principal, attempt.e164), recording: campaign.recordingEnabled, recordedOnDemand: campaign.recordingEnabled && (campaign.settings.recordingOnDemand === true || consentStates.length > 0),
      recordingConsentStates: consentStates, messageWithheld: messageWithheldFor(campaign.regime, consent),
      // The number the customer saw: what they will quote if they ring back.
      shownAs: textSeenBy(principal, shownNumber(attempt.callerId), 'caller_id'),
      handedOverBy: handedOverBy === null ? null : { id: handedOverBy, name: (await getAgent(deps.pool, handedOverBy))?.name ?? handedOverBy },
      // The colleague being consulted or handed the call, named for a desktop opened (or reloaded)
      // since the agent chose them.
      handingTo: handingTo === null ? null : { id: handingTo, name: (await getAgent(deps.pool, handingTo))?.name ?? handingTo },
      // A preview the campaign dials (or skips) by itself once its time limit is up.
      previewDeadline: deadline === null ? null : { at: new Date(attempt.createdAt.getTime() + deadline.limitMs), action: deadline.action },
    },
    lead: {
      id: lead.id, firstName: lead.firstName, lastName: lead.lastName, fields: visibleFields(principal, lead.fields), stage: lead.stage,
      grade: lead.grade, status: lead.status, attempts: lead.attempts, postalCode: lead.postalCode, timezone: lead.timezone,
    },
    phones: phones.map((p) => ({ phone: phoneSeenBy(principal, p.e164), current: p.id === attempt.phoneId, disabled: p.disabled, attempts: p.attempts })),
    history: history.map((call) => ({ ...call, notes: textSeenBy(principal, call.notes) })),
    callbacks: callbacks.map((callback) => ({ ...callback, notes: textSeenBy(principal, callback.notes) })),
    campaign: { id: campaign.id, name: campaign.name },
    script: fillScript(campaign.script, scriptValues(lead, agentName, campaign, principal)).text,
    faq: campaign.faq,
    dispositions,
    stages: leadStages,
    timezone: lead.timezone ?? campaign.timezone,
  };
}

/** The agent who first had a call handed over since (or is handing it over now), if any. */
function handedOverByOf(deps: DesktopRouteDeps, attempt: Attempt): string | null {
  const call = deps.engine.state().calls.get(attempt.id);
  if (!call) return attempt.transferredFrom;
  return transferredFromOf(call) ?? (call.transferToAgentId === null ? null : call.agentId);
}

function engineAgent(deps: DesktopRouteDeps, agentId: string): EngineAgent {
  const agent = agentLoggedInHere(deps.engine, agentId);
  if (!agent) throw new ApiError('conflict', `agent ${agentId} is not logged in`);
  return agent;
}

/** A preview attempt of this agent that has not been dialled or skipped. */
async function ownPreview(deps: DesktopRouteDeps, agentId: string, attemptId: string): Promise<Attempt> {
  const attempt = await getAttempt(deps.pool, attemptId);
  if (!attempt || attempt.agentId !== agentId) throw new ApiError('not_found', `no preview ${attemptId} for agent ${agentId}`);
  if (attempt.status !== 'created' || attempt.endedAt !== null) throw new ApiError('conflict', `preview ${attemptId} was already dialled or skipped`);
  return attempt;
}

/** A campaign as the API's messages name it: `campaign "<name>"`, or by its id if it has none stored. */
async function campaignNamed(pool: Pool, campaignId: string): Promise<string> {
  const name = (await getCampaign(pool, campaignId))?.name;
  return name === undefined ? `campaign ${campaignId}` : `campaign "${name}"`;
}

async function agentName(pool: Pool, agentId: string): Promise<string> {
  return (await getAgent(pool, agentId))?.name ?? agentId;
}

export function desktopRoutes(deps: DesktopRouteDeps): RouteSpec[] {
  const roles = agentsAndSupervisors;
  const tags = ['desktop'];
  return [
    defineRoute({
      method: 'GET', url: '/api/session', summary: 'who the token belongs to (role, name, agent)', tags, roles: allRoles,
      handler: async ({ principal }) => ({ role: principal.role, name: principal.name, agentId: principal.agentId }),
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/desktop', summary: 'what the agent desktop loads: agent, state, campaigns, pause reasons, its keys',
      tags, roles, params: agentParams, actsFor: (p) => p.agentId,
      handler: async ({ params }) => {
        const stored = await getAgent(deps.pool, params.agentId);
        if (!stored) throw new ApiError('not_found', `agent ${params.agentId} does not exist`);
        const live = deps.engine.state().agents.get(params.agentId);
        const here = agentLoggedInHere(deps.engine, params.agentId);
        const campaignId = here ? here.campaignId : stored.campaignId;
        const campaigns = await listCampaigns(deps.pool, { status: ['running', 'paused'] });
        const current = campaignId ? await getCampaign(deps.pool, campaignId) : null;
        const regions = current ? await manualDialRegions(deps.pool, current.id) : [];
        return {
          agent: { id: stored.id, name: stored.name },
          state: live ? agentView(live, deps.engine) : { id: stored.id, status: 'logged_out' },
          campaigns: campaigns.map((c) => ({ id: c.id, name: c.name, mode: c.mode, status: c.status })),
          campaign: current ? {
            id: current.id, name: current.name, mode: current.mode, wrapUpMode: current.wrapUpMode, wrapUpMs: current.wrapUpMs,
            timezone: current.timezone, pauseReasons: pauseReasonsOf(current), regions,
          } : null,
          keys: desktopKeysFor(current?.mode ?? null),
          serverTime: deps.engine.nowMs(),
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/call', summary: "screen pop: the agent's current call or preview lead",
      tags, roles, params: agentParams, actsFor: (p) => p.agentId,
      handler: async ({ params, principal }) => {
        const live = deps.engine.state().agents.get(params.agentId);
        const engineCall = live ? (live.callId ?? live.owesDispositionFor) : null;
        const attemptId = engineCall ?? (await pendingPreview(deps.pool, params.agentId, live && live.status !== 'logged_out' ? live.campaignId : null, new Date(deps.engine.nowMs())));
        if (!attemptId) throw new ApiError('not_found', `agent ${params.agentId} has no call`);
        const attempt = await getAttempt(deps.pool, attemptId);
        if (!attempt) throw new ApiError('not_found', `attempt ${attemptId} does not exist`);
        return screenPop(deps, principal, attempt, await agentName(deps.pool, params.agentId), engineCall === null || attempt.status === 'created');
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/undispositioned',
      summary: "the agent's calls of the last day that ended without a disposition (the call in hand apart)",
      tags, roles, params: agentParams, actsFor: (p) => p.agentId,
      handler: async ({ params }) => {
        const live = deps.engine.state().agents.get(params.agentId);
        // The engine forgets what an agent owes at logout, so a logged-out agent has nothing in hand.
        const inHand = new Set([live?.callId, live?.owesDispositionFor].filter((id) => id != null));
        const since = new Date(deps.engine.nowMs() - undispositionedWindowMs);
        const calls = await undispositionedCalls(deps.pool, params.agentId, since);
        return { calls: calls.filter((call) => !inHand.has(call.attemptId)) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/callbacks',
      summary: "the agent's own callbacks still to make, soonest first, with the person's name and zone (the node dials each when due and the agent is free)",
      tags, roles, params: agentParams, actsFor: (p) => p.agentId,
      handler: async ({ params, principal }) => ({
        callbacks: (await agentCallbacks(deps.pool, params.agentId, new Date(deps.engine.nowMs()))).map((callback) => ({ ...callback, notes: textSeenBy(principal, callback.notes) })),
      }),
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/calls/:attemptId', summary: "screen pop of one of the agent's earlier calls, to disposition it late",
      tags, roles, params: z.object({ agentId: agentParams.shape.agentId, attemptId: z.uuid() }), actsFor: (p) => p.agentId,
      handler: async ({ params, principal }) => {
        const attempt = await getAttempt(deps.pool, params.attemptId);
        // Told apart so that a desktop drops what it holds for a call gone (a disposition can
        // never be sent for it), and keeps what may be another agent's. Whether an attempt exists
        // is no more than its disposition route tells any agent (404, or 403 when not theirs).
        if (!attempt) throw new ApiError('not_found', `attempt ${params.attemptId} does not exist`, { reason: 'no_such_attempt' });
        if (attempt.agentId !== params.agentId) throw new ApiError('not_found', `agent ${params.agentId} has no call ${params.attemptId}`);
        return screenPop(deps, principal, attempt, await agentName(deps.pool, params.agentId), false);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/agents/:agentId/preview/next', summary: 'lease the next lead for the agent to preview',
      tags, roles, params: agentParams, actsFor: (p) => p.agentId,
      handler: async ({ params, principal, reply }) => {
        const agent = engineAgent(deps, params.agentId);
        const campaign = deps.engine.state().campaigns.get(agent.campaignId);
        if (campaign?.settings.mode !== 'preview') throw new ApiError('conflict', `${await campaignNamed(deps.pool, agent.campaignId)} is not in preview mode`);
        if (campaign.status !== 'running') throw new ApiError('conflict', `${await campaignNamed(deps.pool, agent.campaignId)} is not running`);
        const existing = await pendingPreview(deps.pool, agent.id, agent.campaignId, new Date(deps.engine.nowMs()));
        const attemptId = existing ?? await leasePreview(deps, agent);
        if (!attemptId) {
          await refuseIfRegistryStale(deps, agent.campaignId);
          throw new ApiError('not_found', 'no lead is due for preview now');
        }
        const attempt = await getAttempt(deps.pool, attemptId);
        if (!attempt) throw new ApiError('not_found', `attempt ${attemptId} does not exist`);
        reply.status(existing ? 200 : 201);
        return screenPop(deps, principal, attempt, await agentName(deps.pool, agent.id), true);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/agents/:agentId/preview/dial', summary: 'dial the previewed lead',
      tags, roles, params: agentParams, actsFor: (p) => p.agentId, body: attemptBody,
      handler: async ({ params, body }) => {
        const agent = engineAgent(deps, params.agentId);
        const attempt = await ownPreview(deps, agent.id, body.attemptId);
        const lead = await withDialFact(deps.pool, { attemptId: attempt.id, leadId: attempt.leadId, phone: attempt.e164 });
        // A preview of a campaign the agent has since left names the agent and both campaigns as people know them.
        await throwIfRejectedNaming(deps.engine.submit({ type: 'preview_dial', agentId: agent.id, campaignId: attempt.campaignId, lead }), storedNames(deps.pool));
        return agentView(agent, deps.engine);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/agents/:agentId/manual-dial',
      summary: "dial a lead of the agent's campaign, or a number (the lead holding it, or a new one in the campaign's list of manual dials), for the agent, who is paused or ready; refused with the rule that blocks it (DNC, calling window, caps...)",
      tags, roles, params: agentParams, actsFor: (p) => p.agentId, body: manualDialBody,
      handler: async ({ params, body, reply }) => {
        const agent = engineAgent(deps, params.agentId);
        if (agent.status !== 'paused' && agent.status !== 'ready') throw new ApiError('conflict', `agent ${agent.id} is ${agent.status}: a manual dial needs an agent paused or ready`);
        const now = new Date(deps.engine.nowMs());
        const lease = await leaseManualDial(deps.pool, {
          campaignId: agent.campaignId, agentId: agent.id, nodeId: deps.nodeId, now, leaseMs: previewLeaseMs,
          target: body.leadId !== undefined ? { leadId: body.leadId } : { phone: body.phone ?? '', ...(body.region ? { region: body.region } : {}) },
        });
        if (!lease.leased) {
          throw new ApiError(lease.rule === 'invalid_number' ? 'invalid_request' : 'conflict', `not dialled (${lease.rule}): ${lease.detail}`, { rule: lease.rule });
        }
        const commands = deps.engine.submit({ type: 'preview_dial', agentId: agent.id, campaignId: agent.campaignId, lead: lease.lead });
        if (rejectionIn(commands)) await releaseManualDial(deps.pool, { attemptId: lease.lead.attemptId, leadId: lease.lead.leadId, now, callbackId: lease.callbackId });
        throwIfRejected(commands);
        reply.status(201);
        return { attemptId: lease.lead.attemptId, leadId: lease.lead.leadId, leadCreated: lease.created, callbackId: lease.callbackId, agent: agentView(agent, deps.engine) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/agents/:agentId/preview/skip', summary: 'skip the previewed lead (released, not counted as a dial)',
      tags, roles, params: agentParams, actsFor: (p) => p.agentId, body: attemptBody,
      handler: async ({ params, body }) => {
        const attempt = await ownPreview(deps, params.agentId, body.attemptId);
        // Not under a dial the engine has begun (the time limit's, just now): its write may not have landed yet.
        const skipped = await deps.engine.closeUndialledPreview(attempt.id, () => skipPreview(deps.pool, attempt, new Date(deps.engine.nowMs())));
        if (!skipped) throw new ApiError('conflict', `preview ${attempt.id} was already dialled or skipped`);
        return { attemptId: attempt.id, skipped: true, leadSetAside: skipped.leadSetAside };
      },
    }),
  ];
}

/** Where the browser pages are: next to the sources, or the package's src/ when running built JS. */
export function webRoot(): string {
  const candidates = ['../../../web/', '../../../../src/web/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((dir) => existsSync(`${dir}agent/index.html`));
  if (!found) throw new Error(`web pages not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Serves the agent desktop at /agent/ and the staff pages (wallboard, results, planner, campaigns, leads, team, compliance), each at /<page>/, with their shared files and locales. */
export async function desktopPagesPlugin(app: FastifyInstance): Promise<void> {
  const root = webRoot();
  const pages = ['agent', 'wallboard', 'reports', 'plan', 'campaigns', 'leads', 'team', 'compliance'];
  const mounts: Array<[string, string]> = [...pages.map((page): [string, string] => [page, `/${page}/`]), ['shared', '/web/shared/'], ['locales', '/web/locales/']];
  for (const [dir, prefix] of mounts) {
    // decorateReply stays off: several static mounts share one app.
    await app.register(fastifyStatic, { root: `${root}${dir}/`, prefix, decorateReply: false, index: 'index.html' });
  }
  for (const page of pages) app.get(`/${page}`, { schema: { hide: true } }, async (_request, reply) => reply.redirect(`/${page}/`));
  // The node's bare address (what a first visit types) opens the staff pages, not a 404.
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/campaigns/'));
}
