// Customer calls from lease to hang-up: originate, ring, answer, AMD verdict, bridge, safe
// harbor, opt-out, and the end of the call with its outcome.

import type { ActingStaff } from '../acting-staff.js';
import { loginPauseReason } from '../agent.js';
import { assert } from '../assert.js';
import type { Call } from '../call.js';
import { classifyUnanswered, type CallOutcome } from '../call-outcome.js';
import type { AttemptSummary } from '../commands.js';
import { recordInLedger } from '../compliance/abandon-ledger.js';
import { messageWithheldFor } from '../compliance/prerecorded-message-consent.js';
import type { CampaignRuntime } from '../engine-state.js';
import type { Input, LeadDial } from '../inputs.js';
import { callerIdFor } from '../list-overrides.js';
import { noteDialStarted } from '../pacing/dial-rate.js';
import { noLeadsRetryMs } from '../limits.js';
import { normaliseGroup } from '../routing.js';
import { recordDialResult, recordTalk } from '../stats/campaign-stats.js';
import { admitCall } from './admit-call.js';
import { owesDispositionFirst, settleAfterCall, wrapUpOwingDisposition } from './after-call.js';
import { abandonRestMsOf, abandonToSafeHarbor, connectTo, isLiveAnswerWithoutAgent, markAbandoned, markLive, pastConnectDeadline, routeCall, unreserve } from './call-routing.js';
import { isHeldForCallback } from './callback-hold.js';
import { holdFailed, timeOnHold } from './call-hold.js';
import { hangUp, requestHangup } from './call-hangup.js';
import { farEndTalking, leaveMachineMessage } from './greeting-wait.js';
import { consultFailed, consultJoined } from './call-consult.js';
import { endIfAgentLeft, freeColleague, isTransferTarget, transferDone } from './call-transfer.js';
import { recordingFailed } from './recording-failed.js';
import { recordingPauseFailed, recordingStartFailed, recordingStopFailed, recordsFromConnection, startRecording } from './recording-pause.js';
import { talkCountedAtHandoff, thirdPartyAnswered, thirdPartyEnded, thirdPartyHandedOff, thirdPartyHandoffFailed } from './third-party-call.js';
import { agentsNotRetriedYet, backOnHoldAfterLateBridge, backOnHoldOrReleased, isWaitingReturnCall, noteBridgeFailure } from './return-call-wait.js';
import { spareAgentFor } from './spare-agent.js';
import { namingCampaigns, reject, shiftAgent, type StepContext } from './step-context.js';

export function onLeadsLeased(ctx: StepContext, input: Extract<Input, { type: 'leads_leased' }>): void {
  const campaign = ctx.state.campaigns.get(input.campaignId);
  if (!campaign) {
    reject(ctx, input, 'unknown_campaign', `campaign ${input.campaignId} is not loaded on this engine`);
    return;
  }
  campaign.leadsPending = Math.max(0, campaign.leadsPending - input.requested);
  if (input.leads.length < input.requested) campaign.noLeadsUntilMs = ctx.nowMs + noLeadsRetryMs;
  assertNoDoubleDial(ctx, input.leads);
  // Two leads may share a number (a household's line): it is never rung twice at once.
  const inCall = numbersInCall(ctx);
  for (const lead of input.leads) {
    if (campaign.status !== 'running') closeUndialled(ctx, campaign, lead, 'campaign not running');
    else if (inCall.has(lead.phone)) closeUndialled(ctx, campaign, lead, 'number already in a call');
    else {
      inCall.add(lead.phone);
      startCall(ctx, campaign, lead, null);
    }
  }
}

/** The numbers the engine's calls are on. */
export function numbersInCall(ctx: StepContext): Set<string> {
  return new Set([...ctx.state.calls.values()].map((call) => call.phone));
}

