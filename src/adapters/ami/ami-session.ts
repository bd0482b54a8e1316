// The one place that talks to the `asterisk-manager` library: one logged-in AMI session with
// promise-based actions that time out (the library has none), events by name, and a close signal.
// The library's own reconnect (keepConnected) is not used: the probe reconnects with its backoff.

import asteriskManager from 'asterisk-manager';

export type AmiFields = Record<string, string>;

export class AmiError extends Error {
  override readonly name = 'AmiError';

  constructor(readonly code: 'AMI_UNREACHABLE' | 'AMI_AUTH_FAILED' | 'AMI_ACTION_FAILED' | 'AMI_TIMEOUT' | 'AMI_CLOSED', message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface AmiSession {
  action(fields: Record<string, string | number>): Promise<AmiFields>;
  onEvent(name: string, listener: (fields: AmiFields) => void): void;
  onClose(listener: (reason: string) => void): void;
  close(): void;
}

export interface AmiSessionOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  timeoutMs: number;
}

/**
 * Connects and logs in; rejects with an AmiError. Events stay off at login (a busy PBX sends many);
 * Asterisk still writes FullyBooted to a session that logs in after boot.
 */
export function openAmiSession(options: AmiSessionOptions): Promise<AmiSession> {
  const manager = asteriskManager(undefined, options.host, options.username, options.password, false);
  const session = new ManagerSession(manager, options.timeoutMs);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new AmiError('AMI_TIMEOUT', `no login within ${options.timeoutMs} ms`)), options.timeoutMs);
    const fail = (error: AmiError): void => {
      clearTimeout(timer);
      session.close();
      reject(error);
    };
    let lastError: Error | null = null;
    manager.on('error', (error: Error) => { lastError = error; });
    // The socket's error kept as the cause: its code says why (connection refused, no such host).
    session.onClose(() => fail(new AmiError('AMI_UNREACHABLE', lastError?.message ?? 'connection closed', { cause: lastError })));
    manager.connect(options.port, options.host, () => {
      manager.login((error) => {
        if (error) {
          fail(new AmiError('AMI_AUTH_FAILED', flatten(error).message ?? 'login refused'));
          return;
        }
        clearTimeout(timer);
        session.loggedIn();
        resolve(session);
      });
    });
  });
}

const maxEarlyEvents = 20;

class ManagerSession implements AmiSession {
  private closed = false;
  private closeListeners: Array<(reason: string) => void> = [];
  private readonly early: Array<{ name: string; fields: AmiFields }> = [];
  private readonly eventListeners = new Map<string, Array<(fields: AmiFields) => void>>();

  constructor(private readonly manager: asteriskManager.Manager, private readonly timeoutMs: number) {
    const closed = (): void => this.closedByPeer();
    manager.on('close', closed);
    manager.on('end', closed);
    // FullyBooted can come before the login callback runs: keep events until someone listens.
    manager.on('managerevent', (message) => {
      const fields = flatten(message);
      const name = (fields.event ?? '').toLowerCase();
      const listeners = this.eventListeners.get(name);
      if (listeners) for (const listener of listeners) listener(fields);
      else if (this.early.length < maxEarlyEvents) this.early.push({ name, fields });
    });
  }

  loggedIn(): void {
    this.closeListeners = [];
  }

  action(fields: Record<string, string | number>): Promise<AmiFields> {
    if (this.closed) return Promise.reject(new AmiError('AMI_CLOSED', 'session closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new AmiError('AMI_TIMEOUT', `${String(fields.action)}: no response within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.manager.action(fields, (error, response) => {
        clearTimeout(timer);
        if (error) reject(new AmiError('AMI_ACTION_FAILED', `${String(fields.action)}: ${flatten(error).message ?? 'error'}`));
        else resolve(flatten(response));
      });
    });
  }

  onEvent(name: string, listener: (fields: AmiFields) => void): void {
    const key = name.toLowerCase();
    this.eventListeners.set(key, [...(this.eventListeners.get(key) ?? []), listener]);
    for (const event of this.early.filter((entry) => entry.name === key)) listener(event.fields);
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.manager.disconnect();
    this.manager.removeAllListeners();
    // The library answers 'error' with a no-op listener; keep one so a late socket error is not thrown.
    this.manager.on('error', () => undefined);
  }

  private closedByPeer(): void {
    if (this.closed) return;
    this.closed = true;
    this.manager.removeAllListeners();
    this.manager.on('error', () => undefined);
    for (const listener of this.closeListeners) listener('connection closed');
  }
}

/** Keeps the string headers of a message (lower-cased names), joining repeated ones. */
function flatten(message: asteriskManager.AmiMessage): AmiFields {
  const fields: AmiFields = {};
  for (const [key, value] of Object.entries(message)) {
    if (typeof value === 'string') fields[key] = value;
    else if (Array.isArray(value)) fields[key] = value.join(',');
  }
  return fields;
}
