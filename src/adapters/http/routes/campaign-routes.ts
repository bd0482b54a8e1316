// Campaigns: create, read, change settings, start, pause, stop (each change kept in the evidence log),
// and the pacing decision log.

import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { callerIdField } from '../../../phone/caller-id-field.js';
import { timeZoneField } from '../time-zone-field.js';
import { defaultCampaignSettings, settingsProblems } from '../../../core/campaign-settings.js';
import type { PlayedMedia } from '../../../core/campaign-sounds.js';
import type { EngineState } from '../../../core/engine-state.js';
import { zeroDialCapProblems } from '../../../core/compliance/zero-dial-caps.js';
import { campaignWindowNeverOpensProblem, storedWindowNeverOpensProblem } from '../../../core/compliance/window-never-opens.js';
import { campaignMedia } from '../../pg/campaign-media.js';
import { changeCampaign, changeCampaignStatus, copyCampaignLogged, createCampaignLogged } from '../../pg/campaign-change-log.js';
import { getCampaign, listCampaigns, type Campaign } from '../../pg/campaign-repository.js';
import { coreSettingsOf } from '../../pg/core-campaign-settings.js';
import { assertCustomHoursKept, dialRuleSettingKeys } from '../../pg/dial-rules-repository.js';
import { readLaboratoryMarker } from '../../pg/laboratory-marker.js';
import { listRecentPacingDecisions } from '../../pg/pacing-decision-repository.js';
import type { Pool } from '../../pg/pool.js';
import { storedCallerIdProblems } from '../../pg/stored-caller-id-problems.js';
import { ApiError } from '../api-error.js';
import { assertTargetsValid, campaignTargetProgress } from '../campaign-targets.js';
import { dialRulesInSettings } from '../dial-rules-body.js';
import { assertDistributionValid } from '../distribution.js';
import { assertWebhooksValid } from '../webhook-settings.js';
import type { WebhookDestinations } from '../webhook-destination.js';
import { assertCallerIdPoolValid, assertCustomerEndpointValid, assertDialRateValid, assertReturnCallHoldValid, callingLineSettingBounds } from '../calling-line-settings.js';
import { assertCallHandlingValid } from '../call-handling-settings.js';
import { assertHandoverCampaignsValid } from '../handover-settings.js';
import { assertThirdPartiesValid } from '../third-party-settings.js';
import { assertPauseLimitsValid, assertPauseReasonsValid } from '../pause-reasons.js';
import { assertPbxHasMedia } from '../pbx-media-check.js';
import type { PbxMedia } from '../../ari/pbx-media.js';
import { assertPreviewSettingsValid } from '../preview-settings.js';
import { assertCallbackReleaseValid } from '../callback-settings.js';
import { assertLeadFilterValid } from '../lead-filter-settings.js';
import type { EngineApi } from '../engine-api.js';
import { campaignSeenBy } from '../number-visibility.js';
import { pbxMediaField } from '../pbx-media-field.js';
import { managers, staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { rethrowAsApiError } from './leads-routes.js';

export interface CampaignRouteDeps {
  pool: Pool;
  engine: EngineApi;
  /** Where the webhook sender may post: webhook URLs it would refuse are refused when saved. */
  webhooks: { readonly destinations: WebhookDestinations };
  /** The PBX's sounds: a campaign is not started to play one it lacks. */
  pbxMedia: PbxMedia;
}

const idParams = z.object({ id: z.string().regex(/^\d+$/, 'campaign ids are numbers') });

/** A caller ID as a manager writes it (caller-id-field.ts). */
export const callerIdBody = callerIdField;

const settingsBody = z.strictObject({
  mode: z.enum(['preview', 'progressive', 'power', 'predictive']),
  dialLevel: z.number().min(1).max(5),
  maxLinesPerAgent: z.number().min(1).max(5),
  trunkCap: z.number().int().min(0),
  regime: z.enum(['us', 'uk', 'strict']),
  abandonTarget: z.number().min(0).max(0.03),
  ringTimeoutMs: z.number().int().min(15_000).max(120_000),
  connectLimitMs: z.number().int().min(0).max(2_000),
  wrapUpMs: z.number().int().min(0).max(3_600_000),
  wrapUpMode: z.enum(['auto', 'manual']),
  // Empty or null: none.
  callerId: callerIdBody.nullable(),
  amdEnabled: z.boolean(),
  amdAfterGreetingMs: z.number().int().min(0).max(5_000),
  amdFalsePositiveRate: z.number().min(0).max(0.5),
  machineAction: z.enum(['hangup', 'leave_message']),
  machineMessageMedia: pbxMediaField,
  safeHarborMedia: pbxMediaField,
  returnCallMedia: pbxMediaField,
  optOutDigit: z.string().regex(/^[0-9*#]?$/),
  recordingEnabled: z.boolean(),
  timezone: timeZoneField,
  script: z.string().max(100_000),
  faq: z.array(z.object({ question: z.string(), answer: z.string() })),
  settings: z.record(z.string(), z.unknown()),
}).partial();

const createBody = settingsBody.extend({ name: z.string().trim().min(1).max(200) });
const patchBody = settingsBody.extend({ name: z.string().trim().min(1).max(200).optional() });

/** Live figures the engine holds for each campaign, next to what is stored. */
async function withLive(deps: Pick<CampaignRouteDeps, 'engine' | 'pool'>, campaigns: readonly Campaign[]) {
  const callerIdProblems = await storedCallerIdProblems(deps.pool, campaigns);
  const { laboratory } = await readLaboratoryMarker(deps.pool);
  return campaigns.map((campaign) => ({
    ...campaign,
    // Settings saved under older rules that stop the campaign dialling: the engine does not load
    // it, a dial cap of 0 lets no lead through, or a caller ID that was not judged (its own, a
    // local presence number or one of its lists').
    settingsProblems: [...storedSettingsProblems(campaign, laboratory), ...callerIdProblems.get(campaign.id) ?? []],
    live: liveFiguresOf(deps.engine.state(), campaign.id),
  }));
}

/** One campaign with its live figures. */
async function oneWithLive(deps: Pick<CampaignRouteDeps, 'engine' | 'pool'>, campaign: Campaign) {
  const [withFigures] = await withLive(deps, [campaign]);
  if (withFigures === undefined) throw new Error(`campaign ${campaign.id} was lost adding its live figures`);
  return withFigures;
}

/** What this node holds of a campaign now: null when it does not drive it. */
export function liveFiguresOf(state: Pick<EngineState, 'campaigns' | 'agents' | 'calls'>, campaignId: string) {
  const live = state.campaigns.get(campaignId);
  if (!live) return null;
  // Agents stay in the engine's state once logged out: only those logged in are at work here.
  const agents = [...state.agents.values()].filter((a) => a.campaignId === campaignId && a.status !== 'logged_out');
  return {
    engineStatus: live.status,
    agents: agents.length,
    agentsReady: agents.filter((a) => a.status === 'ready').length,
    callsInProgress: [...state.calls.values()].filter((c) => c.campaignId === campaignId).length,
    lastDecision: live.decisions.at(-1) ?? null,
  };
}

/**
 * `settings` as a PATCH changes them: key by key, a key sent as null removed, the rest kept. Dial
 * rules are refused here when they would change: they change through PUT dial-rules, which
 * records every change in the evidence log.
 */
function mergedSettings(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const changedRules = dialRuleSettingKeys.filter((key) => key in patch && !isDeepStrictEqual(patch[key] ?? undefined, current[key]));
  if (changedRules.length > 0) {
    throw new ApiError('invalid_request', `settings.${changedRules.join(', settings.')}: dial rules change through PUT /api/campaigns/{id}/dial-rules, which records the change in the evidence log`);
  }
  const merged = { ...current, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === null) delete merged[key];
  return merged;
}

function assertSettingsAllowed(campaign: Campaign, context = ''): void {
  const problems = settingsProblems(coreSettingsOf(campaign));
  if (problems.length > 0) throw new ApiError('invalid_request', `${context}${problems.join('; ')}`, { problems });
}

/** A campaign's stored settings that older versions let be saved and that stop it from starting,
 * but for its caller IDs (storedCallerIdProblems). */
function storedSettingsProblems(campaign: Campaign, laboratory: boolean): string[] {
  const closedWindow = storedWindowNeverOpensProblem({ regime: campaign.regime, settings: campaign.settings, laboratory });
  return [...settingsProblems(coreSettingsOf(campaign)), ...zeroDialCapProblems(campaign.settings), ...(closedWindow ? [closedWindow] : [])];
}

/** A start of a campaign whose settings would let nothing be dialled, or would present a caller ID
 * not judged (its own, a local presence number or one of its lists'), is refused, naming them. */
async function assertStartable(pool: Pool, campaign: Campaign): Promise<void> {
  const callerIds = (await storedCallerIdProblems(pool, [campaign])).get(campaign.id) ?? [];
  const { laboratory } = await readLaboratoryMarker(pool);
  const problems = [...storedSettingsProblems(campaign, laboratory), ...callerIds];
  if (problems.length > 0) throw new ApiError('invalid_request', `campaign ${campaign.id} cannot start until its settings are changed: ${problems.join('; ')}`, { problems });
}

/** The messages a change sets the campaign to play. */
function changedMedia(campaign: Campaign, body: Partial<Record<'safeHarborMedia' | 'machineMessageMedia' | 'returnCallMedia', string>>): PlayedMedia[] {
  const who = `campaign "${campaign.name}"`;
  const uses = { safeHarborMedia: 'safeHarbor', machineMessageMedia: 'machineMessage', returnCallMedia: 'returnCall' } as const;
  return (Object.keys(uses) as (keyof typeof uses)[]).flatMap((key) => {
    const media = body[key];
    return media === undefined || media === campaign[key] ? [] : [{ who, use: uses[key], media }];
  });
}

async function loadCampaign(pool: Pool, id: string): Promise<Campaign> {
  const campaign = await getCampaign(pool, id);
  if (!campaign) throw new ApiError('not_found', `campaign ${id} does not exist`);
  return campaign;
}

/** The free-form settings a manager sends, each key that has rules checked, naming what is wrong. */
function assertSettingsValid(settings: Record<string, unknown> | undefined, destinations: WebhookDestinations): void {
  assertTargetsValid(settings);
  assertPauseReasonsValid(settings);
  assertDistributionValid(settings);
  assertWebhooksValid(settings, destinations);
  assertCallerIdPoolValid(settings);
  assertCustomerEndpointValid(settings);
  assertDialRateValid(settings);
  assertReturnCallHoldValid(settings);
  assertCallHandlingValid(settings);
  assertThirdPartiesValid(settings);
  assertPreviewSettingsValid(settings);
  assertCallbackReleaseValid(settings);
  assertLeadFilterValid(settings);
}

/** A new campaign's dial rules, checked as PUT dial-rules checks a change of them: the engine
 * would set aside rules that do not pass for its defaults, while the record showed them. */
async function assertNewDialRulesValid(pool: Pool, body: { regime?: Campaign['regime']; settings?: Record<string, unknown> }): Promise<void> {
  const rules = dialRulesInSettings(body.settings);
  const { laboratory } = await readLaboratoryMarker(pool);
  try {
    assertCustomHoursKept(rules, { regime: body.regime ?? defaultCampaignSettings.regime, laboratory });
  } catch (error) {
    rethrowAsApiError(error);
  }
}

/** A change of abandonment regime that would leave the calling window opening on no day is refused
 * as such a window is when sent: custom hours a UK campaign keeps as set are held to the US calling
 * hours under US or strict rules, and hours outside them would stop every dial of a running
 * campaign (or the next start of a paused one) while it shows running and its leads due. */
async function assertRegimeKeepsWindowOpen(pool: Pool, current: Campaign, regime: Campaign['regime'] | undefined): Promise<void> {
  if (regime === undefined || regime === current.regime) return;
  const { laboratory } = await readLaboratoryMarker(pool);
  const problem = campaignWindowNeverOpensProblem({ regime, settings: current.settings, laboratory }, {
    setting: `regime ${regime}: settings.callingWindow under it`,
    remedy: `change the hours first, in the campaign's calling hours or PUT /api/campaigns/{id}/dial-rules, or keep regime ${current.regime}`,
  });
  if (!problem) return;
  throw new ApiError('invalid_request', problem, [problem]);
}

function statusRoute(deps: CampaignRouteDeps, action: 'start' | 'pause' | 'stop'): RouteSpec {
  const to = { start: 'running', pause: 'paused', stop: 'stopped' } as const;
  const from = { start: ['draft', 'paused', 'stopped'], pause: ['running'], stop: ['running', 'paused', 'draft'] } as const;
  return defineRoute({
    method: 'POST', url: `/api/campaigns/:id/${action}`, summary: `${action} a campaign (kept in the evidence log, by whom)`, tags: ['campaigns'],
    roles: managers, params: idParams,
    handler: async ({ params, principal }) => {
      const current = await loadCampaign(deps.pool, params.id);
      // Settings the engine would not load, or a dial cap of 0 (each saved before a rule refused
      // it): it would be shown running while nothing dials; or a caller ID never judged.
      if (action === 'start') await assertStartable(deps.pool, current);
      if (action === 'start') await assertPbxHasMedia(deps.pbxMedia, await campaignMedia(deps.pool, current.id), `campaign ${current.id} cannot start`);
      const updated = await changeCampaignStatus(deps.pool, {
        campaignId: params.id, to: to[action], from: [...from[action]], by: principal.name, now: new Date(deps.engine.nowMs()),
      });
      if (!updated) throw new ApiError('conflict', `campaign ${params.id} is ${current.status}; cannot ${action}`);
      await deps.engine.syncCampaigns();
      return oneWithLive(deps, updated);
    },
  });
}

export function campaignRoutes(deps: CampaignRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns', summary: 'list campaigns with live figures', tags: ['campaigns'], roles: staff,
      handler: async ({ principal }) => (await withLive(deps, await listCampaigns(deps.pool))).map((c) => campaignSeenBy(principal, c)),
    }),
    defineRoute({
      method: 'POST', url: '/api/campaigns', summary: 'create a campaign (draft; kept in the evidence log, by whom)', tags: ['campaigns'], roles: managers,
      body: createBody,
      handler: async ({ body, reply, principal }) => {
        assertSettingsValid(body.settings, deps.webhooks.destinations);
        await assertNewDialRulesValid(deps.pool, body);
        assertPauseLimitsValid(body.settings ?? {});
        await assertHandoverCampaignsValid(deps.pool, body.settings, null);
        const campaign = await createCampaignLogged(deps.pool, { ...body, status: 'draft', by: principal.name, now: new Date(deps.engine.nowMs()) }, (created) => assertSettingsAllowed(created));
        reply.status(201);
        return campaign;
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/campaign-settings/bounds', summary: "the least and most the API takes of a campaign's numeric settings kept among its free-form settings (the calls-per-second limit, a return call's wait on hold), for a form's boxes",
      tags: ['campaigns'], roles: staff,
      handler: () => Promise.resolve(callingLineSettingBounds),
    }),
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id', summary: 'one campaign with live figures', tags: ['campaigns'], roles: staff,
      params: idParams,
      handler: async ({ params, principal }) => campaignSeenBy(principal, await oneWithLive(deps, await loadCampaign(deps.pool, params.id))),
    }),
    defineRoute({
      method: 'PATCH', url: '/api/campaigns/:id', summary: 'change settings (each change kept in the evidence log, by whom, before and after)', tags: ['campaigns'], roles: managers,
      params: idParams, body: patchBody,
      handler: async ({ params, body, principal }) => {
        const current = await loadCampaign(deps.pool, params.id);
        const { name: _name, ...fields } = body;
        // Each settings key checked on its own first, so a bad one is named by its settings. path.
        assertSettingsValid(body.settings, deps.webhooks.destinations);
        assertSettingsAllowed({ ...current, ...fields } as Campaign);
        await assertRegimeKeepsWindowOpen(deps.pool, current, body.regime);
        await assertHandoverCampaignsValid(deps.pool, body.settings, params.id);
        const settings = body.settings === undefined ? undefined : mergedSettings(current.settings, body.settings);
        if (settings) assertPauseLimitsValid(settings);
        if (current.status === 'running') await assertPbxHasMedia(deps.pbxMedia, changedMedia(current, body), `campaign ${current.id} is running`);
        const updated = await changeCampaign(deps.pool, {
          campaignId: params.id, patch: { ...body, ...(settings ? { settings } : {}) }, by: principal.name, now: new Date(deps.engine.nowMs()),
        });
        await deps.engine.syncCampaigns();
        return oneWithLive(deps, updated);
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/targets',
      summary: "progress of the campaign's daily and weekly targets, with the pace per staffed agent-hour and the agent-hours still needed",
      tags: ['campaigns'], roles: staff, params: idParams,
      handler: async ({ params }) => {
        const campaign = await loadCampaign(deps.pool, params.id);
        return { timezone: campaign.timezone, targets: await campaignTargetProgress(deps.pool, campaign, deps.engine.nowMs()) };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/campaigns/:id/copy',
      summary: 'a new draft with every setting and disposition code of the campaign (not its lists or leads), kept in the evidence log as copied, by whom',
      tags: ['campaigns'], roles: managers, params: idParams, body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
      handler: async ({ params, body, principal, reply }) => {
        const copy = await copyCampaignLogged(deps.pool, { fromId: params.id, name: body.name, by: principal.name, now: new Date(deps.engine.nowMs()) });
        if (!copy) throw new ApiError('not_found', `campaign ${params.id} does not exist`);
        reply.status(201);
        return copy;
      },
    }),
    statusRoute(deps, 'start'),
    statusRoute(deps, 'pause'),
    statusRoute(deps, 'stop'),
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/decisions',
      summary: 'recent pacing decisions, newest first: live from the engine that drives the campaign, else as stored (with the node that made them)',
      tags: ['pacing'], roles: staff, params: idParams, query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      handler: async ({ params, query }) => {
        const live = deps.engine.state().campaigns.get(params.id);
        if (live) return live.decisions.slice(-query.limit).reverse();
        // Driven by another node, or by none since a stop or a crash: the decisions stored (written every few seconds).
        await loadCampaign(deps.pool, params.id);
        const stored = await listRecentPacingDecisions(deps.pool, params.id, query.limit);
        return stored.map((d) => ({ atMs: d.at.getTime(), launch: d.launch, dialLevel: d.dialLevel ?? null, binding: d.binding, inputs: d.inputs, nodeId: d.nodeId ?? null }));
      },
    }),
  ];
}