function assertNoDoubleDial(ctx: StepContext, leads: readonly LeadDial[]): void {
  const seen = new Set<string>();
  for (const lead of leads) {
    assert(!ctx.state.leadsInFlight.has(lead.leadId) && !seen.has(lead.leadId), 'DOUBLE_DIAL',
      `lead ${lead.leadId} already has a call in progress`);
    assert(!ctx.state.calls.has(lead.attemptId), 'DUPLICATE_ATTEMPT', `attempt ${lead.attemptId} already exists`);
    seen.add(lead.leadId);
  }
}

/** The lead's distribution group as calls carry it: normalised, null for none. */
export function groupOf(lead: { group?: string | null }): string | null {
  const group = lead.group ? normaliseGroup(lead.group) : '';
  return group === '' ? null : group;
}

export function startCall(ctx: StepContext, campaign: CampaignRuntime, lead: LeadDial, previewAgentId: string | null): Call {
  const call = newCall(campaign.id, lead, previewAgentId, ctx.nowMs);
  const callerId = callerIdFor(campaign.settings, call);
  // Kept: a third party called about the customer is shown it, whatever changes meanwhile.
  if (callerId !== null) call.shownCallerId = callerId;
  admitCall(ctx.state, call);
  noteDialStarted(ctx.state, campaign, ctx.nowMs);
  ctx.out.push({
    type: 'originate', campaignId: campaign.id, attemptId: call.attemptId, leadId: call.leadId,
    phone: call.phone, ringTimeoutMs: campaign.settings.ringTimeoutMs,
    amd: campaign.settings.amdEnabled && previewAgentId === null, amdAfterGreetingMs: campaign.settings.amdAfterGreetingMs,
    callerId,
    endpointTemplate: campaign.settings.customerEndpoint ?? null,
  });
  return call;
}

/** A call of the lead as it starts, dialling, before anything has happened to it. */
export function newCall(campaignId: string, lead: LeadDial, previewAgentId: string | null, nowMs: number): Call {
  return {
    attemptId: lead.attemptId, campaignId, leadId: lead.leadId, phone: lead.phone, group: groupOf(lead),
    status: 'dialing', previewAgentId, agentId: null, originatedAtMs: nowMs, ringingAtMs: null,
    answeredAtMs: null, liveAtMs: null, connectedAtMs: null, safeHarborAtMs: null, amdVerdict: null,
    amdDetail: '', abandoned: false, forecastCounted: false, hangupRequested: false, optedOut: false, endOutcome: null, endedBy: null, recorded: false, recordingPausedAtMs: null, recordingStopped: false,
    heldAtMs: null, heldMs: 0, transferToAgentId: null, handoverWait: null, consult: null, completingSinceMs: null, handovers: [], messageLeftAtMs: null, thirdParty: null, machineMessage: null,
    listOverrides: lead.listOverrides ?? null, recordingConsentStates: lead.recordingConsentStates ?? [],
    prerecordedConsent: lead.prerecordedConsent === true, messageWithheld: null,
  };
}

/** A lease not to be dialled (the campaign stopped while it was on its way, its number is in a
 * call): the attempt closes undialled, counting no dial, and the lead waits its turn again. */
function closeUndialled(ctx: StepContext, campaign: CampaignRuntime, lead: LeadDial, why: string): void {
  ctx.out.push({ type: 'attempt_closed', summary: {
    attemptId: lead.attemptId, campaignId: campaign.id, leadId: lead.leadId, phone: lead.phone,
    outcome: 'cancelled', cause: 0, causeText: why, dialStatus: '', agentId: null, previewAgentId: null,
    amdVerdict: null, amdDetail: '', abandoned: false, safeHarborPlayed: false, safeHarborAtMs: null, optedOut: false,
    originatedAtMs: ctx.nowMs, dialSent: false, ringingAtMs: null, answeredAtMs: null, liveAtMs: null,
    connectedAtMs: null, endedAtMs: ctx.nowMs, heldMs: 0, handovers: [], messageLeftAtMs: null, messagePlayed: null, messageWithheld: null, thirdParty: null, endedBy: null,
  } });
}

