// Playbacks by id and the per-channel queue they play in (one at a time, in order).

import type { PlaybackJson, PlaybackState } from './ari-types.js';
import type { Cancel } from './scheduler.js';

export interface SimPlayback {
  id: string;
  channelId: string;
  media: string[];
  index: number;
  state: PlaybackState;
  language: string;
  /** Ends the current media item early; set while it plays. */
  timer: Cancel | null;
}

export function playbackJson(playback: SimPlayback): PlaybackJson {
  const current = playback.media[playback.index] ?? '';
  const next = playback.media[playback.index + 1];
  return {
    id: playback.id,
    media_uri: current,
    ...(next === undefined ? {} : { next_media_uri: next }),
    target_uri: `channel:${playback.channelId}`,
    language: playback.language,
    state: playback.state,
  };
}

export class PlaybackRegistry {
  private readonly playbacks = new Map<string, SimPlayback>();
  private readonly queues = new Map<string, SimPlayback[]>();

  get(id: string): SimPlayback | undefined {
    return this.playbacks.get(id);
  }

  /** Queues a playback on its channel; true when it is first in line and should start now. */
  enqueue(playback: SimPlayback): boolean {
    this.playbacks.set(playback.id, playback);
    const queue = this.queues.get(playback.channelId) ?? [];
    queue.push(playback);
    this.queues.set(playback.channelId, queue);
    return queue.length === 1;
  }

  /** Removes a finished playback; returns the next one queued on the channel, if any. */
  finish(playback: SimPlayback): SimPlayback | undefined {
    this.playbacks.delete(playback.id);
    const queue = (this.queues.get(playback.channelId) ?? []).filter((p) => p !== playback);
    if (queue.length === 0) this.queues.delete(playback.channelId);
    else this.queues.set(playback.channelId, queue);
    return queue[0];
  }

  onChannel(channelId: string): SimPlayback[] {
    return [...(this.queues.get(channelId) ?? [])];
  }

  isPlaying(channelId: string): boolean {
    return (this.queues.get(channelId)?.length ?? 0) > 0;
  }
}
