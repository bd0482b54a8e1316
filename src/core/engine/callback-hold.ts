// Holding a ready agent for their personal callback: while the shell leases the lead, no other
// call is routed to the agent and pacing does not count them as free, so the callback is the next
// call they get.

import type { Agent } from '../agent.js';
import type { StepContext } from './step-context.js';

/** Holds the agent and asks the shell to dial their callback; false when there is none to dial. */
export function holdForCallback(ctx: StepContext, agent: Agent): boolean {
  if (agent.callbackHoldSinceMs !== null) return true;
  if (!agent.callbackDue || agent.status !== 'ready') return false;
  if (ctx.state.campaigns.get(agent.campaignId)?.status !== 'running') return false;
  agent.callbackHoldSinceMs = ctx.nowMs;
  ctx.out.push({ type: 'dial_callback', agentId: agent.id, campaignId: agent.campaignId });
  return true;
}

export function isHeldForCallback(agent: Agent): boolean {
  return agent.status === 'ready' && agent.callbackHoldSinceMs !== null;
}
