// Calls written straight to Postgres as the engine would have left them, for report tests: an
// attempt with its outcome, times and agent, and the disposition that moved its lead's stage.

import type pg from 'pg';

export interface PastCall {
  leadId: string;
  agentId?: string;
  outcome: string;
  /** Set for a call put through to an agent. */
  talkSeconds?: number;
  /** Answered by a person (implied when put through). */
  live?: boolean;
  abandoned?: boolean;
  /** When it was dialled; the call lasts 10 s of ringing plus its talk. */
  dialledAt: Date;
  disposition?: { code: string; before: string; after: string };
  /** The call was put through to `from`, who handed the customer over to `agentId` after
   * `afterSeconds` of its talk time. */
  handedOver?: { from: string; afterSeconds: number };
}

export async function insertPastCall(pool: pg.Pool, campaignId: string, call: PastCall): Promise<string> {
  const created = call.dialledAt;
  const connected = call.talkSeconds === undefined ? null : new Date(created.getTime() + 10_000);
  const ended = new Date(created.getTime() + 10_000 + (call.talkSeconds ?? 20) * 1000);
  // A person answers 9 s into the dial.
  const answered = call.live || connected ? new Date(created.getTime() + 9_000) : null;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, agent_id, created_at, answered_at, live_at, connected_at, ended_at, abandoned,
       transfers, transferred_from)
     VALUES ($1, $2, '+15550100001', 'ended', $3, $4, $5, $6, $6, $7, $8, $9, $10, $11) RETURNING id::text`,
    [campaignId, call.leadId, call.outcome, call.agentId ?? null, created, answered, connected, ended, call.abandoned ?? false,
      call.handedOver === undefined ? 0 : 1, call.handedOver?.from ?? null],
  );
  const attemptId = rows[0]?.id ?? '';
  if (call.handedOver && connected) {
    await pool.query('INSERT INTO attempt_handovers (attempt_id, seq, from_agent, to_agent, at) VALUES ($1, 1, $2, $3, $4)',
      [attemptId, call.handedOver.from, call.agentId, new Date(connected.getTime() + call.handedOver.afterSeconds * 1000)]);
  }
  if (call.disposition) {
    await pool.query(
      `INSERT INTO dispositions (attempt_id, campaign_id, lead_id, agent_id, code, stage_before, stage_after, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [attemptId, campaignId, call.leadId, call.agentId ?? null, call.disposition.code, call.disposition.before, call.disposition.after, ended],
    );
    await pool.query('UPDATE leads SET stage = $2 WHERE id = $1', [call.leadId, call.disposition.after]);
  }
  return attemptId;
}
