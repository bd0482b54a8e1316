// Whether a campaign has an agent to spare for a person calling back. Its own dials come first:
// an answered dial left with no agent is an abandoned call (the 2-second rule), so a return call
// takes a ready agent only when the campaign's answered dials waiting for one, and the live
// answers its dials still ringing are expected to bring, leave at least one ready agent over.
// Return calls are few; a caller turned away hears the campaign's message and can opt out.

import { takesCalls, type Agent } from '../agent.js';
import type { Call, CallStatus } from '../call.js';
import type { EngineState } from '../engine-state.js';
import type { AgentId, CampaignId } from '../ids.js';
import { readyAgentFor, type RoutedAgent } from '../routing.js';

/** Answered and still to be put through: an agent is owed to each (AMD counted as live: it may be). */
const answered: ReadonlySet<CallStatus> = new Set(['amd', 'waiting_agent']);
/** Out and not yet answered: each may bring a person at the campaign's live-answer rate. */
const ringing: ReadonlySet<CallStatus> = new Set(['dialing', 'ringing']);

export interface AgentsSpokenFor {
  ready: number;
  /** Answered dials waiting for an agent, plus the live answers expected of those ringing. */
  needed: number;
}

export function agentsSpokenFor(state: EngineState, campaignId: CampaignId, liveAnswerRate: number): AgentsSpokenFor {
  let ready = 0;
  for (const agent of state.agents.values()) if (agent.campaignId === campaignId && takesCalls(agent)) ready += 1;
  let needed = 0;
  for (const call of state.calls.values()) {
    if (!ownsNoAgentYet(call, campaignId)) continue;
    if (answered.has(call.status)) needed += 1;
    else if (ringing.has(call.status)) needed += liveAnswerRate;
  }
  return { ready, needed };
}

/** At least one ready agent is left once the campaign's own calls have theirs. */
export const hasAgentToSpare = (spoken: AgentsSpokenFor): boolean => spoken.ready - spoken.needed >= 1;

/** The agent a person calling back goes to, when one is to spare from the campaign's own calls:
 * chosen by the routing of answered dials (routing.ts), the lead's group first, then the agent who
 * has waited longest. `spoken` when the caller already has it (a tick counts it once per campaign);
 * `except`: the agents whose bridge to the caller failed a moment ago. */
export function spareAgentFor(state: EngineState, call: Call, except: ReadonlySet<AgentId> = noAgents, spoken?: AgentsSpokenFor): RoutedAgent | null {
  const campaign = state.campaigns.get(call.campaignId);
  if (!campaign) return null;
  const counted = spoken ?? agentsSpokenFor(state, campaign.id, campaign.stats.liveAnswerRate.mean);
  // The agents whose bridge failed are back among the ready, but not for this caller.
  let excepted = 0;
  for (const agentId of except) {
    const agent = state.agents.get(agentId);
    if (agent && agent.campaignId === campaign.id && takesCalls(agent)) excepted += 1;
  }
  if (!hasAgentToSpare({ ...counted, ready: counted.ready - excepted })) return null;
  return readyAgentFor(others(state.agents.values(), except), call.campaignId, call.group);
}

const noAgents: ReadonlySet<AgentId> = new Set();

function* others(agents: Iterable<Agent>, except: ReadonlySet<AgentId>): Iterable<Agent> {
  for (const agent of agents) if (!except.has(agent.id)) yield agent;
}

/** A dial of the campaign's pacer that will want a ready agent if answered (a preview's agent is its own). */
function ownsNoAgentYet(call: Call, campaignId: CampaignId): boolean {
  return call.campaignId === campaignId && call.inbound !== true && call.previewAgentId === null && call.agentId === null;
}
