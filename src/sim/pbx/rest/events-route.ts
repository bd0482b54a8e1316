// /ari/events?app=a,b: the WebSocket that owns the listed Stasis applications.

import type { FastifyInstance } from 'fastify';
import type { PbxContext } from '../pbx-context.js';
import { isRecord } from './request-params.js';

function appsOf(query: unknown): string[] {
  const app = isRecord(query) ? query.app : undefined;
  const raw = Array.isArray(app) ? app.join(',') : typeof app === 'string' ? app : '';
  return raw.split(',').filter((name) => name !== '');
}

export function eventsRoute(app: FastifyInstance, ctx: PbxContext): void {
  app.get('/ari/events', {
    websocket: true,
    preValidation: async (request, reply) => {
      if (appsOf(request.query).length === 0) await reply.code(400).send({ message: 'Missing parameter app' });
    },
  }, (socket, request) => {
    ctx.bus.attach(appsOf(request.query), socket);
    socket.on('message', () => undefined); // Events flow one way; client messages are ignored.
  });
}
