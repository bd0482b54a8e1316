// An import's duplicate rows as its error report lists them: a person repeated in the file (the
// first row is loaded, with what stands of the rows' consent: consent-statements.ts) or one the
// campaign already has (who takes the row's consent). Neither is added again, but what a row says
// of consent to prerecorded messages is taken, a withdrawal on any of the person's rows standing,
// so the report says both when the file has a consent column: which row the person is already
// from, for a manager to see which row held newer data that was not loaded, and that a "yes" there
// does not undo a "no" elsewhere. A file without one gives no consent, so its report does not
// speak of it.

import type { LeadImportMapping } from './lead-import-mapping.js';
import type { RowProblem } from './lead-row-normaliser.js';

/** What becomes of a repeated row: the person is not added again, what it says of consent counts;
 * but a "no" on any of the person's rows stands (consent-statements.ts), so a "yes" here may not. */
const repeatTaken = 'not added again; what it says of consent to prerecorded messages is taken (a withdrawal on any row of the person stands)';
const repeatNotAdded = 'not added again';

/** What the report says of a repeated row of a file with a consent column or without, and the
 * parameter that tells a page the second (`consent: 'no_column'`; absent, the first, as reports
 * kept before it was given say). */
function repeatOutcome(mapping: LeadImportMapping): { outcome: string; params: Record<string, string> } {
  return mapping.prerecorded_consent === undefined ? { outcome: repeatNotAdded, params: { consent: 'no_column' } } : { outcome: repeatTaken, params: {} };
}

/** The person a dedupe key stands for (`x:` an external id, `p:` the first valid number), and the column it came from. */
function personOf(dedupeKey: string, mapping: LeadImportMapping): { who: string; byId: boolean; value: string; column: string | null } {
  const value = dedupeKey.slice(2);
  if (dedupeKey.startsWith('x:')) return { who: `external id ${value}`, byId: true, value, column: mapping.external_id ?? null };
  // The first number that read as one, which may come from any phone column.
  return { who: `phone ${value}`, byId: false, value, column: null };
}

export function repeatInFile(rowNumber: number, firstRow: number, dedupeKey: string, mapping: LeadImportMapping): RowProblem {
  const { who, byId, value, column } = personOf(dedupeKey, mapping);
  const { outcome, params } = repeatOutcome(mapping);
  return {
    rowNumber, column, reason: `same person as row ${firstRow} (same ${who}): ${outcome}`,
    code: byId ? 'same_external_id_in_file' : 'same_phone_in_file', params: { value, firstRow: String(firstRow), ...params },
  };
}

export function alreadyInCampaign(rowNumber: number, dedupeKey: string, mapping: LeadImportMapping): RowProblem {
  const { who, byId, value, column } = personOf(dedupeKey, mapping);
  const { outcome, params } = repeatOutcome(mapping);
  return { rowNumber, column, reason: `${who} is already in the campaign: ${outcome}`, code: byId ? 'external_id_in_campaign' : 'phone_in_campaign', params: { value, ...params } };
}
