// A message left on an answering machine waits for the machine's greeting to end: played over the
// greeting, its first words would be lost before the beep. The PBX listens to the machine and says
// when it talks and when it has been quiet for the campaign's silence after; the message starts
// then, at once when no greeting is heard (it was over already), and at the longest wait whatever
// the machine does. A campaign that waits for no silence plays it at once.

import type { Call, MachineMessage, MessageStart } from '../call.js';
import { timeLimitOf } from '../campaign-settings.js';
import type { CampaignRuntime } from '../engine-state.js';
import { machineMessageFor } from '../list-overrides.js';
import type { StepContext } from './step-context.js';

/** Leaves the campaign's message (or its list's) on the machine the call reached: for AMD's
 * verdict (`agentId` null) or for the agent who reached it, whose bridge it leaves first. */
export function leaveMachineMessage(ctx: StepContext, campaign: CampaignRuntime, call: Call, agentId: string | null): void {
  const silenceMs = timeLimitOf(campaign.settings, 'machineMessageSilenceMs');
  const media = machineMessageFor(campaign.settings, call);
  call.status = 'machine_message';
  call.machineMessage = { askedAtMs: ctx.nowMs, talkHeard: false, played: null };
  if (agentId !== null) {
    ctx.out.push({ type: 'drop_message', campaignId: call.campaignId, attemptId: call.attemptId, agentId, media, listenForMs: silenceMs });
    if (silenceMs === 0) markPlayed(ctx, call, 'at_once', media);
  } else if (silenceMs === 0) {
    play(ctx, campaign, call, 'at_once');
  } else {
    ctx.out.push({ type: 'listen_for_greeting_end', attemptId: call.attemptId, silenceMs });
  }
}

/** The machine talks, or has gone quiet after talking: its greeting is over. */
export function farEndTalking(ctx: StepContext, campaign: CampaignRuntime, call: Call, talking: boolean): void {
  const message = waitingMessage(call);
  if (message === null) return;
  if (talking) message.talkHeard = true;
  else play(ctx, campaign, call, 'after_greeting');
}

/** Starts the messages whose machine said nothing, and those that have waited the longest. */
export function startOverdueMessages(ctx: StepContext): void {
  for (const call of ctx.state.calls.values()) {
    const message = waitingMessage(call);
    const campaign = ctx.state.campaigns.get(call.campaignId);
    if (message === null || !campaign) continue;
    const waited = ctx.nowMs - message.askedAtMs;
    if (waited >= timeLimitOf(campaign.settings, 'machineMessageMaxWaitMs')) play(ctx, campaign, call, 'longest_wait');
    else if (!message.talkHeard && waited >= timeLimitOf(campaign.settings, 'machineMessageSilenceMs')) play(ctx, campaign, call, 'no_greeting');
  }
}

function waitingMessage(call: Call): MachineMessage | null {
  const message = call.machineMessage;
  return call.status === 'machine_message' && message !== null && message.played === null ? message : null;
}

function play(ctx: StepContext, campaign: CampaignRuntime, call: Call, start: MessageStart): void {
  const media = machineMessageFor(campaign.settings, call);
  markPlayed(ctx, call, start, media);
  ctx.out.push({ type: 'play_media', attemptId: call.attemptId, media, purpose: 'machine_message' });
}

function markPlayed(ctx: StepContext, call: Call, start: MessageStart, media: string): void {
  if (call.machineMessage) call.machineMessage.played = { atMs: ctx.nowMs, start, media };
}
