// What a refused request is told, from zod's issues: each names the field and says what to give.
// zod's own words ("expected string, received undefined", "Invalid ISO datetime") say what went
// wrong but not what would do; a missing field is said to be required, and a date or time in the
// wrong form is shown the form wanted, by example. A schema's own words for its field (zod's
// `error` param: "choose a campaign: ...") are kept as they are.

import type { z } from 'zod';

/** The parts of a zod schema's definition read here: its kind, what it wraps, and its format. */
interface SchemaDef {
  type?: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
  format?: string;
  offset?: boolean;
  /** Set where the schema gives its own message. */
  error?: unknown;
}

export interface ValidationIssue {
  path: string;
  message: string;
}

const defOf = (schema: unknown): SchemaDef => (schema as { def?: SchemaDef } | null)?.def ?? {};

/** The schema a value at `path` is checked by, through optional, default and pipe wrappers. */
function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown {
  let at = schema;
  for (let i = 0; at !== undefined; ) {
    const def = defOf(at);
    if (def.innerType !== undefined) at = def.innerType;
    else if (def.in !== undefined) at = def.in;
    else if (i >= path.length) return at;
    else if (def.shape) at = def.shape[String(path[i++])];
    else if (def.element !== undefined && typeof path[i++] === 'number') at = def.element;
    else return undefined;
  }
  return undefined;
}

/** The form a string in `format` takes, by example; null for formats shown no example. */
function formExample(def: SchemaDef): string | null {
  if (def.format === 'datetime') {
    return def.offset ? 'an ISO date-time such as 2026-12-06T00:00:00Z or 2026-12-06T09:00:00+09:00' : 'an ISO date-time in UTC such as 2026-12-06T00:00:00Z';
  }
  if (def.format === 'date') return 'an ISO date such as 2026-12-06';
  if (def.format === 'time') return 'a time such as 15:00:00';
  return null;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined), value);
}

function issueMessage(issue: z.core.$ZodIssue, schema: unknown, value: unknown): string {
  const def = defOf(schemaAt(schema, issue.path));
  if (def.error !== undefined) return issue.message;
  const form = formExample(def);
  if (issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined) {
    return `is required${form ? ` (${form})` : issue.expected === 'string' ? '' : ` (${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`})`}`;
  }
  if (issue.code === 'invalid_format' && form) return `give ${form}`;
  return issue.message;
}

/** Each issue with its path (`query.from`) and a message that says what to give. */
export function validationIssues(schema: z.ZodType, value: unknown, where: string, issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({ path: [where, ...issue.path.map(String)].join('.'), message: issueMessage(issue, schema, value) }));
}

/** The issues as one sentence: "query.from is required (...); query.to: give ...". */
export function validationMessage(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => (i.message.startsWith('is required') ? `${i.path} ${i.message}` : `${i.path}: ${i.message}`)).join('; ');
}
