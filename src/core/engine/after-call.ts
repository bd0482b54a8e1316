// The end of an agent's call: wrap-up over, then the logout or pause asked for during the call,
// or ready for the next one.

import type { Agent } from '../agent.js';
import { recordWrap } from '../stats/campaign-stats.js';
import { offerWaitingCall } from './call-routing.js';
import { shiftAgent, type StepContext } from './step-context.js';

/** Wrap-up is over: honour a pause or logout asked for during the call, else go ready. */
export function endWrap(ctx: StepContext, agent: Agent): void {
  recordWrap(campaignStats(ctx, agent), ctx.nowMs - agent.sinceMs);
  settleAfterCall(ctx, agent, 'wrap_up_done');
}

/** After a call (or a call that never reached the agent): pending logout, pending pause, or ready. */
export function settleAfterCall(ctx: StepContext, agent: Agent, readyReason: string): void {
  if (agent.pendingLogout) {
    agent.pendingLogout = false;
    agent.logoutAwaitsDisposition = false;
    ctx.out.push({ type: 'hangup_agent', agentId: agent.id });
    shiftAgent(ctx, agent, 'logged_out', 'logout', agent.pendingLogoutBy);
  } else if (agent.pendingPause !== null) {
    const reason = agent.pendingPause;
    const by = agent.pendingPauseBy;
    shiftAgent(ctx, agent, 'paused', reason, by);
    agent.pauseReason = reason;
    agent.pausedBy = by;
  } else {
    shiftAgent(ctx, agent, 'ready', readyReason);
    offerWaitingCall(ctx, agent);
  }
}

/** An agent whose part in a call ended without its disposition being theirs to give (the call was
 * handed on, or left to a message): an earlier call they still owe one is on their list of calls
 * left without one. A staff member's pause asked for during the call begins at once, as one asked
 * in a wrap-up owing nothing does: it waits for a disposition, and there is none to wait for (a
 * manual wrap-up would otherwise hold it until the agent said Ready). */
export function wrapUpOwingNothing(ctx: StepContext, agent: Agent, reason: string): void {
  agent.callId = null;
  agent.owesDispositionFor = null;
  shiftAgent(ctx, agent, 'wrap_up', reason);
  if (agent.pendingPauseBy !== null && agent.pendingPause !== null && !agent.pendingLogout) endWrap(ctx, agent);
}

/** The agent's part in the call is over and its disposition is theirs to give. */
export function wrapUpOwingDisposition(ctx: StepContext, agent: Agent, attemptId: string, reason: string): void {
  agent.callId = null;
  agent.owesDispositionFor = attemptId;
  shiftAgent(ctx, agent, 'wrap_up', reason);
}

/** The agent must give the last call's disposition before taking another: in its wrap-up, and in
 * a manual wrap-up's campaign from a pause taken instead (a pause does not skip it on the way back). */
export function owesDispositionFirst(ctx: StepContext, agent: Agent): boolean {
  return agent.owesDispositionFor !== null
    && (agent.status === 'wrap_up' || ctx.state.campaigns.get(agent.campaignId)?.settings.wrapUpMode === 'manual');
}

/** The statistics of the agent's campaign, which must be loaded. */
export function campaignStats(ctx: StepContext, agent: Agent) {
  const campaign = ctx.state.campaigns.get(agent.campaignId);
  if (!campaign) throw new Error(`agent ${agent.id} belongs to unknown campaign ${agent.campaignId}`);
  return campaign.stats;
}
