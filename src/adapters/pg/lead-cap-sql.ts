// The per-lead dial cap (settings.recycle.maxAttempts) as SQL on a lead row `l`: the query that
// picks the leads to dial and those that count them (due now, left to dial, a list's due now)
// take this one condition, so a lead selection never takes is not counted as one to dial. A
// callback, for anyone or an agent's own, is made whatever the count (lead-eligibility.ts).

/** The condition that lead `l` is under the cap given as parameter `cap` (e.g. `$4`). */
export const underLeadCap = (cap: string): string =>
  // 'scheduled' is harmless in selection, which never takes such a lead (its agent's callback dials
  // it), and right for the counts of leads left to dial: it is still owed that call, whatever its count.
  `(l.attempts < ${cap} OR l.status IN ('callback', 'scheduled'))`;

