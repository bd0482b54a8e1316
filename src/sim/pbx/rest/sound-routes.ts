// /ari/sounds and /ari/sounds/{soundId}: the sounds the PBX has, as Asterisk lists its sound files
// (an id as after `sound:`, one format and language each here), 404 for a sound it lacks.

import type { FastifyInstance } from 'fastify';
import { notFound } from '../ari-error.js';
import type { PbxContext } from '../pbx-context.js';
import { pathParam } from './request-params.js';

const soundJson = (id: string) => ({ id, formats: [{ language: 'en', format: 'wav' }] });

export function soundRoutes(app: FastifyInstance, ctx: PbxContext): void {
  app.get('/ari/sounds', async () => Object.keys(ctx.sounds).map(soundJson));

  app.get('/ari/sounds/:soundId', async (request) => {
    const id = pathParam(request, 'soundId');
    if (!Object.hasOwn(ctx.sounds, id)) throw notFound('Sound not found');
    return soundJson(id);
  });
}
