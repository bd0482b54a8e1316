// The agent state machine. Every transition is validated here and timestamped, and the time
// spent in each state is accumulated for reports.

import type { ActingStaff } from './acting-staff.js';
import type { AgentId, AttemptId, CampaignId } from './ids.js';

/** The pause an agent starts their session in, before they choose to be ready or take a break. */
export const loginPauseReason = 'login';

export type AgentStatus = 'logged_out' | 'connecting' | 'paused' | 'ready' | 'reserved' | 'talking' | 'wrap_up';

export const agentStatuses: readonly AgentStatus[] = [
  'logged_out', 'connecting', 'paused', 'ready', 'reserved', 'talking', 'wrap_up',
];

/**
 * Legal moves. `connecting` is the engine dialling the agent's phone (the nailed-up leg);
 * `reserved` is an agent chosen for an answered call while the bridge is being made.
 */
const legalMoves: Record<AgentStatus, readonly AgentStatus[]> = {
  logged_out: ['connecting'],
  connecting: ['paused', 'logged_out'],
  paused: ['ready', 'reserved', 'logged_out'],
  ready: ['reserved', 'paused', 'logged_out'],
  reserved: ['talking', 'ready', 'paused', 'wrap_up', 'logged_out'],
  talking: ['wrap_up', 'logged_out'],
  wrap_up: ['ready', 'paused', 'logged_out'],
};

export interface Agent {
  id: AgentId;
  campaignId: CampaignId;
  endpoint: string;
  status: AgentStatus;
  sinceMs: number;
  /** When the agent last became ready: routing prefers the one idle longest. */
  readySinceMs: number;
  pauseReason: string | null;
  /** The staff member who paused the agent, while paused; null: the agent paused themselves. */
  pausedBy: ActingStaff | null;
  callId: AttemptId | null;
  /** A pause or logout asked for during a call takes effect when the call's wrap-up ends. */
  pendingPause: string | null;
  /** The staff member who asked for the pending pause (null: the agent). */
  pendingPauseBy: ActingStaff | null;
  /** Of the pause's allowance, what it used before calls the agent dialled from it (a break is not
   * made new by a callback made in it). */
  pauseUsedMs: number;
  pendingLogout: boolean;
  /** The staff member who asked for the pending logout (null: the agent, or the engine). */
  pendingLogoutBy: ActingStaff | null;
  /** The pending logout also waits for the call's disposition: wrap-up does not end on its timer
   * while one is owed (a stopping node lets agents finish, and keeps serving them until then). */
  logoutAwaitsDisposition: boolean;
  /** The call whose disposition is still owed (wrap-up), or null. */
  owesDispositionFor: AttemptId | null;
  /** The shell says a personal callback of this agent is due and dialable now. */
  callbackDue: boolean;
  /** Since when the agent is held, ready, for the personal callback the shell is leasing: no
   * other call is routed to them meanwhile. Null when not held; leaving ready ends the hold. */
  callbackHoldSinceMs: number | null;
  durationsMs: Record<AgentStatus, number>;
  /** The lead groups (regions, industries...) the agent handles first, normalised; none: any. */
  groups: readonly string[];
  /** The agent's microphone is off in their conversation (the customer does not hear them). */
  muted: boolean;
}

export function canMoveAgent(from: AgentStatus, to: AgentStatus): boolean {
  return legalMoves[from].includes(to);
}

export function createAgent(id: AgentId, campaignId: CampaignId, endpoint: string, nowMs: number): Agent {
  const durationsMs = Object.fromEntries(agentStatuses.map((s) => [s, 0])) as Record<AgentStatus, number>;
  return {
    id, campaignId, endpoint, status: 'logged_out', sinceMs: nowMs, readySinceMs: nowMs,
    pauseReason: null, pausedBy: null, callId: null, pendingPause: null, pendingPauseBy: null, pauseUsedMs: 0,
    pendingLogout: false, pendingLogoutBy: null, logoutAwaitsDisposition: false,
    owesDispositionFor: null, callbackDue: false, callbackHoldSinceMs: null, durationsMs, groups: [], muted: false,
  };
}

export interface AgentMove {
  from: AgentStatus;
  to: AgentStatus;
  /** Time spent in `from`. */
  durationMs: number;
}

/** Moves the agent; the caller has checked `canMoveAgent` (a bad move here is a bug). */
export function moveAgent(agent: Agent, to: AgentStatus, nowMs: number): AgentMove {
  if (!canMoveAgent(agent.status, to)) {
    throw new Error(`agent ${agent.id}: illegal move ${agent.status} -> ${to}`);
  }
  const from = agent.status;
  const durationMs = Math.max(0, nowMs - agent.sinceMs);
  agent.durationsMs[from] += durationMs;
  agent.status = to;
  agent.sinceMs = nowMs;
  if (to === 'ready') agent.readySinceMs = nowMs;
  else agent.callbackHoldSinceMs = null;
  if (to !== 'paused') {
    agent.pauseReason = null;
    agent.pausedBy = null;
  }
  // A pause asked for during a call waits for its end; once the agent is paused, ready or gone it is spent.
  if (to === 'paused' || to === 'ready' || to === 'logged_out') {
    agent.pendingPause = null;
    agent.pendingPauseBy = null;
  }
  if (to === 'logged_out') agent.pendingLogoutBy = null;
  if (to === 'ready' || to === 'logged_out') agent.pauseUsedMs = 0;
  // Logged out, the agent owes the engine nothing more: a disposition still missing is on the
  // agent's list of calls that ended without one, to be given from any later session.
  if (to === 'logged_out') agent.owesDispositionFor = null;
  return { from, to, durationMs };
}

/** A paused agent pausing for another reason (`by`: the staff member, null: the agent): a new
 * pause, whose time counts for its reason (reports, allowances), reported as a move from `paused` to `paused`. */
export function changePauseReason(agent: Agent, reason: string, nowMs: number, by: ActingStaff | null = null): AgentMove {
  const durationMs = Math.max(0, nowMs - agent.sinceMs);
  agent.durationsMs.paused += durationMs;
  agent.sinceMs = nowMs;
  agent.pauseReason = reason;
  agent.pausedBy = by;
  agent.pauseUsedMs = 0;
  return { from: 'paused', to: 'paused', durationMs };
}

/**
 * The one way into `talking` that is not a move: an agent found after a restart in a conversation
 * the crashed run had put through. Their phone leg is up and the customer is with them, so the
 * engine takes them up where they are rather than dialling their phone. They have been talking
 * since `talkingSinceMs` (the bridge): the crashed run never counted that time, so it counts here.
 */
export function placeAgentInConversation(agent: Agent, attemptId: AttemptId, talkingSinceMs: number, nowMs: number): AgentMove {
  if (agent.status !== 'logged_out') throw new Error(`agent ${agent.id}: cannot be placed in a conversation while ${agent.status}`);
  const durationMs = Math.max(0, nowMs - agent.sinceMs);
  agent.durationsMs.logged_out += durationMs;
  agent.status = 'talking';
  agent.sinceMs = Math.min(nowMs, talkingSinceMs);
  agent.callId = attemptId;
  return { from: 'logged_out', to: 'talking', durationMs };
}

/** Ready for a call: ready, and not held for their own personal callback, which they are about to dial. */
export function takesCalls(agent: Agent): boolean {
  return agent.status === 'ready' && agent.callbackHoldSinceMs === null;
}

/** Statuses in which an agent counts as staffed for pacing (logged in and not paused). */
export function isStaffed(status: AgentStatus): boolean {
  return status === 'ready' || status === 'reserved' || status === 'talking' || status === 'wrap_up';
}
