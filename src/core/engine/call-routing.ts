// Getting a live call to an agent, or to the safe-harbor message when none is free in time.

import type { Call } from '../call.js';
import type { CampaignRuntime } from '../engine-state.js';
import { regimeRules } from '../compliance/abandon-regime.js';
import { recordInLedger } from '../compliance/abandon-ledger.js';
import { connectingMarginMs, safeHarborMarginMs } from '../limits.js';
import { noteCountedAbandon, noteLiveAnswer } from '../pacing/forecast-calibration.js';
import { recordDialResult } from '../stats/campaign-stats.js';
import { matchOf, readyAgentFor, type RouteMatch } from '../routing.js';
import type { Agent } from '../agent.js';
import { holdForCallback } from './callback-hold.js';
import { shiftAgent, type StepContext } from './step-context.js';

/** The call is a live person from `liveAtMs` on: count it and look for an agent. */
export function markLive(ctx: StepContext, campaign: CampaignRuntime, call: Call, liveAtMs: number): void {
  call.liveAtMs = liveAtMs;
  // At the instant it became live (the greeting's end, before AMD said so): where storage counts
  // it, and where taking it back (a machine after all) looks for it.
  recordInLedger(campaign.ledger, 'live', liveAtMs);
  call.forecastCounted = noteLiveAnswer(campaign.calibration, ctx.nowMs) !== null;
  recordDialResult(campaign.stats, 'live', (call.answeredAtMs ?? ctx.nowMs) - call.originatedAtMs);
  ctx.out.push({
    type: 'attempt_progress', campaignId: call.campaignId, attemptId: call.attemptId, stage: 'live',
    atMs: liveAtMs, agentId: null, detail: call.amdDetail,
  });
  routeCall(ctx, call);
}

/** Gives the call to a ready agent (see routing.ts), or leaves it waiting for one; one already too
 * late to wait (its 2 seconds began at a greeting's end AMD reported late) has its safe-harbor
 * message now, not at the next tick. */
export function routeCall(ctx: StepContext, call: Call): void {
  const campaign = ctx.state.campaigns.get(call.campaignId);
  // Already past the bridge's deadline (an answer found late): no agent is reserved for a bridge
  // that would be cut; the message is due.
  if (campaign && pastConnectDeadline(campaign, call, ctx.nowMs, connectingMarginMs)) {
    call.status = 'waiting_agent';
    abandonToSafeHarbor(ctx, campaign, call);
    return;
  }
  const routed = readyAgentFor(ctx.state.agents.values(), call.campaignId, call.group);
  if (routed) {
    connectTo(ctx, call, routed.agent, routed.match);
    return;
  }
  call.status = 'waiting_agent';
  if (campaign && pastConnectDeadline(campaign, call, ctx.nowMs)) abandonToSafeHarbor(ctx, campaign, call);
}

export function connectTo(ctx: StepContext, call: Call, agent: Agent, match: RouteMatch): void {
  agent.callId = call.attemptId;
  call.agentId = agent.id;
  call.status = 'connecting';
  shiftAgent(ctx, agent, 'reserved', 'call_answered');
  ctx.out.push({ type: 'bridge_call', campaignId: call.campaignId, attemptId: call.attemptId, agentId: agent.id, match });
}

/** The oldest call waiting in the agent's campaign, if any: it gets the agent who just freed up,
 * whatever its group, since it is the closest to its safe-harbor message. One too late for a bridge
 * is not put through: it is due its safe-harbor message, and the bridge would be cut. A person
 * calling back on hold is not among them: the answered dials come first, and the tick gives the
 * caller an agent only when one is to spare (return-call-wait.ts). */
export function oldestWaitingCall(ctx: StepContext, campaignId: string): Call | null {
  const campaign = ctx.state.campaigns.get(campaignId);
  let oldest: Call | null = null;
  for (const call of ctx.state.calls.values()) {
    if (call.campaignId !== campaignId || call.status !== 'waiting_agent' || call.inbound === true) continue;
    // Past its waiting deadline but not the bridge's, it is still put through: a bridge takes
    // milliseconds, and a customer with an agent is better than the message.
    if (campaign && pastConnectDeadline(campaign, call, ctx.nowMs, connectingMarginMs)) continue;
    if (oldest === null || (call.liveAtMs ?? 0) < (oldest.liveAtMs ?? 0)) oldest = call;
  }
  return oldest;
}

