// The engine's single entry point: step(state, input, nowMs) -> commands. Synchronous and pure
// apart from mutating `state`; the live runtime and the simulator both drive it.

import type { Command } from './commands.js';
import type { EngineState } from './engine-state.js';
import type { Input } from './inputs.js';
import { onAgentAction, onAgentLegDown, onAgentLegUp, onAgentLogin } from './engine/agent-steps.js';
import { onCallInput, onLeadsLeased, onPreviewDial } from './engine/call-steps.js';
import { onCallbackDue } from './engine/callback-steps.js';
import { onCampaignInput } from './engine/campaign-steps.js';
import { onConversationAdopted } from './engine/conversation-adoption.js';
import { onInboundCall } from './engine/inbound-call.js';
import { reject, type StepContext } from './engine/step-context.js';
import { onTick } from './engine/tick-step.js';
import { pbxCapacityOf } from './engine/pbx-room.js';

export function step(state: EngineState, input: Input, nowMs: number): Command[] {
  const ctx: StepContext = { state, nowMs, out: [] };
  dispatch(ctx, input);
  return ctx.out;
}

function dispatch(ctx: StepContext, input: Input): void {
  switch (input.type) {
    case 'tick': return onTick(ctx);
    case 'campaign_configured':
    case 'campaign_started':
    case 'campaign_paused':
    case 'campaign_stopped':
    case 'campaign_released':
    case 'abandon_history_loaded':
    case 'live_answer_withdrawn':
    case 'pacing_model_restored': return onCampaignInput(ctx, input);
    case 'leads_leased': return onLeadsLeased(ctx, input);
    case 'preview_dial': return onPreviewDial(ctx, input);
    case 'inbound_call': return onInboundCall(ctx, input);
    case 'callback_due': return onCallbackDue(ctx, input);
    case 'agent_login': return onAgentLogin(ctx, input);
    case 'conversation_adopted': return onConversationAdopted(ctx, input);
    case 'telephony_up': ctx.state.telephonyUp = true; return undefined;
    case 'telephony_down': ctx.state.telephonyUp = false; return undefined;
    case 'pbx_capacity': ctx.state.pbxCapacity = pbxCapacityOf(ctx.state, input.freeChannels); return undefined;
    case 'node_dial_rate': ctx.state.nodeDialsPerSecond = input.perSecond === null ? null : Math.max(0, Math.floor(input.perSecond)); return undefined;
    default: break;
  }
  if ('attemptId' in input && input.type !== 'agent_dispositioned') {
    const call = ctx.state.calls.get(input.attemptId);
    // Events for calls already closed are normal (late PBX events after a hang-up).
    if (call) onCallInput(ctx, call, input);
    return;
  }
  const agent = ctx.state.agents.get(input.agentId);
  if (!agent) {
    reject(ctx, input, 'unknown_agent', `agent ${input.agentId} is not logged in on this engine`);
    return;
  }
  if (input.type === 'agent_leg_up') onAgentLegUp(ctx, agent);
  else if (input.type === 'agent_leg_down') onAgentLegDown(ctx, agent, input);
  else onAgentAction(ctx, agent, input);
}
