// Agent actions: log in (the engine dials the agent's phone and keeps that leg open), ready,
// pause with a reason, log out, hang up, disposition. A pause or logout during a call waits for
// the call's wrap-up; everything else that does not fit the agent's state is refused.

import { agentPhoneFailure } from '../agent-phone-failure.js';
import { canMoveAgent, changePauseReason, createAgent, loginPauseReason, type Agent } from '../agent.js';
import type { Call } from '../call.js';
import type { Input } from '../inputs.js';
import { normaliseGroups } from '../routing.js';
import { recordWrap } from '../stats/campaign-stats.js';
import { campaignStats, endWrap, owesDispositionFirst, wrapUpOwingDisposition } from './after-call.js';
import { abandonToSafeHarbor, isLiveAnswerWithoutAgent, offerWaitingCall, unreserve } from './call-routing.js';
import { onHold } from './call-hold.js';
import { requestHangup } from './call-hangup.js';
import { bridgeFailed } from './call-steps.js';
import { muteFailed, onMute } from './agent-mute.js';
import { announceHandover, endIfAgentLeft, handOverWithoutAgent, isTransferTarget, onTransfer, releaseTransferTarget } from './call-transfer.js';
import { leaveConsult, onConsult, onConsultAction } from './call-consult.js';
import { onLeaveMessage } from './message-drop.js';
import { onRecord, onRecordingPause, onStopRecording } from './recording-pause.js';
import { onCallThirdParty } from './third-party-call.js';
import { reject, reportAgentMove, shiftAgent, type StepContext } from './step-context.js';

type AgentInput = Extract<Input, { agentId: string }>;

export function onAgentLogin(ctx: StepContext, input: Extract<Input, { type: 'agent_login' }>): void {
  if (refusesSignIn(ctx, input)) return;
  const agent = signIn(ctx, input);
  shiftAgent(ctx, agent, 'connecting', 'login');
  ctx.out.push({ type: 'dial_agent', agentId: agent.id, endpoint: agent.endpoint });
}

type SignIn = Extract<Input, { type: 'agent_login' | 'conversation_adopted' }>;

/** Refuses, saying why, an agent coming in for a campaign not driven here or while logged in. */
export function refusesSignIn(ctx: StepContext, input: SignIn): boolean {
  if (!ctx.state.campaigns.has(input.campaignId)) {
    reject(ctx, input, 'unknown_campaign', `campaign ${input.campaignId} is not loaded on this engine`);
    return true;
  }
  const agent = ctx.state.agents.get(input.agentId);
  if (agent && agent.status !== 'logged_out') {
    reject(ctx, input, 'agent_busy', `agent ${input.agentId} is already logged in (${agent.status})`);
    return true;
  }
  return false;
}

/** The agent, new or as last seen, set up for the campaign and their phone with nothing pending. */
export function signIn(ctx: StepContext, input: SignIn): Agent {
  const agent = ctx.state.agents.get(input.agentId) ?? createAgent(input.agentId, input.campaignId, input.endpoint, ctx.nowMs);
  ctx.state.agents.set(agent.id, agent);
  agent.campaignId = input.campaignId;
  agent.endpoint = input.endpoint;
  agent.groups = normaliseGroups(input.groups ?? []);
  agent.pendingLogout = false;
  agent.pendingLogoutBy = null;
  agent.logoutAwaitsDisposition = false;
  agent.pendingPause = null;
  agent.pendingPauseBy = null;
  // A new phone leg is heard: a microphone left muted went with the last one.
  agent.muted = false;
  return agent;
}

export function onAgentLegUp(ctx: StepContext, agent: Agent): void {
  if (agent.status !== 'connecting') return; // a repeated or late event after reconciliation
  shiftAgent(ctx, agent, 'paused', 'phone_connected');
  agent.pauseReason = loginPauseReason;
}

/** The agent's phone leg is gone: the agent is logged out (told, when it never answered at login,
 * whether it rang out, was busy or could not be reached), and a customer with them is hung up
 * (one being handed over to them stays with the agent handing over; one they were handing over
 * goes on to the colleague or keeps waiting for the team; one being put through to them goes to
 * another agent, or to the safe-harbor message). */
export function onAgentLegDown(ctx: StepContext, agent: Agent, input: Extract<AgentInput, { type: 'agent_leg_down' }>): void {
  if (agent.status === 'logged_out') return;
  const answered = agent.status !== 'connecting';
  const call = agent.callId ? ctx.state.calls.get(agent.callId) : undefined;
  const putThrough = call !== undefined && isBeingPutThrough(call, agent.id);
  if (call && isTransferTarget(call, agent.id)) {
    releaseTransferTarget(ctx, call);
    announceHandover(ctx, call, agent.id, 'phone_lost');
    endIfAgentLeft(ctx, call);
  } else if (call && call.agentId === agent.id && handOverWithoutAgent(ctx, call)) {
    // The customer is the colleague's (or the team's next agent's) to take, not the leaving agent's.
  } else if (call && !putThrough) {
    requestHangup(ctx, call, call.connectedAtMs !== null ? 'connected' : endOfOwnDialGivenUp(call), 'agent_left');
  }
  agent.callId = null;
  if (agent.status === 'wrap_up') recordWrap(campaignStats(ctx, agent), ctx.nowMs - agent.sinceMs);
  shiftAgent(ctx, agent, 'logged_out', answered ? 'phone_lost' : agentPhoneFailure(input.cause, input.dialStatus ?? ''));
  // Only now, with the agent gone, so that the call cannot be put through to them again.
  if (call && putThrough) bridgeFailed(ctx, call);
}

