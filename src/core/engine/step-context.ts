// What every step handler works with: the state, the time, and the commands it emits.

import type { ActingStaff } from '../acting-staff.js';
import { moveAgent, type Agent, type AgentMove, type AgentStatus } from '../agent.js';
import type { Command, RejectionCode } from '../commands.js';
import type { CampaignRuntime, EngineState } from '../engine-state.js';
import type { AgentId, CampaignId } from '../ids.js';
import type { Input } from '../inputs.js';

export interface StepContext {
  state: EngineState;
  nowMs: number;
  out: Command[];
}

/** Why an input is refused: its message, and the colleagues and campaigns it names by id (the
 * shell names them as people know them: display names, campaign names). */
export interface Refusal {
  message: string;
  agentIds: readonly AgentId[];
  campaignIds?: readonly CampaignId[];
}

/** A refusal naming the colleague `agentId`, by id, in `message`. */
export const naming = (agentId: AgentId, message: string): Refusal => ({ message, agentIds: [agentId] });

/** A refusal naming the campaigns, each as "campaign <id>", in `message`, and the agents among
 * `agentIds` it names by id. */
export const namingCampaigns = (campaignIds: readonly CampaignId[], message: string, agentIds: readonly AgentId[] = []): Refusal =>
  ({ message, agentIds, campaignIds });

export function reject(ctx: StepContext, input: Input, code: RejectionCode, why: string | Refusal): void {
  const refusal: Refusal = typeof why === 'string' ? { message: why, agentIds: [] } : why;
  const campaignIds = refusal.campaignIds ?? [];
  ctx.out.push({
    type: 'input_rejected', input: input.type, code, message: refusal.message,
    ...(refusal.agentIds.length > 0 ? { agentIds: refusal.agentIds } : {}), ...(campaignIds.length > 0 ? { campaignIds } : {}),
  });
}

/** Moves an agent and tells the shell, which persists the state log and updates desktops; `by`:
 * the staff member who made the move for the agent, if one did. */
export function shiftAgent(ctx: StepContext, agent: Agent, to: AgentStatus, reason: string, by: ActingStaff | null = null): void {
  // Leaving a conversation turns the microphone on again, so no call starts with the agent unheard
  // (a phone leg that went down takes its mute with it).
  if (agent.muted && to !== 'talking') setAgentMuted(ctx, agent, false, to !== 'logged_out');
  reportAgentMove(ctx, agent, moveAgent(agent, to, ctx.nowMs), reason, by);
}

/** Turns the agent's microphone off or on, telling the PBX unless there is no phone to tell. */
export function setAgentMuted(ctx: StepContext, agent: Agent, muted: boolean, tellPbx = true): void {
  agent.muted = muted;
  if (tellPbx) ctx.out.push({ type: 'set_agent_muted', agentId: agent.id, attemptId: agent.callId, muted, atMs: ctx.nowMs });
}

/** Tells the shell of a move already made. */
export function reportAgentMove(ctx: StepContext, agent: Agent, move: AgentMove, reason: string, by: ActingStaff | null = null): void {
  ctx.out.push({
    type: 'agent_state_changed',
    agentId: agent.id,
    campaignId: agent.campaignId,
    from: move.from,
    to: move.to,
    reason,
    atMs: ctx.nowMs,
    durationMs: move.durationMs,
    attemptId: agent.callId,
    by,
  });
}

export function campaignOf(ctx: StepContext, campaignId: string): CampaignRuntime | undefined {
  return ctx.state.campaigns.get(campaignId);
}