export function onPreviewDial(ctx: StepContext, input: Extract<Input, { type: 'preview_dial' }>): void {
  const agent = ctx.state.agents.get(input.agentId);
  const campaign = ctx.state.campaigns.get(input.campaignId);
  if (!agent || !campaign) {
    reject(ctx, input, agent ? 'unknown_campaign' : 'unknown_agent', 'preview dial needs a known agent and campaign');
    return;
  }
  if (agent.status !== 'ready' && agent.status !== 'paused') {
    reject(ctx, input, 'agent_busy', `agent is ${agent.status}`);
    return;
  }
  if (owesDispositionFirst(ctx, agent)) {
    reject(ctx, input, 'agent_busy', 'the last call needs a disposition first');
    return;
  }
  // A preview left open in a campaign the agent has since left is not rung into their new work.
  if (agent.campaignId !== campaign.id) {
    reject(ctx, input, 'not_your_call', namingCampaigns([agent.campaignId, campaign.id], `agent ${agent.id} works campaign ${agent.campaignId} now, not campaign ${campaign.id}`, [agent.id]));
    return;
  }
  // A callback waits for the agent to be free; one who paused or took a call meanwhile gets it later.
  if (input.callback === true && !isHeldForCallback(agent)) {
    reject(ctx, input, 'agent_busy', 'agent is no longer held for the callback');
    return;
  }
  // A number two leads share (a household's line) is never rung twice at once, by hand neither.
  if (numbersInCall(ctx).has(input.lead.phone)) {
    reject(ctx, input, 'call_in_progress', 'the number is in another call now: dial it again once that call ends');
    return;
  }
  assertNoDoubleDial(ctx, [input.lead]);
  if (input.callback === true) agent.callbackDue = false;
  const call = startCall(ctx, campaign, input.lead, agent.id);
  agent.callId = call.attemptId;
  call.agentId = agent.id;
  // An agent on a break who dials by hand goes back to it after the call, not to paced calls; one
  // paused since logging in goes on to ready.
  const onBreak = agent.status === 'paused' && agent.pauseReason !== null && agent.pauseReason !== loginPauseReason;
  if (onBreak && agent.pendingPause === null) {
    agent.pendingPause = agent.pauseReason;
    agent.pendingPauseBy = agent.pausedBy;
    agent.pauseUsedMs += ctx.nowMs - agent.sinceMs;
  }
  shiftAgent(ctx, agent, 'reserved', 'preview_dial');
}

type CallInput = Extract<Input, { attemptId: string }>;

export function onCallInput(ctx: StepContext, call: Call, input: CallInput): void {
  const campaign = ctx.state.campaigns.get(call.campaignId);
  assert(campaign, 'ORPHAN_CALL', `call ${call.attemptId} belongs to unknown campaign ${call.campaignId}`);
  switch (input.type) {
    case 'originate_failed': return originateFailed(ctx, campaign, call, input);
    case 'dial_blocked': return endCall(ctx, campaign, call, { cause: 0, causeText: `${input.rule}: ${input.reason}`, dialStatus: '' }, 'blocked');
    case 'call_ringing': return ringing(ctx, call);
    case 'call_answered': return answered(ctx, campaign, call, input.answeredAtMs);
    case 'amd_result': return amdResult(ctx, campaign, call, input);
    case 'call_bridged': return bridged(ctx, campaign, call, input.agentId);
    case 'bridge_failed': return isTransferTarget(call, input.agentId) ? transferFailed(ctx, call) : bridgeToAgentFailed(ctx, call, input.agentId);
    case 'playback_finished': return playbackFinished(ctx, call, input.failed === true);
    case 'dtmf_received': return dtmf(ctx, campaign, call, input.digit);
    case 'far_end_talking': return farEndTalking(ctx, campaign, call, input.talking);
    case 'call_ended': return endCall(ctx, campaign, call, input, null);
    case 'call_withdrawn': return withdraw(ctx, campaign, call, input.reason, input.by ?? null);
    case 'recording_pause_failed': return recordingPauseFailed(ctx, call, input.paused);
    case 'recording_start_failed': return recordingStartFailed(ctx, call);
    case 'recording_failed': return recordingFailed(ctx, call);
    case 'recording_stop_failed': return recordingStopFailed(ctx, call);
    case 'hold_failed': return holdFailed(ctx, call, input.held);
    case 'consult_joined': return consultJoined(ctx, call, input.agentId);
    case 'consult_failed': return consultFailed(ctx, call, input.agentId);
    case 'third_party_answered': return thirdPartyAnswered(ctx, call);
    case 'third_party_ended': return thirdPartyEnded(ctx, call, input.reason);
    case 'third_party_handed_off': return thirdPartyHandedOff(ctx, campaign, call);
    case 'third_party_handoff_failed': return thirdPartyHandoffFailed(ctx, call);
    default: return undefined;
  }
}

