// When a wrap-up ends by itself: an automatic one after the campaign's wrap-up time; a manual one
// when the agent says so, except before a logout asked during the call (by them, a supervisor, or
// their deactivation), which gives it the campaign's wrap-up time as an automatic one (the
// disposition, if not given, then waits on their list). A logout that waits for the disposition
// (a stopping node letting agents finish) holds the wrap-up while one is owed.

import type { Agent } from './agent.js';
import type { CampaignSettings } from './campaign-settings.js';

type WrappingAgent = Pick<Agent, 'status' | 'sinceMs' | 'pendingLogout' | 'logoutAwaitsDisposition' | 'owesDispositionFor'>;

/** The instant the agent's wrap-up ends by itself; null when not in one or it does not. */
export function wrapUpEndsAtMs(agent: WrappingAgent, settings: Pick<CampaignSettings, 'wrapUpMs' | 'wrapUpMode'> | undefined): number | null {
  if (agent.status !== 'wrap_up' || !settings) return null;
  if (settings.wrapUpMode !== 'auto' && !agent.pendingLogout) return null;
  if (agent.logoutAwaitsDisposition && agent.owesDispositionFor !== null) return null;
  return agent.sinceMs + settings.wrapUpMs;
}
