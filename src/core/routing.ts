// Which agent gets an answered call. A campaign may distribute its calls by a lead attribute
// (region, industry...): the lead's value is its group, and agents handle groups. Ready agents who
// handle the call's group come first; within them, or among every ready agent when none of them
// is free, the one who has waited longest gets it, so idle time is shared fairly (round robin).
// The 2-second rule outranks distribution: a call never waits for a matching agent while another
// is free.

import { takesCalls, type Agent } from './agent.js';
import type { CampaignId } from './ids.js';

/** How a routed call met the distribution: an agent of its group, another agent because none of
 * the group was free, or no group to match (distribution off, or the lead has no value). */
export type RouteMatch = 'group' | 'other' | 'any';
export const routeMatches: readonly RouteMatch[] = ['group', 'other', 'any'];

export interface RoutedAgent {
  agent: Agent;
  match: RouteMatch;
}

/** Lead attribute values and agents' groups compare without case or surrounding spaces. */
export function normaliseGroup(value: string): string {
  return value.trim().toLowerCase();
}

/** An agent's groups as compared: normalised, blanks dropped, each once. */
export function normaliseGroups(values: readonly string[]): string[] {
  return [...new Set(values.map(normaliseGroup).filter((group) => group !== ''))];
}

/** How giving a call of `group` to `agent` meets the distribution. */
export function matchOf(agent: Agent, group: string | null): RouteMatch {
  if (group === null) return 'any';
  return agent.groups.includes(group) ? 'group' : 'other';
}

const waitedLonger = (a: Agent, b: Agent | null): boolean => b === null || a.readySinceMs < b.readySinceMs;

export function readyAgentFor(agents: Iterable<Agent>, campaignId: CampaignId, group: string | null): RoutedAgent | null {
  let inGroup: Agent | null = null;
  let any: Agent | null = null;
  for (const agent of agents) {
    if (agent.campaignId !== campaignId || !takesCalls(agent)) continue;
    if (waitedLonger(agent, any)) any = agent;
    if (group !== null && agent.groups.includes(group) && waitedLonger(agent, inGroup)) inGroup = agent;
  }
  const agent = inGroup ?? any;
  return agent ? { agent, match: matchOf(agent, group) } : null;
}
