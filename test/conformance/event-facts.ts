// Reduces an ARI event to the facts a dialer acts on, without ids, timestamps or sequence numbers:
// type, which leg and half (customer;1, agent;2, snoop), state, cause, dial status, Stasis args,
// bridge type and size, playback and recording states. Two streams: the originated halves and
// snoops in order, and the `;2` halves (whose interleaving with the first varies run to run).

export interface Fact {
  stream: 'main' | 'half2';
  text: string;
}

interface ChannelLike {
  id?: unknown;
  name?: unknown;
  state?: unknown;
}

const asChannel = (value: unknown): ChannelLike => (typeof value === 'object' && value !== null ? value : {});

export function legOf(channel: ChannelLike): string {
  const name = String(channel.name ?? '');
  const id = String(channel.id ?? '');
  if (name.startsWith('Snoop/')) return 'snoop';
  const leg = name.includes('@sim-agent') ? 'agent' : 'customer';
  return `${leg}${id.endsWith(';2') || name.endsWith(';2') ? ';2' : ';1'}`;
}

export function eventFact(event: Record<string, unknown>): Fact | null {
  const type = String(event.type);
  const channel = asChannel(event.channel);
  const leg = legOf(channel);
  const half2 = leg.endsWith(';2');
  const main = (text: string): Fact => ({ stream: 'main', text });
  switch (type) {
    case 'StasisStart':
      return main(`StasisStart ${leg} ${String(channel.state)} [${(Array.isArray(event.args) ? event.args : []).join(',')}]`);
    case 'StasisEnd':
      return main(`StasisEnd ${leg}`);
    case 'ChannelStateChange':
      return half2 ? null : main(`ChannelStateChange ${leg} ${String(channel.state)}`);
    case 'ChannelHangupRequest':
      return half2 ? null : main(`ChannelHangupRequest ${leg} cause=${String(event.cause)}${event.soft === true ? ' soft' : ''}`);
    case 'ChannelDestroyed':
      return { stream: half2 ? 'half2' : 'main', text: `ChannelDestroyed ${leg} cause=${String(event.cause)} ${String(event.cause_txt)}` };
    case 'Dial':
      return main(`Dial ${legOf(asChannel(event.peer))} "${String(event.dialstatus)}"`);
    case 'ChannelEnteredBridge':
    case 'ChannelLeftBridge':
    case 'BridgeDestroyed':
      return main(`${type}${type === 'BridgeDestroyed' ? '' : ` ${leg}`} ${bridgeText(event.bridge)}`);
    case 'PlaybackStarted':
    case 'PlaybackContinuing':
    case 'PlaybackFinished':
      return main(`${type} ${playbackText(event.playback)}`);
    case 'RecordingStarted':
    case 'RecordingFinished':
      return main(`${type} ${recordingText(event.recording)}`);
    case 'ChannelDtmfReceived':
      return main(`ChannelDtmfReceived ${leg} ${String(event.digit)}`);
    default:
      return null;
  }
}

function bridgeText(value: unknown): string {
  const bridge = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const channels = Array.isArray(bridge.channels) ? bridge.channels.length : 0;
  return `${String(bridge.bridge_type)}(${channels})`;
}

function playbackText(value: unknown): string {
  const playback = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const next = playback.next_media_uri === undefined ? '' : ` next=${String(playback.next_media_uri)}`;
  return `${String(playback.state)} ${String(playback.media_uri)}${next}`;
}

function recordingText(value: unknown): string {
  const recording = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return `${String(recording.state)} ${String(recording.format)}`;
}

export function factsOf(events: Record<string, unknown>[]): { main: string[]; half2: string[] } {
  const main: string[] = [];
  const half2: string[] = [];
  for (const event of events) {
    const fact = eventFact(event);
    if (fact !== null) (fact.stream === 'main' ? main : half2).push(fact.text);
  }
  return { main, half2 };
}
