// Erasing a person's data at their request, in the lead asked about, the leads under its customer id
// in its campaign, every other lead (any campaign) with one of their numbers and one of their names
// (or none: an unnamed lead asked about takes no named one), and in the import error reports' cells that held their numbers or customer ids: the lead keeps no name, customer id, postal code or
// custom fields, agents' notes about it, its callbacks' notes, coaches' comments on its calls and staff's
// reasons for hanging up its calls back on hold go, open callbacks are cancelled,
// the CRM webhook bodies about it are deleted (sent or not: none goes out after the erasure) and
// the CRM is told of the erasure (by the lead's ids, once), and the numbers of every lead erased go
// on the global do-not-call list so that no list loaded later dials the person again; the reasons
// staff typed on those numbers' do-not-call entries (any scope) go, the entries staying (see
// dnc-typed-reasons.ts). What the law asks to be
// kept stays: the calls made and their evidence, with the numbers dialled. Its recordings are
// deleted from the PBX by the caller (see lead-erasure-routes.ts).

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { DbError } from './db-error.js';
import { addDnc } from './dnc-repository.js';
import { eraseTypedDncReasons } from './dnc-typed-reasons.js';
import { appendEvidence } from './evidence-log-repository.js';
import { erasureWebhookPayload } from './erasure-webhook.js';
import { clearLeadPersonalData } from './lead-personal-data.js';
import { withTransaction, type Pool, type PoolClient } from './pool.js';
import { recordingsOfLead, type KeptRecording } from './recording-retention.js';
import { queueWebhooks } from './webhook-outbox.js';

export interface ErasedLead {
  campaignId: string;
  phonesSuppressed: number;
  /** Every lead erased: the one asked for first, then each other lead of the same person (its
   * customer id in its campaign, or one of its numbers in any campaign), their data kept elsewhere. */
  leads: { leadId: string; campaignId: string }[];
  /** Leads holding one of the numbers under another name, or under a name when the person has none
   * (another person sharing the line): kept. */
  otherPeopleKept: number;
  /** Rows of lead import error reports whose kept cell values held one of the numbers, cleared. */
  importErrorRowsCleared: number;
  /** Do-not-call entries of the numbers whose typed reason was replaced by a neutral one. */
  dncReasonsCleared: number;
  /** Recordings of their calls still on the PBX, for the caller to delete. */
  recordings: KeptRecording[];
  /** The CRM deliveries of the erasure, for the sender to post. */
  webhookIds: string[];
}

/** A lead's name as compared between leads: trimmed, lower case, '' for none. */
const nameKey = `lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))`;

interface LeadToErase { id: string; campaign_id: string; status: string; leased_until: Date | null; external_id: string | null }

/**
 * Erases the lead and every other lead of the same person: those under its customer id in its
 * campaign (the CRM's own word that they are one person, whatever their numbers or names), and
 * those, in any campaign, holding one of their numbers under one of their names or none. A person's
 * right to erasure covers each copy of their data, not the one list it was asked about from; a lead
 * asked about with no name takes no named lead on its numbers, as nothing says that person is
 * them. One of them being called refuses the whole erasure (nothing is erased) until its call ends.
 */
