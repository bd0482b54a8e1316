// The calls a staff member (a supervisor, a manager) hung up for an agent: the agent's state log
// names each with who did it, as the lead's calls do. A call is the agent's once it was put
// through to them: the partial index on its agent and end finds them.

import type { ActingStaff } from '../../core/acting-staff.js';
import type { Queryable } from './pool.js';

export interface StaffHangup {
  attemptId: string;
  leadId: string;
  endedAt: Date;
  by: ActingStaff;
}

interface HangupRow {
  id: string;
  lead_id: string;
  ended_at: Date;
  ended_by: ActingStaff;
}

/** The agent's calls the staff ended within [from, to), oldest first. */
export async function listStaffHangups(db: Queryable, input: { agentId: string; from: Date; to: Date }): Promise<StaffHangup[]> {
  const result = await db.query<HangupRow>(
    `SELECT id::text, lead_id::text, ended_at, ended_by FROM attempts
     WHERE agent_id = $1 AND connected_at IS NOT NULL AND ended_at >= $2 AND ended_at < $3 AND ended_by IS NOT NULL
     ORDER BY ended_at, id`,
    [input.agentId, input.from, input.to],
  );
  return result.rows.map((row) => ({ attemptId: row.id, leadId: row.lead_id, endedAt: row.ended_at, by: row.ended_by }));
}
