// A handover with a consultation first (a warm transfer): the customer waits on hold while the
// colleague's phone is brought into the agent's bridge and the two speak. The agent then brings
// the customer in (all three talk), hands the customer over, or cancels and has them back. The
// colleague is reserved, then talking, for the call all along; the call stays the agent's until
// the handover is complete, as in a blind one (call-transfer.ts).

import type { Agent } from '../agent.js';
import type { Call } from '../call.js';
import type { HoldChangeReason } from '../commands.js';
import type { Input } from '../inputs.js';
import { keepHold, releaseHold } from './call-hold.js';
import { announceHandover, conversationOf, endIfAgentLeft, freeColleague, isTransferTarget, reserveColleague } from './call-transfer.js';
import { reject, shiftAgent, type StepContext } from './step-context.js';
import { onThirdPartyAction } from './third-party-call.js';

export function onConsult(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_consult' }>): void {
  const reserved = reserveColleague(ctx, agent, input, 'consult');
  if (!reserved) return;
  const { call, colleague } = reserved;
  call.consult = 'joining';
  // On hold from now; a customer on hold already stays there.
  const holdCustomer = call.heldAtMs === null;
  if (holdCustomer) call.heldAtMs = ctx.nowMs;
  ctx.out.push({
    type: 'start_consult', campaignId: call.campaignId, attemptId: call.attemptId, agentId: agent.id, colleagueId: colleague.id, holdCustomer,
  });
  if (holdCustomer) keepHold(ctx, call);
}

/** The colleague's phone is in the agent's bridge: they speak. */
export function consultJoined(ctx: StepContext, call: Call, agentId: string): void {
  const colleague = ctx.state.agents.get(agentId);
  if (call.consult !== 'joining' || !isTransferTarget(call, agentId) || !colleague || colleague.callId !== call.attemptId) return;
  call.consult = 'consulting';
  shiftAgent(ctx, colleague, 'talking', 'consult');
  announceHandover(ctx, call, agentId);
}

export function consultFailed(ctx: StepContext, call: Call, agentId: string): void {
  if (call.consult === 'joining' && isTransferTarget(call, agentId)) freeColleague(ctx, call, 'consult_failed');
}

export function onConsultAction(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_consult_action' }>): void {
  const call = conversationOf(ctx, agent);
  if (call?.thirdParty) {
    onThirdPartyAction(ctx, agent, call, input);
    return;
  }
  const stage = call?.consult ?? null;
  if (!call || stage === null || stage === 'joining' || stage === 'completing') {
    const why = stage === 'joining' ? 'the colleague is still being brought in' : stage === 'completing' ? 'the customer is being handed over' : 'there is no consultation';
    reject(ctx, input, 'transfer_refused', `agent ${agent.id} cannot ${input.action} now: ${why}`);
    return;
  }
  const colleagueId = call.transferToAgentId ?? '';
  switch (input.action) {
    case 'conference':
      if (stage !== 'consulting') return; // asked twice: all three talk already
      bringCustomerIn(ctx, call, agent.id, 'agent');
      return;
    case 'complete':
      call.consult = 'completing';
      call.completingSinceMs = ctx.nowMs;
      ctx.out.push({ type: 'transfer_call', campaignId: call.campaignId, attemptId: call.attemptId, fromAgentId: agent.id, toAgentId: colleagueId });
      announceHandover(ctx, call, colleagueId);
      return;
    case 'cancel':
      freeColleague(ctx, call, 'consult_cancelled');
      // The customer comes back to the agent once the colleague's phone has gone home.
      if (call.heldAtMs !== null) releaseHold(ctx, call, agent.id);
      return;
  }
}

/** The customer joins the agent and the colleague: all three talk. */
export function bringCustomerIn(ctx: StepContext, call: Call, agentId: string, reason: HoldChangeReason): void {
  call.consult = 'conference';
  releaseHold(ctx, call, agentId, reason);
  announceHandover(ctx, call, call.transferToAgentId ?? '');
}

/** The colleague leaves a consultation (hangs up their side): the customer stays with the agent,
 * or, when the agent's phone has gone meanwhile, with nobody and is hung up. */
export function leaveConsult(ctx: StepContext, call: Call): void {
  freeColleague(ctx, call, 'consult_left');
  endIfAgentLeft(ctx, call);
}
