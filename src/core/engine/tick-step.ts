// The periodic step: enforce the deadlines (safe harbor, wrap-up, stuck reservations, lost
// dials, recording pauses, holds, messages waiting for a greeting's end), hand waiting customers (and people calling back on hold) to the agents come free, then pace
// every running campaign.

import type { Agent } from '../agent.js';
import { abandonFigures } from '../compliance/abandon-ledger.js';
import { effectiveAbandonTarget } from '../compliance/abandon-regime.js';
import type { CampaignRuntime } from '../engine-state.js';
import { decisionsKept, dialWatchdogGraceMs, launchesPerStepMax, reservationTimeoutMs } from '../limits.js';
import { decide } from '../pacing/decide.js';
import { dialsInLastSecond, nodeDialRoom } from '../pacing/dial-rate.js';
import { calibrationFactorAt, noteForecastInForce } from '../pacing/forecast-calibration.js';
import { linesWantedBy, noteLinesWanted } from '../pacing/lines-wanted.js';
import type { PacingDecision } from '../pacing/pacing-decision.js';
import type { BusyAgent, DialingCall, PacingSnapshot } from '../pacing/pacing-snapshot.js';
import { isStaffed, takesCalls } from '../agent.js';
import { groupsToDialFor } from '../dial-groups.js';
import { wrapUpEndsAtMs } from '../wrap-up-end.js';
import { endWrap } from './after-call.js';
import { expireCallbackHolds } from './callback-steps.js';
import { handoverDemandOf, placeWaitingHandovers, type HandoverDemand } from './handover-queue.js';
import { endOverdueHolds } from './hold-limit.js';
import { placeWaitingReturnCalls } from './return-call-wait.js';
import { startOverdueMessages } from './greeting-wait.js';
import { resumeOverdueRecordingPauses } from './recording-pause.js';
import { pastConnectDeadline } from './call-routing.js';
import { requestHangup } from './call-hangup.js';
import { bridgeFailed, missConnectDeadline, transferFailed } from './call-steps.js';
import { isTransferTarget } from './call-transfer.js';
import type { StepContext } from './step-context.js';
import { pbxFreeChannelsNow } from './pbx-room.js';

export function onTick(ctx: StepContext): void {
  enforceCallDeadlines(ctx);
  enforceAgentDeadlines(ctx);
  resumeOverdueRecordingPauses(ctx);
  endOverdueHolds(ctx);
  startOverdueMessages(ctx);
  expireCallbackHolds(ctx);
  placeWaitingHandovers(ctx);
  placeWaitingReturnCalls(ctx);
  paceCampaigns(ctx);
}

/** Paces every campaign. Under the node's trunk limit each is offered an even share of the room
 * left by those paced before it (what one does not use goes to the next), starting each tick
 * from the next campaign in turn. */
function paceCampaigns(ctx: StepContext): void {
  const campaigns = [...ctx.state.campaigns.values()];
  const first = campaigns.length === 0 ? 0 : ctx.state.paceRound % campaigns.length;
  ctx.state.paceRound += 1;
  let room = nodeDialRoom(ctx.state, ctx.nowMs);
  const order = [...campaigns.slice(first), ...campaigns.slice(0, first)];
  order.forEach((campaign, i) => {
    const share = room === null ? null : Math.ceil(room / (order.length - i));
    const launched = paceCampaign(ctx, campaign, share);
    if (room !== null) room = Math.max(0, room - launched);
  });
}

function enforceCallDeadlines(ctx: StepContext): void {
  for (const call of [...ctx.state.calls.values()]) {
    const campaign = ctx.state.campaigns.get(call.campaignId);
    if (!campaign) continue;
    const { ringTimeoutMs } = campaign.settings;
    // A bridge not confirmed in time counts as none: the customer must not wait on it.
    if (call.status === 'waiting_agent' || call.status === 'connecting') {
      if (pastConnectDeadline(campaign, call, ctx.nowMs)) missConnectDeadline(ctx, campaign, call, 'bridge_timed_out');
    } else if ((call.status === 'dialing' || call.status === 'ringing')
      && ctx.nowMs - call.originatedAtMs > ringTimeoutMs + dialWatchdogGraceMs) {
      requestHangup(ctx, call, 'no_answer');
    }
    // A consultation's handover the PBX never confirmed nor refused: given up as a refused one is.
    if (call.consult === 'completing' && call.completingSinceMs !== null && ctx.nowMs - call.completingSinceMs >= reservationTimeoutMs) {
      transferFailed(ctx, call);
    }
  }
}

function enforceAgentDeadlines(ctx: StepContext): void {
  for (const agent of ctx.state.agents.values()) {
    const settings = ctx.state.campaigns.get(agent.campaignId)?.settings;
    if (!settings) continue;
    const inState = ctx.nowMs - agent.sinceMs;
    // An automatic wrap-up, or a manual one before a logout asked during the call (wrap-up-end.ts).
    const wrapEndsAt = wrapUpEndsAtMs(agent, settings);
    if (wrapEndsAt !== null && ctx.nowMs >= wrapEndsAt) {
      endWrap(ctx, agent);
    } else if (agent.status === 'reserved' && inState >= reservationTimeoutMs) {
      const call = agent.callId ? ctx.state.calls.get(agent.callId) : undefined;
      if (call && isTransferTarget(call, agent.id)) transferFailed(ctx, call);
      else if (call && call.previewAgentId === null) bridgeFailed(ctx, call);
    }
  }
}

