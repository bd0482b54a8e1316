// Time agents spent in each state (ready, paused by reason, reserved, talking, wrap-up) over a
// period, from the agent state log. Intervals are clipped to the period; the open interval of an
// agent still in a state counts up to now. The desktop shows an agent their own day with it. And
// one agent's log itself: each state, why, and who of the staff put them in it (a forced pause),
// and each session with who of the staff ended it (a forced logout).

import { z } from 'zod';
import { listAgents } from '../../pg/agent-repository.js';
import { listAgentSessions } from '../../pg/agent-session-repository.js';
import { listAgentStates } from '../../pg/agent-state-log-repository.js';
import { listStaffHangups } from '../../pg/staff-hangups.js';
import { staffShown } from '../../../core/acting-staff.js';
import type { Pool, Queryable } from '../../pg/pool.js';
import type { EngineApi } from '../engine-api.js';
import { agentsAndSupervisors, staff } from '../principal.js';
import { defineRoute, type RouteSpec } from '../route-spec.js';
import { reportRange, reportRangeQuery } from './report-range.js';

export interface AgentReportRouteDeps {
  pool: Pool;
  engine: EngineApi;
}

export interface AgentStateDurations {
  agentId: string;
  name: string;
  /** Seconds per state. */
  states: Record<string, number>;
  /** Seconds paused per reason code. */
  pauseReasons: Record<string, number>;
  /** Seconds logged in (every state in the log). */
  totalSeconds: number;
  /** Talking and wrap-up over time staffed (ready, reserved, talking, wrap-up); null when never staffed. */
  occupancy: number | null;
}

const rangeQuery = reportRangeQuery.extend({
  campaignId: z.string().regex(/^\d+$/).optional(),
});

interface DurationRow {
  agent_id: string;
  state: string;
  reason: string | null;
  seconds: number;
}

async function stateSeconds(db: Queryable, range: { from: Date; to: Date; now: Date; agentId: string | null; campaignId: string | null }) {
  const result = await db.query<DurationRow>(
    // The pause that follows a login is logged with the change's cause (phone_connected); the
    // desktop calls that pause 'login', and so does the report.
    `SELECT agent_id, state,
       CASE WHEN state <> 'paused' THEN NULL WHEN reason = 'phone_connected' THEN 'login' ELSE coalesce(reason, 'unknown') END AS reason,
       sum(extract(epoch FROM (least(coalesce(to_at, $3), $2) - greatest(from_at, $1))))::float8 AS seconds
     FROM agent_state_log
     WHERE from_at < $2 AND coalesce(to_at, $3) > $1
       AND ($4::text IS NULL OR agent_id = $4) AND ($5::bigint IS NULL OR campaign_id = $5)
     GROUP BY 1, 2, 3 ORDER BY 1`,
    [range.from, range.to, range.now, range.agentId, range.campaignId],
  );
  return result.rows;
}

export function summariseDurations(rows: readonly DurationRow[], names: ReadonlyMap<string, string>): AgentStateDurations[] {
  const byAgent = new Map<string, AgentStateDurations>();
  for (const row of rows) {
    const seconds = Math.max(0, Math.round(row.seconds));
    let entry = byAgent.get(row.agent_id);
    if (!entry) {
      entry = { agentId: row.agent_id, name: names.get(row.agent_id) ?? row.agent_id, states: {}, pauseReasons: {}, totalSeconds: 0, occupancy: null };
      byAgent.set(row.agent_id, entry);
    }
    entry.states[row.state] = (entry.states[row.state] ?? 0) + seconds;
    if (row.reason !== null) entry.pauseReasons[row.reason] = (entry.pauseReasons[row.reason] ?? 0) + seconds;
    entry.totalSeconds += seconds;
  }
  for (const entry of byAgent.values()) {
    const busy = (entry.states.talking ?? 0) + (entry.states.wrap_up ?? 0);
    const staffed = busy + (entry.states.ready ?? 0) + (entry.states.reserved ?? 0);
    entry.occupancy = staffed > 0 ? busy / staffed : null;
  }
  return [...byAgent.values()];
}

async function report(deps: AgentReportRouteDeps, query: z.infer<typeof rangeQuery>, agentId: string | null) {
  const range = reportRange(query, deps.engine.nowMs());
  const rows = await stateSeconds(deps.pool, { ...range, agentId, campaignId: query.campaignId ?? null });
  const names = new Map((await listAgents(deps.pool)).map((a) => [a.id, a.name]));
  return { from: range.from, to: range.to, agents: summariseDurations(rows, names) };
}

/** One agent's state log over the period: states, sessions and the calls the staff hung up, oldest first. */
async function stateLog(deps: AgentReportRouteDeps, query: z.infer<typeof reportRangeQuery>, agentId: string) {
  const range = reportRange(query, deps.engine.nowMs());
  const period = { agentId, from: range.from, to: range.to };
  const [states, sessions, hangups] = await Promise.all([
    listAgentStates(deps.pool, period), listAgentSessions(deps.pool, period), listStaffHangups(deps.pool, period),
  ]);
  return {
    from: range.from, to: range.to,
    states: states.map((s) => ({ state: s.state, reason: s.reason, by: staffShown(s.by), campaignId: s.campaignId, from: s.fromAt, to: s.toAt })),
    sessions: sessions.map((s) => ({ campaignId: s.campaignId, loginAt: s.loginAt, logoutAt: s.logoutAt, logoutBy: staffShown(s.logoutBy) })),
    hangups: hangups.map((h) => ({ attemptId: h.attemptId, leadId: h.leadId, at: h.endedAt, by: staffShown(h.by), connected: h.connected })),
  };
}

export function agentReportRoutes(deps: AgentReportRouteDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/reports/agent-states', summary: 'seconds per state and per pause reason, per agent, over a period (default: last 24 h)',
      tags: ['reports'], roles: staff, query: rangeQuery,
      handler: async ({ query }) => report(deps, query, null),
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/state-durations', summary: "one agent's seconds per state over a period (default: last 24 h)",
      tags: ['reports'], roles: agentsAndSupervisors, actsFor: (p) => p.agentId,
      params: z.object({ agentId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) }), query: rangeQuery,
      handler: async ({ params, query }) => {
        const result = await report(deps, query, params.agentId);
        return { from: result.from, to: result.to, agent: result.agents[0] ?? null };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/agents/:agentId/state-log',
      summary: "one agent's state log over a period (default: last 24 h): each state with its reason and the staff member who put them in it (a forced pause; null: not staff), each session with who of the staff logged them out, and each call of theirs a staff member hung up, with who (connected false: their own dial, hung up before it was put through)",
      tags: ['reports'], roles: agentsAndSupervisors, actsFor: (p) => p.agentId,
      params: z.object({ agentId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) }), query: reportRangeQuery,
      handler: async ({ params, query }) => stateLog(deps, query, params.agentId),
    }),
  ];
}
