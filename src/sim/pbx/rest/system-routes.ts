// /ari/asterisk/info, /ari/asterisk/ping and /ari/applications.

import { release } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../ari-error.js';
import { ariTimestamp } from '../ari-time.js';
import { channelSubscribers } from '../channel-events.js';
import type { PbxContext } from '../pbx-context.js';
import { pathParam } from './request-params.js';

/** The Asterisk version the simulated PBX reports (the one its behaviour was recorded from). */
export const simulatedAsteriskVersion = '22.10.1';

export function systemRoutes(app: FastifyInstance, ctx: PbxContext): void {
  app.get('/ari/asterisk/info', async () => ({
    build: { os: 'Linux', kernel: release(), machine: process.arch === 'arm64' ? 'aarch64' : 'x86_64', options: 'OPTIONAL_API',
      date: ariTimestamp(ctx.startedAtMs), user: 'outpace' },
    system: { version: simulatedAsteriskVersion, entity_id: ctx.asteriskId },
    config: { name: '', default_language: 'en', setid: { user: '', group: '' } },
    status: { startup_time: ariTimestamp(ctx.startedAtMs), last_reload_time: ariTimestamp(ctx.startedAtMs) },
  }));

  app.get('/ari/asterisk/ping', async () => ({ asterisk_id: ctx.asteriskId, ping: 'pong', timestamp: ariTimestamp(Date.now()) }));

  app.get('/ari/applications', async () => knownApps(ctx).map((name) => applicationJson(ctx, name)));

  app.get('/ari/applications/:applicationName', async (request) => {
    const name = pathParam(request, 'applicationName');
    if (!knownApps(ctx).includes(name)) throw notFound('Application not found');
    return applicationJson(ctx, name);
  });
}

function knownApps(ctx: PbxContext): string[] {
  return [...new Set([...ctx.apps, ...ctx.bus.knownApps()])];
}

/** What the app still holds: channels it hears and bridges it is subscribed to. */
function applicationJson(ctx: PbxContext, name: string) {
  const channelIds = ctx.channels.list().filter((c) => channelSubscribers(c).includes(name)).map((c) => c.id);
  const bridgeIds = ctx.bridges.list().filter((b) => b.subscribers.has(name)).map((b) => b.id);
  return {
    name,
    channel_ids: channelIds.reverse(),
    bridge_ids: bridgeIds,
    endpoint_ids: [],
    device_names: [],
    events_allowed: [],
    events_disallowed: [],
  };
}
