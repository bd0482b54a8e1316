// After the events socket comes back, events of the gap are gone (Asterisk drops them). The
// channel list and the application's subscriptions say which of the channels we track still
// exist; the rest ended while we could not hear it. Channels that exist stay tracked, and a
// channel that exists but is no longer subscribed to our app is reported, not guessed about.

import type { AriApplicationSnapshot, AriChannelSnapshot } from './ari-port.js';

export interface TrackedChannel {
  /** What the channel is to us, for the log: an attempt id, `agent <id>`, a supervision session. */
  owner: string;
  channelId: string;
}

export interface ReconcileReport {
  gone: TrackedChannel[];
  kept: TrackedChannel[];
  /** Still exist but our app is not subscribed to them (e.g. left in the dialplan). */
  unsubscribed: TrackedChannel[];
  /** Channels of our app that we do not track (a previous run's, or one we already forgot). */
  untracked: string[];
}

export function reconcileChannels(
  tracked: readonly TrackedChannel[],
  channels: readonly AriChannelSnapshot[],
  application: AriApplicationSnapshot,
  /** Channels of ours not in `tracked` (an originate on its way, a channel taken up while the
   * list was asked for): neither lost nor a previous run's. */
  pending: readonly string[] = [],
): ReconcileReport {
  const existing = new Set(channels.map((channel) => channel.id));
  const subscribed = new Set(application.channelIds);
  const report: ReconcileReport = { gone: [], kept: [], unsubscribed: [], untracked: [] };
  for (const entry of tracked) {
    if (!existing.has(entry.channelId)) report.gone.push(entry);
    else if (subscribed.has(entry.channelId)) report.kept.push(entry);
    else report.unsubscribed.push(entry);
  }
  const trackedIds = new Set([...tracked.map((entry) => entry.channelId), ...pending]);
  report.untracked = application.channelIds.filter((id) => !id.endsWith(';2') && !trackedIds.has(id));
  return report;
}
