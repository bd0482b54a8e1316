// /ari/bridges: create, list, get, destroy, add/remove channels, music on hold, record.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AriError, badRequest, notFound } from '../ari-error.js';
import { bridgeJson, type SimBridge } from '../bridge-registry.js';
import { startBridgeRecording } from '../bridge-recording.js';
import { addChannels, createBridge, destroyBridge, removeChannel } from '../bridging.js';
import type { SimChannel } from '../channel-registry.js';
import type { PbxContext } from '../pbx-context.js';
import { pathParam, readParams } from './request-params.js';

export function bridgeRoutes(app: FastifyInstance, ctx: PbxContext): void {
  const bridgeOf = (request: FastifyRequest): SimBridge => {
    const bridge = ctx.bridges.get(pathParam(request, 'bridgeId'));
    if (bridge === undefined) throw notFound('Bridge not found');
    return bridge;
  };
  const channelsOf = (request: FastifyRequest): SimChannel[] => {
    const ids = readParams(request).list('channel');
    if (ids.length === 0) throw badRequest('Missing parameter channel');
    return ids.map((id) => {
      const channel = ctx.channels.get(id);
      if (channel === undefined) throw badRequest('Channel not found');
      return channel;
    });
  };

  app.get('/ari/bridges', async () => ctx.bridges.list().map(bridgeJson));

  app.post('/ari/bridges', async (request) => {
    const params = readParams(request);
    const id = params.str('bridgeId') ?? ctx.ids.uuid();
    return bridgeJson(ctx.bridges.get(id) ?? createBridge(ctx, id, params.str('type') ?? 'mixing', params.str('name') ?? ''));
  });

  // As Asterisk: an existing bridge is returned as it is, unless asked for another name or for any
  // type, which it refuses (500) rather than change.
  app.post('/ari/bridges/:bridgeId', async (request) => {
    const params = readParams(request);
    const id = pathParam(request, 'bridgeId');
    const existing = ctx.bridges.get(id);
    if (existing === undefined) return bridgeJson(createBridge(ctx, id, params.str('type') ?? 'mixing', params.str('name') ?? ''));
    const name = params.str('name');
    if (name !== undefined && name !== '' && name !== existing.name) throw new AriError(500, { error: 'Internal Error', message: 'Changing bridge name is not implemented' });
    if (params.str('type')) throw new AriError(500, { error: 'Internal Error', message: 'Supplying a bridge type when updating a bridge is not allowed.' });
    return bridgeJson(existing);
  });

  app.get('/ari/bridges/:bridgeId', async (request) => bridgeJson(bridgeOf(request)));

  app.delete('/ari/bridges/:bridgeId', async (request, reply) => {
    destroyBridge(ctx, bridgeOf(request));
    return reply.code(204).send();
  });

  app.post('/ari/bridges/:bridgeId/addChannel', async (request, reply) => {
    await ctx.heldBridgeAdds.get(pathParam(request, 'bridgeId'));
    const bridge = bridgeOf(request);
    addChannels(ctx, bridge, channelsOf(request));
    return reply.code(204).send();
  });

  app.post('/ari/bridges/:bridgeId/removeChannel', async (request, reply) => {
    const bridge = bridgeOf(request);
    for (const channel of channelsOf(request)) removeChannel(ctx, bridge, channel);
    return reply.code(204).send();
  });

  app.post('/ari/bridges/:bridgeId/moh', async (request, reply) => {
    bridgeOf(request).mohClass = readParams(request).str('mohClass') ?? 'default';
    return reply.code(204).send();
  });

  app.delete('/ari/bridges/:bridgeId/moh', async (request, reply) => {
    bridgeOf(request).mohClass = null;
    return reply.code(204).send();
  });

  app.post('/ari/bridges/:bridgeId/record', async (request, reply) => {
    const bridge = bridgeOf(request);
    const params = readParams(request);
    const recording = startBridgeRecording(ctx, bridge, {
      name: params.str('name'), format: params.str('format'), ifExists: params.str('ifExists'),
      maxDurationSeconds: params.int('maxDurationSeconds'),
    });
    return reply.code(201).send(recording);
  });
}