/** A customer who answered on their way to the agent, the bridge not made yet (the agent's own
 * dial too: the person is on the line, and is given the message rather than silence). */
function isBeingPutThrough(call: Call, agentId: string): boolean {
  return call.status === 'connecting' && call.agentId === agentId;
}

export function onAgentAction(ctx: StepContext, agent: Agent, input: AgentInput): void {
  switch (input.type) {
    case 'agent_ready': return goReady(ctx, agent, input);
    case 'agent_pause': return pause(ctx, agent, input);
    case 'agent_logout': return logout(ctx, agent, input);
    case 'agent_hangup': return hangupCall(ctx, agent, input);
    case 'agent_dispositioned': return dispositioned(ctx, agent, input);
    case 'agent_recording_paused': return onRecordingPause(ctx, agent, input);
    case 'agent_record': return onRecord(ctx, agent, input);
    case 'agent_stop_recording': return onStopRecording(ctx, agent, input);
    case 'agent_hold': return onHold(ctx, agent, input);
    case 'agent_mute': return onMute(ctx, agent, input);
    case 'agent_leave_message': return onLeaveMessage(ctx, agent, input);
    case 'mute_failed': return muteFailed(ctx, agent, input.muted);
    case 'agent_transfer': return onTransfer(ctx, agent, input);
    case 'agent_consult': return onConsult(ctx, agent, input);
    case 'agent_consult_action': return onConsultAction(ctx, agent, input);
    case 'agent_call_third_party': return onCallThirdParty(ctx, agent, input);
    case 'agent_groups_changed':
      agent.groups = normaliseGroups(input.groups);
      return undefined;
    default: return undefined;
  }
}

function goReady(ctx: StepContext, agent: Agent, input: AgentInput): void {
  if (agent.status === 'ready') return;
  // reserved -> ready is the engine's move when the customer leaves before the bridge; the agent
  // cannot make it while a call is being put through to them.
  const onCall = agent.status === 'reserved' || agent.status === 'talking';
  const owes = owesDispositionFirst(ctx, agent);
  if (onCall || !canMoveAgent(agent.status, 'ready') || owes) {
    const why = owes ? 'the last call needs a disposition first' : `agent is ${agent.status}`;
    reject(ctx, input, 'illegal_agent_transition', `cannot go ready: ${why}`);
    return;
  }
  // Ready ends a wrap-up: a pause asked for during the call (or the break a dial was made from)
  // then begins; the agent says Ready again to take calls.
  if (agent.status === 'wrap_up') endWrap(ctx, agent);
  else {
    shiftAgent(ctx, agent, 'ready', 'agent_ready');
    offerWaitingCall(ctx, agent);
  }
}

function pause(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_pause' }>): void {
  const by = input.by ?? null;
  // A supervisor's pause in a wrap-up that owes a disposition waits for it, as one during the call
  // does: the agent still gives it (the wrap-up's own end brings the pause too).
  const waitsForDisposition = by !== null && agent.status === 'wrap_up' && agent.owesDispositionFor !== null && !agent.pendingLogout;
  if (agent.status === 'reserved' || agent.status === 'talking' || waitsForDisposition) {
    // Another reason than the break the call was dialled from is a new pause, with all its allowance.
    if (agent.pendingPause !== input.reason) agent.pauseUsedMs = 0;
    agent.pendingPause = input.reason;
    agent.pendingPauseBy = by;
    ctx.out.push({ type: 'agent_move_pending', agentId: agent.id });
    return;
  }
  if (agent.status === 'paused') {
    if (agent.pauseReason !== input.reason) reportAgentMove(ctx, agent, changePauseReason(agent, input.reason, ctx.nowMs, by), input.reason, by);
    return;
  }
  // connecting -> paused is the phone leg coming up; until then the agent has no phone to pause.
  if (agent.status === 'connecting' || !canMoveAgent(agent.status, 'paused')) {
    reject(ctx, input, 'illegal_agent_transition', `cannot pause: agent is ${agent.status}`);
    return;
  }
  // A logout asked for during the call comes first: the wrap-up ends in it (once the disposition it
  // waits for is given, when it waits for one).
  if (agent.status === 'wrap_up' && agent.pendingLogout) {
    if (!(agent.logoutAwaitsDisposition && agent.owesDispositionFor !== null)) endWrap(ctx, agent);
    return;
  }
  if (agent.status === 'wrap_up') recordWrap(campaignStats(ctx, agent), ctx.nowMs - agent.sinceMs);
  // Back to the break the call was dialled from keeps what it used; any other pause starts afresh.
  if (agent.pendingPause !== input.reason) agent.pauseUsedMs = 0;
  shiftAgent(ctx, agent, 'paused', input.reason, by);
  agent.pauseReason = input.reason;
  agent.pausedBy = by;
}

