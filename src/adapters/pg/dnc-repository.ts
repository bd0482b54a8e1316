// Do-not-call entries: global (campaignId null) or per campaign, optionally expiring.

import { rethrowConstraint } from './pg-errors.js';
import type { Queryable } from './pool.js';

export interface DncEntryInput {
  e164: string;
  /** null or absent: the number is blocked for every campaign. */
  campaignId?: string | null;
  source: string;
  reason?: string | null;
  /** `reason` is what a person typed (a manager's note), not what the software wrote: an erasure
   * of the person clears it (dnc-typed-reasons.ts). */
  reasonTyped?: boolean;
  expiresAt?: Date | null;
  /** An entry already there keeps its reason; this one is given only to an entry with none (an
   * erasure: a list's name or the opt-out key says more of why the number was blocked). */
  keepsReason?: boolean;
}

/** Sources of entries the person asked for themselves: the opt-out key, an agent told on a call,
 * an erasure. Taking one off the list needs a reason on record (the consent they gave since). */
export const personsOwnRequestSources = ['opt_out', 'agent', 'erasure'] as const;
const personsOwnSql = `(${personsOwnRequestSources.map((source) => `'${source}'`).join(', ')})`;

/** SQL: a file's number already on the list keeps one entry, blocking for the longer of the two
 * (for good beats an expiry), so a file makes a lapsed or temporary entry of it hold again; an
 * entry blocking as long already is left untouched (not locked). */
export const longerBlockWinsSql = `ON CONFLICT (e164, campaign_id) DO UPDATE SET
           expires_at = CASE WHEN EXCLUDED.expires_at IS NULL THEN NULL ELSE greatest(dnc_entries.expires_at, EXCLUDED.expires_at) END,
           reason = EXCLUDED.reason, reason_typed = false
         WHERE dnc_entries.expires_at IS NOT NULL AND (EXCLUDED.expires_at IS NULL OR EXCLUDED.expires_at > dnc_entries.expires_at)`;

/**
 * Adds a number; adding it again keeps one entry, and the longer block wins (no expiry beats any
 * expiry) so a permanent opt-out is never shortened by a later temporary one.
 */
export async function addDnc(db: Queryable, entry: DncEntryInput): Promise<{ created: boolean }> {
  const result = await db
    .query<{ created: boolean }>(
      `INSERT INTO dnc_entries (campaign_id, e164, source, reason, expires_at, reason_typed) VALUES ($1, $2, $3, $4, $5, $7)
       ON CONFLICT (e164, campaign_id) DO UPDATE SET
         expires_at = CASE WHEN dnc_entries.expires_at IS NULL OR EXCLUDED.expires_at IS NULL THEN NULL
                           ELSE greatest(dnc_entries.expires_at, EXCLUDED.expires_at) END,
         reason = CASE WHEN $6 THEN coalesce(dnc_entries.reason, EXCLUDED.reason) ELSE coalesce(EXCLUDED.reason, dnc_entries.reason) END,
         -- Whether it was typed goes with the reason kept.
         reason_typed = CASE WHEN (CASE WHEN $6 THEN dnc_entries.reason IS NOT NULL ELSE EXCLUDED.reason IS NULL END)
                             THEN dnc_entries.reason_typed ELSE EXCLUDED.reason_typed END,
         -- The person's own request outranks a list's: it is what a removal must answer for. An
         -- entry a registry put there is taken over by one added otherwise, which a full load of
         -- the registry (dnc-additions.ts) then leaves when the number leaves the registry.
         source = CASE WHEN EXCLUDED.source IN ${personsOwnSql} THEN EXCLUDED.source
                       WHEN dnc_entries.source = 'national_registry' THEN EXCLUDED.source ELSE dnc_entries.source END
       RETURNING (xmax = 0) AS created`,
      [entry.campaignId ?? null, entry.e164, entry.source, entry.reason ?? null, entry.expiresAt ?? null, entry.keepsReason === true,
        entry.reasonTyped === true && entry.reason != null],
    )
    .catch(rethrowConstraint);
  return { created: result.rows[0]?.created ?? false };
}

/** The entry's source, locked until the transaction `db` is in ends; null when there is none. */
export async function lockDncEntrySource(db: Queryable, e164: string, campaignId: string | null): Promise<string | null> {
  const result = await db.query<{ source: string }>(
    'SELECT source FROM dnc_entries WHERE e164 = $1 AND campaign_id IS NOT DISTINCT FROM $2 FOR UPDATE', [e164, campaignId]);
  return result.rows[0]?.source ?? null;
}

export async function removeDnc(db: Queryable, e164: string, campaignId: string | null = null): Promise<boolean> {
  const result = await db.query('DELETE FROM dnc_entries WHERE e164 = $1 AND campaign_id IS NOT DISTINCT FROM $2', [e164, campaignId]);
  return (result.rowCount ?? 0) > 0;
}

/** The subset of `e164s` blocked for the campaign (global entries always count) at `now`. */
export async function checkDnc(db: Queryable, input: { e164s: readonly string[]; campaignId?: string | null; now: Date }): Promise<Set<string>> {
  if (input.e164s.length === 0) return new Set();
  const result = await db.query<{ e164: string }>(
    `SELECT DISTINCT e164 FROM dnc_entries
     WHERE e164 = ANY($1) AND (campaign_id IS NULL OR campaign_id = $2) AND (expires_at IS NULL OR expires_at > $3)`,
    [input.e164s, input.campaignId ?? null, input.now],
  );
  return new Set(result.rows.map((row) => row.e164));
}
