// A campaign's lead filter: conditions on the leads' own fields (state, product, a score band)
// that a lead must meet to be dialled, all of them, so a manager can work part of a list without
// splitting it. Values compare as selection compares them in SQL: trimmed of spaces, lower case;
// a field the lead does not have is empty.

export type LeadFilterOp = 'in' | 'not_in' | 'empty' | 'not_empty';
export const leadFilterOps: readonly LeadFilterOp[] = ['in', 'not_in', 'empty', 'not_empty'];

export interface LeadFilterCondition {
  /** The lead field (a key of its `fields`). */
  field: string;
  op: LeadFilterOp;
  /** For `in` and `not_in`: the values, normalised. */
  values: string[];
}

/** More would be a list of its own. */
const MAX_CONDITIONS = 20;
const MAX_VALUES = 200;

const normalise = (value: string): string => value.replace(/^ +| +$/g, '').toLowerCase();

/** A lead's field as compared: text as stored, numbers and booleans as written, null when absent. */
function fieldValue(fields: Readonly<Record<string, unknown>>, field: string): string | null {
  const value = fields[field];
  if (value === undefined || value === null) return null;
  return normalise(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** Whether a lead with these fields meets the condition. */
export function meets(condition: LeadFilterCondition, fields: Readonly<Record<string, unknown>>): boolean {
  const value = fieldValue(fields, condition.field);
  switch (condition.op) {
    case 'in': return value !== null && condition.values.includes(value);
    case 'not_in': return value === null || !condition.values.includes(value);
    case 'empty': return value === null || value === '';
    case 'not_empty': return value !== null && value !== '';
  }
}

/** The first condition the lead does not meet, or null when it meets them all. */
export function unmetCondition(filter: readonly LeadFilterCondition[], fields: Readonly<Record<string, unknown>>): LeadFilterCondition | null {
  return filter.find((condition) => !meets(condition, fields)) ?? null;
}

/** A condition in words, e.g. `state in ca, nv`. */
export function describeCondition(condition: LeadFilterCondition): string {
  const op = condition.op.replace('_', ' ');
  return condition.values.length > 0 ? `${condition.field} ${op} ${condition.values.join(', ')}` : `${condition.field} ${op}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with a filter as sent (empty: nothing); null and [] are no filter. */
export function leadFilterProblems(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return ['a list of conditions {field, op, values}'];
  if (value.length > MAX_CONDITIONS) return [`at most ${MAX_CONDITIONS} conditions`];
  return value.flatMap((condition: unknown, i) => conditionProblems(condition).map((problem) => `[${i}]: ${problem}`));
}

function conditionProblems(condition: unknown): string[] {
  if (!isRecord(condition)) return ['a condition {field, op, values}'];
  const { field, op, values } = condition;
  const problems: string[] = [];
  if (typeof field !== 'string' || field.trim() === '' || field.length > 100) problems.push('field: the name of a lead field');
  if (!leadFilterOps.includes(op as LeadFilterOp)) problems.push(`op: ${JSON.stringify(op)} is not one of ${leadFilterOps.join(', ')}`);
  const listed = op === 'in' || op === 'not_in';
  if (listed && (!Array.isArray(values) || values.length === 0 || values.length > MAX_VALUES || !values.every((v) => typeof v === 'string'))) {
    problems.push(`values: 1 to ${MAX_VALUES} texts to compare the field with`);
  }
  const unlisted = op === 'empty' || op === 'not_empty';
  if (unlisted && values !== undefined && !(Array.isArray(values) && values.length === 0)) problems.push(`values: none for ${op}`);
  return problems;
}

/** The filter stored in a campaign's settings, normalised. One that does not validate (saved
 * around the API) filters out every lead: dialling those the manager meant to leave out would be
 * worse than dialling none. */
export function leadFilterFrom(value: unknown): LeadFilterCondition[] {
  if (value === undefined || value === null) return [];
  if (leadFilterProblems(value).length > 0) return [{ field: '', op: 'in', values: [] }];
  return (value as Record<string, unknown>[]).map((condition) => ({
    field: (condition.field as string).trim(),
    op: condition.op as LeadFilterOp,
    values: [...new Set(((condition.values as string[] | undefined) ?? []).map(normalise))],
  }));
}
