// The campaign results report (see campaign-results.ts) over a period, for staff: by default the
// 24 hours up to now.

import { z } from 'zod';
import { getCampaign } from '../../pg/campaign-repository.js';
import { campaignResults } from '../../pg/campaign-results.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { reportRange, reportRangeQuery } from './report-range.js';

export interface CampaignReportRouteDeps {
  pool: Pool;
  engine: EngineApi;
}

export function campaignReportRoutes(deps: CampaignReportRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/reports/campaigns/:id',
      summary: 'campaign results over a period (default: last 24 h): outcomes, contact, abandonment, dispositions, stage moves, results by grade and by agent',
      tags: ['reports'], roles: staff, params: z.object({ id: z.string().regex(/^\d+$/, 'campaign ids are numbers') }), query: reportRangeQuery,
      handler: async ({ params, query }) => {
        const campaign = await getCampaign(deps.pool, params.id);
        if (!campaign) throw new ApiError('not_found', `campaign ${params.id} does not exist`);
        const range = reportRange(query, deps.engine.nowMs());
        const results = await campaignResults(deps.pool, { campaignId: campaign.id, from: range.from, to: range.to });
        return { campaign: { id: campaign.id, name: campaign.name, mode: campaign.mode }, from: range.from, to: range.to, ...results };
      },
    }),
  ];
}
