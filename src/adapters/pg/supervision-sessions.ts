// Supervision sessions in the evidence log: an entry when a session starts (naming the call the
// agent is on then, if any), one for each later call a listen or whisper session goes on into,
// so the record names every call a supervisor heard, and one when it ends, saying why and who
// ended it. The node a session was started on is read back from them: a session is ended by the
// node whose PBX holds it.

import { appendEvidence } from './evidence-log-repository.js';
import type { Queryable } from './pool.js';

export interface SupervisionEvidence {
  sessionId: string;
  agentId: string;
  mode: 'listen' | 'whisper' | 'barge';
  /** The supervisor, as their token names them. */
  by: { name: string; role: string };
  nodeId: string;
  /** `started`: the session began (on `call`, or between calls); `next_call`: it went on into
   * `call`; `ended`: it ended (on `call`, or between calls), as `end` says; `listening_paused`:
   * the supervisor hears nothing of `call` from now, its recording paused for card details;
   * `listening_resumed`: they hear it again. */
  entry: 'started' | 'next_call' | 'ended' | 'listening_paused' | 'listening_resumed';
  /** The call heard: null when the session began (or ended) between calls. */
  call: { campaignId: string | null; attemptId: string | null; leadId: string | null };
  /** For `ended`: why, and the staff member who ended it (null when it ended of itself: its
   * call ended, the agent logged out, the supervisor phone hung up). */
  end?: { reason: string; by: { name: string; role: string } | null };
}

export async function recordSupervision(db: Queryable, evidence: SupervisionEvidence): Promise<void> {
  await appendEvidence(db, {
    kind: 'supervision', campaignId: evidence.call.campaignId, attemptId: evidence.call.attemptId, leadId: evidence.call.leadId,
    payload: {
      by: evidence.by.name, role: evidence.by.role, agentId: evidence.agentId, mode: evidence.mode, sessionId: evidence.sessionId,
      nodeId: evidence.nodeId, entry: evidence.entry,
      ...(evidence.end ? { reason: evidence.end.reason, endedBy: evidence.end.by?.name ?? null, endedByRole: evidence.end.by?.role ?? null } : {}),
    },
  });
}

export async function supervisionSessionNode(db: Queryable, sessionId: string): Promise<string | null> {
  const result = await db.query<{ node_id: string | null }>(
    `SELECT payload->>'nodeId' AS node_id FROM evidence_log WHERE kind = 'supervision' AND payload->>'sessionId' = $1 ORDER BY id DESC LIMIT 1`,
    [sessionId],
  );
  return result.rows[0]?.node_id ?? null;
}
