// The agent calls one of the campaign's third parties (a verification desk, a supplier) with the
// customer on hold: the third party's line rings into the agent's bridge and the two speak. The
// agent then brings the customer in (all three talk), leaves the customer with the third party
// (the agent wraps up and gives the call's disposition, the line stays the campaign's until one
// of the two hangs up), or ends it and has the customer back. Agents call only the numbers the
// campaign names, so no number reaches the PBX from an agent's keyboard. The third party is shown
// the number the customer was (their list's caller ID, or the campaign's local one), as the call
// was dialled with it.

import type { Agent } from '../agent.js';
import type { Call, ThirdPartyStage } from '../call.js';
import type { CampaignRuntime } from '../engine-state.js';
import type { HoldChangeReason } from '../commands.js';
import type { Input } from '../inputs.js';
import { callerIdFor } from '../list-overrides.js';
import { recordTalk } from '../stats/campaign-stats.js';
import { wrapUpOwingDisposition } from './after-call.js';
import { requestHangup } from './call-hangup.js';
import { comeOffHold, keepHold, releaseHold } from './call-hold.js';
import { conversationOf, whyNotNow } from './call-transfer.js';
import { isRecordingPaused } from './recording-pause.js';
import { reject, type StepContext } from './step-context.js';

export function onCallThirdParty(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_call_third_party' }>): void {
  const call = conversationOf(ctx, agent);
  const campaign = call ? ctx.state.campaigns.get(call.campaignId) : undefined;
  if (!call || !campaign) {
    reject(ctx, input, 'not_in_conversation', `agent ${agent.id} has no customer to call a third party about`);
    return;
  }
  const wanted = input.name.trim().toLowerCase();
  const party = campaign.settings.thirdParties?.find((p) => p.name.toLowerCase() === wanted);
  const refusal = party ? whyNotNow(call) : `${input.name} is not one of the campaign's third parties`;
  if (!party || refusal !== null) {
    reject(ctx, input, 'transfer_refused', refusal ?? '');
    return;
  }
  call.thirdParty = { name: party.name, stage: 'dialing', sinceMs: ctx.nowMs, handedOffAtMs: null, endedWhileHandingOff: null };
  // On hold from now; a customer on hold already stays there.
  const holdCustomer = call.heldAtMs === null;
  if (holdCustomer) call.heldAtMs = ctx.nowMs;
  const { settings } = campaign;
  ctx.out.push({
    type: 'dial_third_party', campaignId: call.campaignId, attemptId: call.attemptId, agentId: agent.id, number: party.number,
    // The number the customer was shown (their list's, or the campaign's local one): the same
    // business calling. The one they were dialled with where kept, though either changed since.
    callerId: call.shownCallerId ?? callerIdFor(settings, call), endpointTemplate: settings.customerEndpoint ?? null, ringTimeoutMs: settings.ringTimeoutMs, holdCustomer,
  });
  if (holdCustomer) keepHold(ctx, call);
  announce(ctx, call, 'dialing', `calling ${party.name}`);
}

/** The agent's conference, complete or cancel, on a call with a third party. */
export function onThirdPartyAction(ctx: StepContext, agent: Agent, call: Call, input: Extract<Input, { type: 'agent_consult_action' }>): void {
  const stage = call.thirdParty?.stage;
  const ready = stage === 'talking' || stage === 'conference';
  if (input.action !== 'cancel' && !ready) {
    const why = stage === 'dialing' ? `${call.thirdParty?.name ?? 'the third party'} has not answered yet` : 'the customer is being left with the third party';
    reject(ctx, input, 'transfer_refused', `agent ${agent.id} cannot ${input.action} now: ${why}`);
    return;
  }
  switch (input.action) {
    case 'conference':
      if (stage === 'talking') bringCustomerToThirdParty(ctx, call, agent.id, 'agent');
      return;
    case 'complete':
      setStage(ctx, call, 'handing_off');
      ctx.out.push({
        type: 'hand_off_third_party', campaignId: call.campaignId, attemptId: call.attemptId, agentId: agent.id, record: call.recorded,
        // Paused while the customer gives card details to the desk: it stays so once they are left with it.
        ...(isRecordingPaused(call) ? { recordPaused: true } : {}),
      });
      return;
    case 'cancel':
      if (stage === 'handing_off') {
        reject(ctx, input, 'transfer_refused', `agent ${agent.id} cannot cancel now: the customer is being left with the third party`);
        return;
      }
      ctx.out.push({ type: 'hang_up_third_party', attemptId: call.attemptId });
      endThirdParty(ctx, call, '');
      return;
  }
}

