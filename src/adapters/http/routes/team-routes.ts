// The team: every agent on record with their live state, for the people who run it, the tokens of
// an agent revoked at once (a lost phone, someone who left), and the team's changes on record (who
// added or changed an agent, gave out or took back their tokens, and when). Agents are created and
// changed through PUT /api/agents/{id} and given tokens through POST /api/agents/{id}/tokens.

import { z } from 'zod';
import { agentChangeHistory, revokeAgentTokensLogged } from '../../pg/agent-change-log.js';
import { getAgent } from '../../pg/agent-repository.js';
import type { Pool } from '../../pg/pool.js';
import { teamRoster } from '../../pg/team-roster.js';
import { statesOnOtherNodes } from '../agent-elsewhere.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { textSeenBy } from '../number-visibility.js';
import { managers, supervisors } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { agentParams } from './agent-routes.js';
import { evidencePageFor, maxEvidencePerPage } from './evidence-routes.js';

export interface TeamRouteDeps {
  pool: Pool;
  engine: EngineApi;
}

export function teamRoutes(deps: TeamRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/team',
      summary: 'every agent on record: phone, campaign, may log in, tokens, last login and live state (with the node, for an agent who works on another)',
      tags: ['agents'], roles: supervisors,
      handler: async ({ request, principal }) => {
        const agents = deps.engine.state().agents;
        // A phone's dial string may hold a number (a remote agent's mobile): a third party's to the rule.
        const roster = await teamRoster(deps.pool);
        const hereStatus = (id: string): string => agents.get(id)?.status ?? 'logged_out';
        const away = roster.filter((member) => hereStatus(member.id) === 'logged_out');
        const elsewhere = await statesOnOtherNodes(deps.engine, away.flatMap((member) => member.campaignId ?? []), request);
        return roster.map((member) => {
          const status = hereStatus(member.id);
          return { ...member, endpoint: textSeenBy(principal, member.endpoint, 'third_party'), status, ...(status === 'logged_out' ? elsewhere.get(member.id) : undefined) };
        });
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/agents/:agentId/tokens', summary: "revoke every token of the agent: it stops working at once, and the live streams it opened close within 30 s",
      tags: ['agents'], roles: managers, params: agentParams,
      handler: async ({ params, principal }) => {
        if (!(await getAgent(deps.pool, params.agentId))) throw new ApiError('not_found', `agent ${params.agentId} does not exist`);
        return { agentId: params.agentId, revoked: await revokeAgentTokensLogged(deps.pool, params.agentId, { by: principal.name, now: new Date(deps.engine.nowMs()) }) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/team/changes',
      summary: "the team's changes on record, newest first, a page at a time: agents added and changed (before and after), tokens given out and taken back, each with who made it",
      tags: ['agents', 'evidence'], roles: supervisors,
      query: z.object({
        agent: agentParams.shape.agentId.optional(),
        before: z.string().regex(/^\d+$/, 'an entry id from the last page').optional(),
        limit: z.coerce.number().int().min(1).max(maxEvidencePerPage).default(50),
      }),
      handler: async ({ query, principal }) => {
        const entries = await agentChangeHistory(deps.pool, { agentId: query.agent, beforeId: query.before, limit: query.limit + 1 });
        // A phone's dial string may hold a number: shown in full only to those who see numbers.
        return evidencePageFor(principal, entries, query.limit);
      },
    }),
  ];
}
