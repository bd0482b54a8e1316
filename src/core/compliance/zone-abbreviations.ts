// Time zone abbreviations lead lists carry in their zone column ("EST", "Pacific"), read as the
// regions they name. The platform takes "EST" and "MST" as fixed offsets with no daylight saving,
// which is not what a list means by them: in summer a lead marked "EST" would be called at 21:30
// New York time. "MST" is Mountain time with daylight saving (Denver) or without (Phoenix): a lead
// marked so waits for the window in both.

const EASTERN = ['America/New_York'];
const CENTRAL = ['America/Chicago'];
const MOUNTAIN = ['America/Denver'];
const PACIFIC = ['America/Los_Angeles'];

const byAbbreviation: Readonly<Record<string, readonly string[]>> = {
  EST: EASTERN, EDT: EASTERN, ET: EASTERN, EASTERN,
  CST: CENTRAL, CDT: CENTRAL, CT: CENTRAL, CENTRAL,
  MST: ['America/Denver', 'America/Phoenix'], MDT: MOUNTAIN, MT: ['America/Denver', 'America/Phoenix'], MOUNTAIN: ['America/Denver', 'America/Phoenix'],
  PST: PACIFIC, PDT: PACIFIC, PT: PACIFIC, PACIFIC,
  AKST: ['America/Anchorage'], AKDT: ['America/Anchorage'], ALASKA: ['America/Anchorage'],
  HST: ['Pacific/Honolulu'], HAWAII: ['Pacific/Honolulu'],
};

/** The zones an abbreviation names (case and spaces aside), or null when it is not one. */
export function zonesOfAbbreviation(value: string): readonly string[] | null {
  return byAbbreviation[value.trim().toUpperCase()] ?? null;
}

/** Every zone named here, for checks that the platform knows them. */
export const abbreviationZones: readonly string[] = [...new Set(Object.values(byAbbreviation).flat())];
