// The calls a staff member (a supervisor, a manager) hung up for an agent: the agent's state log
// names each with who did it, as the lead's calls do. A call is the agent's once it was put
// through to them, and so is their own dial (a preview, a number typed, a callback) from the
// moment they asked for it: one hung up still ringing is theirs too. Only a staff member's hang-up
// names who ended a call, so the partial index of migration 094 holds just these.

import type { ActingStaff } from '../../core/acting-staff.js';
import type { Queryable } from './pool.js';

export interface StaffHangup {
  attemptId: string;
  leadId: string;
  endedAt: Date;
  by: ActingStaff;
  /** False: the agent's own dial, hung up before it was put through to them (ringing, or answered). */
  connected: boolean;
}

interface HangupRow {
  id: string;
  lead_id: string;
  ended_at: Date;
  ended_by: ActingStaff;
  connected: boolean;
}

/** The agent's calls the staff ended within [from, to), oldest first. */
export async function listStaffHangups(db: Queryable, input: { agentId: string; from: Date; to: Date }): Promise<StaffHangup[]> {
  const result = await db.query<HangupRow>(
    `SELECT id::text, lead_id::text, ended_at, ended_by, connected_at IS NOT NULL AS connected FROM attempts
     WHERE agent_id = $1 AND ended_by IS NOT NULL AND ended_at >= $2 AND ended_at < $3
     ORDER BY ended_at, id`,
    [input.agentId, input.from, input.to],
  );
  return result.rows.map((row) => ({ attemptId: row.id, leadId: row.lead_id, endedAt: row.ended_at, by: row.ended_by, connected: row.connected }));
}
