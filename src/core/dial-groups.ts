// Which leads a campaign that distributes its calls by a lead attribute should dial next. Routing
// (routing.ts) can only give an answered call to an agent of its group if one is free when it
// answers; dialling the groups of the agents who are free makes that the usual case rather than
// luck. The groups wanted are those of the ready agents that the calls already on their way do
// not cover; with nobody ready, those of agents wrapping up, who are free next. The shell picks
// the leads of these groups first among those next in line and fills the batch from any group,
// so no dial is lost for it (see adapters/pg/lead-selection.ts).

import { takesCalls, type Agent } from './agent.js';
import type { Call, CallStatus } from './call.js';
import type { CampaignId } from './ids.js';

/** Calls that will want an agent when they answer. */
const seekingAgent: ReadonlySet<CallStatus> = new Set(['dialing', 'ringing', 'amd', 'waiting_agent']);

/** The groups to dial first, most wanted first; empty when there is no preference. */
export function groupsToDialFor(agents: Iterable<Agent>, calls: Iterable<Call>, campaignId: CampaignId): string[] {
  const ofCampaign = [...agents].filter((agent) => agent.campaignId === campaignId && agent.groups.length > 0);
  const ready = ofCampaign.filter(takesCalls);
  const free = ready.length > 0 ? ready : ofCampaign.filter((agent) => agent.status === 'wrap_up');
  const demand = new Map<string, number>();
  for (const agent of free) {
    for (const group of agent.groups) demand.set(group, (demand.get(group) ?? 0) + 1);
  }
  for (const call of calls) {
    if (call.campaignId !== campaignId || call.group === null || !seekingAgent.has(call.status)) continue;
    const wanted = demand.get(call.group);
    if (wanted !== undefined) demand.set(call.group, wanted - 1);
  }
  return [...demand].filter(([, wanted]) => wanted > 0)
    .sort(([a, wa], [b, wb]) => wb - wa || (a < b ? -1 : a > b ? 1 : 0))
    .map(([group]) => group);
}
