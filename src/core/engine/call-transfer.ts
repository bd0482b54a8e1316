// An agent hands their customer over to a colleague (a fronter to a closer, a caller to someone who
// speaks the customer's language): a named agent who is ready, or the ready agent of a lead group
// who has waited longest, or of another campaign's team the campaign hands customers to (a closer
// campaign; the call stays the first campaign's, its disposition given from the first campaign's
// codes by the colleague). The colleague is reserved while the PBX moves the customer into their
// bridge; until then the call stays with the first agent, so a failed move leaves the customer
// where they were. Once moved, the first agent wraps up owing no disposition (the colleague gives
// it), and the call's recording goes on in the colleague's bridge (paused, if it was). A handover
// may follow a consultation (call-consult.ts), which reserves the colleague the same way. A
// handover to a group with nobody ready waits for the next of it to come free (handover-queue.ts).

import { isStaffed, takesCalls, type Agent } from '../agent.js';
import { describeTeam, type Call, type TeamOrGroup } from '../call.js';
import type { CampaignRuntime } from '../engine-state.js';
import type { HandoverEnd } from '../commands.js';
import type { Input, TransferTarget } from '../inputs.js';
import { normaliseGroup } from '../routing.js';
import { settleAfterCall, wrapUpOwingNothing } from './after-call.js';
import { requestHangup } from './call-hangup.js';
import { comeOffHold, putOnHold } from './call-hold.js';
import { setHandoverWait } from './handover-wait.js';
import { continueRecording } from './recording-pause.js';
import { naming, namingCampaigns, reject, shiftAgent, type Refusal, type StepContext } from './step-context.js';

type HandoverInput = Extract<Input, { type: 'agent_transfer' | 'agent_consult' }>;

export function onTransfer(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_transfer' }>): void {
  const found = handoverOf(ctx, agent, input);
  if (!found) return;
  const { call, colleague } = found;
  if (isAgent(colleague)) handOver(ctx, call, agent.id, colleague);
  // Nobody of the team or group is ready: the customer waits on hold for the next to come free.
  else if (!waitForTeam(ctx, agent, call, input.to)) reject(ctx, input, 'transfer_refused', colleague);
}

/** Has the customer wait on hold for the next agent of the team or group to come free
 * (handover-queue.ts hands them over then), when someone of it is at work; false when nobody is. */
function waitForTeam(ctx: StepContext, agent: Agent, call: Call, to: TransferTarget): boolean {
  const team = teamNamed(ctx, agent, to);
  if (team === null) return false;
  // The agent handing over is not someone to wait for: they would wait for themselves.
  const atWork = [...ctx.state.agents.values()]
    .some((a) => a.id !== agent.id && a.campaignId === team.campaignId && (team.group === null || a.groups.includes(team.group)) && isStaffed(a.status));
  if (!atWork) return false;
  setHandoverWait(ctx, call, { ...team, sinceMs: ctx.nowMs });
  if (call.heldAtMs === null) putOnHold(ctx, call, agent.id);
  ctx.out.push({ type: 'handover_changed', attemptId: call.attemptId, agentIds: [agent.id] });
  return true;
}

/** The team or group a target names, when the agent may hand customers to it: a group of their own
 * campaign, or the team (or a group) of a campaign theirs hands customers to. Null for a named
 * colleague, or another campaign theirs does not hand customers to. */
function teamNamed(ctx: StepContext, agent: Agent, to: TransferTarget): TeamOrGroup | null {
  if ('agentId' in to) return null;
  if (!('campaignId' in to)) return { campaignId: agent.campaignId, group: normaliseGroup(to.group) };
  if (to.campaignId === agent.campaignId || !handsOverTo(ctx, agent.campaignId, to.campaignId)) return null;
  return { campaignId: to.campaignId, group: to.group === undefined ? null : normaliseGroup(to.group) };
}

/** Reserves the colleague for the call and has the PBX move the customer to them. */
export function handOver(ctx: StepContext, call: Call, fromAgentId: string, colleague: Agent): void {
  reserve(ctx, call, colleague, 'call_transfer');
  ctx.out.push({ type: 'transfer_call', campaignId: call.campaignId, attemptId: call.attemptId, fromAgentId, toAgentId: colleague.id });
}

/** The agent's own connected call, if they are in a conversation: a colleague in a consultation
 * about it is not the one it belongs to. */
export function conversationOf(ctx: StepContext, agent: Agent): Call | undefined {
  const call = agent.callId ? ctx.state.calls.get(agent.callId) : undefined;
  return call && call.status === 'connected' && agent.status === 'talking' && call.agentId === agent.id ? call : undefined;
}

/** Reserves the colleague the input names for the agent's call, or refuses saying why. */
export function reserveColleague(ctx: StepContext, agent: Agent, input: HandoverInput, reason: string): { call: Call; colleague: Agent } | null {
  const found = handoverOf(ctx, agent, input);
  if (!found) return null;
  const { call, colleague } = found;
  if (!isAgent(colleague)) {
    reject(ctx, input, 'transfer_refused', colleague);
    return null;
  }
  reserve(ctx, call, colleague, reason);
  return { call, colleague };
}

