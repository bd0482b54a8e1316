// Evidence export: a campaign's append-only compliance log for a date range, as CSV.

import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { exportEvidence } from '../../pg/evidence-log-repository.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import { staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { idParam } from './leads-routes.js';

export interface EvidenceRouteDeps {
  pool: Pool;
}

export function evidenceRoutes(deps: EvidenceRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/evidence.csv', summary: 'evidence log of a campaign for [from, to), as CSV', tags: ['evidence'],
      roles: staff, params: idParam, produces: 'text/csv',
      query: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), kinds: z.string().optional() }),
      handler: async ({ params, query, reply }) => {
        const from = new Date(query.from);
        const to = new Date(query.to);
        if (!(from < to)) throw new ApiError('invalid_request', '"from" must be before "to"');
        const kinds = query.kinds?.split(',').map((k) => k.trim()).filter((k) => k.length > 0);
        const entries = exportEvidence(deps.pool, { campaignId: params.id, from, to, ...(kinds ? { kinds } : {}) });
        const rows = Readable.from((async function* () {
          for await (const e of entries) yield [e.id, e.at.toISOString(), e.kind, e.campaignId ?? '', e.attemptId ?? '', e.leadId ?? '', JSON.stringify(e.payload)];
        })());
        const csv = rows.pipe(stringify({ header: true, columns: ['id', 'at', 'kind', 'campaign_id', 'attempt_id', 'lead_id', 'payload'] }));
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="evidence-campaign-${params.id}.csv"`);
        return reply.send(csv);
      },
    }),
  ];
}
