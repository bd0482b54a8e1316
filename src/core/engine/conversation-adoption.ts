// A restart after a crash finds conversations the crashed run had put through still going on in
// the PBX. Each is taken up where it is: the agent back in the engine, talking, and the call
// connected, so that hanging up, pausing the recording, wrap-up and the disposition work as for any
// call, and its attempt closes when the conversation really ends, with its real length. A customer
// handed to another campaign's team stays that campaign's call, and the agent their own team's.
// Refused when either campaign is not driven here, or the agent, the call or its lead is in the
// engine already.

import { placeAgentInConversation } from '../agent.js';
import { recordsEveryCall } from '../campaign-settings.js';
import type { Call } from '../call.js';
import type { Input } from '../inputs.js';
import { admitCall } from './admit-call.js';
import { endKeptHandoverWait } from './handover-wait.js';
import { keepHold } from './call-hold.js';
import { refusesSignIn, signIn } from './agent-steps.js';
import { groupOf } from './call-steps.js';
import { reject, reportAgentMove, type StepContext } from './step-context.js';

type Adoption = Extract<Input, { type: 'conversation_adopted' }>;

/** Where the customer's hold is, by the PBX (`held`: alone in their holding bridge or not), the
 * attempt giving its times. A hold left on goes on, timed from when the crashed run kept it began
 * (from now if it kept none); a hold the attempt has but the PBX no longer (the crash lost the
 * write of its end) ends now, its time so far counted as an end of a hold counts it. */
function holdAsThePbxHasIt(conversation: Adoption['conversation'], nowMs: number): Pick<Call, 'heldAtMs' | 'heldMs'> {
  const keptSinceMs = conversation.heldSinceMs ?? null;
  const heldMs = conversation.heldMs ?? 0;
  if (conversation.held === true) return { heldAtMs: keptSinceMs ?? nowMs, heldMs };
  return { heldAtMs: null, heldMs: keptSinceMs === null ? heldMs : heldMs + Math.max(0, nowMs - keptSinceMs) };
}

export function onConversationAdopted(ctx: StepContext, input: Adoption): void {
  const { conversation } = input;
  // Refused for an unknown campaign of the agent's too, saying so.
  if (refusesSignIn(ctx, input)) return;
  const campaignId = conversation.campaignId ?? input.campaignId;
  const campaign = ctx.state.campaigns.get(campaignId);
  if (!campaign) {
    reject(ctx, input, 'unknown_campaign', `campaign ${campaignId} of call ${conversation.attemptId} is not loaded on this engine`);
    return;
  }
  if (ctx.state.calls.has(conversation.attemptId) || ctx.state.leadsInFlight.has(conversation.leadId)) {
    reject(ctx, input, 'call_in_progress', `call ${conversation.attemptId} or its lead ${conversation.leadId} is already in progress`);
    return;
  }
  const agent = signIn(ctx, input);
  const call: Call = {
    attemptId: conversation.attemptId, campaignId: campaign.id, leadId: conversation.leadId, phone: conversation.phone,
    group: groupOf(conversation), status: 'connected', previewAgentId: null, agentId: agent.id,
    originatedAtMs: conversation.originatedAtMs, ringingAtMs: conversation.ringingAtMs, answeredAtMs: conversation.answeredAtMs,
    liveAtMs: conversation.liveAtMs, connectedAtMs: conversation.connectedAtMs, safeHarborAtMs: null,
    amdVerdict: conversation.amdVerdict, amdDetail: '', abandoned: false,
    // Its answer was counted (or not) by the run that placed it; the forecast here never saw it.
    forecastCounted: false, hangupRequested: false, optedOut: false, endOutcome: null, endedBy: null,
    // A pause left on is timed from now: the limit resumes it if the agent does not.
    recorded: conversation.recorded ?? recordsEveryCall(campaign.settings),
    recordingPausedAtMs: conversation.recordingPaused && campaign.settings.recordingEnabled ? ctx.nowMs : null,
    recordingStopped: false,
    ...holdAsThePbxHasIt(conversation, ctx.nowMs),
    // A customer still on hold goes on waiting for the team or group they were waiting for.
    handoverWait: conversation.held === true ? conversation.handoverWait ?? null : null,
    transferToAgentId: null, consult: null, completingSinceMs: null, messageLeftAtMs: null, thirdParty: null, machineMessage: null,
    // What the lead's list sets now: its message for a machine, its caller ID where the attempt kept none.
    listOverrides: conversation.listOverrides ?? null,
    // The number they were dialled with, as the attempt kept it: the list's may have changed since.
    ...(conversation.callerId ? { shownCallerId: conversation.callerId } : {}),
    recordingConsentStates: conversation.recordingConsentStates ?? [], prerecordedConsent: conversation.prerecordedConsent === true, messageWithheld: null,
    handovers: [...(conversation.handovers ?? [])],
    // A return call stays one: no dial of the campaign's, nor wanting one of its agents as a dial would.
    ...(conversation.inbound === true ? { inbound: true } : {}),
  };
  admitCall(ctx.state, call);
  // The attempt as the crashed run kept it may lag behind the PBX (a write the crash lost): put right.
  if (call.heldAtMs !== (conversation.heldSinceMs ?? null)) keepHold(ctx, call);
  if (call.handoverWait === null && conversation.handoverWait) endKeptHandoverWait(ctx, call);
  reportAgentMove(ctx, agent, placeAgentInConversation(agent, call.attemptId, conversation.connectedAtMs, ctx.nowMs), 'conversation_adopted');
  // A microphone the agent had turned off stays off, as the PBX kept it.
  agent.muted = conversation.muted === true;
}