/** A call hung up before its channel existed (the hang-up found nothing) that rings or answers
 * after all is hung up again, now that there is a channel to hang up. */
function hangUpAgainIfLate(ctx: StepContext, call: Call): void {
  if (call.status === 'hanging_up' && call.answeredAtMs === null) ctx.out.push({ type: 'hangup_call', attemptId: call.attemptId, reason: 'hung up before it rang' });
}

function ringing(ctx: StepContext, call: Call): void {
  hangUpAgainIfLate(ctx, call);
  if (call.status !== 'dialing') return;
  call.status = 'ringing';
  call.ringingAtMs = ctx.nowMs;
  progress(ctx, call, 'ringing', '');
}

/** `missedAtMs`: an answer missed in a gap in the PBX's events came no earlier than that. The
 * person may have waited since: the 2 seconds are counted from then, and AMD, which would only
 * make them wait longer, is not run (a machine hears the safe-harbor message at worst). */
function answered(ctx: StepContext, campaign: CampaignRuntime, call: Call, missedAtMs?: number): void {
  hangUpAgainIfLate(ctx, call);
  if (call.status !== 'dialing' && call.status !== 'ringing') return;
  const missed = missedAtMs !== undefined && missedAtMs < ctx.nowMs;
  const at = missed ? Math.max(call.originatedAtMs, missedAtMs) : ctx.nowMs;
  call.answeredAtMs = at;
  if (missed) call.answerFoundAtMs = ctx.nowMs;
  progress(ctx, call, 'answered', missed ? `answered in a gap in the PBX's events, ${ctx.nowMs - at} ms ago at most` : '');
  if (call.previewAgentId !== null) {
    call.liveAtMs = at;
    call.status = 'connecting';
    ctx.out.push({ type: 'bridge_call', campaignId: call.campaignId, attemptId: call.attemptId, agentId: call.previewAgentId, match: 'any' });
  } else if (campaign.settings.amdEnabled && !missed) {
    call.status = 'amd';
    ctx.out.push({ type: 'start_amd', attemptId: call.attemptId });
  } else {
    markLive(ctx, campaign, call, at);
  }
}

function amdResult(ctx: StepContext, campaign: CampaignRuntime, call: Call, input: Extract<Input, { type: 'amd_result' }>): void {
  if (call.status !== 'amd') return;
  call.amdVerdict = input.verdict;
  call.amdDetail = input.detail;
  // A verdict missed in a gap came no earlier than the gap began: the person may have waited since.
  const missed = input.decidedAtMs !== undefined && input.decidedAtMs < ctx.nowMs;
  const decidedAt = missed ? Math.max(call.answeredAtMs ?? call.originatedAtMs, input.decidedAtMs ?? ctx.nowMs) : ctx.nowMs;
  if (missed) call.answerFoundAtMs = ctx.nowMs;
  if (input.verdict !== 'machine') {
    // AMD says HUMAN once the greeting is followed by silence; the 2-second clock starts at the
    // greeting's end, which is that silence earlier, and never before the answer.
    const greetingEnd = decidedAt - silenceAfterGreetingMs(input.detail, campaign.settings.amdAfterGreetingMs);
    markLive(ctx, campaign, call, Math.max(call.answeredAtMs ?? ctx.nowMs, greetingEnd));
    return;
  }
  recordInLedger(campaign.ledger, 'machine', ctx.nowMs);
  recordDialResult(campaign.stats, 'machine', (call.answeredAtMs ?? ctx.nowMs) - call.originatedAtMs);
  progress(ctx, call, 'machine', input.detail);
  call.endOutcome = 'machine';
  const withheld = campaign.settings.machineAction === 'leave_message' ? messageWithheldFor(campaign.settings.regime, call) : null;
  if (campaign.settings.machineAction === 'leave_message' && withheld === null) {
    leaveMachineMessage(ctx, campaign, call, null);
  } else {
    // A message the lead has not consented to is not left: the machine is hung up on, as any.
    call.messageWithheld = withheld;
    requestHangup(ctx, call, 'machine');
  }
}

