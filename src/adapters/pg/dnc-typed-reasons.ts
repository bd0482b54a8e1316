// The reasons people typed on do-not-call entries ("Mrs Smith asked, her husband is ill") name the
// person, and an erasure of their data takes them: the entry stays (the number stays blocked; its
// source and when it was added are the compliance record) with a neutral reason in place of the
// text. What the software wrote stays, as it names no one: a list's name (`list <name>`, migration
// 086), the opt-out key, an agent's "asked on the call" or a disposition's code. The entry says
// which its reason is (`reason_typed`, migration 134); the evidence of its addition never held the
// typed text, only that there was one (dnc-additions.ts).

import type { Queryable } from './pool.js';

/** Put in place of a typed reason erased. */
export const erasedReason = "reason erased at the person's request";

/**
 * Neutralises the typed reasons of the entries of `e164s`, in every scope (global and campaigns'),
 * whatever their source (a manager's note on an entry a list or an agent made keeps that source).
 * Locks the entries in the order additions take them (by number), so it cannot deadlock with a
 * list's load. Returns how many changed.
 */
export async function eraseTypedDncReasons(db: Queryable, e164s: readonly string[]): Promise<number> {
  if (e164s.length === 0) return 0;
  const result = await db.query(
    `WITH typed AS (
       SELECT d.id FROM dnc_entries d
       WHERE d.e164 = ANY($1::text[]) AND d.reason_typed AND d.reason IS NOT NULL
       ORDER BY d.e164, d.campaign_id NULLS FIRST FOR UPDATE OF d)
     UPDATE dnc_entries d SET reason = $2, reason_typed = false FROM typed WHERE d.id = typed.id`,
    [e164s, erasedReason]);
  return result.rowCount ?? 0;
}
