// DNC additions that leave evidence: by API, from the safe-harbor opt-out key, from a refusal
// (China: on the campaign list for a period), and whole external lists imported from files.

import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import { dncFileNumbers } from './dnc-file-numbers.js';
import { campaignNotFound, DbError } from './db-error.js';
import { addDnc, lockDncEntrySource, personsOwnRequestSources, removeDnc } from './dnc-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import { createPhoneNormaliser, type PhoneNormaliser } from './phone-normaliser.js';
import { recordRegistryLoad } from './dnc-registry-loads.js';
import { registryNames, type NationalRegistry } from '../../core/compliance/national-registries.js';
import type { PhoneRefusalCode } from './phone-refusal.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface DncAddition {
  e164: string;
  /** null: the global list (every campaign). */
  campaignId: string | null;
  source: 'api' | 'opt_out' | 'refusal' | 'agent' | 'import';
  reason?: string | null;
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
    const result = await addDnc(client, { e164: input.e164, campaignId: input.campaignId, source: input.source, reason: input.reason ?? null, expiresAt: input.expiresAt ?? null });
    await appendEvidence(client, {
      kind: 'dnc_added', campaignId: input.evidenceCampaignId ?? input.campaignId, attemptId: input.attemptId ?? null, leadId: input.leadId ?? null, at: input.now,
      payload: { e164: input.e164, scope: input.campaignId === null ? 'global' : 'campaign', source: input.source, reason: input.reason ?? null,
        expiresAt: input.expiresAt?.toISOString() ?? null, by: input.by, created: result.created },
    });
    return result;
  });
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
   * global list that it no longer holds come off (see removeLeftRegistry). */
  full?: boolean;
  now?: Date;
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
 * dnc-file-numbers.ts) onto the global list or a campaign's list, in one transaction.
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
    // Registries' loads take turns: a full load that ran beside another registry's load would not
    // see the numbers that one lists, and would take them off the global list as it committed.
    if (registry !== null) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['outpace:dnc-registry-load']);
    const inserted = await client.query<{ added: number; distinct_numbers: number }>(
      `WITH numbers AS (SELECT DISTINCT e164 FROM dnc_import_stage),
       -- A full load's numbers leaving the registry whose entries it may take off (removeLeftRegistry):
       -- locked here with the file's, in one pass in the numbers' order, as an erasure adds a
       -- person's; taken in a later pass, a load and an erasure of a person with two numbers
       -- deadlocked. Their entries only lock: an expiry long past updates none ('-infinity': one
       -- found gone meanwhile is written expired, blocking nothing, and comes off with the others).
       leaving AS (
         SELECT m.e164 FROM dnc_registry_numbers m
         WHERE $7 AND m.registry = $6 AND NOT EXISTS (SELECT 1 FROM numbers n WHERE n.e164 = m.e164)
           AND EXISTS (SELECT 1 FROM dnc_entries d WHERE d.e164 = m.e164 AND d.campaign_id IS NULL AND d.source = 'national_registry')),
       added AS (
         -- As addDnc: an entry already there blocks for the longer of the two (for good beats an
         -- expiry), so a registry file makes a lapsed or temporary entry of its numbers hold again.
         -- In the numbers' order (see leaving): in DISTINCT's, a list's load deadlocked too.
         INSERT INTO dnc_entries (campaign_id, e164, source, reason, expires_at)
         SELECT $1, e164, $4, $2, expires_at
         FROM (SELECT e164, $3::timestamptz AS expires_at FROM numbers UNION ALL SELECT e164, '-infinity' FROM leaving) written
         ORDER BY e164
         ON CONFLICT (e164, campaign_id) DO UPDATE SET
           expires_at = CASE WHEN EXCLUDED.expires_at IS NULL THEN NULL ELSE greatest(dnc_entries.expires_at, EXCLUDED.expires_at) END,
           reason = EXCLUDED.reason
         WHERE dnc_entries.expires_at IS NOT NULL AND (EXCLUDED.expires_at IS NULL OR EXCLUDED.expires_at > dnc_entries.expires_at)
         RETURNING e164),
       -- Kept under the import, which its evidence entry names: a number's evidence shows how it came on.
       kept AS (INSERT INTO dnc_import_numbers (import_id, e164) SELECT $5, e164 FROM added WHERE e164 IN (SELECT e164 FROM numbers) RETURNING 1)
       SELECT (SELECT count(*)::int FROM kept) AS added, (SELECT count(*)::int FROM numbers) AS distinct_numbers`,
      [input.campaignId, `list ${input.listName}`, input.expiresAt ?? null, registry === null ? 'import' : 'national_registry', importId, registry, full],
    );
    const row = inserted.rows[0];
    result.added = row?.added ?? 0;
    result.alreadyListed = (row?.distinct_numbers ?? 0) - result.added;
    if (registry === null && input.campaignId === null) await takeOverFromRegistries(client, `list ${input.listName}`);
    if (registry !== null) {
      // A file with no number in it is not a copy of the registry: counted as one, it would let
      // the campaigns dial for another month on nothing.
      if ((row?.distinct_numbers ?? 0) === 0) throw new DbError('INVALID_ARGUMENT', `the file holds no valid number, so it is not loaded as ${registry}: check it is the registry's file and its region`);
      await client.query('INSERT INTO dnc_registry_numbers (registry, e164) SELECT DISTINCT $1, e164 FROM dnc_import_stage ON CONFLICT DO NOTHING', [registry]);
      result.loadId = await recordRegistryLoad(client, { registry, listName: input.listName, asOf, by: input.by, numbers: row?.distinct_numbers ?? 0, added: result.added, now });
      if (full) result.removed = await removeLeftRegistry(client, registry, result.loadId, result);
    }
    await appendEvidence(client, {
      kind: 'dnc_list_imported', campaignId: input.campaignId, at: now,
      payload: {
        list: input.listName, scope: input.campaignId === null ? 'global' : 'campaign', by: input.by, read: result.read, added: result.added, alreadyListed: result.alreadyListed, invalid: result.invalid,
        footerRows: result.footerRows, importId,
        ...(registry === null ? {} : { registry, asOf: asOf.toISOString(), loadId: result.loadId }),
        ...(result.removed === undefined ? {} : { full: true, removed: result.removed }),
      },
    });
    if (registry !== null && result.removed !== undefined) {
      await appendEvidence(client, {
        kind: 'dnc_removed', campaignId: null, at: now,
        payload: {
          scope: 'global', source: 'national_registry', registry, list: input.listName, by: input.by, removed: result.removed, loadId: result.loadId,
          reason: `no longer in ${registryNames[registry].name}: the full load of ${input.listName} (as of ${asOf.toISOString()}) does not list them`,
        },
      });
    }
    return result;
  });
}

