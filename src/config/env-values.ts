// How an environment variable's text becomes a setting's value, by the setting's kind. Empty text
// is a value where the kind has an empty one: '' for a text (so CALLER_ID='' clears a caller ID
// the file sets), no entries for a list. A number or a switch has none, so empty is refused by
// name, as is a switch that is none of the words operators write for one.

import type { ConfigIssue } from './config-error.js';

export type EnvKind = 'text' | 'number' | 'switch' | 'list';

/** The words a switch accepts, any case: the first three are on, the rest off. */
const switchWords: Readonly<Record<string, boolean>> = {
  true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false,
};
export const acceptedSwitchWords = 'true, false, 1, 0, yes, no, on, off';

export type EnvValue = { value: unknown } | { issue: Omit<ConfigIssue, 'path'> };

export function envValue(name: string, kind: EnvKind, raw: string): EnvValue {
  const trimmed = raw.trim();
  switch (kind) {
    case 'list':
      return { value: raw.split(',').map((item) => item.trim()).filter((item) => item !== '') };
    case 'switch':
      return switchValue(name, trimmed);
    case 'number':
      return numberValue(name, raw, trimmed);
    case 'text':
      return { value: raw };
  }
}

function switchValue(name: string, trimmed: string): EnvValue {
  const value = switchWords[trimmed.toLowerCase()];
  if (value !== undefined) return { value };
  const given = trimmed === '' ? 'it is empty' : `got ${JSON.stringify(trimmed)}`;
  return { issue: { variable: name, message: `expected one of ${acceptedSwitchWords} (any case); ${given}${trimmed === '' ? `: unset ${name} to keep the configured value` : ''}` } };
}

function numberValue(name: string, raw: string, trimmed: string): EnvValue {
  if (trimmed === '') return { issue: { variable: name, message: `expected a number; it is empty: unset ${name} to keep the configured value` } };
  // Any number (1.5, -1, " 8080") is one, so validation says what is wrong with it (a whole
  // number, a range); anything else stays text, and validation reports "expected number".
  return { value: /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : raw };
}
