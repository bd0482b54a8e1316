// What the return-call line reads and writes: the campaigns with the numbers they present, the
// calls they made to the caller's number, and the evidence of each return call.

import type { StaffShown } from '../../core/acting-staff.js';
import type { ReturnCallAttempt, ReturnCallCampaign } from '../../core/compliance/return-call.js';
import { coreSettingsOf } from './core-campaign-settings.js';
import { listCampaigns } from './campaign-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import type { Queryable } from './pool.js';

export interface ReturnCallFactsRead {
  campaigns: ReturnCallCampaign[];
  attempts: ReturnCallAttempt[];
}

/** Every campaign, whatever its status (people call back days later), with the numbers it
 * presents (`defaultCallerId`: the node's, for one without its own; its lists' own caller IDs,
 * active or not), and each campaign's latest call to each lead at `callerE164` (none for a
 * withheld number). */
export async function readReturnCallFacts(db: Queryable, callerE164: string | null, defaultCallerId: string): Promise<ReturnCallFactsRead> {
  const [campaigns, listCallerIds, attempts] = await Promise.all([
    listCampaigns(db),
    listCallerIdsByCampaign(db),
    callerE164 === null ? Promise.resolve({ rows: [] }) : db.query<{ campaign_id: string; lead_id: string; at: Date }>(
      // Not a lead whose number was disabled since (a wrong number): its caller is not that person.
      `SELECT a.campaign_id, a.lead_id, max(a.created_at) AS at FROM attempts a
       WHERE a.e164 = $1 AND a.direction = 'outbound'
         AND NOT EXISTS (SELECT 1 FROM lead_phones ph WHERE ph.lead_id = a.lead_id AND ph.e164 = $1 AND ph.disabled)
       GROUP BY a.campaign_id, a.lead_id`, [callerE164]),
  ]);
  return {
    campaigns: campaigns.map((campaign) => {
      const settings = coreSettingsOf(campaign, defaultCallerId);
      return {
        id: campaign.id, listCallerIds: listCallerIds.get(campaign.id) ?? [],
        settings: { callerId: settings.callerId ?? null, callerIdPool: settings.callerIdPool ?? [], optOutDigit: settings.optOutDigit, returnCallMedia: campaign.returnCallMedia },
      };
    }),
    attempts: attempts.rows.map((row) => ({ campaignId: String(row.campaign_id), leadId: String(row.lead_id), atMs: row.at.getTime() })),
  };
}

/** The caller IDs lists present in place of their campaign's, by campaign. */
async function listCallerIdsByCampaign(db: Queryable): Promise<Map<string, string[]>> {
  const { rows } = await db.query<{ campaign_id: string; caller_ids: string[] }>(
    `SELECT campaign_id::text, array_agg(DISTINCT caller_id) AS caller_ids FROM lists WHERE nullif(trim(caller_id), '') IS NOT NULL GROUP BY campaign_id`);
  return new Map(rows.map((row) => [row.campaign_id, row.caller_ids]));
}

export interface ReturnCallRecord {
  campaignId: string;
  /** The caller's number, E.164; null when withheld. */
  e164: string | null;
  /** The number they dialled: the campaign's own, shown whole as its caller IDs are. */
  callerId: string;
  leadIds: readonly string[];
  /** The campaign had never called the number: the lead was made for the caller. */
  leadCreated?: boolean;
  optedOut: boolean;
  /** The agent the caller was put through to; null or absent: they heard the message. */
  agentId?: string | null;
  /** The call ended while the caller waited for an agent: nothing answered them. */
  endedWaiting?: EndedWaiting;
  at: Date;
}

/** How a call ended while the caller waited for an agent: they hung up (`onHold`: while on hold,
 * not in the moment of being put through), or the node hung them up (stopping), or a staff member. */
export type EndedWaiting = { by: 'caller'; onHold: boolean } | { by: 'node'; reason: string } | { by: StaffShown; reason: string };

/** The evidence of one return call, under the latest lead called at the number (`withheld` when the
 * caller withheld their number, `e164` null). `answeredBy` says
 * what answered the person: an agent (`agentId`), the campaign's message, or nobody: the call ended
 * while they waited for an agent, by their own hang-up (`hungUpOnHold` when on hold) or ours
 * (`endedBy`: `node`, with the `reason`, or the staff member). A staff member's reason is typed
 * text that may name the person: it is kept with the call (attempts.staff_reason), which an
 * erasure clears, never in the append-only log. */
export async function recordReturnCall(db: Queryable, record: ReturnCallRecord): Promise<void> {
  const answeredBy = record.agentId ? { answeredBy: 'agent', agentId: record.agentId }
    : record.endedWaiting ? { answeredBy: 'nobody', ...endedWaitingFields(record.endedWaiting) } : { answeredBy: 'message' };
  await appendEvidence(db, {
    kind: 'return_call', campaignId: record.campaignId, leadId: record.leadIds[0] ?? null, at: record.at,
    payload: { e164: record.e164, ...(record.e164 === null ? { withheld: true } : {}), callerId: record.callerId, leadIds: record.leadIds, ...(record.leadCreated ? { leadCreated: true } : {}), ...answeredBy, optedOut: record.optedOut },
  });
}

function endedWaitingFields(ended: EndedWaiting): Record<string, unknown> {
  if (ended.by === 'caller') return ended.onHold ? { hungUpOnHold: true } : {};
  if (ended.by === 'node') return { endedBy: 'node', reason: ended.reason };
  return { endedBy: ended.by };
}
