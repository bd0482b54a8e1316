// /ari/api-docs: the Swagger 1.1 description of what the simulated PBX implements. The base path
// follows the Host the client used, so swagger-client calls back the same address.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../ari-error.js';
import { resourceDeclarations } from '../api-docs/resources.js';
import { declarationJson, listingJson } from '../api-docs/swagger.js';
import { pathParam } from './request-params.js';

export function apiDocsRoutes(app: FastifyInstance): void {
  const basePath = (request: FastifyRequest): string => `${request.protocol}://${request.headers.host ?? request.hostname}/ari`;

  app.get('/ari/api-docs/resources.json', async (request) => listingJson(resourceDeclarations, basePath(request)));

  app.get('/ari/api-docs/:file', async (request) => {
    const file = pathParam(request, 'file');
    const resource = resourceDeclarations.find((r) => `${r.name}.json` === file);
    if (resource === undefined) throw notFound('Resource not found');
    return declarationJson(resource, basePath(request));
  });
}
