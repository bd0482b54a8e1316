// /ari/playbacks/{id}: look at and stop a playback.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../ari-error.js';
import type { PbxContext } from '../pbx-context.js';
import { stopPlayback } from '../playback.js';
import { playbackJson, type SimPlayback } from '../playback-registry.js';
import { pathParam } from './request-params.js';

export function playbackRoutes(app: FastifyInstance, ctx: PbxContext): void {
  const playbackOf = (request: FastifyRequest): SimPlayback => {
    const playback = ctx.playbacks.get(pathParam(request, 'playbackId'));
    if (playback === undefined) throw notFound('Playback not found');
    return playback;
  };

  app.get('/ari/playbacks/:playbackId', async (request) => playbackJson(playbackOf(request)));

  app.delete('/ari/playbacks/:playbackId', async (request, reply) => {
    stopPlayback(ctx, playbackOf(request));
    return reply.code(204).send();
  });
}
