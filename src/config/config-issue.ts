// A validation problem of the configuration in the project's words: a value out of range says
// what it must be and what it was ("must be a whole number from 1 to 65535; got 0"), not the
// schema library's wording.

import { z } from 'zod';
import type { ConfigIssue } from './config-error.js';
import { configSchema } from './schema.js';

type Path = readonly PropertyKey[];

export function configIssueOf(issue: z.core.$ZodIssue, raw: unknown): ConfigIssue {
  const path = issue.path.map(String).join('.');
  switch (issue.code) {
    case 'invalid_type':
      return { path, message: issue.expected === 'int' ? 'expected a whole number' : `expected ${issue.expected}` };
    case 'invalid_value':
      return { path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${given(valueAt(raw, issue.path))}` };
    case 'unrecognized_keys':
      return { path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`, unknownKeys: issue.keys };
    case 'too_small':
    case 'too_big':
      return { path, message: outOfRange(issue, valueAt(raw, issue.path)) };
    default:
      return { path, message: issue.message };
  }
}

/** What the value must be, and what it was. A message the schema gives its own words keeps them. */
function outOfRange(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown): string {
  const own = /^Too (small|big)\b/.test(issue.message) ? null : issue.message;
  if (typeof value === 'number') return `${own ?? `must be ${numberRange(issue.path)}`}; got ${value}`;
  // A text's own message stands alone: the text may be a secret (a token), whose length is no one's business.
  if (typeof value === 'string' && own === null) {
    if (issue.code === 'too_small' && issue.minimum === 1) return 'must not be empty';
    const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
    return `must be ${bound} characters long; got ${value.length}`;
  }
  if (Array.isArray(value)) {
    const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
    return `${own ?? `must list ${bound} entries`}; got ${value.length}`;
  }
  return own ?? issue.message;
}

/** "a whole number from 1 to 65535", "a number of at least 10": the setting's bounds, read from the schema. */
function numberRange(path: Path): string {
  const schema = schemaAt(path);
  if (!(schema instanceof z.ZodNumber)) return 'in range';
  const kind = schema.isInt ? 'a whole number' : 'a number';
  const bounded = (bound: number | null): bound is number => bound !== null && Math.abs(bound) < Number.MAX_SAFE_INTEGER;
  const { minValue: min, maxValue: max } = schema;
  if (bounded(min) && bounded(max)) return `${kind} from ${min} to ${max}`;
  if (bounded(min)) return `${kind} of at least ${min}`;
  return bounded(max) ? `${kind} of at most ${max}` : kind;
}

/** The schema of the setting at `path`, past its defaults. */
function schemaAt(path: Path): z.ZodType | undefined {
  let current: z.ZodType | undefined = configSchema;
  for (const key of path) {
    const inner: z.ZodType | undefined = current && unwrapped(current);
    if (inner instanceof z.ZodObject) current = (inner.shape as Record<string, z.ZodType>)[String(key)];
    else if (inner instanceof z.ZodArray) current = inner.element as z.ZodType;
    else return undefined;
  }
  return current && unwrapped(current);
}

function unwrapped(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

/** "; got "verbose"": a word or a number the setting does not take (a choice, never a secret). */
function given(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? `; got ${JSON.stringify(value)}` : '';
}

function valueAt(raw: unknown, path: Path): unknown {
  let current = raw;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
