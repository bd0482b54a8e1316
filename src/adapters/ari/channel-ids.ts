// Channel and bridge ids the adapter chooses, and how an event's channel id maps back to them.
// Ids we choose make events joinable without lookups: the customer channel is the attempt id.
// A Local channel shows up as two halves, `<id>` (`;1`, the one we originated) and `<id>;2`.

export interface ChannelHalf {
  baseId: string;
  /** 1 for the channel we created (or any non-Local channel), 2 for the far half of a Local pair. */
  half: 1 | 2;
}

export function channelHalf(channelId: string): ChannelHalf {
  return channelId.endsWith(';2') ? { baseId: channelId.slice(0, -2), half: 2 } : { baseId: channelId, half: 1 };
}

export function agentBridgeId(agentId: string): string {
  return `agent-bridge-${agentId}`;
}

/** The holding bridge a customer waits in, with music, while their agent holds them. It is named
 * after the agent's bridge, so that a restart can tell whose customer it holds. */
export function holdBridgeId(attemptId: string): string {
  return `hold-${attemptId}`;
}

/** The attempt whose customer a holding bridge holds, or null for any other bridge. */
export function attemptOfHoldBridge(bridgeId: string): string | null {
  return bridgeId.startsWith('hold-') ? bridgeId.slice('hold-'.length) : null;
}

export function agentLegChannelId(agentId: string, seq: number): string {
  return `agent-${agentId}-${seq}`;
}

/** The agent whose leg a channel id names, or null for any other channel. */
export function agentOfLegChannel(channelId: string): string | null {
  return /^agent-(.+)-\d+$/.exec(channelId)?.[1] ?? null;
}

/** A third party's line on a call; `seq` tells a line from an earlier one on the same call. */
export function thirdPartyChannelId(attemptId: string, seq: number): string {
  return `third-party-${seq}-${attemptId}`;
}

export function isThirdPartyChannel(channelId: string): boolean {
  return channelId.startsWith('third-party-');
}

/** The bridge a customer left with a third party talks in, without their agent. */
export function thirdPartyBridgeId(attemptId: string): string {
  return `third-party-${attemptId}`;
}

export function playbackId(attemptId: string, seq: number): string {
  return `pb-${attemptId}-${seq}`;
}

export function defaultRecordingName(attemptId: string): string {
  return `outpace-${attemptId}`;
}

/** The attempt a recording is named after, null for a name not of ours. */
export function attemptOfRecording(name: string): string | null {
  const prefix = defaultRecordingName('');
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : null;
}
