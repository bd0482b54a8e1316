// Customers waiting on hold to be handed to a group (closers, a language) that had nobody ready
// when their agent asked: each goes to the next agent of the group to come free, the longest
// waiting first, unless an answered call took that agent already (the 2-second rule comes first).
// The agent keeps the customer meanwhile: taking them off hold, or the hold's limit, ends the wait.

import { handOver, longestReadyOf } from './call-transfer.js';
import type { StepContext } from './step-context.js';

/** Hands each waiting customer to a ready agent of their group, if there is one (every tick). */
export function placeWaitingHandovers(ctx: StepContext): void {
  const waiting = [...ctx.state.calls.values()]
    .filter((call) => call.waitingForGroup !== null && call.status === 'connected' && call.agentId !== null)
    .sort((a, b) => (a.waitingForGroup?.sinceMs ?? 0) - (b.waitingForGroup?.sinceMs ?? 0));
  for (const call of waiting) {
    const colleague = call.waitingForGroup ? longestReadyOf(ctx, call.campaignId, call.waitingForGroup.group) : null;
    if (!colleague || call.agentId === null) continue;
    call.waitingForGroup = null;
    handOver(ctx, call, call.agentId, colleague);
  }
}

/** The customers waiting for each group of the campaign. */
export function waitingByGroup(ctx: StepContext, campaignId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of ctx.state.calls.values()) {
    const group = call.campaignId === campaignId ? call.waitingForGroup?.group : undefined;
    if (group !== undefined) counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}
