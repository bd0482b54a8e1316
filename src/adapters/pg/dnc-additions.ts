// DNC additions that leave evidence: by API, from the safe-harbor opt-out key, from a refusal
// (China: on the campaign list for a period), and whole external lists imported from files.

import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import { dncFileNumbers } from './dnc-file-numbers.js';
import { campaignNotFound, DbError } from './db-error.js';
import { addDnc, lockDncEntrySource, longerBlockWinsSql, personsOwnRequestSources, removeDnc } from './dnc-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import { createPhoneNormaliser, type PhoneNormaliser } from './phone-normaliser.js';
import { loadRegistryInBatches, type RegistryLoadBatching } from './dnc-registry-load-batches.js';
import type { NationalRegistry } from '../../core/compliance/national-registries.js';
import type { PhoneRefusalCode } from './phone-refusal.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';


export interface DncAddition {
  e164: string;
  /** null: the global list (every campaign). */
  campaignId: string | null;
  source: 'api' | 'opt_out' | 'refusal' | 'agent' | 'import';
  reason?: string | null;
  /** `reason` is what a person typed ("Mrs Smith asked, her husband is ill"): kept on the entry,
   * where an erasure of the person clears it; the evidence, which nothing erases, says only that
   * one was typed (`reasonTyped`). A reason the software wrote (the opt-out key, "asked on the
   * call") is in the evidence as it is. */
  reasonTyped?: boolean;
  expiresAt?: Date | null;
  /** Who asked (user name, agent id, 'system'). */
  by: string;
  /** Campaign the evidence entry belongs to (the dialling campaign for a global opt-out). */
  evidenceCampaignId?: string | null;
  attemptId?: string | null;
  leadId?: string | null;
  now?: Date;
}

export async function addDncWithEvidence(pool: Pool, input: DncAddition): Promise<{ created: boolean }> {
  return withTransaction(pool, async (client) => {
    const result = await addDnc(client, {
      e164: input.e164, campaignId: input.campaignId, source: input.source, reason: input.reason ?? null, reasonTyped: input.reasonTyped === true, expiresAt: input.expiresAt ?? null,
    });
    await appendEvidence(client, {
      kind: 'dnc_added', campaignId: input.evidenceCampaignId ?? input.campaignId, attemptId: input.attemptId ?? null, leadId: input.leadId ?? null, at: input.now,
      payload: { e164: input.e164, scope: input.campaignId === null ? 'global' : 'campaign', source: input.source, ...evidenceReason(input),
        expiresAt: input.expiresAt?.toISOString() ?? null, by: input.by, created: result.created },
    });
    return result;
  });
}

/** The reason as the evidence keeps it: a typed one only as the fact that there was one. */
function evidenceReason(input: DncAddition): { reason: string | null } | { reasonTyped: true } {
  return input.reasonTyped === true && input.reason != null ? { reasonTyped: true } : { reason: input.reason ?? null };
}

/** The person pressed the opt-out key on a call: every campaign stops calling the number, and the
 * evidence keeps the campaign whose call it was. `source`: what they were hearing, kept as the
 * entry's reason (`safe_harbor_opt_out`, `return_call_opt_out`). */
export async function addCalleeOptOut(pool: Pool, input: { e164: string; campaignId: string; source: string; leadId?: string | null }): Promise<{ created: boolean }> {
  return addDncWithEvidence(pool, {
    e164: input.e164, campaignId: null, source: 'opt_out', reason: input.source, by: 'callee', evidenceCampaignId: input.campaignId, leadId: input.leadId ?? null,
  });
}

/** Takes a number off a list, kept in the evidence with who and why. An entry the person asked for
 * themselves is refused without a reason: calling them again needs their consent, on record. */
export async function removeDncWithEvidence(pool: Pool, input: { e164: string; campaignId: string | null; by: string; reason?: string | null }): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const source = await lockDncEntrySource(client, input.e164, input.campaignId);
    if (isPersonsOwnRequest(source) && !input.reason?.trim()) {
      throw new DbError('INVALID_ARGUMENT', `reason is required: ${input.e164} is on the list at the person's own request (${source}); say why they may be called again, e.g. the consent they gave and when`);
    }
    const removed = await removeDnc(client, input.e164, input.campaignId);
    if (removed) {
      await appendEvidence(client, {
        kind: 'dnc_removed', campaignId: input.campaignId,
        payload: { e164: input.e164, scope: input.campaignId === null ? 'global' : 'campaign', by: input.by, reason: input.reason ?? null },
      });
    }
    return removed;
  });
}

