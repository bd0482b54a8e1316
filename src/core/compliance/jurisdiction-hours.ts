// Calling hours a country or a state sets for telephone solicitation, kept whatever the campaign's
// regime: the US federal 08:00-21:00, Florida's 08:00-20:00, no Sunday calls in Louisiana, Canada's
// CRTC hours.
// They are kept in the called person's local time, on top of the campaign's own week and its
// regime's bound, in every jurisdiction the lead's sources name (lead-jurisdictions.ts). A code
// here is ISO 3166: the United States as a whole as `US`, a US state as `US-FL`, Canada as a whole as `CA` (the CRTC rules are federal;
// no province is known to be stricter). Statutes say "not after 8 p.m.": an end of 20:00
// (exclusive) keeps them with a minute to spare.

import type { TimeRange, WeekHours } from './calling-window.js';
import type { HolidayName } from './us-holidays.js';
import type { Weekday } from './local-time.js';

export interface JurisdictionHours {
  code: string;
  name: string;
  /** Hours per weekday; a day left out is closed. */
  week: WeekHours;
  /** Legal holidays on which nobody is called (each with its observed day). */
  holidays: readonly HolidayName[];
  /** Where the rule comes from, shown with a lead the rule holds back. */
  citation: string;
}

const hours = (start: string, end: string): readonly TimeRange[] => [{ start, end }];

/** Every day the same hours, or Monday to Saturday with Sunday as given (closed by default). */
function daily(range: readonly TimeRange[], sunday: readonly TimeRange[] = range): Record<Weekday, readonly TimeRange[]> {
  return { mon: range, tue: range, wed: range, thu: range, fri: range, sat: range, sun: sunday };
}

const eightToEight = hours('08:00', '20:00');
const federalHolidays: readonly HolidayName[] = [
  'new_year', 'mlk', 'presidents', 'memorial', 'juneteenth', 'independence', 'labor', 'columbus', 'veterans', 'thanksgiving', 'christmas',
];

const rules: readonly JurisdictionHours[] = [
  // The federal hours bind every sales call to a person in the United States, whatever rules the
  // campaign works under: a campaign's own hours may narrow them, never widen them.
  { code: 'US', name: 'the United States', week: daily(hours('08:00', '21:00')), citation: '47 CFR § 64.1200(c)(1); 16 CFR § 310.4(c)', holidays: [] },
  { code: 'US-AL', name: 'Alabama', week: daily(eightToEight, []), citation: 'Ala. Admin. Code r. 770-X-5-.17',
    holidays: ['new_year', 'mlk', 'presidents', 'mardi_gras', 'confederate_memorial', 'memorial', 'jefferson_davis', 'juneteenth',
      'independence', 'labor', 'columbus', 'veterans', 'thanksgiving', 'christmas'] },
  { code: 'US-CT', name: 'Connecticut', week: daily(hours('09:00', '20:00')), citation: 'Conn. Gen. Stat. § 42-288a', holidays: [] },
  { code: 'US-FL', name: 'Florida', week: daily(eightToEight), citation: 'Fla. Stat. § 501.616(6)(a)', holidays: [] },
  { code: 'US-KY', name: 'Kentucky', week: daily(hours('10:00', '21:00')), citation: 'KRS 367.46955', holidays: [] },
  { code: 'US-LA', name: 'Louisiana', week: daily(eightToEight, []), citation: 'La. R.S. 45:811; LPSC General Order R-29617',
    holidays: ['new_year', 'mlk', 'mardi_gras', 'good_friday', 'memorial', 'independence', 'labor', 'veterans', 'thanksgiving', 'christmas'] },
  { code: 'US-MA', name: 'Massachusetts', week: daily(eightToEight), citation: '201 CMR 12.02(2)', holidays: [] },
  { code: 'US-MD', name: 'Maryland', week: daily(eightToEight), citation: 'Md. Code, Com. Law § 14-4502', holidays: [] },
  { code: 'US-MS', name: 'Mississippi', week: daily(eightToEight, []), citation: 'Miss. Code Ann. § 77-3-723', holidays: [] },
  { code: 'US-NM', name: 'New Mexico', week: daily(hours('09:00', '21:00')), citation: 'N.M. Stat. § 57-12-22(B)(5)', holidays: [] },
  { code: 'US-OK', name: 'Oklahoma', week: daily(eightToEight), citation: '15 Okla. Stat. § 775C.4', holidays: [] },
  { code: 'US-PA', name: 'Pennsylvania', week: daily(hours('08:00', '21:00')), citation: '73 P.S. § 2245(a)(1), (a)(10)',
    holidays: ['new_year', 'mlk', 'presidents', 'good_friday', 'memorial', 'flag_day', 'independence', 'labor', 'columbus',
      'election_day', 'veterans', 'thanksgiving', 'christmas'] },
  { code: 'US-RI', name: 'Rhode Island', citation: 'R.I. Gen. Laws §§ 5-61-2(2), 5-61-3.6',
    week: { ...daily(hours('09:00', '18:00'), []), sat: hours('10:00', '17:00') }, holidays: [...federalHolidays, 'victory_day'] },
  { code: 'US-SD', name: 'South Dakota', citation: 'SDCL § 37-30-28',
    week: { ...daily(hours('09:00', '21:00'), []), sat: [] }, holidays: [] },
  { code: 'US-TX', name: 'Texas', week: daily(hours('09:00', '21:00'), hours('12:00', '21:00')), citation: 'Tex. Bus. & Com. Code § 301.051', holidays: [] },
  { code: 'US-UT', name: 'Utah', week: daily(hours('08:00', '21:00'), []), citation: 'Utah Code § 13-25a-103(3)',
    holidays: [...federalHolidays, 'pioneer_day'] },
  { code: 'US-WA', name: 'Washington', week: daily(eightToEight), citation: 'RCW 19.158.040(2); RCW 80.36.390', holidays: [] },
  { code: 'CA', name: 'Canada', citation: 'CRTC Unsolicited Telecommunications Rules, Part III',
    week: { ...daily(hours('09:00', '21:30')), sat: hours('10:00', '18:00'), sun: hours('10:00', '18:00') }, holidays: [] },
];

/** The rules by code. */
export const jurisdictionHours: ReadonlyMap<string, JurisdictionHours> = new Map(rules.map((rule) => [rule.code, rule]));