export async function eraseLead(pool: Pool, input: { leadId: string; by: string; now: Date }): Promise<ErasedLead> {
  return withTransaction(pool, async (client) => {
    const asked = await client.query<{ campaign_id: string }>('SELECT campaign_id FROM leads WHERE id = $1', [input.leadId]);
    if (!asked.rows[0]) throw new DbError('NOT_FOUND', `lead ${input.leadId}`);
    const person = await leadsUnderCustomerId(client, input.leadId);
    const numbers = await numbersOf(client, person);
    // Locked in id order, so two erasures of people sharing a number cannot wait on each other. A
    // lead holding the number under another name is another person (a household's line): their
    // data stays, and the number's DNC entry keeps them from being called all the same.
    const found = await client.query<LeadToErase & { same_person: boolean }>(
      `WITH person AS (SELECT ${nameKey} AS name, id FROM leads WHERE id = ANY($1::bigint[]))
       SELECT id, campaign_id, status, leased_until, external_id,
              (id = ANY($1::bigint[]) OR ${nameKey} = '' OR ${nameKey} IN (SELECT name FROM person WHERE name <> '')) AS same_person
       FROM leads WHERE id = ANY($1::bigint[]) OR id IN (SELECT lead_id FROM lead_phones WHERE e164 = ANY($2)) ORDER BY id FOR UPDATE`, [person, numbers]);
    const otherPeopleKept = found.rows.filter((lead) => !lead.same_person).length;
    const leads = found.rows.filter((lead) => lead.same_person).sort((a, b) => (a.id === input.leadId ? -1 : b.id === input.leadId ? 1 : 0));
    for (const lead of leads) {
      if (lead.status === 'in_progress' || (lead.leased_until !== null && lead.leased_until > input.now)) {
        const which = lead.id === input.leadId ? `lead ${lead.id}` : `lead ${lead.id} of campaign ${lead.campaign_id}, the same person's,`;
        throw new DbError('CONFLICT', `${which} is being called or previewed: erase it once the call has ended or the preview was skipped`);
      }
    }
    const scope = { requestedFor: input.leadId, leads: leads.map((lead) => ({ leadId: String(lead.id), campaignId: String(lead.campaign_id) })) };
    // Every number of every lead erased is the person's: a copy of their data elsewhere may hold
    // another of their numbers, which no list loaded later may dial either.
    const suppressed = await numbersOf(client, leads.map((lead) => String(lead.id)));
    const recordings: KeptRecording[] = [];
    const webhookIds: string[] = [];
    for (const lead of leads) {
      const erased = await eraseOne(client, lead, { by: input.by, now: input.now, phonesSuppressed: suppressed.length, scope });
      recordings.push(...erased.recordings);
      webhookIds.push(...erased.webhookIds);
    }
    // An entry there already keeps the reason the software gave it (a list's name); a typed one goes next.
    for (const e164 of suppressed) await addDnc(client, { e164, source: 'erasure', reason: 'personal data erased at the person\'s request', keepsReason: true });
    const dncReasonsCleared = await eraseTypedDncReasons(client, suppressed);
    const importErrorRowsCleared = await clearImportErrorCells(client, suppressed, customerIdsOf(leads));
    return { campaignId: String(asked.rows[0].campaign_id), phonesSuppressed: suppressed.length, leads: scope.leads, otherPeopleKept, importErrorRowsCleared, dncReasonsCleared, recordings, webhookIds };
  });
}

/** The lead and the other leads of its campaign under its customer id, the CRM's word for one
 * person (a list loaded again under other numbers, a copy in another of its lists). */
async function leadsUnderCustomerId(client: PoolClient, leadId: string): Promise<string[]> {
  const leads = await client.query<{ id: string }>(
    `SELECT l.id::text FROM leads asked JOIN leads l ON l.id = asked.id
       OR (l.campaign_id = asked.campaign_id AND l.external_id = asked.external_id AND trim(asked.external_id) <> '')
     WHERE asked.id = $1 ORDER BY l.id`, [leadId]);
  return leads.rows.map((row) => row.id);
}

/** The numbers of the leads, each once, in order. */
async function numbersOf(client: PoolClient, leadIds: readonly string[]): Promise<string[]> {
  const phones = await client.query<{ e164: string }>('SELECT DISTINCT e164 FROM lead_phones WHERE lead_id = ANY($1::bigint[]) ORDER BY e164', [leadIds]);
  return phones.rows.map((row) => row.e164);
}

