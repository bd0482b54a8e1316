// Whole-state invariants, checked by tests and by the simulator after every step: an agent and a
// call point at each other or at nothing, a lead has at most one call, and no answered call has
// waited past the campaign's connect limit without an agent or the safe-harbor message (waiting for
// one, or for the bridge to one).

import { InvariantViolation } from './assert.js';
import type { EngineState } from './engine-state.js';
import type { Call } from './call.js';

export function invariantViolations(state: EngineState, nowMs: number): string[] {
  return [...agentCallLinks(state), ...leadUniqueness(state), ...connectDeadlines(state, nowMs)];
}

export function assertInvariants(state: EngineState, nowMs: number): void {
  const problems = invariantViolations(state, nowMs);
  if (problems.length > 0) throw new InvariantViolation('ENGINE_STATE', problems.join('; '));
}

function agentCallLinks(state: EngineState): string[] {
  const problems: string[] = [];
  for (const agent of state.agents.values()) {
    const needsCall = agent.status === 'reserved' || agent.status === 'talking';
    if (needsCall !== (agent.callId !== null)) problems.push(`agent ${agent.id} is ${agent.status} with call ${agent.callId}`);
    if (agent.callId === null) continue;
    const call = state.calls.get(agent.callId);
    // A colleague being handed the call is reserved for it; the call stays with its agent till then.
    if (!call || (call.agentId !== agent.id && call.transferToAgentId !== agent.id)) problems.push(`agent ${agent.id} points at call ${agent.callId}, which does not point back`);
  }
  for (const call of state.calls.values()) {
    // Left with a third party, the call has nobody of ours on it, and must have them.
    if (call.status === 'handed_off' && call.thirdParty?.stage !== 'handed_off') problems.push(`call ${call.attemptId} is handed off without a third party`);
    if (call.status !== 'connecting' && call.status !== 'connected') continue;
    const agent = call.agentId ? state.agents.get(call.agentId) : undefined;
    if (agent?.callId === call.attemptId || goesOnWithoutItsAgent(state, call)) continue;
    problems.push(`call ${call.attemptId} is ${call.status} without its agent`);
  }
  return problems;
}

function leadUniqueness(state: EngineState): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const call of state.calls.values()) {
    if (seen.has(call.leadId)) problems.push(`lead ${call.leadId} has two calls in progress`);
    seen.add(call.leadId);
    if (!state.leadsInFlight.has(call.leadId)) problems.push(`lead ${call.leadId} is dialled but not marked in flight`);
  }
  if (seen.size !== state.leadsInFlight.size) problems.push('leads in flight do not match the calls in progress');
  return problems;
}

function connectDeadlines(state: EngineState, nowMs: number): string[] {
  const problems: string[] = [];
  for (const call of state.calls.values()) {
    // An agent's own dial, answered, waits for its bridge as any: the person hears nothing meanwhile.
    const awaitsAgent = call.status === 'waiting_agent' || call.status === 'connecting';
    if (call.liveAtMs === null) continue;
    const limit = state.campaigns.get(call.campaignId)?.settings.connectLimitMs ?? 2_000;
    // An answer missed in a gap in the PBX's events is held to the rule from when it was found.
    const since = Math.max(call.liveAtMs, call.answerFoundAtMs ?? call.liveAtMs);
    if (awaitsAgent && nowMs - since > limit) problems.push(`call ${call.attemptId} waited ${nowMs - since} ms for an agent`);
    // One given the message instead, in this step, must have had it in time too (said once, not at
    // every step while the message plays).
    if (call.safeHarborAtMs === nowMs && nowMs - since > limit) {
      problems.push(`call ${call.attemptId} had its safe-harbor message ${call.safeHarborAtMs - since} ms after it was live`);
    }
  }
  return problems;
}

/** A customer whose agent's phone went while handing them over: the colleague reserved for them,
 * or the next agent of the team they wait for, takes them (handOverWithoutAgent). */
function goesOnWithoutItsAgent(state: EngineState, call: Call): boolean {
  if (call.status !== 'connected') return false;
  if (call.transferToAgentId === null) return call.handoverWait !== null;
  return state.agents.get(call.transferToAgentId)?.callId === call.attemptId;
}
