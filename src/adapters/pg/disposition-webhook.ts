// What a CRM is told of a disposition: the campaign, the lead as the CRM knows it (its own id, names,
// grade, stage and the list's custom fields), the call (the number dialled, agent, times, talk) and
// the agent's verdict with any callback. One version of the shape, said in the body.

import { agentTalkEndSql } from './counted-calls.js';
import type { Queryable } from './pool.js';
import { callNumberShown, withheldCallSql } from './withheld-caller-lead.js';
import { isoOrNull as iso, secondsBetween, webhookEnvelope } from './webhook-payload.js';

interface PayloadRow {
  campaign_id: string;
  campaign_name: string;
  lead_id: string;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  grade: string;
  fields: Record<string, unknown>;
  e164: string;
  /** The caller withheld their number: the call keeps none. */
  withheld: boolean;
  agent_id: string | null;
  /** When its dial went out (a call dispositioned was dialled). */
  originated_at: Date | null;
  connected_at: Date | null;
  ended_at: Date | null;
  /** When the agent's talk ended (agentTalkEndSql), as the call's post and the results count it. */
  talk_ended_at: Date | null;
  outcome: string | null;
  recording_name: string | null;
  code: string;
  label: string | null;
  success: boolean | null;
  notes: string | null;
  stage_before: string | null;
  stage_after: string | null;
  dispositioned_at: Date;
  callback_at: Date | null;
  callback_timezone: string | null;
  callback_agent_id: string | null;
}

/** The body of the disposition event of `attemptId` (its disposition written already). */
export async function dispositionWebhookPayload(db: Queryable, attemptId: string): Promise<Record<string, unknown>> {
  const result = await db.query<PayloadRow>(
    `SELECT c.id AS campaign_id, c.name AS campaign_name, l.id AS lead_id, l.external_id, l.first_name, l.last_name, l.grade, l.fields,
            a.e164, ${withheldCallSql('a')} AS withheld, a.agent_id, a.originated_at, a.connected_at, a.ended_at, ${agentTalkEndSql('a')} AS talk_ended_at, a.outcome, a.recording_name,
            d.code, e.label, e.success, d.notes, d.stage_before, d.stage_after, d.created_at AS dispositioned_at,
            cb.due_at AS callback_at, cb.timezone AS callback_timezone, cb.agent_id AS callback_agent_id
     FROM dispositions d
     JOIN attempts a ON a.id = d.attempt_id
     JOIN leads l ON l.id = d.lead_id
     JOIN campaigns c ON c.id = d.campaign_id
     LEFT JOIN disposition_catalog e ON e.campaign_id = d.campaign_id AND e.code = d.code
     LEFT JOIN LATERAL (SELECT due_at, timezone, agent_id FROM callbacks WHERE attempt_id = d.attempt_id ORDER BY id DESC LIMIT 1) cb ON true
     WHERE d.attempt_id = $1`,
    [attemptId],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`no disposition of attempt ${attemptId}`);
  const talkSeconds = secondsBetween(row.connected_at, row.talk_ended_at);
  return {
    ...webhookEnvelope('disposition', row.dispositioned_at, { id: row.campaign_id, name: row.campaign_name }),
    lead: {
      id: String(row.lead_id), externalId: row.external_id, firstName: row.first_name, lastName: row.last_name,
      grade: row.grade, stage: row.stage_after, fields: row.fields,
    },
    call: {
      attemptId, ...callNumberShown(row.e164, row.withheld), agentId: row.agent_id, outcome: row.outcome, dialledAt: iso(row.originated_at),
      connectedAt: iso(row.connected_at), endedAt: iso(row.ended_at), talkSeconds, recorded: row.recording_name !== null,
    },
    disposition: {
      code: row.code, label: row.label, success: row.success ?? false, notes: row.notes, stageBefore: row.stage_before, stageAfter: row.stage_after,
    },
    callback: row.callback_at
      ? { at: row.callback_at.toISOString(), timezone: row.callback_timezone, personal: row.callback_agent_id !== null }
      : null,
  };
}
