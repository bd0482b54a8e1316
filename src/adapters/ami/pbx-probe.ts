// PBX health over AMI: log in, wait for FullyBooted, then poll CoreStatus every few seconds. The
// status says whether the PBX answers and how many calls it carries; free channels (the configured
// maximum minus CoreCurrentCalls) go to onCapacity, which the runtime turns into the core input
// `pbx_capacity`. A lost session is reopened with backoff, forever; meanwhile capacity is unknown.

import type { Logger } from 'pino';
import { reconnectDelayMs } from '../ari/reconnect-backoff.js';
import { amiConnectFailure } from './ami-connect-failure.js';
import { AmiError, openAmiSession, type AmiSession } from './ami-session.js';

export interface PbxProbeOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Channels the PBX (or its trunks) can carry; free = maxChannels - CoreCurrentCalls. */
  maxChannels: number;
  pollIntervalMs?: number;
  actionTimeoutMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Free channels after each successful poll; null when the PBX is not reachable or not booted. */
  onCapacity?: (freeChannels: number | null) => void;
}

/** Why the session is not open, in words that name no address or user (an unauthenticated probe
 * shows them). */
export type AmiDown = 'connecting' | 'credentials refused' | 'unreachable' | 'connection lost' | 'stopped';

export interface PbxProbeStatus {
  up: boolean;
  /** Null while the session is open. */
  down: AmiDown | null;
  fullyBooted: boolean;
  currentCalls: number | null;
  lastOkAtMs: number | null;
  error: string | null;
}

export interface PbxProbe {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): PbxProbeStatus;
}

export const pbxProbeDefaults = { pollIntervalMs: 5000, actionTimeoutMs: 5000, reconnectMinMs: 1000, reconnectMaxMs: 30_000 } as const;

export function createPbxProbe(options: PbxProbeOptions, logger: Logger): PbxProbe {
  return new AmiPbxProbe(options, logger.child({ component: 'ami' }));
}

class AmiPbxProbe implements PbxProbe {
  private session: AmiSession | null = null;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly state: PbxProbeStatus = { up: false, down: 'connecting', fullyBooted: false, currentCalls: null, lastOkAtMs: null, error: null };
  private readonly pollMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: PbxProbeOptions, private readonly logger: Logger) {
    this.pollMs = options.pollIntervalMs ?? pbxProbeDefaults.pollIntervalMs;
    this.timeoutMs = options.actionTimeoutMs ?? pbxProbeDefaults.actionTimeoutMs;
  }

  /** Resolves after the first connection attempt, whatever its result; retries go on. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.session?.close();
    this.session = null;
    this.state.up = false;
    this.state.down = 'stopped';
    this.state.fullyBooted = false;
  }

  status(): PbxProbeStatus {
    return { ...this.state };
  }

  private async connect(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    try {
      const session = await openAmiSession({
        host: this.options.host, port: this.options.port, username: this.options.username, password: this.options.password,
        timeoutMs: this.timeoutMs,
      });
      if (this.stopped) {
        session.close();
        return;
      }
      this.opened(session);
    } catch (error) {
      this.lost(error instanceof Error ? error.message : String(error), error);
    }
  }

  private opened(session: AmiSession): void {
    this.session = session;
    this.failures = 0;
    this.state.up = true;
    this.state.down = null;
    this.state.error = null;
    this.logger.info({ host: this.options.host, port: this.options.port }, 'AMI session open');
    session.onClose((reason) => { if (this.session === session) this.lost(reason); });
    session.onEvent('FullyBooted', () => {
      if (this.session !== session || this.state.fullyBooted) return;
      this.state.fullyBooted = true;
      this.logger.info('PBX fully booted');
      void this.poll(session);
    });
    // A PBX still booting announces FullyBooted later, to sessions that listen to system events.
    session.action({ action: 'Events', eventmask: 'system' }).catch((error: unknown) => {
      this.logger.debug({ err: error }, 'AMI Events action refused; relying on the FullyBooted sent at login');
    });
  }

  private async poll(session: AmiSession): Promise<void> {
    this.timer = null;
    if (this.session !== session || this.stopped) return;
    try {
      const response = await session.action({ action: 'CoreStatus' });
      const calls = Number.parseInt(response.corecurrentcalls ?? '', 10);
      if (!Number.isFinite(calls)) throw new AmiError('AMI_ACTION_FAILED', 'CoreStatus: no CoreCurrentCalls in the response');
      if (this.session !== session) return;
      this.state.currentCalls = calls;
      this.state.lastOkAtMs = Date.now();
      this.state.error = null;
      this.options.onCapacity?.(Math.max(0, this.options.maxChannels - calls));
    } catch (error) {
      if (this.session !== session) return;
      const message = error instanceof Error ? error.message : String(error);
      // A PBX that stops answering is treated as lost: the session is reopened from scratch.
      if (error instanceof AmiError && (error.code === 'AMI_TIMEOUT' || error.code === 'AMI_CLOSED')) {
        session.close();
        this.lost(message);
        return;
      }
      this.state.error = message;
      this.logger.warn({ err: error }, 'CoreStatus failed');
    }
    if (this.session === session && !this.stopped) this.timer = setTimeout(() => void this.poll(session), this.pollMs);
  }

  /** `connectError`: what a connect threw, which says where and what to check. */
  private lost(reason: string, connectError?: unknown): void {
    const wasUp = this.state.up;
    this.session = null;
    this.clearTimer();
    this.state.up = false;
    this.state.down = connectError === undefined ? 'connection lost' : downOnConnect(connectError);
    this.state.fullyBooted = false;
    // The channels in use are unknown once the PBX is lost, not what they were.
    this.state.currentCalls = null;
    this.state.error = reason;
    if (wasUp) this.options.onCapacity?.(null);
    if (this.stopped) return;
    const delay = reconnectDelayMs(this.failures, this.options.reconnectMinMs ?? pbxProbeDefaults.reconnectMinMs,
      this.options.reconnectMaxMs ?? pbxProbeDefaults.reconnectMaxMs);
    this.failures++;
    if (connectError === undefined) this.logger.warn({ reason, retryInMs: delay }, 'AMI session lost; reconnecting');
    else {
      // A refused password is the operator's to fix; a PBX away may come back by itself.
      const level = connectError instanceof AmiError && connectError.code === 'AMI_AUTH_FAILED' ? 'error' : 'warn';
      this.logger[level]({ reason, retryInMs: delay }, `${amiConnectFailure(connectError, this.options)}; retrying`);
    }
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function downOnConnect(error: unknown): AmiDown {
  return error instanceof AmiError && error.code === 'AMI_AUTH_FAILED' ? 'credentials refused' : 'unreachable';
}
