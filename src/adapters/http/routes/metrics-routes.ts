// The Prometheus scrape endpoint. Public like /health: it carries counts and rates by campaign,
// never a lead or a number, and scrapers rarely hold API tokens.

import type { Registry } from 'prom-client';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export function metricsRoutes(registry: Registry): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/metrics', summary: 'Prometheus metrics in the text exposition format', tags: ['health'],
      roles: 'public', produces: 'text/plain', probe: true,
      handler: async ({ reply }) => {
        const body = await registry.metrics();
        reply.header('content-type', registry.contentType);
        return body;
      },
    }),
  ];
}
