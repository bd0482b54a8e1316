// The lead of a person calling back whose number the campaign never called: the campaign's lead
// holding the number (one not dialled yet, or called on another of its numbers), or else a new
// lead in the campaign's list of manual dials, as a number an agent types gets: a record the
// agent's disposition, notes and callback land on, that the pacer never dials by itself (the list
// has no share of the dials) and an agent dials only by hand or for the callback they promise,
// under every rule of a dial. A withheld number gets one of no number instead (withheld-caller-lead.ts).
//
// The lead is found (or made) and the attempt of the call written in one transaction, under a lock
// on the number: a lead made for a caller is never without their call, and when no agent takes
// them (the engine refused them, or let them go to hear the message, unless at the end of a wait
// on hold: a missed call, kept with its attempt and lead) the lead made for them is
// removed with that attempt, under the same lock, only while no other call, disposition, callback
// or return call's evidence holds it: no lead is left behind that no call was ever put through on,
// and no evidence names a lead that is gone. The evidence of a call on such a lead is written under
// the lock too, naming the lead only if it is still there.

import { DbError } from './db-error.js';
import { createInboundAttempt, dropInboundAttempt, type InboundAttemptInput } from './inbound-attempts.js';
import { leadHoldingNumber, manualDialList, newManualDialLead } from './manual-dial-leads.js';
import { createPhoneNormaliser } from './phone-normaliser.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';
import { recordReturnCall, type ReturnCallRecord } from './return-call-facts.js';

export interface ReturnCallerAttempt {
  leadId: string;
  /** Made now for the caller. */
  created: boolean;
  attemptId: string;
}

/** Two calls from one number at once make one lead, and a removal waits for the other's attempt. */
async function lockNumber(db: Queryable, campaignId: string, e164: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`return-caller:${campaignId}:${e164}`]);
}

/** The campaign's lead for the caller at `e164` (E.164), made when it has none, and the attempt of
 * their call on it. */
export async function returnCallerAttempt(pool: Pool, input: Omit<InboundAttemptInput, 'leadId'>): Promise<ReturnCallerAttempt> {
  return withTransaction(pool, async (client) => {
    await lockNumber(client, input.campaignId, input.e164);
    // A number disabled on its lead (a wrong number, say) is no longer that person's: its caller is
    // a stranger, given a lead of their own rather than the screen of someone they are not.
    const existing = await leadHoldingNumber(client, input.campaignId, input.e164, { enabledOnly: true });
    const leadId = existing ?? await newCallerLead(client, input.campaignId, input.e164);
    const attemptId = await createInboundAttempt(client, { ...input, leadId });
    return { leadId, created: existing === null, attemptId };
  });
}

async function newCallerLead(db: Queryable, campaignId: string, e164: string): Promise<string> {
  const list = await manualDialList(db, campaignId);
  const number = createPhoneNormaliser(list.region).normalise(e164);
  if (!number.ok) throw new DbError('CONFLICT', `the caller's number cannot be kept as a lead's: ${number.reason}`);
  return newManualDialLead(db, list, number, list.region);
}

export interface DroppedCallerAttempt {
  campaignId: string;
  e164: string;
  leadId: string;
  attemptId: string;
  /** The lead was made for this caller and no other call of this node is on it. */
  removeLead: boolean;
}

/** Removes the attempt of a caller no agent took and, when asked, the lead made for them, if it
 * holds nothing then (another call, a disposition, a callback, the evidence of another return call
 * from the number): true when the lead was removed. */
export async function dropReturnCallerAttempt(pool: Pool, input: DroppedCallerAttempt): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    await lockNumber(client, input.campaignId, input.e164);
    await dropInboundAttempt(client, input.attemptId);
    if (!input.removeLead) return false;
    // The row locked first (a manual dial of it holds it while it writes its attempt), so that what
    // is read next sees every call on it.
    const held = await client.query(
      `SELECT 1 FROM leads l JOIN lists li ON li.id = l.list_id WHERE l.id = $1 AND l.campaign_id = $2 AND li.manual_dials FOR UPDATE OF l`,
      [input.leadId, input.campaignId],
    );
    if (held.rowCount === 0) return false;
    const removed = await client.query(
      `DELETE FROM leads l WHERE l.id = $1
         AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.lead_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM dispositions d WHERE d.lead_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.lead_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM evidence_log e WHERE e.lead_id = l.id AND e.attempt_id IS NULL)`,
      [input.leadId],
    );
    return (removed.rowCount ?? 0) > 0;
  });
}

/** The evidence of a return call on the lead found or made for its caller (`leadId`), written under
 * the number's lock: it names the lead while it is there (and keeps it there from then on), and
 * none once another call from the number, no agent taking it either, has removed it. */
export async function recordReturnCallerCall(pool: Pool, leadId: string, record: ReturnCallRecord & { e164: string }): Promise<void> {
  await withTransaction(pool, async (client) => {
    await lockNumber(client, record.campaignId, record.e164);
    const there = await client.query('SELECT 1 FROM leads WHERE id = $1', [leadId]);
    const { leadCreated: _made, ...withoutLead } = record;
    await recordReturnCall(client, (there.rowCount ?? 0) > 0 ? record : { ...withoutLead, leadIds: [] });
  });
}
