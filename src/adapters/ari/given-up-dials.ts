// Dials whose originate timed out once it may have reached the PBX (ARI_TIMEOUT, as opposed to
// ARI_NOT_SENT): the engine has taken each as failed, yet a PBX slow to take the request up may
// still place it, later than the hang-up sent at the timeout, which then found no channel. Its
// channel would ring a customer for a call nobody follows, and be hung up only once answered (an
// unknown channel entering the app): a person picking up to silence. It is hung up instead at its
// first event, while it rings. A dial the PBX never places is forgotten after its ring time.

import type { Logger } from 'pino';
import type { AriEvent } from './ari-events.js';
import { channelHalf } from './channel-ids.js';

/** How long past a given-up dial's ring time its channel is still looked out for. */
const lookoutMarginMs = 60_000;

export interface GivenUpDialsDeps {
  hangup: (channelId: string) => Promise<void>;
  setTimer: (run: () => void, ms: number) => () => void;
  logger: Logger;
}

export class GivenUpDials {
  /** Channel ids looked out for, each with the cancel of its lookout's end. */
  private readonly lookouts = new Map<string, () => void>();

  constructor(private readonly deps: GivenUpDialsDeps) {}

  /** The originate of `channelId`, ringing up to `ringTimeoutMs`, was given up unanswered. */
  add(channelId: string, ringTimeoutMs: number): void {
    this.forget(channelId);
    this.lookouts.set(channelId, this.deps.setTimer(() => this.lookouts.delete(channelId), ringTimeoutMs + lookoutMarginMs));
  }

  /** True when the event was about a given-up dial's channel, which is then hung up. */
  handle(event: AriEvent): boolean {
    const channelId = channelOf(event);
    if (channelId === null) return false;
    const { baseId } = channelHalf(channelId);
    if (!this.lookouts.has(baseId)) return false;
    this.forget(baseId);
    // On its way out already (the hang-up sent at the timeout found it).
    if (event.type === 'ChannelHangupRequest' || event.type === 'ChannelDestroyed') return true;
    this.deps.logger.warn({ channelId: baseId }, 'the PBX placed a dial after its originate was given up; hanging it up');
    this.deps.hangup(baseId).catch((error: unknown) => {
      this.deps.logger.debug({ channelId: baseId, err: error }, 'hang-up of a dial placed after it was given up failed');
    });
    return true;
  }

  private forget(channelId: string): void {
    this.lookouts.get(channelId)?.();
    this.lookouts.delete(channelId);
  }
}

function channelOf(event: AriEvent): string | null {
  if (event.type === 'Dial') return event.peer.id;
  return 'channel' in event ? event.channel.id : null;
}
