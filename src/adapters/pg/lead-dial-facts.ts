// What the engine needs of leads about to be dialled beyond their number, looked up as they are
// leased (by the pacer, for a preview, for a callback): the caller ID and machine message their
// lists set in place of their campaign's, the all-party consent states each may be in (its state
// field, ZIP code and phones), whose calls are recorded only once the person has agreed, and
// whether the person consented to prerecorded messages (a message left on their machine).

import { recordingConsentStates } from '../../core/compliance/recording-consent.js';
import type { LeadDial } from '../../core/inputs.js';
import type { ListOverrides } from '../../core/list-overrides.js';
import type { Queryable } from './pool.js';
import { stateFields } from './lead-row-normaliser.js';

interface DialFacts {
  listOverrides: ListOverrides | null;
  recordingConsentStates: string[];
  prerecordedConsent: boolean;
}

interface DialFactsRow {
  lead_id: string; caller_id: string | null; machine_message_media: string | null; region: string;
  fields: Record<string, unknown> | null; postal_code: string | null; phones: string[]; prerecorded_consent: boolean;
}

async function dialFactsOfLeads(db: Queryable, leadIds: readonly string[]): Promise<Map<string, DialFacts>> {
  if (leadIds.length === 0) return new Map();
  const result = await db.query<DialFactsRow>(
    `SELECT l.id::text AS lead_id, li.caller_id, li.machine_message_media, li.default_region AS region, l.fields, l.postal_code, l.prerecorded_consent,
            array(SELECT p.e164 FROM lead_phones p WHERE p.lead_id = l.id ORDER BY p.dial_order, p.id) AS phones
     FROM leads l JOIN lists li ON li.id = l.list_id
     WHERE l.id = ANY($1::bigint[])`,
    [leadIds],
  );
  return new Map(result.rows.map((row) => [row.lead_id, factsOf(row)]));
}

function factsOf(row: DialFactsRow): DialFacts {
  const overrides = row.caller_id !== null || row.machine_message_media !== null;
  return {
    listOverrides: overrides ? { callerId: row.caller_id, machineMessageMedia: row.machine_message_media } : null,
    recordingConsentStates: recordingConsentStates({
      states: stateFields(row.fields ?? {}), listRegion: row.region, postalCode: row.postal_code, postalRegion: row.region,
      // The phones' regions are not kept: a +1 number is read by its area code, which no Canadian one shares.
      phones: row.phones.map((e164) => ({ e164, region: null })),
    }),
    prerecordedConsent: row.prerecorded_consent,
  };
}

/** The leads with what the engine needs to know of them, ready for it. */
export async function withDialFacts<T extends LeadDial>(db: Queryable, leads: readonly T[]): Promise<T[]> {
  const facts = await dialFactsOfLeads(db, leads.map((lead) => lead.leadId));
  return leads.map((lead) => withFacts(lead, facts));
}

/** One lead with what the engine needs to know of it. */
export async function withDialFact<T extends LeadDial>(db: Queryable, lead: T): Promise<T> {
  return withFacts(lead, await dialFactsOfLeads(db, [lead.leadId]));
}

/** What a call of the lead taken up after a restart keeps of it: its consent facts and what its
 * list sets in place of its campaign's (null: nothing, or no such lead). */
export async function callFactsOfLead(db: Queryable, leadId: string): Promise<{ recordingConsentStates: string[]; prerecordedConsent: boolean; listOverrides: ListOverrides | null }> {
  const facts = (await dialFactsOfLeads(db, [leadId])).get(leadId);
  return { recordingConsentStates: facts?.recordingConsentStates ?? [], prerecordedConsent: facts?.prerecordedConsent ?? false, listOverrides: facts?.listOverrides ?? null };
}

/** The all-party consent states the lead may be in ([]: none), and whether it consented to
 * prerecorded messages (no such lead: neither). */
export async function consentOfLead(db: Queryable, leadId: string): Promise<{ recordingConsentStates: string[]; prerecordedConsent: boolean }> {
  const { recordingConsentStates, prerecordedConsent } = await callFactsOfLead(db, leadId);
  return { recordingConsentStates, prerecordedConsent };
}

function withFacts<T extends LeadDial>(lead: T, facts: ReadonlyMap<string, DialFacts>): T {
  const found = facts.get(lead.leadId);
  if (!found) return lead;
  return {
    ...lead,
    ...(found.listOverrides ? { listOverrides: found.listOverrides } : {}),
    ...(found.recordingConsentStates.length > 0 ? { recordingConsentStates: found.recordingConsentStates } : {}),
    ...(found.prerecordedConsent ? { prerecordedConsent: true } : {}),
  };
}
