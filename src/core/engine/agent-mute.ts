// The agent turns their own microphone off for a moment (a cough, a word with a team leader beside
// them): the customer hears nothing of them until it is on again. Only in a conversation; leaving
// it turns the microphone on again (shiftAgent), so no call starts with the agent unheard.

import type { Agent } from '../agent.js';
import type { Input } from '../inputs.js';
import { reject, setAgentMuted, type StepContext } from './step-context.js';

export function onMute(ctx: StepContext, agent: Agent, input: Extract<Input, { type: 'agent_mute' }>): void {
  if (agent.status !== 'talking') {
    reject(ctx, input, 'not_in_conversation', `agent ${agent.id} is not in a conversation to ${input.muted ? 'mute' : 'unmute'}`);
    return;
  }
  // Asked twice (a double click, a retry): the second changes nothing.
  if (input.muted === agent.muted) return;
  setAgentMuted(ctx, agent, input.muted);
}

/** The PBX did not do it: the microphone is as it was before the command. An agent whose phone
 * has gone meanwhile (the usual reason) has no microphone to be muted: nothing changes for them. */
export function muteFailed(ctx: StepContext, agent: Agent, muted: boolean): void {
  if (agent.status === 'logged_out' || agent.status === 'connecting') return;
  agent.muted = !muted;
  ctx.out.push({ type: 'pbx_refused', agentId: agent.id, action: muted ? 'mute' : 'unmute' });
}
