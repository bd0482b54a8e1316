// A trunk several nodes drive is split between the nodes present by their demand: the calls a
// second their campaigns' pacing wants (the lines it wants in progress, at least one per agent
// logged in, over how long each of the campaign's dials holds a line), so a predictive team
// keeping three lines an agent asks three times what a preview team of the same size and list
// does. A node with no agents gets nothing while another has some, so a node whose teams went
// home does not hold calls back from one still dialling. Each node with agents is given one call a
// second first (when the limit has that many), so a small team is never starved by a large one,
// and the rest goes by demand, in whole calls, the largest remainders first (ties to the first
// nodes by id). The shares add up to the limit and never more. When no node has agents the split
// is even, so whichever team logs in first can dial at once. A node takes the smaller of its share
// and a limit of its own.

import type { EngineState } from '../engine-state.js';
import { createCampaignStats } from '../stats/campaign-stats.js';
import { meanLineHoldMs } from './line-hold-time.js';

/** A line's hold for agents of a campaign the node does not drive (yet): the priors'. */
const priorLineHoldMs = meanLineHoldMs(createCampaignStats());

/** A node present on the trunk and its demand; null when it did not say (a node of an earlier
 * version), taken as much as the most any node says, so its share is not taken from under it. */
export interface TrunkMember {
  nodeId: string;
  demand: number | null;
}

/** What the node asks of the trunk, in calls a second: for each campaign with agents logged in
 * (paused ones included: they come back), the lines its pacing wants, and at least one per agent
 * (agents' own dials, previews and callbacks take lines too), over how long each of its dials
 * holds a line; a node without agents asks nothing. */
export function trunkDemandOf(state: Pick<EngineState, 'agents' | 'campaigns'>): number {
  const agentsByCampaign = new Map<string, number>();
  for (const agent of state.agents.values()) {
    if (agent.status !== 'logged_out') agentsByCampaign.set(agent.campaignId, (agentsByCampaign.get(agent.campaignId) ?? 0) + 1);
  }
  let demand = 0;
  for (const [campaignId, agents] of agentsByCampaign) {
    const campaign = state.campaigns.get(campaignId);
    const holdMs = campaign ? meanLineHoldMs(campaign.stats) : priorLineHoldMs;
    demand += (Math.max(agents, campaign?.linesWanted?.lines ?? 0) * 1_000) / holdMs;
  }
  return demand;
}

/** The node's share of the trunk's calls a second among `members` (itself included); 0 when it is
 * not among them (not yet seen by the others). */
export function trunkShareOf(limit: number, members: readonly TrunkMember[], nodeId: string): number {
  return trunkShares(limit, members).get(nodeId) ?? 0;
}

/** Every member's share, adding up to `limit`. */
export function trunkShares(limit: number, members: readonly TrunkMember[]): Map<string, number> {
  const ranked = rankedMembers(members);
  const wanting = ranked.filter((member) => member.demand > 0);
  const shares = new Map(ranked.map((member) => [member.nodeId, 0]));
  if (wanting.length === 0) return apportion(shares, ranked.map((member) => ({ nodeId: member.nodeId, weight: 1 })), limit);
  if (limit <= wanting.length) return apportion(shares, wanting.map((member) => ({ nodeId: member.nodeId, weight: 1 })), limit);
  for (const member of wanting) shares.set(member.nodeId, 1);
  return apportion(shares, wanting.map((member) => ({ nodeId: member.nodeId, weight: member.demand })), limit - wanting.length);
}

/** Members once each, sorted by id, with every demand known. */
function rankedMembers(members: readonly TrunkMember[]): Array<{ nodeId: string; demand: number }> {
  const byId = new Map(members.map((member) => [member.nodeId, member.demand]));
  const said = [...byId.values()].filter((demand): demand is number => demand !== null && Number.isFinite(demand));
  const most = Math.max(1, ...said);
  return [...byId.entries()]
    .map(([nodeId, demand]) => ({ nodeId, demand: demand === null || !Number.isFinite(demand) ? most : Math.max(0, demand) }))
    .sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
}

/** Adds `units` to `shares` in proportion to the weights: whole parts first, then one more each
 * to the largest remainders (the first by id on a tie, `weighted` being in id order). */
function apportion(shares: Map<string, number>, weighted: ReadonlyArray<{ nodeId: string; weight: number }>, units: number): Map<string, number> {
  const total = weighted.reduce((sum, member) => sum + member.weight, 0);
  if (units <= 0 || total <= 0) return shares;
  const quotas = weighted.map((member, index) => ({ ...member, index, exact: (units * member.weight) / total }));
  let given = 0;
  for (const quota of quotas) {
    const whole = Math.floor(quota.exact);
    shares.set(quota.nodeId, (shares.get(quota.nodeId) ?? 0) + whole);
    given += whole;
  }
  const byRemainder = [...quotas].sort((a, b) => (b.exact - Math.floor(b.exact)) - (a.exact - Math.floor(a.exact)) || a.index - b.index);
  for (const quota of byRemainder.slice(0, units - given)) shares.set(quota.nodeId, (shares.get(quota.nodeId) ?? 0) + 1);
  return shares;
}

/** The node's calls-a-second limit: the smaller of its own (0: none) and its trunk share (null:
 * none); null when neither limits it. */
export function nodeDialRateOf(nodeLimit: number, trunkShare: number | null): number | null {
  const limits = [...(nodeLimit > 0 ? [nodeLimit] : []), ...(trunkShare === null ? [] : [trunkShare])];
  return limits.length === 0 ? null : Math.min(...limits);
}
