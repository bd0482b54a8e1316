// TALK_DETECT as Asterisk's func_talkdetect gives it: set on a channel, it raises
// ChannelTalkingStarted when the far end starts talking and ChannelTalkingFinished (with how long
// it talked) once it has been quiet for the silence threshold. Only a machine's greeting and beep
// make sound here: a simulated person says nothing the PBX could hear.

import { channelTimer, emitChannelEvent } from './channel-events.js';
import type { SimChannel } from './channel-registry.js';
import type { FarEnd, PbxContext } from './pbx-context.js';

/** Asterisk's default dsp_silence_threshold. */
const defaultSilenceMs = 2500;

/** A channel variable was set: `TALK_DETECT(set)` turns detection on, `TALK_DETECT(remove)` off. */
export function talkDetectVariableSet(ctx: PbxContext, channel: SimChannel, variable: string, value: string): void {
  const far = ctx.farEnds.get(channel.id);
  if (far === undefined) return;
  const name = variable.replace(/\s+/g, '').toUpperCase();
  if (name === 'TALK_DETECT(REMOVE)') far.talkDetect = null;
  if (name !== 'TALK_DETECT(SET)') return;
  const threshold = Number.parseInt(value.split(',')[0] ?? '', 10);
  far.talkDetect = { silenceMs: Number.isFinite(threshold) && threshold > 0 ? threshold : defaultSilenceMs, startedAtWallMs: null };
  if (far.greetingPlaying) talkingStarted(ctx, far, channel);
}

/** The machine answered: its greeting plays for the script's time, then it is quiet. */
export function greetingBegins(ctx: PbxContext, far: FarEnd, channel: SimChannel): void {
  const greetingMs = far.script.greetingMs;
  if (greetingMs === null) return;
  far.greetingPlaying = true;
  if (far.talkDetect !== null) talkingStarted(ctx, far, channel);
  channelTimer(ctx, channel, greetingMs, () => greetingEnds(ctx, far, channel));
}

function talkingStarted(ctx: PbxContext, far: FarEnd, channel: SimChannel): void {
  if (far.talkDetect === null || far.talkDetect.startedAtWallMs !== null) return;
  far.talkDetect.startedAtWallMs = Date.now();
  emitChannelEvent(ctx, channel, 'ChannelTalkingStarted', {});
}

function greetingEnds(ctx: PbxContext, far: FarEnd, channel: SimChannel): void {
  far.greetingPlaying = false;
  const detect = far.talkDetect;
  if (detect === null || detect.startedAtWallMs === null) return;
  const startedAt = detect.startedAtWallMs;
  const endedAt = Date.now();
  channelTimer(ctx, channel, detect.silenceMs, () => {
    if (far.talkDetect !== detect) return;
    detect.startedAtWallMs = null;
    emitChannelEvent(ctx, channel, 'ChannelTalkingFinished', { duration: Math.round(ctx.scheduler.simElapsed(startedAt, endedAt)) });
  });
}