/** The customer joins the agent and the third party: all three talk. */
export function bringCustomerToThirdParty(ctx: StepContext, call: Call, agentId: string, reason: HoldChangeReason): void {
  setStage(ctx, call, 'conference');
  releaseHold(ctx, call, agentId, reason);
}

export function thirdPartyAnswered(ctx: StepContext, call: Call): void {
  if (call.thirdParty?.stage === 'dialing') setStage(ctx, call, 'talking');
}

/** The third party's line is gone: alone with nobody, the customer is hung up; otherwise they
 * are back with their agent. */
export function thirdPartyEnded(ctx: StepContext, call: Call, reason: string): void {
  if (call.thirdParty === null) return;
  if (call.status === 'handed_off') {
    requestHangup(ctx, call, 'connected', 'third_party_left');
    return;
  }
  // The PBX may be moving the customer to the line that is gone: its answer says where they are.
  if (call.thirdParty.stage === 'handing_off') {
    call.thirdParty.endedWhileHandingOff = reason;
    return;
  }
  endThirdParty(ctx, call, reason);
}

/** The customer and the third party talk on without the agent, who wraps up and owes the
 * disposition. The agent's talk ends here, for the pacer's forecast of calls' length as well. */
export function thirdPartyHandedOff(ctx: StepContext, campaign: CampaignRuntime, call: Call): void {
  const party = call.thirdParty;
  if (party?.stage !== 'handing_off' || call.status !== 'connected') return;
  // Moved to a third party already gone: the customer comes back to their agent instead.
  if (party.endedWhileHandingOff !== null) {
    if (call.agentId !== null) releaseHold(ctx, call, call.agentId);
    endThirdParty(ctx, call, party.endedWhileHandingOff);
    return;
  }
  comeOffHold(ctx, call);
  party.handedOffAtMs = ctx.nowMs;
  call.status = 'handed_off';
  setStage(ctx, call, 'handed_off');
  if (call.connectedAtMs !== null) recordTalk(campaign.stats, ctx.nowMs - call.connectedAtMs);
  const agent = call.agentId ? ctx.state.agents.get(call.agentId) : undefined;
  if (agent?.callId === call.attemptId) wrapUpOwingDisposition(ctx, agent, call.attemptId, 'left_with_third_party');
}

/** The PBX could not leave the two together: all three are in the agent's bridge again. */
export function thirdPartyHandoffFailed(ctx: StepContext, call: Call): void {
  const party = call.thirdParty;
  if (party?.stage !== 'handing_off') return;
  comeOffHold(ctx, call);
  if (party.endedWhileHandingOff !== null) endThirdParty(ctx, call, party.endedWhileHandingOff);
  else setStage(ctx, call, 'conference');
}

/** Whether the call's talk was counted when its agent left it with a third party. */
export function talkCountedAtHandoff(call: Call): boolean {
  return call.thirdParty?.handedOffAtMs != null;
}

/** The customer has been on hold as long as the campaign allows while the third party still
 * rings: its line is hung up and the customer is back with their agent. */
export function giveUpRingingThirdParty(ctx: StepContext, call: Call): void {
  if (call.thirdParty?.stage !== 'dialing') return;
  ctx.out.push({ type: 'hang_up_third_party', attemptId: call.attemptId });
  endThirdParty(ctx, call, 'no answer within the hold limit', 'time_limit');
}

/** `reason`: why the line ended, for the agent ('' when they ended it). */
function endThirdParty(ctx: StepContext, call: Call, reason: string, holdEndedBy: HoldChangeReason = 'agent'): void {
  const agentId = call.agentId;
  const name = call.thirdParty?.name ?? '';
  call.thirdParty = null;
  if (agentId === null) return;
  if (call.heldAtMs !== null) releaseHold(ctx, call, agentId, holdEndedBy);
  ctx.out.push({ type: 'third_party_changed', campaignId: call.campaignId, attemptId: call.attemptId, agentId, name, stage: 'ended', detail: reason });
}

function setStage(ctx: StepContext, call: Call, stage: ThirdPartyStage): void {
  if (!call.thirdParty) return;
  call.thirdParty.stage = stage;
  call.thirdParty.sinceMs = ctx.nowMs;
  announce(ctx, call, stage, '');
}

function announce(ctx: StepContext, call: Call, stage: ThirdPartyStage, detail: string): void {
  if (call.agentId === null || !call.thirdParty) return;
  ctx.out.push({ type: 'third_party_changed', campaignId: call.campaignId, attemptId: call.attemptId, agentId: call.agentId, name: call.thirdParty.name, stage, detail });
}
