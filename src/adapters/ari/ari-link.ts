// Keeps one ARI connection alive, forever. The client library reconnects a dropped socket by
// itself for about 43 s and then gives up; loading the API description can fail outright when the
// PBX is down. Both end in a fresh connection after a backoff, as does a socket left open with no
// events on it (our application taken by another connection, or a peer gone without a close,
// found by a ping not answered). The link is "up" only while the
// socket is open and the reconciliation after a reconnect has finished: originates wait for that,
// because Asterisk lets a channel dial while no app is listening and then fails it at answer.

import type { Logger } from 'pino';
import { ariConnectFailure } from './ari-connect-failure.js';
import { AriError, isAriError } from './ari-errors.js';
import type { AriEvent } from './ari-events.js';
import type { AriConnection, AriConnectOptions, AriConnector, AriLinkChange, AriRest } from './ari-port.js';
import { watchLiveness } from './liveness-check.js';
import { reconnectDelayMs } from './reconnect-backoff.js';

export interface AriLinkOptions {
  connect: AriConnector;
  connection: AriConnectOptions;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** How often the open events socket is pinged, and how long an answer may take. */
  livenessIntervalMs: number;
  livenessTimeoutMs: number;
}

export interface AriLinkHandlers {
  onEvent: (event: AriEvent) => void;
  /** Runs after the socket (re)opened and before the link counts as up. */
  onOpen: (rest: AriRest, reconnect: boolean) => Promise<void>;
  onUp: () => void;
  onDown: (reason: string) => void;
}

/** Why the link is not up, in a few words that name no address, user or password (an
 * unauthenticated probe shows them): 'connecting' until the first attempt is through. */
export type AriLinkDown = 'connecting' | 'credentials refused' | 'unreachable' | 'connection not taken' | 'connection lost' | 'stopped';

export interface AriLinkStatus {
  connected: boolean;
  reconnects: number;
  lastError: string | null;
  lastConnectedAtMs: number | null;
  /** Null while the link is up. */
  down: AriLinkDown | null;
}

export class AriLink {
  private connection: AriConnection | null = null;
  private socketOpen = false;
  private up = false;
  private stopped = false;
  private everOpened = false;
  private failures = 0;
  /** Bumped on every open and drop, so a slow reconciliation cannot raise a link that fell again. */
  private epoch = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopLiveness: () => void = () => undefined;
  private readonly info: Omit<AriLinkStatus, 'connected' | 'down'> = { reconnects: 0, lastError: null, lastConnectedAtMs: null };
  private down: AriLinkDown = 'connecting';
  private settleFirst: (() => void) | null = null;

  constructor(
    private readonly options: AriLinkOptions,
    private readonly handlers: AriLinkHandlers,
    private readonly logger: Logger,
  ) {}

  /** Starts connecting; resolves once the first attempt is up or has failed (retries go on). */
  start(): Promise<void> {
    const settled = new Promise<void>((resolve) => { this.settleFirst = resolve; });
    void this.attempt();
    return settled;
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.stopLiveness();
    this.connection?.close();
    this.connection = null;
    if (this.up) this.logger.info('ARI link stopped');
    this.up = false;
    this.down = 'stopped';
    this.settle();
  }

  /**
   * Another connection took our application name: events go there now, and our socket stays open
   * with nothing on it, so the client would never reconnect. A fresh connection, after the
   * backoff, takes the name back (and is reconciled, as after any gap).
   */
  replaced(): void {
    if (this.connection === null) return;
    this.restart(this.connection, 'application taken over by another connection');
  }

  isUp(): boolean {
    return this.up;
  }

  /** The REST side of the current connection; it works while the socket reconnects. */
  rest(operation: string): AriRest {
    if (this.connection === null) throw new AriError('ARI_DISCONNECTED', operation, 'no connection to the PBX');
    return this.connection.rest;
  }

  status(): AriLinkStatus {
    return { ...this.info, connected: this.up, down: this.up ? null : this.down };
  }

