// Playing media on a channel: PlaybackStarted, PlaybackContinuing between the items of a media
// list, PlaybackFinished at the end. Stopping a playback ends only the current item (a list goes
// on with the next, as recorded); a hang-up fails a file being played and silences a generator.
// A sound the PBX does not have fails at once after its PlaybackStarted, as in Asterisk 22's
// res_stasis_playback: the list goes on with its next item, and only a failed last item leaves
// the playback `failed`.

import type { PlaybackJson } from './ari-types.js';
import { channelSubscribers } from './channel-events.js';
import type { SimChannel } from './channel-registry.js';
import { farEndMediaChanged } from './far-end.js';
import { isFileMedia, mediaPlay } from './media-durations.js';
import type { PbxContext } from './pbx-context.js';
import { playbackJson, type SimPlayback } from './playback-registry.js';

/** Queues `media` on the channel; returns the snapshot for the REST reply (state queued). */
export function startPlayback(ctx: PbxContext, channel: SimChannel, media: string[], id: string, language: string): PlaybackJson {
  const playback: SimPlayback = { id, channelId: channel.id, media, index: 0, state: 'queued', language, timer: null };
  const reply = playbackJson(playback);
  ctx.counters.playbacks++;
  if (ctx.playbacks.enqueue(playback)) beginItem(ctx, playback, 'PlaybackStarted');
  farEndMediaChanged(ctx, channel.id);
  return reply;
}

/** DELETE /playbacks/{id}: ends the current item now. */
export function stopPlayback(ctx: PbxContext, playback: SimPlayback): void {
  if (playback.state === 'queued') {
    finishPlayback(ctx, playback, 'done', false);
    return;
  }
  endItem(ctx, playback);
}

/** The channel is going away: end its playbacks without starting queued ones. */
export function dropPlaybacksOnHangup(ctx: PbxContext, channel: SimChannel): void {
  for (const playback of ctx.playbacks.onChannel(channel.id)) {
    playback.timer?.();
    const current = playback.media[playback.index] ?? '';
    const wasPlaying = playback.state === 'playing' || playback.state === 'continuing';
    ctx.playbacks.finish(playback);
    if (wasPlaying && isFileMedia(current)) {
      playback.state = 'failed';
      emitPlayback(ctx, playback, 'PlaybackFinished');
    }
  }
}

function beginItem(ctx: PbxContext, playback: SimPlayback, type: 'PlaybackStarted'): void {
  playback.state = 'playing';
  emitPlayback(ctx, playback, type);
  const play = mediaPlay(playback.media[playback.index] ?? '', ctx.sounds, ctx.recordings.stored);
  if (play.kind === 'timed') playback.timer = ctx.scheduler.after(play.ms, () => endItem(ctx, playback));
  // Not in the same turn: Asterisk reports the failure from its own thread, after the play request.
  else if (play.kind === 'missing') playback.timer = ctx.scheduler.after(0, () => endItem(ctx, playback, true));
}

function endItem(ctx: PbxContext, playback: SimPlayback, failed = false): void {
  playback.timer?.();
  playback.timer = null;
  if (playback.index + 1 < playback.media.length) {
    playback.state = 'continuing';
    emitPlayback(ctx, playback, 'PlaybackContinuing');
    playback.index++;
    beginItem(ctx, playback, 'PlaybackStarted');
    return;
  }
  finishPlayback(ctx, playback, failed ? 'failed' : 'done', true);
}

function finishPlayback(ctx: PbxContext, playback: SimPlayback, state: 'done' | 'failed', announce: boolean): void {
  playback.state = state;
  const next = ctx.playbacks.finish(playback);
  if (announce) emitPlayback(ctx, playback, 'PlaybackFinished');
  if (next !== undefined) beginItem(ctx, next, 'PlaybackStarted');
  farEndMediaChanged(ctx, playback.channelId);
}

function emitPlayback(ctx: PbxContext, playback: SimPlayback, type: string): void {
  const channel = ctx.channels.get(playback.channelId);
  const apps = channel === undefined ? [] : channelSubscribers(channel);
  ctx.bus.emit(apps, { type, playback: playbackJson(playback) });
}
