// GET /api/campaigns/:id/plan-inputs: a campaign's own figures as the planner's inputs (managers
// only, as the planner is), read as campaign-plan-inputs.ts reads them: live from the engine when
// this node drives the campaign, else from the pacing model last saved.

import { z } from 'zod';
import { campaignPlanInputs, type LiveCampaignFigures, type PlanInputs } from '../../pg/campaign-plan-inputs.js';
import type { Pool } from '../../pg/pool.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

export type { PlanInputs } from '../../pg/campaign-plan-inputs.js';

export interface PlanInputRouteDeps {
  pool: Pool;
  engine: EngineApi;
}

const idParams = z.object({ id: z.string().regex(/^\d+$/, 'campaign ids are numbers') });

/** The campaign as this node's engine drives it, or null when it does not. */
function liveFigures(engine: EngineApi, campaignId: string): LiveCampaignFigures | null {
  const state = engine.state();
  const live = state.campaigns.get(campaignId);
  if (!live) return null;
  const agents = [...state.agents.values()].filter((a) => a.campaignId === campaignId && a.status !== 'logged_out').length;
  return { stats: live.stats, agents };
}

export function planInputRoutes(deps: PlanInputRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/campaigns/:id/plan-inputs',
      summary: "a campaign's leads left, agents, answer rate and call lengths as measured, to plan the rest of it with",
      tags: ['plan'], roles: managers, params: idParams,
      handler: async ({ params }): Promise<PlanInputs> => {
        const inputs = await campaignPlanInputs(deps.pool, params.id, { nowMs: deps.engine.nowMs(), live: liveFigures(deps.engine, params.id) });
        if (!inputs) throw new ApiError('not_found', `campaign ${params.id} does not exist`);
        return inputs;
      },
    }),
  ];
}
