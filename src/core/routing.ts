// Which agent gets an answered call: the ready agent of the campaign who has waited longest,
// so idle time is shared fairly.

import type { Agent } from './agent.js';
import type { CampaignId } from './ids.js';

export function longestIdleReadyAgent(agents: Iterable<Agent>, campaignId: CampaignId): Agent | null {
  let best: Agent | null = null;
  for (const agent of agents) {
    // An agent held for their personal callback is about to dial it.
    if (agent.campaignId !== campaignId || agent.status !== 'ready' || agent.callbackHoldSinceMs !== null) continue;
    if (best === null || agent.readySinceMs < best.readySinceMs) best = agent;
  }
  return best;
}
