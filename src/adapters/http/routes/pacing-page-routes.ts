// The pacing page for installs without Grafana: its static files at /pacing/ and the JSON it
// polls. The page is public (it holds no data); the history route needs a staff token.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pacingHistoryView, type PacingHistory } from '../../metrics/pacing-history.js';
import type { CampaignElsewhere } from '../campaigns-elsewhere.js';
import { remotePacingHistory, type CampaignSeries } from '../remote-pacing-history.js';
import { staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export interface PacingPageRouteDeps {
  history: PacingHistory;
  /** Wall clock; injected so tests can pin it. */
  now?: () => number;
  /** Running and paused campaigns other nodes drive (or none does): listed with their driver. */
  elsewhere?: () => Promise<CampaignElsewhere[]>;
}

/** A campaign's series read from the node that drives it, with that node. */
type RemoteSeries = CampaignSeries & { nodeId: string; nodeUrl: string };

export function pacingPageRoutes(deps: PacingPageRouteDeps): RouteSpec[] {
  const now = deps.now ?? Date.now;
  return [
    defineRoute({
      method: 'GET', url: '/api/pacing/history',
      summary: "the last hour of dial level, ready agents, connects per minute and abandonment per campaign, read from the node that drives each (local=true: this node's only), and the drivers of those no node answered for",
      tags: ['pacing'], roles: staff,
      query: z.object({ campaign: z.string().min(1).max(200).optional(), local: z.enum(['true']).optional() }),
      handler: async ({ query, request }) => {
        const view = pacingHistoryView(deps.history, now(), query.campaign);
        if (query.local) return { ...view, elsewhere: [] };
        const elsewhere = ((await deps.elsewhere?.()) ?? []).filter((c) => !query.campaign || c.campaignId === query.campaign);
        // The series of campaigns other nodes drive, from those nodes, marked with their driver.
        const authorization = request.headers.authorization ?? '';
        const remote = await Promise.all(elsewhere.map(async (c): Promise<RemoteSeries | null> => {
          if (!c.nodeId || !c.nodeUrl) return null;
          const series = await remotePacingHistory(c.nodeUrl, c.campaignId, authorization);
          return series ? { ...series, nodeId: c.nodeId, nodeUrl: c.nodeUrl } : null;
        }));
        const drawn = new Set(remote.flatMap((r) => (r ? [r.campaignId] : [])));
        return {
          ...view,
          campaigns: [...view.campaigns, ...remote.filter((r): r is RemoteSeries => r !== null)],
          elsewhere: elsewhere.filter((c) => !drawn.has(c.campaignId)),
        };
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
