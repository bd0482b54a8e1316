// Dial rules as a manager sends them (calling window, caps and rests, the refusal period): through
// PUT dial-rules, or in a new campaign's settings. Both are checked alike, so no campaign holds
// rules the engine would set aside for its defaults.

import { z } from 'zod';
import { validateCallingWindow, type CallingWindowPolicy } from '../../core/compliance/calling-window.js';
import { defaultDialCaps } from '../../core/compliance/dial-rules-policy.js';
import { nationalRegistries } from '../../core/compliance/national-registries.js';
import { windowNeverOpensProblem } from '../../core/compliance/window-never-opens.js';
import { ApiError } from './api-error.js';

const timeRange = z.strictObject({ start: z.string(), end: z.string() });
/** A wait before dialling again, in minutes: up to a year. */
const retryMinutes = z.number().min(0).max(366 * 24 * 60).nullable().optional();
/** A cap on dials: at least 1. A cap of 0 would block every lead while the campaign shows running
 * and its counts say leads are due: stopping the dials is what pausing the campaign is for. */
const dialCap = (fallback: number) => z.number().int()
  .min(1, `must be at least 1: 0 would stop every dial; pause the campaign to stop dialling, or send null for the default (${fallback})`)
  .nullable().optional();

export const dialRulesBody = z.strictObject({
  callingWindow: z.strictObject({
    regime: z.enum(['us', 'uk', 'cn', 'custom']),
    weekly: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.array(timeRange)).optional(),
    holidays: z.array(z.string()).optional(),
  }).optional(),
  // Changed key by key; null puts a key back to its default.
  recycle: z.strictObject({
    maxAttempts: dialCap(defaultDialCaps.maxAttemptsPerLead),
    maxAttemptsPerPhone: dialCap(defaultDialCaps.maxAttemptsPerPhone),
    maxAttemptsPerDay: dialCap(defaultDialCaps.maxAttemptsPerDay),
    maxDialsPerNumberPerDay: dialCap(defaultDialCaps.maxDialsPerNumberPerDay),
    busyRetryMinutes: retryMinutes,
    noAnswerRetryMinutes: retryMinutes,
    machineRetryMinutes: retryMinutes,
    congestionRetryMinutes: retryMinutes,
    failedRetryMinutes: retryMinutes,
    abandonedRetryMinutes: retryMinutes,
  }).optional(),
  refusalDnc: z.strictObject({ days: z.number().int().min(0).max(3650).nullable() }).optional(),
  // Whether the calling hours of each lead's state are kept too (default: yes). The country's (US
  // federal, Canada's CRTC) are kept either way.
  jurisdictionHours: z.boolean().optional().describe(
    "false turns off the states' own calling hours and day caps (Florida's 08:00-20:00 and three calls a day, Louisiana's Sundays) for calls those laws exempt; "
    + "the country's hours (US federal 08:00-21:00, Canada's CRTC hours) and the regime's are kept either way"),
  // The national do-not-call registries the campaign is scrubbed against (default: none); while
  // one's last load is too old (US 31 days, UK 28), nothing is dialled. Replaced whole.
  nationalRegistries: z.array(z.enum(nationalRegistries)).max(nationalRegistries.length).optional(),
});
export type DialRulesBody = z.infer<typeof dialRulesBody>;

/** Refuses hours that are not hours (a time of day past 24:00, a range ending before it starts),
 * and a window that would never open once held to its regime's hours, `label` naming where they
 * were sent. */
export function assertCallingWindowValid(window: DialRulesBody['callingWindow'], label: string): void {
  if (!window) return;
  const problems = validateCallingWindow(window as CallingWindowPolicy);
  if (problems.length > 0) throw new ApiError('invalid_request', `${label}: ${problems.join('; ')}`, problems);
  const closed = windowNeverOpensProblem(window as CallingWindowPolicy);
  if (closed) throw new ApiError('invalid_request', `${label}: ${closed}`, [closed]);
}

/** The dial rules among a new campaign's settings, checked as PUT dial-rules checks them, each problem under its `settings.` path. */
export function dialRulesInSettings(settings: Record<string, unknown> | undefined): DialRulesBody {
  const sent = Object.fromEntries(Object.entries(settings ?? {}).filter(([key]) => key in dialRulesBody.shape));
  const parsed = dialRulesBody.safeParse(sent);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ['settings', ...i.path.map(String)].join('.'), message: i.message }));
    throw new ApiError('invalid_request', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  assertCallingWindowValid(parsed.data.callingWindow, 'settings.callingWindow');
  return parsed.data;
}
