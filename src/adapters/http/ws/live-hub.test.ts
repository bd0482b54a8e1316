// A live stream whose token cannot be looked up (the database away, as it is for a moment in a
// failover, while every desktop reconnects) is closed with an error the desktop retries on; the
// failed lookup must not go unhandled, which would stop the node and every call on it.

import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../log/logger.js';
import type { EngineApi } from '../engine-api.js';
import { LiveHub, type LiveHubDeps } from './live-hub.js';

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
    const hub = new LiveHub({
      engine: {} as EngineApi, observe: () => undefined, wallboard: {} as LiveHubDeps['wallboard'], missedNotices: {} as LiveHubDeps['missedNotices'],
      authenticate: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      logger: createLogger({ level: 'silent' }), wallboardEveryMs: 60_000, heartbeatMs: 60_000,
    });
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
});
