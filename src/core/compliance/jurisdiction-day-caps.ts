// Calls a state allows to one person in any 24 hours on the same subject, whatever the number
// calling: Florida's and Oklahoma's three (their telephone solicitation acts). A campaign is one
// subject, so a lead of one of these states is dialled at most that often a day by its campaign,
// whatever the campaign's own cap (settings.recycle.maxAttemptsPerDay) says. Kept, as their
// calling hours are (jurisdiction-hours.ts), unless the campaign turns the jurisdictions' rules off.

export interface JurisdictionDayCap {
  code: string;
  name: string;
  /** Dials of one lead in any rolling 24 hours. */
  dialsPerDay: number;
  citation: string;
}

const caps: readonly JurisdictionDayCap[] = [
  { code: 'US-FL', name: 'Florida', dialsPerDay: 3, citation: 'Fla. Stat. § 501.616(6)(b)' },
  { code: 'US-OK', name: 'Oklahoma', dialsPerDay: 3, citation: '15 Okla. Stat. § 775C.4' },
];

/** The caps by jurisdiction code. */
export const jurisdictionDayCaps: ReadonlyMap<string, JurisdictionDayCap> = new Map(caps.map((cap) => [cap.code, cap]));

/** A lead's 24-hour cap: the campaign's, or the lowest of its jurisdictions' below it (`by`: whose). */
export function leadDayCap(jurisdictions: readonly string[], campaignCap: number): { cap: number; by: JurisdictionDayCap | null } {
  let found: { cap: number; by: JurisdictionDayCap | null } = { cap: campaignCap, by: null };
  for (const code of jurisdictions) {
    const rule = jurisdictionDayCaps.get(code);
    if (rule && rule.dialsPerDay < found.cap) found = { cap: rule.dialsPerDay, by: rule };
  }
  return found;
}
