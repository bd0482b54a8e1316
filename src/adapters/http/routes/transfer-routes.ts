// Handing a customer to a colleague: whom the agent can hand them to now (the ready colleagues of
// their campaign, the groups with someone at work, and the teams of the campaigns theirs hands
// customers to, with their groups: a customer handed to a team or group with nobody ready waits on
// hold for the next of it to come free), the handover itself, and a consultation first (the
// customer on hold while the two speak), with what ends it; and the campaign's third parties (a
// verification desk, a supplier) the agent may call the same way, and leave the customer with.
// All are answered by the node the agent works on, where the engine that holds their call is.

import { z } from 'zod';
import { isStaffed, takesCalls, type Agent as EngineAgent } from '../../../core/agent.js';
import type { ConsultAction, TransferTarget } from '../../../core/inputs.js';
import { listAgents } from '../../pg/agent-repository.js';
import { getCampaign } from '../../pg/campaign-repository.js';
import { agentLoggedInHere } from '../agent-elsewhere.js';
import { ApiError } from '../api-error.js';
import { phoneSeenBy } from '../number-visibility.js';
import { agentsAndSupervisors } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { agentParams, answeredElsewhere, engineAction, type AgentRouteDeps } from './agent-routes.js';

const transferBody = z.strictObject({
  toAgentId: agentParams.shape.agentId.optional(),
  group: z.string().trim().min(1).max(60).optional(),
  campaignId: z.string().regex(/^\d+$/, 'campaign ids are numbers').optional(),
}).refine((body) => [body.toAgentId !== undefined, body.campaignId !== undefined, body.group !== undefined && body.campaignId === undefined].filter(Boolean).length === 1,
  "give one of toAgentId (a colleague), group (the one of it who has waited longest) or campaignId (the one of that campaign's team who has waited longest; of one of its groups, with group)");

/** The agents at work on a campaign (logged in, not paused), but for `exceptId`. */
function atWorkOn(deps: AgentRouteDeps, campaignId: string, exceptId: string): EngineAgent[] {
  return [...deps.engine.state().agents.values()].filter((a) => a.id !== exceptId && a.campaignId === campaignId && isStaffed(a.status));
}

/** Those of a team who would take the call now (ready, and not about to dial a callback of their
 * own), the longest waiting first. */
function readyOf(team: readonly EngineAgent[]): EngineAgent[] {
  return team.filter(takesCalls).sort((a, b) => a.readySinceMs - b.readySinceMs);
}

/** The groups of a team's agents at work, with how many of each are ready. */
function groupsOf(team: readonly EngineAgent[]): { group: string; ready: number }[] {
  const counts = new Map<string, number>();
  for (const member of team) for (const group of member.groups) counts.set(group, (counts.get(group) ?? 0) + (takesCalls(member) ? 1 : 0));
  return [...counts].map(([group, ready]) => ({ group, ready })).sort((a, b) => a.group.localeCompare(b.group));
}

/** The colleague a body names: a named one, or the longest-waiting of a group or of another campaign's team (or group of it). */
function targetOf(body: z.infer<typeof transferBody>): TransferTarget {
  if (body.toAgentId !== undefined) return { agentId: body.toAgentId };
  if (body.campaignId !== undefined) return { campaignId: body.campaignId, ...(body.group !== undefined ? { group: body.group } : {}) };
  return { group: body.group ?? '' };
}

interface HandoverTeam {
  id: string;
  name: string;
  ready: number;
  /** Its agents at work (logged in, not paused): with none ready, a customer waits for the next. */
  atWork: number;
  /** Its ready agents, by name: the desktop names the one the customer is being handed to. */
  agents: { id: string; name: string }[];
  groups: { group: string; ready: number }[];
}

/** The teams of the campaigns the agent's campaign hands customers to, driven on this node, with
 * their ready agents and their groups. */
