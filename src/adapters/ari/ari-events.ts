// The ARI events the adapter acts on, parsed from the WebSocket JSON into a typed union. Fields
// Outpace does not read are dropped; event types it does not handle parse to null.

import { z } from 'zod';

const channel = z.object({ id: z.string(), name: z.string().default(''), state: z.string().default('') });
const bridge = z.object({ id: z.string(), channels: z.array(z.string()).default([]) });
const playback = z.object({ id: z.string(), state: z.string().default(''), media_uri: z.string().default(''), target_uri: z.string().default('') });
const recording = z.object({ name: z.string(), state: z.string().default(''), cause: z.string().optional() });

/** A channel that came in says who calls (a channel we originated, the caller ID we gave it). */
const caller = z.object({ number: z.string().default('') }).default({ number: '' });

const schemas = {
  StasisStart: z.object({ type: z.literal('StasisStart'), channel: channel.extend({ caller }), args: z.array(z.string()).default([]) }),
  StasisEnd: z.object({ type: z.literal('StasisEnd'), channel }),
  ChannelStateChange: z.object({ type: z.literal('ChannelStateChange'), channel }),
  // Comes before a hang-up's other events: a playback failing after it was cut off, not unplayable.
  ChannelHangupRequest: z.object({ type: z.literal('ChannelHangupRequest'), channel, cause: z.number().int().default(0) }),
  ChannelDestroyed: z.object({
    type: z.literal('ChannelDestroyed'), channel,
    cause: z.number().int().default(0), cause_txt: z.string().default(''),
  }),
  Dial: z.object({ type: z.literal('Dial'), peer: channel, dialstatus: z.string().default('') }),
  ChannelEnteredBridge: z.object({ type: z.literal('ChannelEnteredBridge'), channel, bridge }),
  ChannelLeftBridge: z.object({ type: z.literal('ChannelLeftBridge'), channel, bridge }),
  ChannelDtmfReceived: z.object({ type: z.literal('ChannelDtmfReceived'), channel, digit: z.string() }),
  ChannelTalkingStarted: z.object({ type: z.literal('ChannelTalkingStarted'), channel }),
  ChannelTalkingFinished: z.object({ type: z.literal('ChannelTalkingFinished'), channel, duration: z.number().int().default(0) }),
  PlaybackStarted: z.object({ type: z.literal('PlaybackStarted'), playback }),
  PlaybackFinished: z.object({ type: z.literal('PlaybackFinished'), playback }),
  RecordingFinished: z.object({ type: z.literal('RecordingFinished'), recording }),
  RecordingFailed: z.object({ type: z.literal('RecordingFailed'), recording }),
  ApplicationReplaced: z.object({ type: z.literal('ApplicationReplaced'), application: z.string().default('') }),
} as const;

type Schemas = typeof schemas;
export type AriEventType = keyof Schemas;
export type AriEvent = { [K in AriEventType]: z.infer<Schemas[K]> }[AriEventType];
export type AriEventOf<K extends AriEventType> = z.infer<Schemas[K]>;
export type AriChannelRef = z.infer<typeof channel>;

export type ParsedEvent =
  | { ok: true; event: AriEvent }
  | { ok: false; type: string; reason: 'ignored' | 'malformed'; issues?: string };

function isHandled(type: string): type is AriEventType {
  return Object.hasOwn(schemas, type);
}

/** Parses one event off the socket. Unknown types are `ignored`; known types with bad fields `malformed`. */
export function parseAriEvent(raw: unknown): ParsedEvent {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') return { ok: false, type: String(type), reason: 'malformed' };
  if (!isHandled(type)) return { ok: false, type, reason: 'ignored' };
  const result = schemas[type].safeParse(raw);
  if (!result.success) return { ok: false, type, reason: 'malformed', issues: result.error.message };
  return { ok: true, event: result.data };
}
