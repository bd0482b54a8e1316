// Pause allowances: a campaign may give its pause reasons a length (a break of 15 minutes, lunch
// of 45), and an agent paused longer has overrun it. Nothing stops the pause: supervisors see the
// overrun on the wallboard and in metrics, and the agent sees it on the desktop.

import type { Agent } from './agent.js';
import type { CampaignSettings } from './campaign-settings.js';

/** The allowance of the agent's pause, or null when they are not paused or its reason has none. */
export function pauseLimitOf(agent: Pick<Agent, 'status' | 'pauseReason'>, settings: Pick<CampaignSettings, 'pauseLimitsMs'>): number | null {
  if (agent.status !== 'paused' || agent.pauseReason === null) return null;
  return settings.pauseLimitsMs?.[agent.pauseReason] ?? null;
}

type PausedAgent = Pick<Agent, 'status' | 'pauseReason' | 'sinceMs' | 'pauseUsedMs'>;

/** When the agent's pause runs out of its allowance (less what it used before a call they dialled
 * from it); null when it has none (or settings are not known). */
export function pauseAllowedUntilMs(agent: PausedAgent, settings: Pick<CampaignSettings, 'pauseLimitsMs'> | undefined): number | null {
  const limit = settings ? pauseLimitOf(agent, settings) : null;
  return limit === null ? null : agent.sinceMs + limit - agent.pauseUsedMs;
}

/** Whether the agent has been paused past their pause's allowance. */
export function isOverPauseLimit(agent: PausedAgent, settings: Pick<CampaignSettings, 'pauseLimitsMs'>, nowMs: number): boolean {
  const until = pauseAllowedUntilMs(agent, settings);
  return until !== null && nowMs > until;
}
