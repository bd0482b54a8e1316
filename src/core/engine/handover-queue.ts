// Customers waiting on hold to be handed to a team or group (closers, a language) that had nobody
// ready when their agent asked: each goes to the next agent of it to come free, the longest
// waiting first, unless an answered call took that agent already (the 2-second rule comes first).
// The agent keeps the customer meanwhile: taking them off hold, or the hold's limit, ends the wait;
// the move done ends it too, and a move that fails leaves it for the next agent to come free.

import type { Call, HandoverWait } from '../call.js';
import type { EngineState } from '../engine-state.js';
import { handOver, longestReadyOf } from './call-transfer.js';
import type { StepContext } from './step-context.js';

/** Hands each waiting customer to a ready agent of their team or group, if there is one (every tick). */
export function placeWaitingHandovers(ctx: StepContext): void {
  const waiting: { call: Call; wait: HandoverWait; agentId: string }[] = [];
  for (const call of ctx.state.calls.values()) {
    // One being handed over already keeps its wait until the move is done: a failed move (the
    // colleague's phone lost, the PBX refusing) leaves it waiting for the next.
    if (call.handoverWait !== null && call.transferToAgentId === null && call.status === 'connected' && call.agentId !== null) {
      waiting.push({ call, wait: call.handoverWait, agentId: call.agentId });
    }
  }
  for (const { call, wait, agentId } of waiting.sort((a, b) => a.wait.sinceMs - b.wait.sinceMs)) {
    const colleague = longestReadyOf(ctx, wait.campaignId, wait.group);
    if (colleague) handOver(ctx, call, agentId, colleague);
  }
}

/** The customers waiting for agents of a campaign's team: for one of its groups, or for anyone of it. */
export interface HandoverDemand {
  byGroup: Map<string, number>;
  anyone: number;
}

/** The customers, of any campaign, waiting for agents of this campaign's team. */
export function handoverDemandOf(state: EngineState, campaignId: string): HandoverDemand {
  const demand: HandoverDemand = { byGroup: new Map(), anyone: 0 };
  for (const call of state.calls.values()) {
    const wait = call.handoverWait;
    // One with its colleague reserved already asks for nobody more.
    if (wait === null || wait.campaignId !== campaignId || call.transferToAgentId !== null) continue;
    if (wait.group === null) demand.anyone += 1;
    else demand.byGroup.set(wait.group, (demand.byGroup.get(wait.group) ?? 0) + 1);
  }
  return demand;
}

/** How many customers, of any campaign, wait for agents of this campaign's team (or a group of it). */
export function handoversWaitingFor(state: EngineState, campaignId: string): number {
  const demand = handoverDemandOf(state, campaignId);
  return [...demand.byGroup.values()].reduce((sum, n) => sum + n, demand.anyone);
}