async function eraseOne(client: PoolClient, lead: LeadToErase, input: { by: string; now: Date; phonesSuppressed: number; scope: { requestedFor: string; leads: { leadId: string; campaignId: string }[] } }): Promise<{ recordings: KeptRecording[]; webhookIds: string[] }> {
  const leadId = String(lead.id);
  const campaignId = String(lead.campaign_id);
  const cleared = await clearLeadPersonalData(client, { id: leadId, campaignId }, input.now);
  // Its numbers stay, on the do-not-call list: a re-import of the person finds them there.
  await client.query(`UPDATE leads SET status = 'dnc' WHERE id = $1`, [leadId]);
  const webhookIds = await tellCrmOnce(client, { campaignId, leadId, externalId: lead.external_id, at: input.now });
  const recordings = await recordingsOfLead(client, leadId);
  await appendEvidence(client, {
    kind: 'lead_erased', campaignId, leadId, at: input.now,
    payload: {
      by: input.by, phonesSuppressed: input.phonesSuppressed, recordings: recordings.length, webhookDeliveriesDeleted: cleared.webhookDeliveriesDeleted,
      // Which lead the person's request named, and every lead of theirs it erased.
      requestedFor: input.scope.requestedFor, sameNumberLeads: input.scope.leads,
    },
  });
  return { recordings, webhookIds };
}

/** The customer ids of the leads, each with its campaign (a CRM's ids are its campaign's), as they
 * were before the erasure. */
function customerIdsOf(leads: readonly LeadToErase[]): { campaignId: string; externalId: string }[] {
  return leads.filter((lead) => lead.external_id !== null && lead.external_id.trim() !== '')
    .map((lead) => ({ campaignId: String(lead.campaign_id), externalId: lead.external_id ?? '' }));
}

/** Clears the kept cell values of import error report rows that hold one of the numbers, however
 * written (the digits of its national number anywhere in the row's text), or one of the customer
 * ids in an import of its campaign (a repeat of the person: "external id CRM-7 is already in the
 * campaign"): the reason and its parameters go, the row, its column and its code stay, so the
 * report still counts it. */
async function clearImportErrorCells(client: PoolClient, numbers: readonly string[], customerIds: readonly { campaignId: string; externalId: string }[]): Promise<number> {
  const digits = numbers.map(nationalDigits).filter((d) => d.length >= 6);
  if (digits.length === 0 && customerIds.length === 0) return 0;
  const result = await client.query(
    `UPDATE lead_import_errors e SET reason = 'value erased at the person''s request', reason_params = '{}'::jsonb
     WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS d(digits)
                   WHERE regexp_replace(e.reason || ' ' || coalesce(e.reason_params::text, ''), '[^0-9]', '', 'g') LIKE '%' || d.digits || '%')
        OR EXISTS (SELECT 1 FROM lead_imports i JOIN unnest($2::bigint[], $3::text[]) AS c(campaign_id, external_id) ON c.campaign_id = i.campaign_id
                   WHERE i.id = e.import_id AND e.reason_code IN ('same_external_id_in_file', 'external_id_in_campaign') AND e.reason_params ->> 'value' = c.external_id)`,
    [digits, customerIds.map((id) => id.campaignId), customerIds.map((id) => id.externalId)]);
  return result.rowCount ?? 0;
}

/** The national significant digits of an E.164 number (the country code off), as a cell writes them. */
function nationalDigits(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? String(parsed.nationalNumber) : e164.replace(/\D/g, '');
}

/** The erasure's CRM deliveries, unless an earlier erasure of the lead wrote them (it is asked
 * again to retry recordings, when the customer id is gone already). */
async function tellCrmOnce(client: PoolClient, input: { campaignId: string; leadId: string; externalId: string | null; at: Date }): Promise<string[]> {
  const told = await client.query(
    `SELECT 1 FROM webhook_deliveries WHERE campaign_id = $1 AND event = 'lead_erased' AND payload -> 'lead' ->> 'id' = $2 LIMIT 1`,
    [input.campaignId, input.leadId]);
  if ((told.rowCount ?? 0) > 0) return [];
  return queueWebhooks(client, { campaignId: input.campaignId, event: 'lead_erased', at: input.at, payload: () => erasureWebhookPayload(client, input) });
}
