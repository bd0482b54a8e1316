// Which CSV column feeds which lead field. Given as flags (`phone=Phone,phone2=Mobile,
// first_name=First,field.plan=Plan`) or as a YAML/JSON mapping file (see the README).

import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import type { FileRefusal } from './file-refusal.js';

export const leadImportMappingSchema = z.strictObject({
  /** Phone columns in dial order; at least one. */
  phones: z.array(z.string().min(1)).min(1),
  external_id: z.string().min(1).optional(),
  first_name: z.string().min(1).optional(),
  last_name: z.string().min(1).optional(),
  timezone: z.string().min(1).optional(),
  postal_code: z.string().min(1).optional(),
  grade: z.string().min(1).optional(),
  priority: z.string().min(1).optional(),
  /** The person's prior express written consent to prerecorded messages: yes/no, or its date. */
  prerecorded_consent: z.string().min(1).optional(),
  /** Custom fields kept as jsonb: field name -> column. */
  fields: z.record(z.string().min(1), z.string().min(1)).default({}),
});

export type LeadImportMapping = z.infer<typeof leadImportMappingSchema>;

export class MappingError extends Error {
  /** `refusal`: why a file's header does not fit the mapping, as a code (file-refusal.ts). */
  constructor(message: string, readonly refusal?: FileRefusal) {
    super(message);
    this.name = 'MappingError';
  }
}

const SIMPLE_KEYS = ['external_id', 'first_name', 'last_name', 'timezone', 'postal_code', 'grade', 'priority', 'prerecorded_consent'] as const;

/** Parses `key=Column,...`; phone, phone2, phone3... give the dial order, field.NAME a custom field. */
export function parseMappingFlags(text: string): LeadImportMapping {
  const phones: { order: number; column: string }[] = [];
  const mapping: Record<string, unknown> = { fields: {} };
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new MappingError(`"${pair}" is not key=Column`);
    const key = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    const phone = /^phone(\d*)$/.exec(key);
    if (phone) phones.push({ order: phone[1] ? Number(phone[1]) : 1, column });
    else if (key.startsWith('field.') && key.length > 6) (mapping.fields as Record<string, string>)[key.slice(6)] = column;
    else if ((SIMPLE_KEYS as readonly string[]).includes(key)) mapping[key] = column;
    else throw new MappingError(`unknown mapping key "${key}" (known: phone, phone2.., ${SIMPLE_KEYS.join(', ')}, field.NAME)`);
  }
  mapping.phones = phones.sort((a, b) => a.order - b.order).map((p) => p.column);
  return validateMapping(mapping);
}

/** Parses a mapping file's text (YAML or JSON). */
export function parseMappingFile(text: string): LeadImportMapping {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new MappingError(`mapping file is not YAML/JSON: ${(error as Error).message}`);
  }
  return validateMapping(value);
}

export function validateMapping(value: unknown): LeadImportMapping {
  const result = leadImportMappingSchema.safeParse(value);
  if (!result.success) {
    throw new MappingError(`invalid mapping: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}

/** Every column the mapping reads, to check against the CSV header before reading rows. */
export function mappedColumns(mapping: LeadImportMapping): string[] {
  const simple = SIMPLE_KEYS.map((key) => mapping[key]).filter((c): c is string => c !== undefined);
  return [...new Set([...mapping.phones, ...simple, ...Object.values(mapping.fields)])];
}
