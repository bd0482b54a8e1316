// A small AMI (Asterisk Manager Interface) server: the banner, Login (then FullyBooted), Ping,
// Events, CoreStatus, CoreSettings and Logoff, in AMI's `Key: Value` blocks ended by an empty line.

import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Credentials } from './rest/ari-auth.js';
import { simulatedAsteriskVersion } from './rest/system-routes.js';

export interface AmiStatusSource {
  currentCalls(): number;
  startedAtMs: number;
}

export type AmiMessage = Map<string, string>;

/** Parses one block of `Key: Value` lines; keys are compared case-insensitively. */
export function parseAmiBlock(block: string): AmiMessage {
  const message: AmiMessage = new Map();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    message.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return message;
}

export function formatAmiBlock(fields: [string, string | number][]): string {
  return fields.map(([key, value]) => `${key}: ${value}\r\n`).join('') + '\r\n';
}

export class AmiServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly credentials: Credentials,
    private readonly status: AmiStatusSource,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setEncoding('utf8');
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    let buffer = '';
    let loggedIn = false;
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        if (block.trim() === '') continue;
        loggedIn = this.handle(socket, parseAmiBlock(block), loggedIn);
      }
    });
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  /** Answers one action; returns whether the session is logged in afterwards. */
  private handle(socket: Socket, message: AmiMessage, loggedIn: boolean): boolean {
    const action = (message.get('action') ?? '').toLowerCase();
    const actionId: [string, string][] = message.has('actionid') ? [['ActionID', message.get('actionid') ?? '']] : [];
    const reply = (fields: [string, string | number][]): void => {
      socket.write(formatAmiBlock([fields[0] ?? ['Response', 'Success'], ...actionId, ...fields.slice(1)]));
    };
    if (action === 'login') return this.login(socket, message, reply);
    if (action === 'logoff') {
      reply([['Response', 'Goodbye'], ['Message', 'Thanks for all the fish.']]);
      socket.end();
      return false;
    }
    if (!loggedIn) {
      reply([['Response', 'Error'], ['Message', 'Authentication Required']]);
      return false;
    }
    if (action === 'ping') reply([['Response', 'Success'], ['Ping', 'Pong'], ['Timestamp', (Date.now() / 1000).toFixed(6)]]);
    else if (action === 'corestatus') reply(this.coreStatus());
    else if (action === 'coresettings') reply(this.coreSettings());
    else if (action === 'events') reply([['Response', 'Success'], ['Events', message.get('eventmask') === 'off' ? 'Off' : 'On']]);
    else reply([['Response', 'Error'], ['Message', 'Invalid/unknown command']]);
    return true;
  }

  private login(socket: Socket, message: AmiMessage, reply: (fields: [string, string | number][]) => void): boolean {
    const ok = message.get('username') === this.credentials.username && message.get('secret') === this.credentials.password;
    if (!ok) {
      reply([['Response', 'Error'], ['Message', 'Authentication failed']]);
      socket.end();
      return false;
    }
    reply([['Response', 'Success'], ['Message', 'Authentication accepted']]);
    const uptime = Math.floor((Date.now() - this.status.startedAtMs) / 1000);
    socket.write(formatAmiBlock([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', uptime],
      ['LastReload', uptime], ['Status', 'Fully Booted']]));
    return true;
  }

  private coreStatus(): [string, string | number][] {
    const started = new Date(this.status.startedAtMs).toISOString();
    const date = started.slice(0, 10);
    const time = started.slice(11, 19);
    return [['Response', 'Success'], ['CoreStartupDate', date], ['CoreStartupTime', time], ['CoreReloadDate', date],
      ['CoreReloadTime', time], ['CoreCurrentCalls', this.status.currentCalls()]];
  }

  private coreSettings(): [string, string | number][] {
    return [['Response', 'Success'], ['AMIversion', '11.0.0'], ['AsteriskVersion', simulatedAsteriskVersion],
      ['SystemName', ''], ['CoreMaxCalls', 0], ['CoreMaxLoadAvg', '0.000000'], ['CoreRunUser', ''], ['CoreRunGroup', ''],
      ['CoreMaxFilehandles', 0], ['CoreRealTimeEnabled', 'No'], ['CoreCDRenabled', 'No'], ['CoreHTTPenabled', 'Yes']];
  }
}
