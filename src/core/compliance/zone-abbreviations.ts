// Time zone abbreviations lead lists carry in their zone column ("EST", "Pacific"), read as the
// regions they name. The platform takes "EST" and "MST" as fixed offsets with no daylight saving,
// which is not what a list means by them: in summer a lead marked "EST" would be called at 21:30
// New York time. "MST" is Mountain time with daylight saving (Denver) or without (Phoenix): a lead
// marked so waits for the window in both. Names the platform reads as other regions than a list
// means ("AST" Anchorage, "NST" Auckland, "SST" the Solomons) are taken here as the list means
// them; others that are no region's zone ("BST", "IST", "GMT") are not taken at all (local-time.ts).

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
  // Atlantic time is Halifax's, with daylight saving, or Puerto Rico's and the Virgin Islands', without.
  AST: ['America/Halifax', 'America/Puerto_Rico'], ADT: ['America/Halifax'], AT: ['America/Halifax', 'America/Puerto_Rico'],
  ATLANTIC: ['America/Halifax', 'America/Puerto_Rico'],
  NST: ['America/St_Johns'], NDT: ['America/St_Johns'], NEWFOUNDLAND: ['America/St_Johns'],
  SST: ['Pacific/Pago_Pago'], SAMOA: ['Pacific/Pago_Pago'], CHST: ['Pacific/Guam'], CHAMORRO: ['Pacific/Guam'],
};

/** The zones an abbreviation names (case and spaces aside), or null when it is not one. */
export function zonesOfAbbreviation(value: string): readonly string[] | null {
  return byAbbreviation[value.trim().toUpperCase()] ?? null;
}

/** Every zone named here, for checks that the platform knows them. */
export const abbreviationZones: readonly string[] = [...new Set(Object.values(byAbbreviation).flat())];
