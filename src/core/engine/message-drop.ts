// The agent put through to a call hears an answering machine (AMD off, or it took the machine for
// a person): they have the campaign's message left on it and are free at once, wrapping up with
// no disposition to give, since the outcome is known (a machine, a message left). The message
// waits for the machine's greeting to end (greeting-wait.ts). The call is then no answer by a
// person: it leaves the abandonment figures' live answers. Not while the customer is on hold, or
// being handed over, nor on the machine of a lead who has not consented to prerecorded messages
// where the campaign's rules want it (prerecorded-message-consent.ts): the agent is told to hang
// up and give the call its disposition instead.

import type { Agent } from '../agent.js';
import type { Input } from '../inputs.js';
import { withdrawLiveAnswer } from '../compliance/abandon-ledger.js';
import { messageWithheldFor, prerecordedMessageRules } from '../compliance/prerecorded-message-consent.js';
import { wrapUpOwingNothing } from './after-call.js';
import { conversationOf } from './call-transfer.js';
import { leaveMachineMessage } from './greeting-wait.js';
import { reject, type StepContext } from './step-context.js';

export function onLeaveMessage(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_leave_message' }>): void {
  const call = conversationOf(ctx, agent);
  const campaign = call ? ctx.state.campaigns.get(call.campaignId) : undefined;
  if (!call || !campaign) {
    reject(ctx, input, 'not_in_conversation', `agent ${agent.id} has no call to leave a message on`);
    return;
  }
  const busy = call.heldAtMs !== null ? 'the customer is on hold'
    : call.transferToAgentId !== null || call.handoverWait !== null ? 'the customer is being handed over' : null;
  if (busy !== null) {
    reject(ctx, input, 'message_refused', `agent ${agent.id} cannot leave a message now: ${busy}`);
    return;
  }
  if (messageWithheldFor(campaign.settings.regime, call) !== null) {
    const rule = prerecordedMessageRules[campaign.settings.regime].rule;
    reject(ctx, input, 'message_refused', `lead ${call.leadId} has not given ${rule} to prerecorded messages: hang up instead, and give the call its disposition`);
    return;
  }
  call.endOutcome = 'machine';
  call.messageLeftAtMs = ctx.nowMs;
  // A preview call, dialled by its agent, was never counted as a live answer.
  if (call.liveAtMs !== null && call.previewAgentId === null) withdrawLiveAnswer(campaign.ledger, call.liveAtMs, ctx.nowMs);
  leaveMachineMessage(ctx, campaign, call, agent.id);
  wrapUpOwingNothing(ctx, agent, 'message_left');
}
