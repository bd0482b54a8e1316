// An agent's own callbacks still to make: the people they promised to call back, soonest first,
// with the time in the person's zone, so the agent knows what their day holds and which are due.
// The node dials each for the agent when it falls due and the agent is free.

import { leadFullName } from './lead-repository.js';
import type { Queryable } from './pool.js';

export interface AgentCallback {
  id: string;
  campaignId: string;
  campaignName: string;
  leadId: string;
  leadName: string;
  dueAt: Date;
  /** The zone the promise was made in: the callback's, else the lead's, else the campaign's. */
  timezone: string;
  /** `due`: its time has come and it waits for the agent to be free. */
  status: 'pending' | 'due';
  notes: string | null;
}

interface Row {
  id: string;
  campaign_id: string;
  campaign_name: string;
  lead_id: string;
  first_name: string | null;
  last_name: string | null;
  due_at: Date;
  timezone: string;
  status: 'pending' | 'due';
  notes: string | null;
}

/** The agent's open personal callbacks, soonest first, at most `limit`; due once their time has
 * come at `now`, before the sweep that marks them so has run. */
export async function agentCallbacks(db: Queryable, agentId: string, now: Date, limit = 50): Promise<AgentCallback[]> {
  const result = await db.query<Row>(
    `SELECT cb.id::text, cb.campaign_id::text, c.name AS campaign_name, l.id::text AS lead_id, l.first_name, l.last_name,
            cb.due_at, coalesce(cb.timezone, l.timezone, c.timezone) AS timezone,
            CASE WHEN cb.due_at <= $3 THEN 'due' ELSE cb.status END AS status, cb.notes
       FROM callbacks cb JOIN leads l ON l.id = cb.lead_id JOIN campaigns c ON c.id = cb.campaign_id
      WHERE cb.agent_id = $1 AND cb.status IN ('pending', 'due')
      ORDER BY cb.due_at, cb.id
      LIMIT $2`,
    [agentId, limit, now],
  );
  return result.rows.map((row) => ({
    id: row.id, campaignId: row.campaign_id, campaignName: row.campaign_name, leadId: row.lead_id,
    leadName: leadFullName(row.first_name, row.last_name), dueAt: row.due_at, timezone: row.timezone, status: row.status, notes: row.notes,
  }));
}
