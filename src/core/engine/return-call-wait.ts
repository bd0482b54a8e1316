// People calling back who wait on hold for an agent (the campaign's `returnCallHoldSeconds`): none
// was to spare from the campaign's own dials when they called, or the bridge to the agent who took
// them at once failed with no other to spare. The campaign's answered dials come
// first (an answered dial with no agent is an abandoned call): a waiting caller goes to a ready
// agent only when one is to spare (spare-agent.ts), the longest waiting first, at each tick before
// the pacer dials for the agents left. At the end of the wait the engine lets the call go, and the
// return-call line plays the campaign's message. A caller hanging up while waiting is no abandon:
// no dial of ours reached them (their attempt closes `cancelled`).

import { returnCallHoldMsOf } from '../campaign-settings.js';
import { failedAgentRetryMs } from '../limits.js';
import type { Call } from '../call.js';
import type { AgentId, CampaignId } from '../ids.js';
import { connectTo } from './call-routing.js';
import { admitCall } from './admit-call.js';
import { agentsSpokenFor, spareAgentFor, type AgentsSpokenFor } from './spare-agent.js';
import type { ReturnCallReleaseReason } from '../commands.js';
import type { StepContext } from './step-context.js';

/** Keeps a caller no agent could take on hold, when their campaign lets them wait, until the end
 * of the wait it allows from when they called: false when it does not, or that time is over (they
 * hear the message at once). */
export function waitOnHold(ctx: StepContext, call: Call): boolean {
  const campaign = ctx.state.campaigns.get(call.campaignId);
  const holdMs = campaign ? returnCallHoldMsOf(campaign.settings) : 0;
  const untilMs = (call.answeredAtMs ?? ctx.nowMs) + holdMs;
  if (holdMs <= 0 || ctx.nowMs >= untilMs) return false;
  call.status = 'waiting_agent';
  call.waitsForAgentUntilMs = untilMs;
  admitCall(ctx.state, call);
  return true;
}

/** A caller whose agent's bridge failed, with no other agent to spare: one who was waiting on hold
 * (still in their holding bridge) waits on for the rest of their wait; one put through at once
 * waits on hold for the rest of the wait their campaign allows, as if none had been ready (the
 * return-call line puts them in their holding bridge); one whose wait is over, or whose campaign
 * lets nobody wait, is let go to hear the message. */
export function backOnHoldOrReleased(ctx: StepContext, call: Call): void {
  const until = call.waitsForAgentUntilMs;
  if (until !== undefined && ctx.nowMs < until) {
    call.status = 'waiting_agent';
    return;
  }
  if (until === undefined && waitOnHold(ctx, call)) {
    heldAgain(ctx, call);
    return;
  }
  release(ctx, call, 'bridge_failed');
}

/** A waiting caller whose agent's bridge, given up as hung, was made after all: the late bridge
 * took them out of their holding bridge, and the engine takes them out of the agent's. They go
 * back on hold for the rest of their wait (the return-call line puts them in their holding bridge
 * again), or, that wait over, are let go to hear the message. */
export function backOnHoldAfterLateBridge(ctx: StepContext, call: Call): void {
  if (ctx.nowMs < (call.waitsForAgentUntilMs ?? 0)) heldAgain(ctx, call);
  else release(ctx, call, 'wait_over');
}

/** Tells the return-call line to put the caller in their holding bridge. */
function heldAgain(ctx: StepContext, call: Call): void {
  ctx.out.push({ type: 'return_call_held', campaignId: call.campaignId, attemptId: call.attemptId, untilMs: call.waitsForAgentUntilMs ?? ctx.nowMs });
}

/** A caller on hold for an agent (not an answered dial of the dialler's, which waits seconds); one
 * being put through keeps the end of its wait, but is not waiting. */
export function isWaitingReturnCall(call: Call): boolean {
  return call.inbound === true && call.status === 'waiting_agent' && call.waitsForAgentUntilMs !== undefined;
}

/** Each waiting caller, the longest waiting first, to an agent to spare; those whose wait is over
 * let go to hear the message (every tick, before pacing). */
export function placeWaitingReturnCalls(ctx: StepContext): void {
  // Every tick of every campaign passes here: nothing is allocated while no one waits.
  let waiting: Call[] | null = null;
  for (const call of ctx.state.calls.values()) if (isWaitingReturnCall(call)) (waiting ??= []).push(call);
  if (waiting === null) return;
  waiting.sort((a, b) => (a.answeredAtMs ?? 0) - (b.answeredAtMs ?? 0));
  // The campaign's agents spoken for, counted once per campaign in a tick, and one fewer ready for
  // each caller given an agent: its own calls stand as they were.
  const spokenFor = new Map<CampaignId, AgentsSpokenFor>();
  for (const call of waiting) {
    if (takeToAgent(ctx, call, spokenFor)) continue;
    if (ctx.nowMs >= (call.waitsForAgentUntilMs ?? 0)) release(ctx, call, 'wait_over');
  }
}

function takeToAgent(ctx: StepContext, call: Call, spokenFor: Map<CampaignId, AgentsSpokenFor>): boolean {
  const campaign = ctx.state.campaigns.get(call.campaignId);
  if (!campaign) return false;
  const spoken = spokenFor.get(campaign.id) ?? agentsSpokenFor(ctx.state, campaign.id, campaign.stats.liveAnswerRate.mean);
  spokenFor.set(campaign.id, spoken);
  const routed = spareAgentFor(ctx.state, call, agentsNotRetriedYet(call, ctx.nowMs), spoken);
  if (!routed) return false;
  spoken.ready -= 1;
  // The end of the wait is kept: should the agent's bridge fail, the caller waits on until then.
  const waitedMs = ctx.nowMs - (call.answeredAtMs ?? ctx.nowMs);
  ctx.out.push({ type: 'attempt_progress', campaignId: call.campaignId, attemptId: call.attemptId, stage: 'answered', atMs: ctx.nowMs, agentId: null, detail: `return call, after ${waitedMs} ms on hold` });
  connectTo(ctx, call, routed.agent, routed.match);
  return true;
}

/** The agents whose bridge to the caller failed, while it is too soon to try them again. */
export function agentsNotRetriedYet(call: Call, nowMs: number): ReadonlySet<AgentId> {
  const agents = new Set<AgentId>();
  for (const failure of call.bridgeFailures ?? []) if (nowMs - failure.atMs < failedAgentRetryMs) agents.add(failure.agentId);
  return agents;
}

/** The caller's bridge to `agentId` failed now: that agent joins those not tried again for them a
 * while; failures old enough to be retried are forgotten. */
export function noteBridgeFailure(call: Call, agentId: AgentId, nowMs: number): void {
  const recent = (call.bridgeFailures ?? []).filter((failure) => failure.agentId !== agentId && nowMs - failure.atMs < failedAgentRetryMs);
  call.bridgeFailures = [...recent, { agentId, atMs: nowMs }];
}

/** Lets the caller go to hear the message, saying why no agent has them: the agent's bridge
 * failed (whether or not their wait had run out by then), or their wait ran out with none. */
function release(ctx: StepContext, call: Call, why: ReturnCallReleaseReason): void {
  ctx.state.calls.delete(call.attemptId);
  ctx.state.leadsInFlight.delete(call.leadId);
  ctx.out.push({ type: 'return_call_released', campaignId: call.campaignId, attemptId: call.attemptId, waitedMs: ctx.nowMs - (call.answeredAtMs ?? ctx.nowMs), why });
}