/** The agent's call and the colleague the input names for it (or why there is none now); null,
 * refused, when the agent has no call they may hand over now. */
function handoverOf(ctx: StepContext, agent: Agent, input: HandoverInput): { call: Call; colleague: Agent | Refusal } | null {
  const call = conversationOf(ctx, agent);
  if (!call) {
    reject(ctx, input, 'not_in_conversation', `agent ${agent.id} has no customer to transfer`);
    return null;
  }
  const refusal = whyNotNow(call);
  if (refusal !== null) {
    reject(ctx, input, 'transfer_refused', refusal);
    return null;
  }
  return { call, colleague: colleagueFor(ctx, agent, input.to) };
}

function reserve(ctx: StepContext, call: Call, colleague: Agent, reason: string): void {
  call.transferToAgentId = colleague.id;
  colleague.callId = call.attemptId;
  shiftAgent(ctx, colleague, 'reserved', reason);
  announceHandover(ctx, call, colleague.id);
}

/** Tells the shell the handover of `call` to `colleagueId` moved on (or `ended`, and why). */
export function announceHandover(ctx: StepContext, call: Call, colleagueId: string, ended?: HandoverEnd): void {
  const agentIds = call.agentId === null ? [colleagueId] : [call.agentId, colleagueId];
  ctx.out.push({ type: 'handover_changed', attemptId: call.attemptId, agentIds, ...(ended && call.agentId !== null ? { ended } : {}) });
}

/** Why the call cannot be handed on (or a third party called) now; null when it can. */
export function whyNotNow(call: Call): string | Refusal | null {
  if (call.thirdParty !== null) return `the customer is in a call with ${call.thirdParty.name} already`;
  if (call.transferToAgentId !== null) return naming(call.transferToAgentId, `the customer is already being handed over to ${call.transferToAgentId}`);
  if (call.handoverWait !== null) {
    return namingCampaigns([call.handoverWait.campaignId], `the customer is already waiting for an agent of ${describeTeam(call.handoverWait, call.campaignId)}`);
  }
  // Card details are finished before the customer is handed on (a pause begun after the handover
  // was asked for goes on in the colleague's bridge: continueRecording).
  if (call.recordingPausedAtMs !== null) return 'let the recording go on before transferring the call';
  return null;
}

/** The colleague who takes the call, or why there is none. */
function colleagueFor(ctx: StepContext, agent: Agent, to: TransferTarget): Agent | Refusal {
  if ('agentId' in to) {
    const colleague = ctx.state.agents.get(to.agentId);
    if (!colleague || colleague.id === agent.id || !handsOverTo(ctx, agent.campaignId, colleague.campaignId)) {
      return naming(to.agentId, `${to.agentId} is not another agent logged in to this campaign or one it hands customers to`);
    }
    return takesCalls(colleague) ? colleague : naming(to.agentId, `${to.agentId} is ${colleague.status}, not ready for a call`);
  }
  const team = teamNamed(ctx, agent, to);
  if (team === null) {
    const other = 'campaignId' in to ? to.campaignId : agent.campaignId;
    return namingCampaigns([agent.campaignId, other], `campaign ${agent.campaignId} does not hand customers to campaign ${other}`);
  }
  return longestReadyOf(ctx, team.campaignId, team.group) ?? namingCampaigns([team.campaignId], `no agent of ${describeTeam(team, agent.campaignId)} is ready for a call`);
}

const isAgent = (found: Agent | Refusal): found is Agent => !('message' in found);

/** Whether agents of campaign `from` may hand customers to agents of campaign `to`. */
function handsOverTo(ctx: StepContext, from: string, to: string): boolean {
  return from === to || (ctx.state.campaigns.get(from)?.settings.handoverCampaigns ?? []).includes(to);
}

/** The ready agent of the campaign (of its group, when one is given) who has waited longest, if any. */
export function longestReadyOf(ctx: StepContext, campaignId: string, group: string | null): Agent | null {
  let chosen: Agent | null = null;
  for (const colleague of ctx.state.agents.values()) {
    if (colleague.campaignId !== campaignId || (group !== null && !colleague.groups.includes(group)) || !takesCalls(colleague)) continue;
    if (chosen === null || colleague.readySinceMs < chosen.readySinceMs) chosen = colleague;
  }
  return chosen;
}

