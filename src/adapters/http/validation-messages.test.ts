import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validationIssues, validationMessage } from './validation-messages.js';

const messageFor = (schema: z.ZodType, value: unknown): string => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a refusal');
  return validationMessage(validationIssues(schema, value, 'query', parsed.error.issues));
};

describe('validation messages', () => {
  it('says a missing field is required, with the form a date-time takes', () => {
    const schema = z.object({ from: z.iso.datetime(), name: z.string() });
    expect(messageFor(schema, {})).toBe('query.from is required (an ISO date-time in UTC such as 2026-12-06T00:00:00Z); query.name is required');
    expect(messageFor(schema, { from: '2026-12-06', name: 'x' })).toBe('query.from: give an ISO date-time in UTC such as 2026-12-06T00:00:00Z');
  });

  it("keeps a schema's own words for its field", () => {
    const schema = z.object({ campaignId: z.string({ error: 'choose a campaign' }).regex(/^\d+$/, 'a numeric campaign id') });
    expect(messageFor(schema, {})).toBe('query.campaignId: choose a campaign');
    expect(messageFor(schema, { campaignId: 'x' })).toBe('query.campaignId: a numeric campaign id');
  });
});