/** Decides and asks for the leads of one campaign; how many it asked for. */
function paceCampaign(ctx: StepContext, campaign: CampaignRuntime, nodeRoom: number | null): number {
  const pacer = campaign.pacer ?? decide;
  const decision = pacer(snapshotOf(ctx, campaign, nodeRoom));
  noteForecastInForce(campaign.calibration, decision.inputs.forecast?.predictedAbandonShare ?? null);
  noteLinesWanted(campaign, linesWantedBy(decision), ctx.nowMs);
  const launch = Math.min(decision.launch, launchesPerStepMax);
  const last = campaign.decisions[campaign.decisions.length - 1];
  campaign.latestDialLevel = decision.dialLevel;
  if (launch > 0 || last === undefined || last.binding !== decision.binding) keepDecision(ctx, campaign, decision);
  if (launch <= 0) return 0;
  campaign.leadsPending += launch;
  const groups = groupsToDialFor(ctx.state.agents.values(), ctx.state.calls.values(), campaign.id);
  ctx.out.push({ type: 'request_leads', campaignId: campaign.id, count: launch, groups });
  return launch;
}

function keepDecision(ctx: StepContext, campaign: CampaignRuntime, decision: PacingDecision): void {
  campaign.decisions.push(decision);
  if (campaign.decisions.length > decisionsKept) campaign.decisions.shift();
  ctx.out.push({ type: 'pacing_decided', campaignId: campaign.id, decision });
}

export function snapshotOf(ctx: StepContext, campaign: CampaignRuntime, nodeRoom: number | null = null): PacingSnapshot {
  const agents = [...ctx.state.agents.values()].filter((a) => a.campaignId === campaign.id);
  const counts = { dialing: 0, waiting: 0, connected: 0, other: 0 };
  const dialingCalls: DialingCall[] = [];
  for (const call of ctx.state.calls.values()) {
    if (call.campaignId !== campaign.id) continue;
    if (call.status === 'dialing' || call.status === 'ringing' || call.status === 'amd') {
      counts.dialing += 1;
      const answered = call.status === 'amd';
      dialingCalls.push({
        elapsedMs: ctx.nowMs - call.originatedAtMs,
        answered,
        ...(answered && call.answeredAtMs !== null ? { sinceAnswerMs: ctx.nowMs - call.answeredAtMs } : {}),
      });
    } else if (call.status === 'waiting_agent') counts.waiting += 1;
    else if (call.status === 'connected' || call.status === 'connecting') counts.connected += 1;
    else counts.other += 1;
    // A third party's line is a line of the campaign's trunk too.
    if (call.thirdParty !== null) counts.other += 1;
  }
  return {
    nowMs: ctx.nowMs,
    settings: campaign.settings,
    running: campaign.status === 'running',
    telephonyUp: ctx.state.telephonyUp,
    pbxFreeChannels: pbxFreeChannelsNow(ctx.state),
    leadsAvailable: ctx.nowMs >= campaign.noLeadsUntilMs,
    agentsStaffed: agents.filter((a) => isStaffed(a.status)).length,
    agentsReady: agents.filter(takesCalls).length,
    agentsPaused: agents.filter((a) => a.status === 'paused').length,
    busyAgents: busyAgentsOf(agents, handoverDemandOf(ctx.state, campaign.id), ctx.nowMs),
    callsDialing: counts.dialing,
    dialsLastSecond: dialsInLastSecond(campaign, ctx.nowMs),
    nodeDialRoom: nodeRoom,
    dialingCalls,
    callsWaiting: counts.waiting,
    callsConnected: counts.connected,
    callsOther: counts.other,
    leadsPending: campaign.leadsPending,
    stats: campaign.stats,
    abandon: abandonFigures(campaign.ledger, ctx.nowMs, campaign.settings.amdFalsePositiveRate),
    calibrationFactor: calibrationFactorAt(campaign.calibration, ctx.nowMs),
    abandonTarget: effectiveAbandonTarget(campaign.settings.regime, campaign.settings.abandonTarget),
  };
}

function isBusy(agent: Agent): boolean {
  return agent.status === 'talking' || agent.status === 'wrap_up' || agent.status === 'reserved';
}

/** The busy agents as the pacer sees them. The first of the team (or of a group) to come free,
 * the longest in their state, go to customers waiting to be handed to it, one each: counted as
 * leaving, so that no call is dialled for them. */
function busyAgentsOf(agents: readonly Agent[], demand: HandoverDemand, nowMs: number): BusyAgent[] {
  const busy = agents.filter(isBusy);
  const taken = new Set<string>();
  const left = new Map(demand.byGroup);
  let anyone = demand.anyone;
  const waiting = anyone > 0 || left.size > 0;
  for (const agent of waiting ? [...busy].sort((a, b) => a.sinceMs - b.sinceMs) : []) {
    const group = agent.groups.find((g) => (left.get(g) ?? 0) > 0);
    if (group !== undefined) left.set(group, (left.get(group) ?? 0) - 1);
    else if (anyone > 0) anyone -= 1;
    else continue;
    taken.add(agent.id);
  }
  return busy.map((agent) => busyAgent(agent, nowMs, taken.has(agent.id)));
}

function busyAgent(agent: Agent, nowMs: number, taken: boolean): BusyAgent {
  const phase = agent.status === 'wrap_up' ? 'wrap_up' : agent.status === 'talking' ? 'talking' : 'reserved';
  return { phase, elapsedMs: nowMs - agent.sinceMs, leaving: taken || agent.pendingPause !== null || agent.pendingLogout };
}