  private async attempt(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped) return;
    let connection: AriConnection;
    try {
      connection = await this.options.connect(this.options.connection);
    } catch (error) {
      this.failed(error instanceof Error ? error.message : String(error), error);
      return;
    }
    if (this.stopped) {
      connection.close();
      return;
    }
    this.connection = connection;
    connection.onEvent((event) => this.handlers.onEvent(event));
    connection.onBadEvent((type, detail) => this.logger.warn({ eventType: type, detail }, 'ARI event not understood'));
    connection.onLink((change) => this.onLinkChange(connection, change));
    connection.open();
  }

  private onLinkChange(connection: AriConnection, change: AriLinkChange): void {
    if (connection !== this.connection) return;
    switch (change.kind) {
      case 'open':
        void this.opened(connection);
        return;
      case 'dropped':
        this.stopLiveness();
        this.socketOpen = false;
        this.epoch++;
        this.info.lastError = change.error ?? 'events socket closed';
        this.down = 'connection lost';
        this.markDown(this.info.lastError);
        this.settle();
        return;
      case 'gave_up':
        this.restart(connection, change.error ?? 'reconnect attempts exhausted', `client gave up reconnecting: ${change.error ?? 'unknown'}`);
        return;
    }
  }

  /** Drops a connection that will not serve again and tries a fresh one after the backoff. */
  private restart(connection: AriConnection, reason: string, detail = reason): void {
    this.stopLiveness();
    this.socketOpen = false;
    this.epoch++;
    connection.close();
    this.connection = null;
    this.markDown(reason);
    this.failed(detail);
  }

  private async opened(connection: AriConnection): Promise<void> {
    const reconnect = this.everOpened;
    this.everOpened = true;
    this.socketOpen = true;
    this.failures = 0;
    this.down = 'connecting';
    const epoch = ++this.epoch;
    if (reconnect) this.info.reconnects++;
    this.info.lastConnectedAtMs = Date.now();
    this.logger.info({ reconnect, reconnects: this.info.reconnects }, 'ARI events socket open');
    this.watch(connection);
    try {
      await this.handlers.onOpen(connection.rest, reconnect);
    } catch (error) {
      // Reconciliation is best effort; the link still comes up so calls can be placed again.
      this.logger.error({ err: error }, 'ARI reconciliation after reconnect failed');
    }
    if (this.stopped || epoch !== this.epoch || !this.socketOpen || connection !== this.connection) return;
    this.up = true;
    this.handlers.onUp();
    this.settle();
  }

  /** A socket that stops answering pings is dropped like one the client gave up on. */
  private watch(connection: AriConnection): void {
    this.stopLiveness();
    const { livenessIntervalMs: intervalMs, livenessTimeoutMs: timeoutMs } = this.options;
    this.stopLiveness = watchLiveness({
      ping: (ms) => connection.ping(ms), intervalMs, timeoutMs,
      onDead: () => {
        if (connection === this.connection) this.restart(connection, `events socket did not answer a ping within ${timeoutMs} ms`);
      },
    });
  }

  /** `connectError`: what a connect threw, which says where and what to check. */
  private failed(reason: string, connectError?: unknown): void {
    this.info.lastError = reason;
    this.down = connectError === undefined ? 'connection lost' : downOnConnect(connectError);
    const delay = reconnectDelayMs(this.failures, this.options.reconnectMinMs, this.options.reconnectMaxMs);
    this.failures++;
    const record = { reason, retryInMs: delay, failures: this.failures };
    if (connectError === undefined) this.logger.warn(record, 'ARI connection failed; retrying');
    else {
      const { url, user } = this.options.connection;
      // A refused password is the operator's to fix; a PBX away may come back by itself.
      const level = isAriError(connectError, 'ARI_UNAUTHORIZED') ? 'error' : 'warn';
      this.logger[level](record, `${ariConnectFailure(connectError, url, user)}; retrying`);
    }
    this.settle();
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
  }

  private markDown(reason: string): void {
    if (!this.up) return;
    this.up = false;
    this.logger.warn({ reason }, 'ARI link down');
    this.handlers.onDown(reason);
  }

  private settle(): void {
    this.settleFirst?.();
    this.settleFirst = null;
  }
}

/** Why a connect failed, as a category (ariConnectFailure says it in full, for the log). */
function downOnConnect(error: unknown): AriLinkDown {
  if (isAriError(error, 'ARI_UNAUTHORIZED')) return 'credentials refused';
  return isAriError(error, 'ARI_UNREACHABLE') || isAriError(error, 'ARI_TIMEOUT') ? 'unreachable' : 'connection not taken';
}
