// What one campaign looks like right now, read from the engine state: agents and calls by
// state, dial level and the abandonment figures of its regime. Shared by the metrics and the
// pacing page's history so both show the same numbers.

import { agentStatuses, isStaffed, type AgentStatus } from '../../core/agent.js';
import { callStatuses, type CallStatus } from '../../core/call.js';
import { abandonFigures, type AbandonFigures } from '../../core/compliance/abandon-ledger.js';
import { effectiveAbandonTarget } from '../../core/compliance/abandon-regime.js';
import type { CampaignRuntime, EngineState } from '../../core/engine-state.js';
import { handoversWaitingFor } from '../../core/engine/handover-queue.js';
import { isOverPauseLimit } from '../../core/pause-limit.js';

export interface CampaignSnapshot {
  agents: Record<AgentStatus, number>;
  calls: Record<CallStatus, number>;
  agentsStaffed: number;
  /** Calls dialling, waiting or with an agent, per staffed agent (0 with nobody staffed). */
  dialLevel: number;
  abandon: AbandonFigures;
  abandonBudget: number;
  /** Customers, of any campaign, on hold for the next agent of this campaign's team to come free. */
  handoversWaiting: number;
  /** Agents paused past their pause reason's allowance. */
  overPauseLimit: number;
}

/** Calls that hold a line for pacing: everything but those being torn down or on a message. */
const inProgress: ReadonlySet<CallStatus> = new Set<CallStatus>(['dialing', 'ringing', 'amd', 'waiting_agent', 'connecting', 'connected']);

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function campaignSnapshot(state: EngineState, campaign: CampaignRuntime, nowMs: number): CampaignSnapshot {
  const agents = zeroes(agentStatuses);
  let overPauseLimit = 0;
  for (const agent of state.agents.values()) {
    if (agent.campaignId !== campaign.id) continue;
    agents[agent.status] += 1;
    if (isOverPauseLimit(agent, campaign.settings, nowMs)) overPauseLimit += 1;
  }
  const calls = zeroes(callStatuses);
  let callsInProgress = 0;
  for (const call of state.calls.values()) {
    if (call.campaignId !== campaign.id) continue;
    calls[call.status] += 1;
    if (inProgress.has(call.status)) callsInProgress += 1;
  }
  const agentsStaffed = agentStatuses.filter(isStaffed).reduce((sum, s) => sum + agents[s], 0);
  return {
    agents,
    calls,
    agentsStaffed,
    dialLevel: agentsStaffed > 0 ? callsInProgress / agentsStaffed : 0,
    abandon: abandonFigures(campaign.ledger, nowMs, campaign.settings.amdFalsePositiveRate),
    abandonBudget: effectiveAbandonTarget(campaign.settings.regime, campaign.settings.abandonTarget),
    handoversWaiting: handoversWaitingFor(state, campaign.id),
    overPauseLimit,
  };
}
