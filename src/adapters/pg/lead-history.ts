// A lead's calls, callbacks and changes, newest first: what the agent's screen pop shows of the
// calls before this one, and what staff read when they look a lead up.

import { agentTalkEndSql } from './counted-calls.js';
import type { EvidenceKind } from './evidence-kinds.js';
import type { Queryable } from './pool.js';
import { recordingKeptSql } from './recording-shown.js';
import { withheldCallSql } from './withheld-caller-lead.js';

export interface LeadCall {
  attemptId: string;
  at: Date;
  endedAt: Date | null;
  /** When the agent's talk on it ended (agentTalkEndSql): the message they left on a machine, the
   * customer they left with a third party, else the call's end; talk is counted up to it, as the
   * results and the calls export count it. */
  talkEndedAt: Date | null;
  /** The phone dialled (null when that phone has since been deleted, or for a call in). */
  phoneId: string | null;
  /** A call from a caller who withheld their number: it has none to show. */
  withheld: boolean;
  outcome: string | null;
  abandoned: boolean;
  connectedAt: Date | null;
  agentId: string | null;
  /** The agent's name as on record (null when there is no agent, or no record of them). */
  agentName: string | null;
  /** The disposition given, with the agent's notes. */
  code: string | null;
  notes: string | null;
  /** A recording of it is kept (not yet deleted under the retention) and may be heard (its person was not erased). */
  recorded: boolean;
  /** Why no message was left on the machine it reached (the lead had not consented to it); null: not withheld. */
  messageWithheld: string | null;
  /** The staff member (name, role) who hung it up for its agent, if one did, with the reason they typed (a caller on hold), if kept. */
  endedBy: { name: string; role: string; reason?: string } | null;
}

export interface LeadCallback {
  dueAt: Date;
  timezone: string | null;
  agentId: string | null;
  agentName: string | null;
  status: string;
  notes: string | null;
  /** The agent whose callback it was before it went to anyone (not taken in time). */
  releasedFrom: string | null;
}

interface CallRow {
  message_withheld: string | null;
  attempt_id: string;
  created_at: Date;
  ended_at: Date | null;
  talk_ended_at: Date | null;
  phone_id: string | null;
  withheld: boolean;
  outcome: string | null;
  abandoned: boolean;
  connected_at: Date | null;
  agent_id: string | null;
  agent_name: string | null;
  code: string | null;
  notes: string | null;
  recorded: boolean;
  ended_by: { name: string; role: string; reason?: string } | null;
}

/** The lead's calls that were dialled or dispositioned (a lease that never dialled is not a call). */
export async function leadCalls(db: Queryable, leadId: string, options: { exceptAttemptId?: string; limit: number }): Promise<LeadCall[]> {
  const result = await db.query<CallRow>(
    `SELECT a.id AS attempt_id, a.created_at, a.ended_at, ${agentTalkEndSql('a')} AS talk_ended_at, a.phone_id, ${withheldCallSql('a')} AS withheld, a.outcome, a.abandoned, a.connected_at, a.agent_id, ag.name AS agent_name,
            d.code, d.notes, ${recordingKeptSql('a')} AS recorded, a.message_withheld,
            CASE WHEN a.ended_by IS NOT NULL THEN jsonb_build_object('name', a.ended_by->>'name', 'role', a.ended_by->>'role')
              || CASE WHEN a.staff_reason IS NOT NULL THEN jsonb_build_object('reason', a.staff_reason) ELSE '{}'::jsonb END END AS ended_by
     FROM attempts a LEFT JOIN dispositions d ON d.attempt_id = a.id LEFT JOIN agents ag ON ag.id = a.agent_id
     WHERE a.lead_id = $1 AND ($2::uuid IS NULL OR a.id <> $2) AND (a.originated_at IS NOT NULL OR d.id IS NOT NULL)
     ORDER BY a.created_at DESC LIMIT $3`,
    [leadId, options.exceptAttemptId ?? null, options.limit],
  );
  return result.rows.map((r) => ({
    attemptId: r.attempt_id, at: r.created_at, endedAt: r.ended_at, talkEndedAt: r.talk_ended_at, phoneId: r.phone_id, withheld: r.withheld, outcome: r.outcome, abandoned: r.abandoned,
    connectedAt: r.connected_at, agentId: r.agent_id, agentName: r.agent_name, code: r.code, notes: r.notes, recorded: r.recorded,
    endedBy: r.ended_by, messageWithheld: r.message_withheld,
  }));
}

export async function leadCallbacks(db: Queryable, leadId: string, limit: number): Promise<LeadCallback[]> {
  const result = await db.query<{
    due_at: Date; timezone: string | null; agent_id: string | null; agent_name: string | null; status: string; notes: string | null; released_from: string | null;
  }>(
    `SELECT c.due_at, c.timezone, c.agent_id, ag.name AS agent_name, c.status, c.notes, c.released_from
     FROM callbacks c LEFT JOIN agents ag ON ag.id = c.agent_id WHERE c.lead_id = $1 ORDER BY c.due_at DESC LIMIT $2`,
    [leadId, limit],
  );
  return result.rows.map((r) => ({
    dueAt: r.due_at, timezone: r.timezone, agentId: r.agent_id, agentName: r.agent_name, status: r.status, notes: r.notes, releasedFrom: r.released_from,
  }));
}

/** The changes to a lead the evidence log keeps: its time zone corrected, its consent to prerecorded
 * messages changed by an import, its return to the dialling pool (its dials from zero again, at the
 * stage given: who returned it, and the status, stage and dials it had). */
const leadChangeKinds: readonly EvidenceKind[] = ['lead_zone_changed', 'lead_consent_changed', 'lead_returned'];

export interface LeadChange {
  kind: EvidenceKind;
  at: Date;
  /** What changed, as the evidence entry says it (before and after, who or which import). */
  payload: Record<string, unknown>;
}

export async function leadChanges(db: Queryable, leadId: string, limit: number): Promise<LeadChange[]> {
  const result = await db.query<{ kind: EvidenceKind; at: Date; payload: Record<string, unknown> }>(
    'SELECT kind, at, payload FROM evidence_log WHERE lead_id = $1 AND kind = ANY($2) ORDER BY at DESC, id DESC LIMIT $3',
    [leadId, leadChangeKinds, limit],
  );
  return result.rows;
}