export interface DncListImportResult {
  /** The header name of the column the numbers were read from; null for a file with no header. */
  column: string | null;
  /** A column whose every number was read too (the leads download's `other_phones`), or null. */
  otherNumbersColumn: string | null;
  /** Lines ending the file that are a CRM report's footer (totals, confidentiality, copyright): skipped, not counted as read. */
  footerRows: number;
  read: number;
  added: number;
  alreadyListed: number;
  invalid: number;
  /** First invalid lines (line number and text), for the user to fix: why each is not a number
   * in English (`reason`), and as a code with what it names for a page to say in its language. */
  invalidSamples: { line: number; text: string; reason: string; reasonCode: PhoneRefusalCode; reasonParams: Record<string, string> }[];
  /** A registry's full load only: the numbers taken off the global list because they left the registry. */
  removed?: number;
  /** A registry's load: its id, which names the numbers a full load took off (registryLoadRemovals). */
  loadId?: string;
}

/** The region a campaign's DNC file is read in when none is given: the one its lists read their
 * numbers in; null when its lists read them in several (the file must say), US when it has none. */
export async function campaignNumberRegion(db: Queryable, campaignId: string): Promise<string | null> {
  const result = await db.query<{ default_region: string }>('SELECT DISTINCT default_region FROM lists WHERE campaign_id = $1', [campaignId]);
  if (result.rows.length > 1) return null;
  return result.rows[0]?.default_region ?? 'US';
}

export interface DncListImport {
  source: Readable;
  campaignId: string | null;
  region: string;
  listName: string;
  by: string;
  expiresAt?: Date | null;
  /** The file is a copy of a national registry (global list only): its load is recorded, and the
   * campaigns scrubbed against that registry count its age from `asOf` (default: `now`). */
  registry?: NationalRegistry | null;
  asOf?: Date;
  /** With `registry`: the file is the whole registry, and the numbers its earlier loads put on the
   * global list that it no longer holds come off (dnc-registry-load-batches.ts). */
  full?: boolean;
  now?: Date;
  /** With `registry`: the size of the load's batches, and a call between them (tests). */
  batching?: RegistryLoadBatching;
}

/** The region a national registry's numbers are written in when they are national. */
export const registryRegion: Readonly<Record<NationalRegistry, string>> = { us_national: 'US', uk_tps: 'GB', uk_ctps: 'GB' };

/** What an addition must be to block anyone: an expiry to come (one passed blocks nothing, while
 * whoever added it believes it does), on the list of a campaign that exists (else the database
 * refuses it by its foreign key, and a check against it answers for the global list alone). */
export async function checkDncAddition(db: Queryable, input: { campaignId: string | null; expiresAt?: Date | null; now: Date }): Promise<void> {
  if (input.expiresAt && input.expiresAt.getTime() <= input.now.getTime()) {
    throw new DbError('INVALID_ARGUMENT', `expiresAt ${input.expiresAt.toISOString()} has passed: give a time to come, or none for an entry that does not expire`);
  }
  if (input.campaignId === null) return;
  const found = await db.query('SELECT 1 FROM campaigns WHERE id = $1', [input.campaignId]);
  if (found.rowCount === 0) throw campaignNotFound(input.campaignId);
}

/**
 * Loads a file of numbers (one per line, or the phone column of a CSV with a header row: see
 * dnc-file-numbers.ts) onto the global list or a campaign's list, in one transaction; a national
 * registry's copy, of tens of millions of numbers, in batches (dnc-registry-load-batches.ts).
 */
