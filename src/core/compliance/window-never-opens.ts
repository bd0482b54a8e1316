// A calling window that opens on no day once held to its regime's hours: saved, it would stop every
// dial while the campaign shows running and its leads due (as a dial cap of 0 would), so the API
// refuses it and says why. Pausing the campaign is how dialling stops.

import { effectiveRanges, regimeBounds, type CallingRegime, type CallingWindowPolicy } from './calling-window.js';
import { callingWindowFrom, type CampaignRuleSource } from './dial-rules-policy.js';
import { weekdays } from './local-time.js';

const boundNames: Readonly<Record<CallingRegime, string | null>> = {
  us: 'the US calling hours',
  uk: 'the UK courtesy hours',
  cn: "China's calling hours",
  custom: null,
};

/** Why the window never opens, or null when it opens on at least one weekday. Assumes a window
 * validateCallingWindow accepts. */
export function windowNeverOpensProblem(policy: CallingWindowPolicy): string | null {
  if (weekdays.some((day) => effectiveRanges(policy, day).length > 0)) return null;
  const typed = weekdays.flatMap((day) => (policy.weekly?.[day] ?? []).map((range) => `${day} ${range.start}-${range.end}`));
  const bound = regimeBounds[policy.regime];
  const name = boundNames[policy.regime];
  const why = typed.length === 0
    ? 'it has no hours on any day'
    : `no hours are left on any day${name ? ` within ${name} (${bound.start}-${bound.end} in the called person's local time): ${typed.join(', ')} ${typed.length === 1 ? 'is' : 'are'} outside them` : ''}`;
  return `the window never opens: ${why}; no lead would ever be dialled. Give hours ${name ? `within ${bound.start}-${bound.end} ` : ''}on at least one day, or pause the campaign to stop dialling`;
}

/** What a campaign's window is called in a problem, and how to set it right. */
export interface WindowProblemWords {
  setting: string;
  remedy: string;
}

/** Why the campaign's window never opens, read as dialling reads it (callingWindowFrom): one that
 * does not validate (hours or holidays) is replaced by its regime's default week, which opens;
 * custom hours outside a laboratory are kept within the US hours. Null when it opens. */
export function campaignWindowNeverOpensProblem(campaign: Omit<CampaignRuleSource, 'timezone'>, words: WindowProblemWords): string | null {
  const problem = windowNeverOpensProblem(callingWindowFrom({ ...campaign, timezone: 'UTC' }));
  return problem && `${words.setting}: ${problem} (${words.remedy})`;
}

/** A window stored before such windows were refused that never opens, as a problem to show with
 * the campaign and to refuse its start with; null for any other. */
export function storedWindowNeverOpensProblem(campaign: Omit<CampaignRuleSource, 'timezone'>): string | null {
  return campaignWindowNeverOpensProblem(campaign, {
    setting: 'settings.callingWindow, stored before such windows were refused',
    remedy: "in the campaign's calling hours, or PUT /api/campaigns/{id}/dial-rules",
  });
}
