// A person calling back the campaign's number, put through to a ready agent of the campaign, as an
// answered call of the dialler's would be (the same reservation and bridge), with its lead's screen
// pop. It is no dial and no live answer: the agent is busy with it, but the pacing statistics and
// the abandonment ledger never see it. With no agent ready, or none to spare from the campaign's own
// answered and ringing dials (spare-agent.ts), the caller waits on hold for one when the campaign
// lets them (return-call-wait.ts); else it is refused, and the caller hears the campaign's message
// instead; nor is a lead already in a call (or its number) put through twice.

import type { Input } from '../inputs.js';
import { admitCall } from './admit-call.js';
import { connectTo } from './call-routing.js';
import { newCall, numbersInCall } from './call-steps.js';
import { waitOnHold } from './return-call-wait.js';
import { agentsSpokenFor, spareAgentFor } from './spare-agent.js';
import { reject, type StepContext } from './step-context.js';

export function onInboundCall(ctx: StepContext, input: Extract<Input, { type: 'inbound_call' }>): void {
  const campaign = ctx.state.campaigns.get(input.campaignId);
  if (!campaign) {
    reject(ctx, input, 'unknown_campaign', `campaign ${input.campaignId} is not loaded on this engine`);
    return;
  }
  // A withheld caller has no number (''): two at once are two people, not one number in two calls.
  if (ctx.state.calls.has(input.attemptId) || ctx.state.leadsInFlight.has(input.leadId) || (input.phone !== '' && numbersInCall(ctx).has(input.phone))) {
    reject(ctx, input, 'call_in_progress', `lead ${input.leadId} or its number is in another call now`);
    return;
  }
  // The lead as a dial of it would be (its list's overrides, its consent states): recorded by the same rules.
  const call = newCall(campaign.id, input, null, ctx.nowMs);
  call.inbound = true;
  call.answeredAtMs = ctx.nowMs;
  const spoken = agentsSpokenFor(ctx.state, campaign.id, campaign.stats.liveAnswerRate.mean);
  // The lead's group first, as for an answered dial (routing.ts), once the campaign's own calls have their agents.
  const routed = spareAgentFor(ctx.state, call, undefined, spoken);
  if (!routed) {
    // The campaign may let them wait on hold for one (return-call-wait.ts): no rejection then.
    if (waitOnHold(ctx, call)) return;
    const why = spoken.ready > 0
      ? `campaign ${campaign.id}'s ${spoken.ready} ready agent(s) are wanted for its own calls (${spoken.needed.toFixed(1)} answered or expected to answer)`
      : `no agent of campaign ${campaign.id} is ready`;
    reject(ctx, input, 'no_agent_ready', why);
    return;
  }
  admitCall(ctx.state, call);
  ctx.out.push({ type: 'attempt_progress', campaignId: call.campaignId, attemptId: call.attemptId, stage: 'answered', atMs: ctx.nowMs, agentId: null, detail: 'return call' });
  connectTo(ctx, call, routed.agent, routed.match);
}
