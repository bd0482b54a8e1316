// The team: every agent on record with their live state, for the people who run it, and the
// tokens of an agent revoked at once (a lost phone, someone who left). Agents are created and
// changed through PUT /api/agents/{id} and given tokens through POST /api/agents/{id}/tokens.

import { getAgent } from '../../pg/agent-repository.js';
import { revokeAgentTokens } from '../../pg/api-token-repository.js';
import type { Pool } from '../../pg/pool.js';
import { teamRoster } from '../../pg/team-roster.js';
import { statesOnOtherNodes } from '../agent-elsewhere.js';
import { ApiError } from '../api-error.js';
import type { EngineApi } from '../engine-api.js';
import { managers, supervisors } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { agentParams } from './agent-routes.js';

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
      handler: async ({ request }) => {
        const agents = deps.engine.state().agents;
        const roster = await teamRoster(deps.pool);
        const hereStatus = (id: string): string => agents.get(id)?.status ?? 'logged_out';
        const away = roster.filter((member) => hereStatus(member.id) === 'logged_out');
        const elsewhere = await statesOnOtherNodes(deps.engine, away.flatMap((member) => member.campaignId ?? []), request);
        return roster.map((member) => {
          const status = hereStatus(member.id);
          return { ...member, status, ...(status === 'logged_out' ? elsewhere.get(member.id) : undefined) };
        });
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/agents/:agentId/tokens', summary: "revoke every token of the agent: it stops working at once",
      tags: ['agents'], roles: managers, params: agentParams,
      handler: async ({ params }) => {
        if (!(await getAgent(deps.pool, params.agentId))) throw new ApiError('not_found', `agent ${params.agentId} does not exist`);
        return { agentId: params.agentId, revoked: await revokeAgentTokens(deps.pool, params.agentId) };
      },
    }),
  ];
}
