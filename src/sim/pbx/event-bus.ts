// Delivers events to the WebSocket that owns each Stasis application. One socket owns an app at
// a time (the newest wins, the older gets ApplicationReplaced); events for an app without a
// socket are dropped, as Asterisk drops them.

import type { WebSocket } from 'ws';
import type { AriEventBody } from './ari-types.js';
import { ariTimestamp } from './ari-time.js';

export type EventListener = (application: string, event: Record<string, unknown>) => void;

export class EventBus {
  private readonly owners = new Map<string, WebSocket>();
  private readonly everSeen = new Set<string>();
  private readonly listeners = new Set<EventListener>();
  sent = 0;

  constructor(private readonly asteriskId: string) {}

  /** Gives `apps` to `socket` until it closes. */
  attach(apps: string[], socket: WebSocket): void {
    for (const app of apps) {
      const previous = this.owners.get(app);
      if (previous !== undefined && previous !== socket) {
        this.sendRaw(previous, { type: 'ApplicationReplaced', timestamp: ariTimestamp(Date.now()), application: app });
      }
      this.owners.set(app, socket);
      this.everSeen.add(app);
    }
    socket.on('close', () => {
      for (const app of apps) if (this.owners.get(app) === socket) this.owners.delete(app);
    });
  }

  isActive(app: string): boolean {
    return this.owners.has(app);
  }

  knownApps(): string[] {
    return [...this.everSeen];
  }

  /** Observes every delivered event (tests and introspection). */
  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends `body` once to each app in `apps` that has a socket. */
  emit(apps: Iterable<string>, body: AriEventBody): void {
    const seen = new Set<string>();
    for (const app of apps) {
      if (seen.has(app)) continue;
      seen.add(app);
      const socket = this.owners.get(app);
      if (socket === undefined) continue;
      const event = {
        ...body,
        timestamp: ariTimestamp(Date.now()),
        asterisk_id: this.asteriskId,
        application: app,
      };
      this.sendRaw(socket, event);
      this.sent++;
      for (const listener of this.listeners) listener(app, event);
    }
  }

  closeAll(): void {
    for (const socket of new Set(this.owners.values())) socket.close();
    this.owners.clear();
  }

  private sendRaw(socket: WebSocket, event: Record<string, unknown>): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
  }
}
