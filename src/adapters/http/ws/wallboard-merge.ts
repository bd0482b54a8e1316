// The other nodes' wallboard parts, as they read back from Redis, merged into this node's: its
// own agents and campaigns first, another node's marked with that node. Names come from this
// node's database figures where it has them, so every wallboard names things alike.

import { z } from 'zod';
import type { WallboardAgent, WallboardCampaign, WallboardSnapshot } from './wallboard-snapshot.js';

/** Another node's part: what the merge relies on is checked, the rest is the same node
 * software's own output and kept as it came. */
const sharedPart = z.object({
  agents: z.array(z.looseObject({ id: z.string(), name: z.string(), status: z.string() })),
  campaigns: z.array(z.looseObject({ id: z.string() })),
});

export interface KnownNames {
  agents: ReadonlyMap<string, string>;
  campaigns: ReadonlyMap<string, string>;
}

export const byAgentName = (x: WallboardAgent, y: WallboardAgent): number => x.name.localeCompare(y.name);

/** True when the entry already listed for an agent stays rather than `other`: any entry but a
 * lingering logout, which gives way to the agent working elsewhere (another node, or a call a
 * crashed run left). */
export function keepsPlace(listed: WallboardAgent | undefined, other: WallboardAgent): boolean {
  return listed !== undefined && (listed.status !== 'logged_out' || other.status === 'logged_out');
}

/**
 * `own` with the parts of `others` (by node id) added; an agent on both is settled by
 * `keepsPlace`. Parts that cannot be read are left out and named in `unreadable`.
 */
export function mergeWallboardParts(own: WallboardSnapshot, others: ReadonlyMap<string, unknown>, names: KnownNames): { snapshot: WallboardSnapshot; unreadable: string[] } {
  const agents = new Map(own.agents.map((a) => [a.id, a]));
  const campaigns = new Map(own.campaigns.map((c) => [c.id, c]));
  const unreadable: string[] = [];
  for (const [nodeId, raw] of others) {
    const part = sharedPart.safeParse(raw);
    if (!part.success) {
      unreadable.push(nodeId);
      continue;
    }
    for (const agent of part.data.agents as unknown as WallboardAgent[]) {
      if (!keepsPlace(agents.get(agent.id), agent)) agents.set(agent.id, { ...agent, name: names.agents.get(agent.id) ?? agent.name, nodeId });
    }
    for (const campaign of part.data.campaigns as unknown as WallboardCampaign[]) {
      if (!campaigns.has(campaign.id)) campaigns.set(campaign.id, { ...campaign, name: names.campaigns.get(campaign.id) ?? campaign.name, nodeId });
    }
  }
  return { snapshot: { ...own, agents: [...agents.values()].sort(byAgentName), campaigns: [...campaigns.values()] }, unreadable };
}