/** The silence AMD heard after the greeting: its HUMAN cause says it (HUMAN-<heard>-<asked>, in
 * ms), longer than asked by up to a frame or more; otherwise (NOTSURE) the silence asked for. */
export function silenceAfterGreetingMs(detail: string, askedMs: number): number {
  const heard = /^HUMAN-(\d+)-\d+$/.exec(detail)?.[1];
  const ms = heard === undefined ? askedMs : Number(heard);
  return Number.isFinite(ms) && ms >= askedMs && ms <= 60_000 ? ms : askedMs;
}

function bridged(ctx: StepContext, campaign: CampaignRuntime, call: Call, agentId: string): void {
  const agent = ctx.state.agents.get(agentId);
  if (isTransferTarget(call, agentId)) {
    // A customer hanging up meanwhile frees the colleague when the call ends.
    if (agent && agent.callId === call.attemptId && call.status === 'connected') transferDone(ctx, campaign, call, agent);
    return;
  }
  if (call.status !== 'connecting' || call.agentId !== agentId || !agent || agent.callId !== call.attemptId) {
    misplacedBridge(ctx, call, agentId);
    return;
  }
  call.status = 'connected';
  call.connectedAtMs = ctx.nowMs;
  shiftAgent(ctx, agent, 'talking', 'call_connected');
  progress(ctx, call, 'connected', `waited ${ctx.nowMs - (call.liveAtMs ?? ctx.nowMs)} ms`, agentId);
  if (recordsFromConnection(campaign.settings, call)) startRecording(ctx, call, agentId);
}

/** A bridge confirmed after the engine gave up on it must not leave the customer with an agent
 * who has moved on (to the next call, a pause, a logout): a customer still talking to their agent
 * (a handover the colleague's phone dropped out of) goes back to that agent, or back on hold for
 * them, any other is taken out of the bridge: one a handover to another colleague is moving
 * anyway, or whose agent's phone has gone (no bridge to go back to); a person calling back who
 * waits for an agent again goes back on hold. */
function misplacedBridge(ctx: StepContext, call: Call, agentId: string): void {
  if (call.status === 'connected' && call.agentId === agentId) return;
  const owner = call.status === 'connected' && call.transferToAgentId === null ? call.agentId : null;
  if (owner !== null && call.heldAtMs === null && ctx.state.agents.get(owner)?.callId === call.attemptId) {
    ctx.out.push({ type: 'bridge_call', campaignId: call.campaignId, attemptId: call.attemptId, agentId: owner, match: 'any' });
    return;
  }
  // One on hold for its agent (a handover from the queue holds the customer first) goes back on
  // hold: the move took them out of their hold's bridge, and out of the colleague's they would hear
  // nothing. The hold goes on from when it began.
  if (owner !== null && call.heldAtMs !== null) {
    ctx.out.push({ type: 'set_call_held', campaignId: call.campaignId, attemptId: call.attemptId, agentId: owner, held: true,
      atMs: call.heldAtMs, heldMs: call.heldMs, reason: 'agent' });
    return;
  }
  ctx.out.push({ type: 'unbridge_call', attemptId: call.attemptId, agentId });
  // A person calling back, waiting again for an agent, would be left in no bridge at all.
  if (isWaitingReturnCall(call)) backOnHoldAfterLateBridge(ctx, call);
}

