// The pacing page for installs without Grafana: its static files at /pacing/ and the JSON it
// polls. The page is public (it holds no data); the history route needs a staff token.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pacingHistoryView, type PacingHistory } from '../../metrics/pacing-history.js';
import type { CampaignElsewhere } from '../campaigns-elsewhere.js';
import { staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export interface PacingPageRouteDeps {
  history: PacingHistory;
  /** Wall clock; injected so tests can pin it. */
  now?: () => number;
  /** Running and paused campaigns other nodes drive (or none does): listed with their driver. */
  elsewhere?: () => Promise<CampaignElsewhere[]>;
}

export function pacingPageRoutes(deps: PacingPageRouteDeps): RouteSpec[] {
  const now = deps.now ?? Date.now;
  return [
    defineRoute({
      method: 'GET', url: '/api/pacing/history',
      summary: "the last hour of dial level, ready agents, connects per minute and abandonment per campaign this node drives, and the other campaigns' drivers",
      tags: ['pacing'], roles: staff,
      query: z.object({ campaign: z.string().min(1).max(200).optional() }),
      handler: async ({ query }) => {
        const elsewhere = (await deps.elsewhere?.()) ?? [];
        return { ...pacingHistoryView(deps.history, now(), query.campaign), elsewhere: elsewhere.filter((c) => !query.campaign || c.campaignId === query.campaign) };
      },
    }),
  ];
}

/** Where the page's files are: next to the sources, or the package's src/ when running built JS. */
export function pacingPageRoot(): string {
  const candidates = ['../../../web/pacing/', '../../../../src/web/pacing/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((dir) => existsSync(`${dir}index.html`));
  if (!found) throw new Error(`pacing page files not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Serves the pacing page at /pacing/; pass to buildApp's `plugins`. */
export async function pacingPagePlugin(app: FastifyInstance): Promise<void> {
  // decorateReply stays off so other static mounts (agent desktop, wallboard) can coexist.
  await app.register(fastifyStatic, { root: pacingPageRoot(), prefix: '/pacing/', decorateReply: false, index: 'index.html' });
  app.get('/pacing', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/pacing/'));
}
