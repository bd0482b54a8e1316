// Whom a customer on hold waits for, in words, as the desktop and the wallboard say it: a group of
// the agent's own campaign, another campaign's team, or a group of that team.

import { t } from '/web/shared/i18n.js';

/** `agent`: its `waitingForGroup` and `waitingForCampaign`; `teamName(id)`: a campaign's name, if
 * known. Null when the customer waits for nobody. */
export function waitedForLabel(agent, teamName) {
  if (agent.waitingForCampaign == null) return agent.waitingForGroup ?? null;
  const name = teamName(agent.waitingForCampaign) ?? t('handover.unknownTeam', { id: agent.waitingForCampaign });
  return agent.waitingForGroup == null ? name : t('handover.teamGroup', { group: agent.waitingForGroup, name });
}