/** The customer could not be handed over: they stay with their agent, and the colleague is free;
 * with nobody, their agent's phone gone meanwhile, they are hung up, as with the phone. A customer
 * waiting for the next agent of a team keeps waiting. */
export function transferFailed(ctx: StepContext, call: Call): void {
  freeColleague(ctx, call, 'transfer_failed');
  endIfAgentLeft(ctx, call);
}

/** The bridge could not be made: the agent goes back to ready and the call looks again, unless
 * its connect deadline has passed: then it gets the safe-harbor message. An agent's own dial has
 * no other agent to look for: the person who answered hears the message at once, not silence. */
export function bridgeFailed(ctx: StepContext, call: Call): void {
  if (call.status !== 'connecting') return;
  const campaign = ctx.state.campaigns.get(call.campaignId);
  if (campaign && (call.previewAgentId !== null || pastConnectDeadline(campaign, call, ctx.nowMs))) {
    missConnectDeadline(ctx, campaign, call, 'bridge_failed');
    return;
  }
  const agent = unreserve(ctx, call);
  // A pause or logout the agent asked for while the call was put through is theirs now.
  if (agent && (agent.pendingLogout || agent.pendingPause !== null)) settleAfterCall(ctx, agent, 'bridge_failed');
  else if (agent) shiftAgent(ctx, agent, 'ready', 'bridge_failed');
  if (call.inbound === true) rerouteInbound(ctx, call, agent?.id ?? null);
  else routeCall(ctx, call);
}

/** A caller back on the line whose agent could not have them goes to another agent to spare;
 * with none, they wait on hold for the rest of the wait their campaign allows from when they
 * called (one already waiting stays in their holding bridge), and with none allowed, or that wait
 * over, they are let go to hear the campaign's message (return-call-wait.ts): a person who called
 * us is never hung up on unheard. */
function rerouteInbound(ctx: StepContext, call: Call, failedAgentId: string | null): void {
  if (failedAgentId !== null) noteBridgeFailure(call, failedAgentId, ctx.nowMs);
  // Every agent whose bridge to them failed a moment ago is passed over, not only this one.
  const routed = spareAgentFor(ctx.state, call, agentsNotRetriedYet(call, ctx.nowMs));
  if (routed) connectTo(ctx, call, routed.agent, routed.match);
  else backOnHoldOrReleased(ctx, call);
}

/** A failure reported for an agent the call has already left (their phone went down and the call
 * was put through to another) is about a bridge no longer wanted. */
function bridgeToAgentFailed(ctx: StepContext, call: Call, agentId: string): void {
  if (call.agentId === agentId) bridgeFailed(ctx, call);
}

/** No agent has the customer by the connect deadline: the safe-harbor message. An agent the call
 * was being put through to goes on as if the customer had left before the bridge: to the pause
 * or logout they asked for, or to the next call. */
export function missConnectDeadline(ctx: StepContext, campaign: CampaignRuntime, call: Call, reason: string): void {
  const agent = unreserve(ctx, call);
  abandonToSafeHarbor(ctx, campaign, call);
  if (agent) settleAfterCall(ctx, agent, reason);
}

/** The message is over: the call is hung up. One the PBX could not play (its file missing) is
 * hung up all the same, but is not recorded as played: the attempt must not claim a safe-harbor
 * message or a message on the machine that nobody heard. The abandon stays counted. */
function playbackFinished(ctx: StepContext, call: Call, failed: boolean): void {
  if (call.status !== 'safe_harbor' && call.status !== 'machine_message') return;
  if (failed) forgetPlayedMessage(call);
  requestHangup(ctx, call, call.status === 'safe_harbor' ? 'abandoned' : 'machine');
}

function forgetPlayedMessage(call: Call): void {
  // safeHarborAtMs says that the message was played, and when it started (the summary's safeHarborPlayed).
  if (call.status === 'safe_harbor') call.safeHarborAtMs = null;
  else if (call.machineMessage) call.machineMessage.played = null;
}