export async function importDncList(pool: Pool, input: DncListImport): Promise<DncListImportResult> {
  const registry = input.registry ?? null;
  if (registry !== null && input.campaignId !== null) {
    throw new DbError('INVALID_ARGUMENT', `a national registry (${registry}) is loaded onto the global list, which every campaign is scrubbed against: leave the campaign out`);
  }
  const full = input.full === true;
  if (full && registry === null) throw new DbError('INVALID_ARGUMENT', "a full load replaces a national registry's numbers: say which registry the file is");
  const now = input.now ?? new Date();
  const asOf = input.asOf ?? now;
  if (registry !== null && asOf.getTime() > now.getTime()) throw new DbError('INVALID_ARGUMENT', `asOf ${asOf.toISOString()} is in the future: give the date the registry's data was downloaded`);
  await checkDncAddition(pool, { campaignId: input.campaignId, expiresAt: input.expiresAt ?? null, now });
  const phones = createPhoneNormaliser(input.region);
  const result: DncListImportResult = { column: null, otherNumbersColumn: null, footerRows: 0, read: 0, added: 0, alreadyListed: 0, invalid: 0, invalidSamples: [] };
  if (registry !== null) {
    return loadRegistryInBatches(pool, { registry, listName: input.listName, asOf, by: input.by, now, full, expiresAt: input.expiresAt ?? null },
      validNumbers(input.source, phones, result), result, input.batching);
  }
  const importId = randomUUID();
  return withTransaction(pool, async (client) => {
    await client.query('CREATE TEMP TABLE dnc_import_stage (e164 text NOT NULL) ON COMMIT DROP');
    const copy = client.query(copyStreams.from('COPY dnc_import_stage FROM STDIN'));
    const done = new Promise<void>((resolve, reject) => { copy.on('finish', resolve); copy.on('error', reject); });
    // The upload may fail mid-way (the client gone, the size cap): the copy is then ended in error,
    // or the rollback would wait behind it for ever, holding the connection and its transaction.
    try {
      await copyNumbers(input.source, copy, phones, result);
    } catch (error: unknown) {
      copy.destroy(error instanceof Error ? error : new Error(String(error)));
      await done.catch(() => undefined);
      throw error;
    }
    await done;
    const inserted = await client.query<{ added: number; distinct_numbers: number }>(
      `WITH numbers AS (SELECT DISTINCT e164 FROM dnc_import_stage),
       added AS (
         -- As addDnc: an entry already there blocks for the longer of the two (for good beats an
         -- expiry), so a file makes a lapsed or temporary entry of its numbers hold again. In the
         -- numbers' order, as an erasure adds a person's: in DISTINCT's, a list's load deadlocked.
         INSERT INTO dnc_entries (campaign_id, e164, source, reason, expires_at)
         SELECT $1, e164, 'import', $2, $3::timestamptz FROM numbers
         ORDER BY e164
         ${longerBlockWinsSql}
         RETURNING e164),
       -- Kept under the import, which its evidence entry names: a number's evidence shows how it came on.
       kept AS (INSERT INTO dnc_import_numbers (import_id, e164) SELECT $4, e164 FROM added RETURNING 1)
       SELECT (SELECT count(*)::int FROM kept) AS added, (SELECT count(*)::int FROM numbers) AS distinct_numbers`,
      [input.campaignId, `list ${input.listName}`, input.expiresAt ?? null, importId],
    );
    const row = inserted.rows[0];
    result.added = row?.added ?? 0;
    result.alreadyListed = (row?.distinct_numbers ?? 0) - result.added;
    if (input.campaignId === null) await takeOverFromRegistries(client, `list ${input.listName}`);
    await appendEvidence(client, {
      kind: 'dnc_list_imported', campaignId: input.campaignId, at: now,
      payload: {
        list: input.listName, scope: input.campaignId === null ? 'global' : 'campaign', by: input.by, read: result.read, added: result.added, alreadyListed: result.alreadyListed, invalid: result.invalid,
        footerRows: result.footerRows, importId,
      },
    });
    return result;
  });
}

/** A list imported onto the global list by hand holds its numbers as its own: a registry's full
 * load that no longer lists one leaves its entry. */
async function takeOverFromRegistries(client: Queryable, reason: string): Promise<void> {
  await client.query(
    `UPDATE dnc_entries SET source = 'import', reason = $1, reason_typed = false
     WHERE campaign_id IS NULL AND source = 'national_registry' AND e164 IN (SELECT e164 FROM dnc_import_stage)`,
    [reason],
  );
}

/** Whether a number is blocked for a campaign now, with the entries that block it. */
export async function dncEntriesFor(db: Queryable, input: { e164: string; campaignId: string | null; now: Date }): Promise<{ scope: 'global' | 'campaign'; source: string; reason: string | null; expiresAt: Date | null }[]> {
  const result = await db.query<{ campaign_id: string | null; source: string; reason: string | null; expires_at: Date | null }>(
    `SELECT campaign_id, source, reason, expires_at FROM dnc_entries
     WHERE e164 = $1 AND (campaign_id IS NULL OR campaign_id = $2) AND (expires_at IS NULL OR expires_at > $3) ORDER BY campaign_id NULLS FIRST`,
    [input.e164, input.campaignId, input.now],
  );
  return result.rows.map((r) => ({ scope: r.campaign_id === null ? 'global' : 'campaign', source: r.source, reason: r.reason, expiresAt: r.expires_at }));
}

/** The valid numbers of `source`, counting what is read and invalid (with the first invalid lines). */
async function* validNumbers(source: Readable, phones: PhoneNormaliser, result: DncListImportResult): AsyncGenerator<string> {
  for await (const { line, text } of dncFileNumbers(source, result)) {
    result.read++;
    const phone = phones.normalise(text);
    if (phone.ok) {
      yield phone.e164;
      continue;
    }
    result.invalid++;
    if (result.invalidSamples.length < 100) result.invalidSamples.push({ line, text, reason: phone.reason, reasonCode: phone.code, reasonParams: phone.params });
  }
}

/** Reads the valid numbers of `source` into the copy. */
async function copyNumbers(source: Readable, copy: Writable, phones: PhoneNormaliser, result: DncListImportResult): Promise<void> {
  let batch = '';
  for await (const e164 of validNumbers(source, phones, result)) {
    batch += `${e164}\n`;
    if (batch.length > 64_000) {
      if (!copy.write(batch)) await new Promise<void>((resolve) => copy.once('drain', resolve));
      batch = '';
    }
  }
  copy.end(batch);
}

function isPersonsOwnRequest(source: string | null): boolean {
  return personsOwnRequestSources.some((own) => own === source);
}
