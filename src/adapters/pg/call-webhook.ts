// What a CRM is told of each dial's result (the `call` event): the campaign, the lead by the ids
// the CRM matches it on with its grade when dialled (its grade now for calls made before attempts
// kept it: gradeDialledSql), stage and what happens to it next, and the call (the
// number dialled, how far it got, the agent, the times and time on hold, whether it was abandoned,
// when the agent left the message on an answering machine, each handover from one agent to another,
// the third party the agent called and when they left the customer with it). Names and
// custom fields are left to the disposition event: a post per dial carries no more of the
// person than the CRM needs to file it.

import { gradeDialledSql } from './counted-calls.js';
import type { Queryable } from './pool.js';
import { callNumberShown, withheldCallSql } from './withheld-caller-lead.js';
import { isoOrNull, secondsBetween, webhookEnvelope } from './webhook-payload.js';

interface CallRow {
  campaign_id: string;
  campaign_name: string;
  lead_id: string;
  external_id: string | null;
  grade: string;
  stage: string;
  status: string;
  next_dial_at: Date | null;
  e164: string;
  /** The caller withheld their number: the call keeps none. */
  withheld: boolean;
  agent_id: string | null;
  /** When its dial went out; null for one that never did (blocked by the last check, not sent). */
  originated_at: Date | null;
  answered_at: Date | null;
  connected_at: Date | null;
  ended_at: Date;
  outcome: string;
  abandoned: boolean;
  safe_harbor_played: boolean;
  amd_status: string | null;
  recording_name: string | null;
  held_ms: number;
  message_left_at: Date | null;
  message_played_at: Date | null;
  message_start: string | null;
  message_media: string | null;
  third_party: string | null;
  third_party_handed_off_at: Date | null;
  transferred_from: string | null;
  handovers: Array<{ fromAgentId: string; toAgentId: string; at: string }>;
}

/** The body of the call event of `attemptId`, once it is closed and its lead recycled. */
export async function callWebhookPayload(db: Queryable, attemptId: string): Promise<Record<string, unknown>> {
  const result = await db.query<CallRow>(
    `SELECT c.id AS campaign_id, c.name AS campaign_name, l.id AS lead_id, l.external_id, ${gradeDialledSql('a', 'l')} AS grade, l.stage, l.status, l.next_dial_at,
            a.e164, ${withheldCallSql('a')} AS withheld, a.agent_id, a.originated_at, a.answered_at, a.connected_at, a.ended_at, a.outcome, a.abandoned, a.safe_harbor_played,
            a.amd_status, a.recording_name, a.held_ms, a.message_left_at, a.message_played_at, a.message_start, a.message_media, a.third_party, a.third_party_handed_off_at, a.transferred_from,
            coalesce((SELECT json_agg(json_build_object('fromAgentId', h.from_agent, 'toAgentId', h.to_agent, 'at', h.at) ORDER BY h.seq)
                      FROM attempt_handovers h WHERE h.attempt_id = a.id), '[]') AS handovers
     FROM attempts a JOIN leads l ON l.id = a.lead_id JOIN campaigns c ON c.id = a.campaign_id
     WHERE a.id = $1 AND a.ended_at IS NOT NULL`,
    [attemptId],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`no closed attempt ${attemptId}`);
  return {
    ...webhookEnvelope('call', row.ended_at, { id: row.campaign_id, name: row.campaign_name }),
    lead: {
      id: String(row.lead_id), externalId: row.external_id, grade: row.grade, stage: row.stage, status: row.status,
      nextDialAt: row.status === 'retry' ? isoOrNull(row.next_dial_at) : null,
    },
    call: {
      attemptId, ...callNumberShown(row.e164, row.withheld), agentId: row.agent_id, outcome: row.outcome, dialledAt: isoOrNull(row.originated_at),
      answeredAt: isoOrNull(row.answered_at), connectedAt: isoOrNull(row.connected_at), endedAt: row.ended_at.toISOString(),
      talkSeconds: secondsBetween(row.connected_at, row.message_left_at ?? row.third_party_handed_off_at ?? row.ended_at), holdSeconds: Math.round(row.held_ms / 1000), abandoned: row.abandoned, safeHarborPlayed: row.safe_harbor_played,
      amd: row.amd_status, messageLeftAt: isoOrNull(row.message_left_at),
      machineMessage: row.message_played_at === null ? null : { playedAt: row.message_played_at.toISOString(), start: row.message_start, media: row.message_media },
      recorded: row.recording_name !== null, transferredFrom: row.transferred_from,
      handovers: row.handovers.map((h) => ({ fromAgentId: h.fromAgentId, toAgentId: h.toAgentId, at: new Date(h.at).toISOString() })),
      thirdParty: row.third_party === null ? null : { name: row.third_party, leftWithCustomerAt: isoOrNull(row.third_party_handed_off_at) },
    },
  };
}