function dtmf(ctx: StepContext, campaign: CampaignRuntime, call: Call, digit: string): void {
  const optOut = campaign.settings.optOutDigit;
  if (call.status !== 'safe_harbor' || optOut === '' || digit !== optOut || call.optedOut) return;
  call.optedOut = true;
  ctx.out.push({ type: 'add_dnc', campaignId: call.campaignId, phone: call.phone, source: 'safe_harbor_opt_out' });
  requestHangup(ctx, call, 'abandoned');
}

/** Hangs up a call on the operator's request; the outcome follows how far the call got. A live
 * answer hung up before an agent had it is the dialler's abandon (counted here: the call is no
 * longer waiting when it ends). */
function withdraw(ctx: StepContext, campaign: CampaignRuntime, call: Call, reason: string, by: ActingStaff | null): void {
  if (call.status === 'hanging_up') return;
  // Who ended it, kept as a staff hang-up of an agent's call is: a person calling back hung up while
  // waiting is told apart from one who hung up themselves.
  call.withdrawnReason = reason;
  call.endedBy = by ?? call.endedBy;
  if (call.connectedAtMs !== null) {
    call.endOutcome = 'connected';
  } else if (isLiveAnswerWithoutAgent(call)) {
    call.endOutcome = 'abandoned';
    markAbandoned(ctx, campaign, call);
  } else if (call.liveAtMs !== null && call.endOutcome === null) {
    call.endOutcome = 'hangup_before_connect';
  }
  hangUp(ctx, call, reason);
}

interface EndSignals {
  cause: number;
  causeText: string;
  dialStatus: string;
  /** The dial never reached the PBX. */
  notSent?: boolean;
  /** The channel ended unseen, in a gap in the PBX's events. */
  unseen?: boolean;
}

/** A dial that never reached the PBX closes as no dial: cancelled when the engine had hung it up
 * (it waited for an originate slot), failed otherwise. One the PBX refused is a failed dial. */
function originateFailed(ctx: StepContext, campaign: CampaignRuntime, call: Call, input: Extract<CallInput, { type: 'originate_failed' }>): void {
  const notSent = input.notSent === true;
  const outcome = notSent && call.hangupRequested ? 'cancelled' : 'failed';
  endCall(ctx, campaign, call, { cause: 0, causeText: input.reason, dialStatus: '', notSent }, outcome);
}

/** The customer channel is gone: settle the outcome, free the agent, close the attempt. */
export function endCall(ctx: StepContext, campaign: CampaignRuntime, call: Call, signals: EndSignals, forced: CallOutcome | null): void {
  const outcome = forced ?? (signals.unseen === true && endedUnknown(call) ? 'lost_in_gap' : outcomeAtEnd(call, signals));
  // A dial that was withdrawn or never placed says nothing about how often people answer, nor does
  // an agent's own dial (a callback, a number typed), whose answers are not counted either, nor
  // one that ended unseen (it may have been answered in the gap).
  if (call.answeredAtMs === null && call.previewAgentId === null && outcome !== 'cancelled' && outcome !== 'blocked' && outcome !== 'lost_in_gap'
    && signals.notSent !== true) {
    recordDialResult(campaign.stats, 'none', ctx.nowMs - call.originatedAtMs);
  }
  // A person calling back who hangs up on hold was reached by no dial of ours: no abandon.
  if (call.status === 'waiting_agent' && call.inbound !== true) markAbandoned(ctx, campaign, call);
  if (call.connectedAtMs !== null && !talkCountedAtHandoff(call)) recordTalk(campaign.stats, ctx.nowMs - call.connectedAtMs);
  if (call.thirdParty !== null) ctx.out.push({ type: 'hang_up_third_party', attemptId: call.attemptId });
  releaseAgent(ctx, call);
  ctx.state.calls.delete(call.attemptId);
  ctx.state.leadsInFlight.delete(call.leadId);
  ctx.out.push({ type: 'attempt_closed', summary: summarise(ctx, campaign, call, outcome, signals) });
}

