// The one place that talks to the `ari-client` library: it implements the AriConnection port with
// the generated REST operations and the client's events socket. Results are narrowed with zod and
// failures become AriErrors, so nothing of the library leaks past this file.

import ariClient from 'ari-client';
import { z } from 'zod';
import { probeAriApi } from './ari-api-probe.js';
import { AriError, toAriError, withTimeout } from './ari-errors.js';
import { parseAriEvent } from './ari-events.js';
import type { AriEvent } from './ari-events.js';
import { closeLibraryIdleSockets, keepRequestHookLast, useAriRequestAgents } from './ari-request-agent.js';
import { sendWithin } from './ari-request-dispatch.js';
import type {
  AriApplicationSnapshot, AriBridgeSnapshot, AriChannelSnapshot, AriConnection, AriConnector, AriLinkChange,
  AriRest, DialplanTarget, OriginateRequest, SnoopRequest,
} from './ari-port.js';

const channelSchema = z.object({ id: z.string(), name: z.string().default(''), state: z.string().default('') });
const liveRecordingSchema = z.object({ name: z.string(), state: z.string() });
const variableSchema = z.object({ value: z.string() });
const bridgeSchema = z.object({ id: z.string(), channels: z.array(z.string()).default([]), name: z.string().default('') });
const applicationSchema = z.object({
  name: z.string(),
  channel_ids: z.array(z.string()).default([]),
  bridge_ids: z.array(z.string()).default([]),
});

type Params = Record<string, string | number | boolean | Record<string, string> | undefined>;
type Operation = (params?: Params) => Promise<unknown>;

/**
 * swagger-client 2.0, under ari-client, prints through a global `log` function it defines: on
 * every connect "This API is using a deprecated version of Swagger" (Asterisk describes ARI in
 * Swagger 1.1, so it tells an operator nothing), straight to stdout. This sends those notices to
 * `notice` instead (the engine's logger, at debug level).
 */
export function routeLibraryNotices(notice: (text: string) => void): void {
  const holder = globalThis as { log?: unknown };
  if (typeof holder.log !== 'function') return;
  holder.log = (...parts: unknown[]): void => {
    notice(parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' '));
  };
}

export const connectAriClient: AriConnector = async (options) => {
  let client: ariClient.Client;
  // The library's loader cannot fail without killing the process (see ari-api-probe.ts).
  await probeAriApi(options);
  useAriRequestAgents(options);
  try {
    client = await withTimeout(ariClient.connect(options.url, options.user, options.password), options.requestTimeoutMs, 'connect');
  } catch (error) {
    throw toAriError(error, 'connect');
  }
  keepRequestHookLast();
  closeLibraryIdleSockets(options.url);
  return new AriClientConnection(client, options.app, options.requestTimeoutMs);
};

class AriClientConnection implements AriConnection {
  readonly rest: AriRest;
  private readonly eventListeners: Array<(event: AriEvent) => void> = [];
  private readonly badEventListeners: Array<(type: string, detail: string) => void> = [];
  private readonly linkListeners: Array<(change: AriLinkChange) => void> = [];
  private closed = false;

  constructor(private readonly client: ariClient.Client, private readonly app: string, timeoutMs: number) {
    this.rest = createRest(client, timeoutMs);
    client.on('*', (raw: unknown) => this.dispatch(raw));
    client.on('WebSocketConnected', () => {
      // A reconnect timer of the library can still fire after close(): shut such a socket at once.
      if (this.closed) this.stopClient();
      else this.notify({ kind: 'open' });
    });
    client.on('WebSocketReconnecting', (error: unknown) => this.notify({ kind: 'dropped', error: describe(error) }));
    client.on('WebSocketMaxRetries', (error: unknown) => this.notify({ kind: 'gave_up', error: describe(error) }));
  }

  onEvent(listener: (event: AriEvent) => void): void {
    this.eventListeners.push(listener);
  }

  onBadEvent(listener: (type: string, detail: string) => void): void {
    this.badEventListeners.push(listener);
  }

  onLink(listener: (change: AriLinkChange) => void): void {
    this.linkListeners.push(listener);
  }

  open(): void {
    // The promise settles on the first open or when the library's retries run out; both are also
    // reported as events, which is what the supervisor follows.
    this.client.start(this.app).catch(() => undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.eventListeners.length = 0;
    this.badEventListeners.length = 0;
    this.linkListeners.length = 0;
    this.stopClient();
  }

  /** A WebSocket ping, which Asterisk answers itself. A pong that arrived while the process was
   * busy is read before the verdict: the timeout's timer would otherwise run before that I/O. */
  ping(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (alive: boolean): void => {
        clearTimeout(timer);
        this.client.removeListener('pong', answered);
        resolve(alive);
      };
      const answered = (): void => finish(true);
      const timer = setTimeout(() => setImmediate(() => finish(false)), timeoutMs);
      this.client.once('pong', answered);
      try {
        this.client.ping();
      } catch {
        finish(false); // the library's socket is not open (it is reconnecting)
      }
    });
  }

  private stopClient(): void {
    try {
      this.client.stop();
    } catch {
      // stop() throws when no socket was ever created; there is nothing to close then.
    }
  }

  private dispatch(raw: unknown): void {
    const parsed = parseAriEvent(raw);
    if (!parsed.ok) {
      if (parsed.reason === 'malformed') this.reportBad(parsed.type, parsed.issues ?? 'malformed');
      return;
    }
    for (const listener of this.eventListeners) {
      try {
        listener(parsed.event);
      } catch (error) {
        // A throw here would surface inside the library's socket handler and kill the socket.
        this.reportBad(parsed.event.type, `listener failed: ${describe(error) ?? 'unknown'}`);
      }
    }
  }

  private reportBad(type: string, detail: string): void {
    for (const listener of this.badEventListeners) listener(type, detail);
  }

  private notify(change: AriLinkChange): void {
    if (this.closed) return;
    for (const listener of this.linkListeners) listener(change);
  }
}