/** The customer is in the colleague's bridge: the call is theirs. */
export function transferDone(ctx: StepContext, campaign: CampaignRuntime, call: Call, colleague: Agent): void {
  const first = call.agentId ? ctx.state.agents.get(call.agentId) : undefined;
  setHandoverWait(ctx, call, null);
  comeOffHold(ctx, call);
  const from = call.agentId;
  if (from !== null) call.handovers.push({ fromAgentId: from, toAgentId: colleague.id, atMs: ctx.nowMs });
  call.transferToAgentId = null;
  call.consult = null;
  call.agentId = colleague.id;
  if (first && first.callId === call.attemptId) wrapUpOwingNothing(ctx, first, 'call_transferred');
  // After a consultation the colleague is talking already: only the handover says the call is theirs.
  if (colleague.status !== 'talking') shiftAgent(ctx, colleague, 'talking', 'call_transferred');
  ctx.out.push({ type: 'handover_changed', attemptId: call.attemptId, agentIds: first ? [first.id, colleague.id] : [colleague.id] });
  ctx.out.push({
    type: 'attempt_progress', campaignId: call.campaignId, attemptId: call.attemptId, stage: 'transferred',
    atMs: ctx.nowMs, agentId: colleague.id, detail: `from ${first?.id ?? 'an agent'}`,
    // Kept at once, so a node taking the conversation up after a crash knows who had the customer.
    ...(from !== null ? { handover: { seq: call.handovers.length, fromAgentId: from } } : {}),
  });
  continueRecording(ctx, call, colleague.id);
}

/** The handover is off (the PBX refused, it took too long, the consultation was cancelled, the
 * customer left): the colleague's phone goes home from a consultation, and the colleague wraps up
 * after one (owing no disposition) or is free at once; the customer stays with the first agent. */
export function freeColleague(ctx: StepContext, call: Call, reason: string): void {
  const consulted = call.consult !== null;
  const colleague = releaseTransferTarget(ctx, call);
  if (!colleague) return;
  announceHandover(ctx, call, colleague.id, HANDOVER_ENDS[reason]);
  if (consulted) ctx.out.push({ type: 'return_agent_leg', attemptId: call.attemptId, agentId: colleague.id });
  if (colleague.status === 'talking') wrapUpOwingNothing(ctx, colleague, reason);
  else settleAfterCall(ctx, colleague, reason);
}

/** The reasons a handover ends that the agent handing over did not choose, as they are told. */
const HANDOVER_ENDS: Readonly<Record<string, HandoverEnd>> = { consult_failed: 'failed', transfer_failed: 'failed', consult_left: 'left' };

/** Unlinks the colleague a handover was waiting for and returns them, if still linked. */
export function releaseTransferTarget(ctx: StepContext, call: Call): Agent | null {
  const colleague = call.transferToAgentId ? ctx.state.agents.get(call.transferToAgentId) : undefined;
  call.transferToAgentId = null;
  call.consult = null;
  if (!colleague || colleague.callId !== call.attemptId) return null;
  colleague.callId = null;
  return colleague;
}

/**
 * The agent handing the customer over lost their phone: the handover goes on without them, so the
 * customer is not lost with the agent's phone. A consultation's colleague, talking with the agent
 * or with both, takes the customer at once; a move on its way, or a wait for the next agent of a
 * team, goes on. False when no handover is far enough along (a colleague still being brought in
 * has heard nothing of the customer): the customer is hung up with the agent's phone.
 */
export function handOverWithoutAgent(ctx: StepContext, call: Call): boolean {
  if (call.status !== 'connected' || call.thirdParty !== null) return false;
  const colleagueId = call.transferToAgentId;
  if (colleagueId === null) return call.handoverWait !== null;
  if (call.consult === 'joining') return false;
  if (call.consult === 'consulting' || call.consult === 'conference') {
    call.consult = 'completing';
    call.completingSinceMs = ctx.nowMs;
    ctx.out.push({ type: 'transfer_call', campaignId: call.campaignId, attemptId: call.attemptId, fromAgentId: call.agentId ?? '', toAgentId: colleagueId });
  }
  announceHandover(ctx, call, colleagueId);
  return true;
}

/** Whether the agent the call is with has left it (their phone went while handing the customer
 * over): a handover that fails, or a wait for a team that ends, leaves the customer with nobody. */
export function agentLeftCall(ctx: StepContext, call: Call): boolean {
  if (call.agentId === null) return false;
  return ctx.state.agents.get(call.agentId)?.callId !== call.attemptId;
}

/** A handover that will not happen, of a customer whose agent has left (their phone went while
 * handing over): nobody has the customer, who is hung up; one waiting for a team waits on. */
export function endIfAgentLeft(ctx: StepContext, call: Call): void {
  if (call.handoverWait === null && agentLeftCall(ctx, call)) requestHangup(ctx, call, 'connected', 'agent_left');
}

/** Whether `agentId` is the colleague a handover of this call waits for. */
export function isTransferTarget(call: Call, agentId: string): boolean {
  return call.transferToAgentId === agentId;
}

/** In a consultation, the other agent in it as `agentId` sees it; null when there is none. */
export function consultPartnerOf(call: Call | undefined, agentId: string): string | null {
  if (call?.consult == null) return null;
  return call.agentId === agentId ? call.transferToAgentId : call.agentId;
}
