// The agent puts the customer on hold (to ask a colleague, to look something up): the customer
// hears music and not the agent, and comes back to the same agent. Only the agent on the call,
// only while it is connected. The time on hold is kept with the attempt, so reports can tell
// talk from hold. A hold lasts at most the campaign's hold limit (hold-limit.ts).

import type { Agent } from '../agent.js';
import type { Call } from '../call.js';
import type { HoldChangeReason } from '../commands.js';
import type { Input } from '../inputs.js';
import { setHandoverWait } from './handover-wait.js';
import { naming, reject, type StepContext } from './step-context.js';

export function onHold(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_hold' }>): void {
  const call = agent.callId ? ctx.state.calls.get(agent.callId) : undefined;
  if (!call || call.status !== 'connected') {
    reject(ctx, input, 'not_in_conversation', `agent ${agent.id} has no customer to ${input.held ? 'put on hold' : 'take off hold'}`);
    return;
  }
  if (call.transferToAgentId !== null) {
    reject(ctx, input, 'transfer_refused', naming(call.transferToAgentId, `the customer is being handed over to ${call.transferToAgentId}`));
    return;
  }
  if (call.thirdParty !== null) {
    reject(ctx, input, 'transfer_refused', `the customer is in a call with ${call.thirdParty.name}: bring them in, or end it`);
    return;
  }
  // Asked twice (a double click, a retry): the second changes nothing.
  if (input.held === (call.heldAtMs !== null)) return;
  setHeld(ctx, call, agent.id, input.held);
}

/** The PBX did not do it: the customer is where they were. A hold that never happened counts no
 * time on hold; one that could not be ended goes on from the refusal. */
export function holdFailed(ctx: StepContext, call: Call, held: boolean): void {
  if (held) call.heldAtMs = null;
  else if (call.heldAtMs === null) call.heldAtMs = ctx.nowMs;
  keepHold(ctx, call);
  if (call.agentId !== null) ctx.out.push({ type: 'pbx_refused', agentId: call.agentId, action: held ? 'hold' : 'unhold' });
}

/** Has the attempt keep where the customer's hold is, when no set_call_held says it. */
export function keepHold(ctx: StepContext, call: Call): void {
  ctx.out.push({ type: 'hold_changed', attemptId: call.attemptId, heldMs: call.heldMs, heldSinceMs: call.heldAtMs });
}

/** Puts the customer on hold for the agent (waiting to be handed to a group's next agent). */
export function putOnHold(ctx: StepContext, call: Call, agentId: string): void {
  setHeld(ctx, call, agentId, true);
}

/** Brings the customer back from hold (a consultation turned conference, or cancelled; the hold's
 * time limit). */
export function releaseHold(ctx: StepContext, call: Call, agentId: string, reason: HoldChangeReason = 'agent'): void {
  setHeld(ctx, call, agentId, false, reason);
}

/** The PBX moved the customer out of their hold (to a colleague, to a third party): the hold is
 * over, and kept with the attempt. */
export function comeOffHold(ctx: StepContext, call: Call): void {
  if (call.heldAtMs === null) return;
  call.heldMs = timeOnHold(call, ctx.nowMs);
  call.heldAtMs = null;
  keepHold(ctx, call);
}

/** Time on hold so far, the hold in progress included. */
export function timeOnHold(call: Call, nowMs: number): number {
  return call.heldMs + (call.heldAtMs === null ? 0 : Math.max(0, nowMs - call.heldAtMs));
}

function setHeld(ctx: StepContext, call: Call, agentId: string, held: boolean, reason: HoldChangeReason = 'agent'): void {
  if (held) {
    call.heldAtMs = ctx.nowMs;
  } else {
    call.heldMs = timeOnHold(call, ctx.nowMs);
    call.heldAtMs = null;
    // Back with the agent, the customer no longer waits to be handed over.
    setHandoverWait(ctx, call, null);
  }
  ctx.out.push({ type: 'set_call_held', campaignId: call.campaignId, attemptId: call.attemptId, agentId, held, atMs: ctx.nowMs, heldMs: call.heldMs, reason });
}