function logout(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_logout' }>): void {
  if (agent.status === 'logged_out') {
    reject(ctx, input, 'illegal_agent_transition', 'agent is not logged in');
    return;
  }
  const afterDisposition = input.afterDisposition === true;
  const owesDisposition = agent.status === 'wrap_up' && agent.owesDispositionFor !== null;
  if (agent.status === 'reserved' || agent.status === 'talking' || (owesDisposition && afterDisposition)) {
    agent.pendingLogout = true;
    // A supervisor's ask is the one on record, whoever asked first.
    agent.pendingLogoutBy ??= input.by ?? null;
    agent.logoutAwaitsDisposition ||= afterDisposition;
    ctx.out.push({ type: 'agent_move_pending', agentId: agent.id });
    return;
  }
  ctx.out.push({ type: 'hangup_agent', agentId: agent.id });
  if (agent.status === 'wrap_up') recordWrap(campaignStats(ctx, agent), ctx.nowMs - agent.sinceMs);
  shiftAgent(ctx, agent, 'logged_out', 'logout', input.by ?? null);
}

/** How an agent's own dial ends when they leave it before it is put through: still ringing, it
 * reached nobody (cancelled); answered, the person was left (`agent_hangup_before_connect`). */
function endOfOwnDialGivenUp(call: Call): 'cancelled' | 'agent_hangup_before_connect' {
  return call.answeredAtMs === null ? 'cancelled' : 'agent_hangup_before_connect';
}

/** The agent gives up their own dial: still ringing, it is hung up. Answered and on its way to them,
 * the person is a live answer no agent had, an abandoned call (47 CFR 64.1200(a)(7): no agent
 * within 2 seconds of the greeting; Ofcom's the same): they hear the safe-harbor message rather
 * than a dead line, and the abandon is counted and rested, as when the bridge fails. The call's
 * disposition is still the agent's to give. */
function giveUpOwnDial(ctx: StepContext, agent: Agent, call: Call): void {
  const campaign = ctx.state.campaigns.get(call.campaignId);
  if (!campaign || call.status !== 'connecting' || !isLiveAnswerWithoutAgent(call)) {
    requestHangup(ctx, call, endOfOwnDialGivenUp(call), 'agent_hangup');
    return;
  }
  unreserve(ctx, call);
  abandonToSafeHarbor(ctx, campaign, call);
  wrapUpOwingDisposition(ctx, agent, call.attemptId, 'agent_hangup');
}

function hangupCall(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_hangup' }>): void {
  const call = agent.callId ? ctx.state.calls.get(agent.callId) : undefined;
  const endedBy = input.by ?? null;
  // The agent's own dial (a preview, a number typed, their callback), still ringing or being put
  // through: theirs to give up (a wrong number, a callback they cannot take now).
  if (call && agent.status === 'reserved' && call.previewAgentId === agent.id && call.status !== 'hanging_up' && !isTransferTarget(call, agent.id)) {
    call.endedBy = endedBy;
    giveUpOwnDial(ctx, agent, call);
    return;
  }
  if (!call || agent.status !== 'talking') {
    reject(ctx, input, 'unknown_call', 'agent has no call to hang up');
    return;
  }
  // A colleague in a consultation hangs up their side only.
  if (isTransferTarget(call, agent.id)) {
    leaveConsult(ctx, call);
    return;
  }
  call.endedBy = endedBy;
  requestHangup(ctx, call, 'connected', 'agent_hangup');
}

function dispositioned(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_dispositioned' }>): void {
  if (agent.owesDispositionFor !== input.attemptId) {
    if (agent.callId === input.attemptId) reject(ctx, input, 'agent_busy', 'hang up the call before its disposition');
    return; // a disposition for an earlier call after auto-ready: nothing changes in the engine
  }
  agent.owesDispositionFor = null;
  // A logout or a supervisor's pause waiting for this disposition ends the wrap-up in either mode:
  // there is no next call.
  const awaited = agent.pendingLogout || agent.pendingPauseBy !== null;
  if (agent.status === 'wrap_up' && (awaited || campaignSettings(ctx, agent)?.wrapUpMode !== 'manual')) endWrap(ctx, agent);
}

function campaignSettings(ctx: StepContext, agent: Agent) {
  return ctx.state.campaigns.get(agent.campaignId)?.settings;
}
