// A hold ends by itself at the campaign's hold limit: the customer is back with their agent, or,
// on hold for a consultation, joins the agent and the colleague (all three talk). A consultation
// still bringing the colleague in, or a customer being handed over, is left to its own deadline.
// On hold while the agent talks to a third party, the customer joins the two; while it still
// rings, its line is given up and the customer is back with the agent.

import { holdLimitOf } from '../campaign-settings.js';
import { bringCustomerIn } from './call-consult.js';
import type { Call } from '../call.js';
import { releaseHold } from './call-hold.js';
import { requestHangup } from './call-hangup.js';
import { agentLeftCall } from './call-transfer.js';
import type { StepContext } from './step-context.js';
import { bringCustomerToThirdParty, giveUpRingingThirdParty } from './third-party-call.js';

/** The customer is back with their agent; one whose agent's phone went while they waited for the
 * next agent of a team has nobody to be back with, and is hung up, as with the phone. */
function endHold(ctx: StepContext, call: Call, agentId: string): void {
  if (agentLeftCall(ctx, call)) requestHangup(ctx, call, 'connected', 'agent_left');
  else releaseHold(ctx, call, agentId, 'time_limit');
}

/** Ends the holds older than their campaign's limit (checked every tick). */
export function endOverdueHolds(ctx: StepContext): void {
  for (const call of ctx.state.calls.values()) {
    if (call.heldAtMs === null || call.agentId === null || call.status !== 'connected') continue;
    const settings = ctx.state.campaigns.get(call.campaignId)?.settings;
    if (!settings || ctx.nowMs - call.heldAtMs < holdLimitOf(settings)) continue;
    // One left with the customer holds nobody.
    if (call.thirdParty !== null) {
      if (call.thirdParty.stage === 'talking') bringCustomerToThirdParty(ctx, call, call.agentId, 'time_limit');
      else giveUpRingingThirdParty(ctx, call);
    } else if (call.consult === 'consulting') bringCustomerIn(ctx, call, call.agentId, 'time_limit');
    else if (call.consult === null && call.transferToAgentId === null) endHold(ctx, call, call.agentId);
  }
}
