// A live stream whose token cannot be looked up (the database away, as it is for a moment in a
// failover, while every desktop reconnects) is closed with an error the desktop retries on; the
// failed lookup must not go unhandled, which would stop the node and every call on it.

import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../log/logger.js';
import type { EngineApi } from '../engine-api.js';
import { SignInGuard } from '../sign-in-guard.js';
import { LiveHub, type LiveHubDeps } from './live-hub.js';

function hubWith(authenticate: LiveHubDeps['authenticate'], tokenRecheckMs = 60_000, signInGuard?: SignInGuard): LiveHub {
  return new LiveHub({
    ...(signInGuard ? { signInGuard } : {}),
    engine: { nowMs: () => 0, draining: () => false } as unknown as EngineApi, observe: () => undefined,
    wallboard: { snapshot: async () => ({}) } as unknown as LiveHubDeps['wallboard'], missedNotices: {} as LiveHubDeps['missedNotices'],
    authenticate, logger: createLogger({ level: 'silent' }), wallboardEveryMs: 60_000, heartbeatMs: 60_000, tokenRecheckMs,
  });
}

describe('live streams', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it.each(['/ws/agent?token=op_x', '/ws/supervisor?token=op_x'])('%s: a token lookup that fails closes the stream with 1011', async (path) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    closers.push(async () => { process.off('unhandledRejection', onUnhandled); });
    const hub = hubWith(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')));
    const app = Fastify();
    await app.register(hub.plugin);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());
    const socket = new WebSocket(`${url.replace('http', 'ws')}${path}`);
    const code = await new Promise<number>((resolve) => socket.on('close', (closed) => resolve(closed)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(code).toBe(1011);
    expect(unhandled).toEqual([]);
  });

  it('closes the streams of a token revoked since they opened, and keeps them while the look-up fails', async () => {
    let answer: 'valid' | 'failing' | 'revoked' = 'valid';
    const hub = hubWith(async () => {
      if (answer === 'failing') throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return answer === 'valid' ? { id: 'token:1', role: 'supervisor', name: 'Sam', agentId: null } : null;
    }, 50);
    const app = Fastify();
    await app.register(hub.plugin);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());
    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws/supervisor?token=op_sam`);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => socket.on('open', () => resolve()));
    answer = 'failing';
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    answer = 'revoked';
    expect(await closed).toBe(4401);
  });

  it('refuses an address that offered too many wrong tokens before looking its next up, streams and routes counted together', async () => {
    let lookups = 0;
    const guard = new SignInGuard(3);
    guard.noteFailure('127.0.0.1'); // a wrong token given to a route
    const hub = hubWith(async (authorization) => {
      lookups += 1;
      return authorization === 'Bearer op_sam' ? { id: 'token:1', role: 'supervisor', name: 'Sam', agentId: null } : null;
    }, 60_000, guard);
    const app = Fastify();
    await app.register(hub.plugin);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());
    const open = (token: string): Promise<{ code: number; reason: string }> => new Promise((resolve) => {
      const socket = new WebSocket(`${url.replace('http', 'ws')}/ws/supervisor?token=${token}`);
      socket.on('open', () => socket.close(1000));
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    expect((await open('guess1')).code).toBe(4401);
    expect((await open('guess2')).code).toBe(4401);
    const refused = await open('op_sam');
    expect(refused.code).toBe(4429);
    expect(refused.reason).toMatch(/try again in \d+ s/);
    expect(lookups).toBe(2);
  });
});
