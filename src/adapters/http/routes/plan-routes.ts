// POST /api/plan: the campaign planner over HTTP (managers only; it runs simulations).

import { z } from 'zod';
import { planCampaign } from '../../../sim/planner/plan-campaign.js';
import { managers } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';

const planBody = z.object({
  leads: z.number().int().positive().max(10_000_000),
  liveRate: z.number().gt(0).lt(1),
  machineRate: z.number().min(0).lt(1).default(0.25),
  talkSeconds: z.number().positive().max(7_200),
  wrapSeconds: z.number().min(0).max(3_600),
  amd: z.boolean().default(true),
  agents: z.number().int().min(1).max(1_000).optional(),
  deadlineHours: z.number().positive().max(10_000).optional(),
  seed: z.number().int().default(1),
}).refine((b) => b.agents !== undefined || b.deadlineHours !== undefined, { message: 'give agents or deadlineHours' })
  .refine((b) => b.liveRate + b.machineRate <= 0.95, { message: 'liveRate + machineRate must leave room for other outcomes' });

export function planRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/plan',
      summary: 'Plan a campaign by simulation: duration, talk per agent-hour, abandonment, agents for a deadline',
      tags: ['plan'],
      roles: managers,
      body: planBody,
      handler: async ({ body }) => planCampaign(body),
    }),
  ];
}
