// One line a second: what the campaign is doing right now.

import type { EngineState } from '../core/engine-state.js';
import type { DemoTally } from './demo-tally.js';

export function statusLine(elapsedS: number, campaignId: string, state: EngineState, tally: DemoTally): string {
  const agents: Record<string, number> = {};
  for (const agent of state.agents.values()) {
    if (agent.campaignId === campaignId) agents[agent.status] = (agents[agent.status] ?? 0) + 1;
  }
  let ringing = 0;
  for (const call of state.calls.values()) if (call.campaignId === campaignId && (call.status === 'dialing' || call.status === 'ringing')) ringing += 1;
  const decision = state.campaigns.get(campaignId)?.decisions.at(-1);
  const agentText = ['ready', 'reserved', 'talking', 'wrap_up', 'paused', 'connecting']
    .filter((s) => (agents[s] ?? 0) > 0).map((s) => `${s} ${agents[s]}`).join(', ') || 'none';
  return [
    `[${String(elapsedS).padStart(4)}s]`,
    `dialled ${tally.dialled}`, `ringing ${ringing}`, `answered ${tally.answered}`, `connected ${tally.connected}`,
    `abandoned ${tally.abandoned}`, `| agents: ${agentText}`,
    `| dial level ${decision ? decision.dialLevel.toFixed(2) : '-'} (${decision?.binding ?? 'no decision yet'})`,
  ].join(' ');
}