function createRest(client: ariClient.Client, timeoutMs: number): AriRest {
  const call = async (name: string, operation: Operation, params: Params): Promise<unknown> =>
    sendWithin(() => operation(params), timeoutMs, name);
  const channels = client.channels;
  const bridges = client.bridges;
  return {
    async originate(request: OriginateRequest): Promise<AriChannelSnapshot> {
      const result = await call('originate', channels.originateWithId, {
        channelId: request.channelId, endpoint: request.endpoint, app: request.app, appArgs: request.appArgs,
        callerId: request.callerId, timeout: request.timeoutSec, variables: request.variables,
      });
      return parseResult(channelSchema, result, 'originate');
    },
    async hangup(channelId: string): Promise<void> {
      await call('hangup', channels.hangup, { channelId, reason: 'normal' });
    },
    async answer(channelId: string): Promise<void> {
      await call('answer', channels.answer, { channelId });
    },
    async continueInDialplan(channelId: string, target: DialplanTarget): Promise<void> {
      await call('continueInDialplan', channels.continueInDialplan, { channelId, ...target });
    },
    async play(channelId: string, playbackId: string, media: readonly string[]): Promise<void> {
      await call('play', channels.playWithId, { channelId, playbackId, media: media.join(',') });
    },
    async playbackExists(playbackId: string): Promise<boolean> {
      try {
        await call('getPlayback', client.playbacks.get, { playbackId });
        return true;
      } catch (error) {
        if (error instanceof AriError && error.code === 'ARI_NOT_FOUND') return false;
        throw error;
      }
    },
    async snoop(channelId: string, request: SnoopRequest): Promise<AriChannelSnapshot> {
      const result = await call('snoop', channels.snoopChannelWithId, { channelId, ...request });
      return parseResult(channelSchema, result, 'snoop');
    },
    async createBridge(bridgeId: string, type: 'mixing' | 'holding', name: string): Promise<void> {
      await call('createBridge', bridges.createWithId, { bridgeId, type, name });
    },
    async getBridge(bridgeId: string): Promise<AriBridgeSnapshot> {
      return parseResult(bridgeSchema, await call('getBridge', bridges.get, { bridgeId }), 'getBridge');
    },
    async addToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
      await call('addToBridge', bridges.addChannel, { bridgeId, channel: channelIds.join(',') });
    },
    async removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
      await call('removeFromBridge', bridges.removeChannel, { bridgeId, channel: channelIds.join(',') });
    },
    async destroyBridge(bridgeId: string): Promise<void> {
      await call('destroyBridge', bridges.destroy, { bridgeId });
    },
    async startBridgeMoh(bridgeId: string, mohClass: string): Promise<void> {
      await call('startBridgeMoh', bridges.startMoh, { bridgeId, mohClass });
    },
    async recordBridge(bridgeId: string, name: string, format: string, ifExists: 'overwrite' | 'append' = 'overwrite'): Promise<void> {
      await call('recordBridge', bridges.record, { bridgeId, name, format, ifExists });
    },
    async stopRecording(name: string): Promise<void> {
      await call('stopRecording', client.recordings.stop, { recordingName: name });
    },
    async liveRecordingState(name: string): Promise<string | null> {
      try {
        return parseResult(liveRecordingSchema, await call('getLiveRecording', client.recordings.getLive, { recordingName: name }), 'getLiveRecording').state;
      } catch (error) {
        if (error instanceof AriError && error.code === 'ARI_NOT_FOUND') return null;
        throw error;
      }
    },
    async setRecordingPaused(name: string, paused: boolean): Promise<void> {
      await call('setRecordingPaused', paused ? client.recordings.pause : client.recordings.unpause, { recordingName: name });
    },
    async muteIncoming(channelId: string, muted: boolean): Promise<void> {
      await call('muteIncoming', muted ? channels.mute : channels.unmute, { channelId, direction: 'in' });
    },
    async muteOutgoing(channelId: string, muted: boolean): Promise<void> {
      await call('muteOutgoing', muted ? channels.mute : channels.unmute, { channelId, direction: 'out' });
    },
    async setChannelVariable(channelId: string, variable: string, value: string): Promise<void> {
      await call('setChannelVariable', channels.setChannelVar, { channelId, variable, value });
    },
    async channelVariable(channelId: string, variable: string): Promise<string | null> {
      try {
        return parseResult(variableSchema, await call('getChannelVariable', channels.getChannelVar, { channelId, variable }), 'getChannelVariable').value;
      } catch (error) {
        if (error instanceof AriError && error.code === 'ARI_NOT_FOUND') return null;
        throw error;
      }
    },
    async listChannels(): Promise<AriChannelSnapshot[]> {
      return parseResult(z.array(channelSchema), await call('listChannels', channels.list, {}), 'listChannels');
    },
    async getApplication(app: string): Promise<AriApplicationSnapshot> {
      const result = parseResult(applicationSchema, await call('getApplication', client.applications.get, { applicationName: app }), 'getApplication');
      return { name: result.name, channelIds: result.channel_ids, bridgeIds: result.bridge_ids };
    },
  };
}

function parseResult<T>(schema: z.ZodType<T>, value: unknown, operation: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AriError('ARI_REQUEST_FAILED', operation, `unexpected response: ${parsed.error.message}`);
  return parsed.data;
}

function describe(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  if (error instanceof Error) return error.message;
  return String(error);
}
