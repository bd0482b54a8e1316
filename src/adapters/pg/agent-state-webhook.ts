// What a workforce or presence tool is told of each change of an agent's state in a campaign (the
// `agent_state` event, asked for by name): the agent, the state left and the one entered, why it
// changed (as the agent report counts it: `agent_ready`, a pause's reason code...), when, and how
// long the agent had been in the state left, and who of the staff made it for them, if one did. Adherence to a schedule (logged in on time, breaks as
// planned) is then followed outside the dialler.

import { staffShown, type ActingStaff } from '../../core/acting-staff.js';
import type { Queryable } from './pool.js';
import { queueWebhooks } from './webhook-outbox.js';
import { webhookEnvelope } from './webhook-payload.js';

export interface AgentStateChange {
  agentId: string;
  campaignId: string;
  from: string;
  to: string;
  /** Why it changed: `login`, `agent_ready`, `call_connected`, a pause's reason code...; empty for none. */
  reason: string;
  at: Date;
  /** How long the agent was in `from`. */
  durationMs: number;
  /** The staff member who made the change for the agent (a forced pause or logout); null or absent: not staff. */
  by?: ActingStaff | null;
}

/** Writes the deliveries of the change to the campaign's webhooks that take it; their ids. */
export function queueAgentStateWebhooks(db: Queryable, change: AgentStateChange): Promise<string[]> {
  return queueWebhooks(db, {
    campaignId: change.campaignId, event: 'agent_state', at: change.at,
    payload: async () => {
      const names = await db.query<{ campaign_name: string; agent_name: string | null }>(
        'SELECT c.name AS campaign_name, (SELECT a.name FROM agents a WHERE a.id = $2) AS agent_name FROM campaigns c WHERE c.id = $1',
        [change.campaignId, change.agentId],
      );
      return {
        ...webhookEnvelope('agent_state', change.at, { id: change.campaignId, name: names.rows[0]?.campaign_name ?? null }),
        agent: { id: change.agentId, name: names.rows[0]?.agent_name ?? null },
        from: change.from, to: change.to, reason: change.reason || null,
        secondsInPreviousState: Math.max(0, Math.round(change.durationMs / 1000)),
        by: staffShown(change.by),
      };
    },
  });
}
