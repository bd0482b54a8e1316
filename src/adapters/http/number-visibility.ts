// Who sees which number whole: one rule for every view (API answers, CSV exports, the pages that
// show them, the evidence log). A customer's number, a third party's (a verification desk, a
// supplier, a staff member's own phone in a dial string) and any number in what people wrote
// (notes, a lead's loaded fields, a reason, an evidence payload) are shown whole to managers and
// admins only; other roles see their last digits, enough to tell numbers apart and confirm one
// with a customer, not to dial it. The caller IDs the business presents are its own numbers, which
// every customer it calls sees: every role that sees calls sees them whole.

import type { Role } from '../../config/schema.js';
import { maskDeep, maskDigitRun, maskNumbersInText } from '../log/mask-phone-digits.js';
import { managers, type Principal } from './principal.js';

/** What a number shown in a view is. */
export type NumberKind = 'customer' | 'third_party' | 'free_text' | 'caller_id';

export const numberKinds: readonly NumberKind[] = ['customer', 'third_party', 'free_text', 'caller_id'];

/** The rule: whether `role` sees a number of `kind` whole. */
export function seesWhole(role: Role, kind: NumberKind): boolean {
  return kind === 'caller_id' || managers.includes(role);
}

const whole = (principal: Principal, kind: NumberKind): boolean => seesWhole(principal.role, kind);

/** An E.164 number with all but its last digits hidden: as roles that do not see it whole see it,
 * and as the evidence keeps a number someone searched for. */
export function maskedPhone(e164: string): string {
  return `+${maskDigitRun(e164.replace(/^\+/, ''))}`;
}

/** An E.164 number (a customer's unless said) as this principal may see it. */
export function phoneSeenBy(principal: Principal, e164: string, kind: NumberKind = 'customer'): string {
  return whole(principal, kind) ? e164 : maskedPhone(e164);
}

/** Records carrying a customer's number (`e164`), each with it as this principal may see it. */
export function phonesSeenBy<T extends { e164: string }>(principal: Principal, records: readonly T[]): T[] {
  return records.map((record) => ({ ...record, e164: phoneSeenBy(principal, record.e164) }));
}

/** What people wrote (notes: "call her mobile 07700 900123", a reason, a dial string) as this
 * principal may see it: a number in it, however written, whole only for those who see numbers. */
export function textSeenBy<T extends string | null>(principal: Principal, text: T, kind: NumberKind = 'free_text'): T {
  return whole(principal, kind) || text === null ? text : maskNumbersInText(text) as T;
}

/** A lead's loaded fields as this principal may see them: a number in them (a mobile, a second
 * line), however written or loaded as a figure, whole only for those who see numbers. */
export function fieldsSeenBy(principal: Principal, fields: Record<string, unknown>): Record<string, unknown> {
  if (whole(principal, 'free_text')) return fields;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, maskedField(value)]));
}

function maskedField(value: unknown): unknown {
  if (typeof value === 'string') return maskNumbersInText(value);
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1_000_000) return maskNumbersInText(String(value));
  if (Array.isArray(value)) return value.map(maskedField);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskedField(item)]));
  return value;
}

/** A campaign's third parties (`settings.thirdParties`: `{ name, number }`) as this principal may see them. */
export function thirdPartiesSeenBy(principal: Principal, parties: unknown): unknown {
  if (!Array.isArray(parties)) return parties;
  return parties.map((party: unknown) => {
    if (typeof party !== 'object' || party === null) return party;
    const { number } = party as { number?: unknown };
    return typeof number === 'string' ? { ...party, number: phoneSeenBy(principal, number, 'third_party') } : party;
  });
}

/** A campaign's settings as this principal may see them: its third parties' numbers by the rule,
 * its caller IDs (`callerId`, `settings.callerIdPool`) whole. */
export function campaignSeenBy<T extends { settings: Record<string, unknown> }>(principal: Principal, campaign: T): T {
  if (whole(principal, 'third_party') || !('thirdParties' in campaign.settings)) return campaign;
  return { ...campaign, settings: { ...campaign.settings, thirdParties: thirdPartiesSeenBy(principal, campaign.settings.thirdParties) } };
}

/** Keys that hold a caller ID the business presents, in the evidence (`callerId`, a list's
 * `defaultCallerId`, `settings.callerIdPool`, a report's `caller_id`). */
const CALLER_ID_KEY = /^(?:settings\.)?(?:default)?[cC]aller_?[iI]d(?:s|Pool)?$/;

/** An evidence entry's payload as this principal may see it: the numbers in it by the rule (a
 * customer's, a third party's, any in what people wrote), caller IDs whole. */
export function payloadSeenBy(principal: Principal, payload: Record<string, unknown>): Record<string, unknown> {
  if (whole(principal, 'customer')) return payload;
  return maskDeep(payload, (key) => CALLER_ID_KEY.test(key)) as Record<string, unknown>;
}