/**
 * A full load of `registry`: the numbers its earlier loads listed that this file (staged) does not
 * leave it, and their global entries come off where only a registry keeps them (an entry added by
 * hand or at the person's request has another source) and no other registry lists them; those taken
 * off are kept under the load (`loadId`), for staff to read. Runs in the load's transaction, so a
 * load that fails takes nothing off. A file with lines that are not numbers is refused: cut short or
 * not the registry's own, it would take off numbers still in it. The load's first pass has locked
 * the entries it may take off, in order with the others (importDncList).
 */
async function removeLeftRegistry(client: Queryable, registry: NationalRegistry, loadId: string, read: DncListImportResult): Promise<number> {
  const first = read.invalidSamples[0];
  if (first) {
    throw new DbError('INVALID_ARGUMENT', `a full load replaces ${registry}'s numbers, and ${read.invalid} line${read.invalid === 1 ? ' is' : 's are'} not a number `
      + `(line ${first.line}: "${first.text}", ${first.reason}): the file may be cut short or not the registry's; nothing was loaded or removed`);
  }
  const removed = await client.query<{ removed: number }>(
    `WITH dropped AS (
       DELETE FROM dnc_registry_numbers m WHERE m.registry = $1 AND NOT EXISTS (SELECT 1 FROM dnc_import_stage s WHERE s.e164 = m.e164)
       RETURNING m.e164),
     removed AS (
       DELETE FROM dnc_entries d USING dropped
       WHERE d.e164 = dropped.e164 AND d.campaign_id IS NULL AND d.source = 'national_registry'
         AND NOT EXISTS (SELECT 1 FROM dnc_registry_numbers o WHERE o.e164 = d.e164 AND o.registry <> $1)
         AND NOT ${addedByOtherMeans('d.e164')}
       RETURNING d.e164),
     kept AS (INSERT INTO dnc_registry_load_removals (load_id, e164) SELECT $2, e164 FROM removed RETURNING 1)
     SELECT count(*)::int AS removed FROM kept`,
    [registry, loadId],
  );
  return removed.rows[0]?.removed ?? 0;
}

/** SQL: the evidence log has the number put on the global list otherwise than by a registry (by
 * the API, at the person's request) since it last came off by hand. Before additions took over a
 * registry's entry (addDnc), such an entry kept the registry's source: its evidence still says it
 * is staff's own, and a full load leaves it. */
const addedByOtherMeans = (e164: string): string => `EXISTS (
  SELECT 1 FROM evidence_log added
  WHERE added.payload->>'e164' = ${e164} AND added.kind = 'dnc_added' AND added.payload->>'scope' = 'global'
    AND NOT EXISTS (SELECT 1 FROM evidence_log gone
                    WHERE gone.payload->>'e164' = ${e164} AND gone.kind = 'dnc_removed' AND gone.payload->>'scope' = 'global' AND gone.id > added.id))`;

/** A list imported onto the global list by hand holds its numbers as its own: a registry's full
 * load that no longer lists one leaves its entry. */
async function takeOverFromRegistries(client: Queryable, reason: string): Promise<void> {
  await client.query(
    `UPDATE dnc_entries SET source = 'import', reason = $1
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

/** Reads the numbers of `source` into the copy, counting what is read, invalid or kept. */
async function copyNumbers(source: Readable, copy: Writable, phones: PhoneNormaliser, result: DncListImportResult): Promise<void> {
  let batch = '';
  for await (const { line, text } of dncFileNumbers(source, result)) {
    result.read++;
    const phone = phones.normalise(text);
    if (!phone.ok) {
      result.invalid++;
      if (result.invalidSamples.length < 100) result.invalidSamples.push({ line, text, reason: phone.reason, reasonCode: phone.code, reasonParams: phone.params });
      continue;
    }
    batch += `${phone.e164}\n`;
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