async function handoverTeams(deps: AgentRouteDeps, agent: EngineAgent): Promise<HandoverTeam[]> {
  const state = deps.engine.state();
  const ids = (state.campaigns.get(agent.campaignId)?.settings.handoverCampaigns ?? []).filter((id) => state.campaigns.has(id));
  return Promise.all(ids.map(async (id) => {
    const [campaign, agents] = await Promise.all([getCampaign(deps.pool, id), listAgents(deps.pool, { campaignId: id })]);
    const agentNames = new Map(agents.map((a) => [a.id, a.name]));
    const team = atWorkOn(deps, id, agent.id);
    const ready = readyOf(team);
    return {
      id, name: campaign?.name ?? id, ready: ready.length, atWork: team.length,
      agents: ready.map((a) => ({ id: a.id, name: agentNames.get(a.id) ?? a.id })), groups: groupsOf(team),
    };
  }));
}

const thirdPartyBody = z.strictObject({ name: z.string().trim().min(1).max(60) });

const consultActions: [ConsultAction, string][] = [
  ['conference', 'bring the customer into the consultation: the agent, the colleague (or third party) and the customer talk'],
  ['complete', 'hand the customer over to the colleague consulted (or leave them with the third party, the agent then owing the disposition); the agent then wraps up'],
  ['cancel', 'end the consultation: the colleague (or third party) goes, and the customer comes back to the agent'],
];

export function transferRoutes(deps: AgentRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/transfer-targets',
      summary: "the colleagues the agent's customer can be handed to now (ready, longest waiting first), the groups of those at work, with how many are ready, the campaign's third parties, and the other campaigns' teams it hands customers to, with how many are at work and ready, and their groups; on the node the agent works on",
      tags: ['agents'], roles: agentsAndSupervisors, params: agentParams, actsFor: (p) => p.agentId,
      handler: async ({ params, principal, request, reply }) => {
        const elsewhere = await answeredElsewhere(deps, params.agentId, request, reply);
        if (elsewhere) return elsewhere.body;
        const agent = agentLoggedInHere(deps.engine, params.agentId);
        if (!agent) throw new ApiError('not_found', `agent ${params.agentId} is not logged in`);
        const team = atWorkOn(deps, agent.campaignId, agent.id);
        const colleagues = readyOf(team);
        const names = new Map((await listAgents(deps.pool, { campaignId: agent.campaignId })).map((a) => [a.id, a.name]));
        return {
          agents: colleagues.map((c) => ({ id: c.id, name: names.get(c.id) ?? c.id, groups: c.groups, readySinceMs: c.readySinceMs })),
          groups: groupsOf(team),
          thirdParties: (deps.engine.state().campaigns.get(agent.campaignId)?.settings.thirdParties ?? []).map(({ name, number }) => ({ name, number: phoneSeenBy(principal, number, 'third_party') })),
          campaigns: await handoverTeams(deps, agent),
        };
      },
    }),
    engineAction(deps, 'transfer',
      "hand the agent's customer over to a ready colleague (toAgentId), to the one of a group who has waited longest (group; with nobody of it ready, the customer waits on hold for the next to come free, until taken off hold or the hold's limit) or to the one of another campaign's team the campaign hands customers to (campaignId; of one of its groups, with group; with nobody ready, the customer waits the same way); the agent then wraps up and the colleague gives the disposition",
      (agentId, body) => ({ type: 'agent_transfer', agentId, to: targetOf(body) }), transferBody),
    engineAction(deps, 'consult',
      "speak to a ready colleague (toAgentId, or the longest-waiting of a group or of another campaign's team or group of it) before handing the customer over, the customer on hold meanwhile",
      (agentId, body) => ({ type: 'agent_consult', agentId, to: targetOf(body) }), transferBody),
    engineAction(deps, 'third-party',
      "call one of the campaign's third parties (name, as the campaign lists it), the customer on hold meanwhile; then conference, complete (leave the customer with it) or cancel as a consultation",
      (agentId, body) => ({ type: 'agent_call_third_party', agentId, name: body.name }), thirdPartyBody),
    ...consultActions.map(([action, summary]) => engineAction(deps, `consult/${action}`, summary, (agentId) => ({ type: 'agent_consult_action', agentId, action }))),
  ];
}