/** An agent just became ready: their due personal callback first, else the oldest waiting call. */
export function offerWaitingCall(ctx: StepContext, agent: Agent): void {
  if (agent.status !== 'ready' || holdForCallback(ctx, agent)) return;
  const call = oldestWaitingCall(ctx, agent.campaignId);
  if (call) connectTo(ctx, call, agent, matchOf(agent, call.group));
}

/** A live answer lost without an agent: in the regime's ledger, and against the forecast it was
 * counted under. */
function countAbandon(campaign: CampaignRuntime, call: Call, atMs: number): void {
  recordInLedger(campaign.ledger, 'abandoned', atMs);
  if (call.forecastCounted) noteCountedAbandon(campaign.calibration, atMs);
}

/** An agent's own dial (a preview, a number typed, a callback) is not counted live when answered:
 * it is no paced call. Lost before its agent had it, it is a live answer abandoned all the same,
 * counted and stored as one from its answer. */
function countOwnDialLive(ctx: StepContext, campaign: CampaignRuntime, call: Call): void {
  if (call.previewAgentId === null || call.liveAtMs === null) return;
  recordInLedger(campaign.ledger, 'live', call.liveAtMs);
  ctx.out.push({
    type: 'attempt_progress', campaignId: call.campaignId, attemptId: call.attemptId, stage: 'live',
    atMs: call.liveAtMs, agentId: null, detail: 'answered the agent\'s own dial',
  });
}

/** The rest a number takes after a call the campaign abandons now, under its rules now. */
export function abandonRestMsOf(campaign: CampaignRuntime): number {
  return campaign.settings.abandonRestMs ?? regimeRules[campaign.settings.regime].redialAfterAbandonMs;
}

/** Marks the call abandoned and counts it, once: a call given the safe-harbor message is not
 * counted again when the dialler hangs it up. */
export function markAbandoned(ctx: StepContext, campaign: CampaignRuntime, call: Call): void {
  if (call.abandoned) return;
  call.abandoned = true;
  call.abandonRestMs = abandonRestMsOf(campaign);
  countOwnDialLive(ctx, campaign, call);
  countAbandon(campaign, call, ctx.nowMs);
}

/** A live answer that no agent has had yet: what the 2-second rule is about, and what can be
 * abandoned. An agent's own dial is one too until its bridge is made: the person who answered
 * hears nothing until then, whoever dialled. */
export function isLiveAnswerWithoutAgent(call: Call): boolean {
  return call.liveAtMs !== null && call.connectedAtMs === null;
}

/** Too late to wait on: the safe-harbor message must start now to play within the connect limit
 * (the margin absorbs tick granularity and the playback's start-up; a call being put through has
 * the smaller margin of a bridge under way). */
export function pastConnectDeadline(campaign: CampaignRuntime, call: Call, nowMs: number, marginMs = call.status === 'connecting' ? connectingMarginMs : safeHarborMarginMs): boolean {
  const { liveAtMs } = call;
  if (liveAtMs === null || !isLiveAnswerWithoutAgent(call)) return false;
  return nowMs >= liveAtMs + Math.max(0, campaign.settings.connectLimitMs - marginMs);
}

/** Takes the call from the agent reserved for it; that agent, if they still had it, to be moved on. */
export function unreserve(ctx: StepContext, call: Call): Agent | undefined {
  const agent = call.agentId ? ctx.state.agents.get(call.agentId) : undefined;
  call.agentId = null;
  if (!agent || agent.callId !== call.attemptId) return undefined;
  agent.callId = null;
  return agent;
}

/** No agent in time: play the safe-harbor message and count the abandon. */
export function abandonToSafeHarbor(ctx: StepContext, campaign: CampaignRuntime, call: Call): void {
  call.status = 'safe_harbor';
  call.safeHarborAtMs = ctx.nowMs;
  markAbandoned(ctx, campaign, call);
  ctx.out.push({
    type: 'play_media', attemptId: call.attemptId, media: campaign.settings.safeHarborMedia, purpose: 'safe_harbor',
  });
  ctx.out.push({
    type: 'attempt_progress', campaignId: call.campaignId, attemptId: call.attemptId, stage: 'safe_harbor',
    atMs: ctx.nowMs, agentId: null, detail: `waited ${ctx.nowMs - (call.liveAtMs ?? ctx.nowMs)} ms`,
  });
}
