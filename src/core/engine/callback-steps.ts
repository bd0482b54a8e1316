// Personal callbacks as the engine sees them: the shell says when one is due for an agent; the
// agent, when ready, is held and the shell dials it as a call pre-assigned to them (preview_dial
// with `callback`). When there is nothing to dial after all, or the shell never answers, the hold
// ends and the agent takes calls as usual.

import type { Agent } from '../agent.js';
import type { Input } from '../inputs.js';
import { callbackHoldTimeoutMs } from '../limits.js';
import { holdForCallback } from './callback-hold.js';
import { offerWaitingCall } from './call-routing.js';
import { reject, type StepContext } from './step-context.js';

export function onCallbackDue(ctx: StepContext, input: Extract<Input, { type: 'callback_due' }>): void {
  const agent = ctx.state.agents.get(input.agentId);
  if (!agent) {
    reject(ctx, input, 'unknown_agent', `agent ${input.agentId} is not logged in on this engine`);
    return;
  }
  agent.callbackDue = input.due;
  if (input.due) holdForCallback(ctx, agent);
  else if (agent.callbackHoldSinceMs !== null) release(ctx, agent);
}

/** A hold the shell left unanswered ends; the shell says again if the callback is still due. */
export function expireCallbackHolds(ctx: StepContext): void {
  for (const agent of ctx.state.agents.values()) {
    if (agent.callbackHoldSinceMs === null || ctx.nowMs - agent.callbackHoldSinceMs < callbackHoldTimeoutMs) continue;
    agent.callbackDue = false;
    release(ctx, agent);
  }
}

function release(ctx: StepContext, agent: Agent): void {
  agent.callbackHoldSinceMs = null;
  offerWaitingCall(ctx, agent);
}