/** A call that ended unseen whose outcome the engine cannot tell: one ringing may have been
 * answered, busy or rung out; one in AMD may have been a person or a machine; one being put
 * through may have reached its agent or not. What the engine knew stays: a conversation with an
 * agent is connected, a person left waiting with no agent is abandoned, a machine is a machine. */
function endedUnknown(call: Call): boolean {
  if (call.endOutcome !== null || call.hangupRequested) return false;
  return call.status === 'dialing' || call.status === 'ringing' || call.status === 'amd' || call.status === 'connecting';
}

function outcomeAtEnd(call: Call, signals: EndSignals): CallOutcome {
  if (call.endOutcome !== null) return call.endOutcome;
  switch (call.status) {
    case 'dialing':
    case 'ringing': return classifyUnanswered(signals.cause, signals.dialStatus, call.hangupRequested);
    case 'waiting_agent': return call.inbound === true ? 'cancelled' : 'abandoned';
    case 'safe_harbor': return 'abandoned';
    case 'machine_message': return 'machine';
    case 'connected':
    case 'handed_off': return 'connected';
    default: return 'hangup_before_connect';
  }
}

function releaseAgent(ctx: StepContext, call: Call): void {
  freeColleague(ctx, call, 'customer_left');
  const agent = call.agentId ? ctx.state.agents.get(call.agentId) : undefined;
  if (!agent || agent.callId !== call.attemptId) return;
  if (agent.status === 'talking') {
    wrapUpOwingDisposition(ctx, agent, call.attemptId, 'call_ended');
  } else if (agent.status === 'reserved' && call.previewAgentId !== null) {
    wrapUpOwingDisposition(ctx, agent, call.attemptId, 'preview_call_ended');
  } else {
    agent.callId = null;
    if (agent.status === 'reserved') settleAfterCall(ctx, agent, 'customer_left');
  }
}

function progress(ctx: StepContext, call: Call, stage: 'ringing' | 'answered' | 'machine' | 'connected', detail: string, agentId: string | null = null): void {
  ctx.out.push({ type: 'attempt_progress', campaignId: call.campaignId, attemptId: call.attemptId, stage, atMs: ctx.nowMs, agentId, detail });
}

function summarise(ctx: StepContext, campaign: CampaignRuntime, call: Call, outcome: CallOutcome, signals: EndSignals): AttemptSummary {
  const abandoned = call.abandoned || outcome === 'abandoned';
  return {
    attemptId: call.attemptId, campaignId: call.campaignId, leadId: call.leadId, phone: call.phone, outcome,
    cause: signals.cause, causeText: signals.causeText, dialStatus: signals.dialStatus, agentId: call.agentId, previewAgentId: call.previewAgentId,
    amdVerdict: call.amdVerdict, amdDetail: call.amdDetail, abandoned,
    // The rest in force when it was abandoned: a close written late keeps it (one abandoned only as
    // it ends takes the rules in force now).
    abandonRestMs: abandoned ? call.abandonRestMs ?? abandonRestMsOf(campaign) : null,
    safeHarborPlayed: call.safeHarborAtMs !== null, safeHarborAtMs: call.safeHarborAtMs, optedOut: call.optedOut, originatedAtMs: call.originatedAtMs,
    dialSent: outcome !== 'blocked' && signals.notSent !== true && call.inbound !== true, ringingAtMs: call.ringingAtMs, answeredAtMs: call.answeredAtMs, liveAtMs: call.liveAtMs,
    connectedAtMs: call.connectedAtMs, endedAtMs: ctx.nowMs, heldMs: timeOnHold(call, ctx.nowMs),
    handovers: [...call.handovers], messageLeftAtMs: call.messageLeftAtMs, messagePlayed: call.machineMessage?.played ?? null, messageWithheld: call.messageWithheld,
    thirdParty: call.thirdParty && { name: call.thirdParty.name, handedOffAtMs: call.thirdParty.handedOffAtMs },
    endedBy: call.endedBy,
    ...(call.inbound === true ? { inbound: true } : {}),
    ...(call.withdrawnReason === undefined ? {} : { withdrawnReason: call.withdrawnReason }),
  };
}

