// The jurisdictions whose calling hours a lead may fall under (jurisdiction-hours.ts): every one
// any of its sources names, since the person may be in any. Florida, Oklahoma, Maryland and
// Connecticut presume that a number of their area codes reaches a resident, so a phone's area
// code counts as much as an address. Sources: the lead's `state` or `province` field (US and
// Canadian lists), its US ZIP code's first three digits or a Canadian postal code, and each
// phone: any US number (the federal hours), a US area code of a state with its own hours, or any
// Canadian number. Only codes that
// have a rule are named. A postal code is of the country its shape says (postal-code-country.ts):
// a Canadian code in a US list is Canada's, a ZIP in a Canadian list its state's.

import { jurisdictionHours } from './jurisdiction-hours.js';
import { countryOfPostalCode } from './postal-code-country.js';
import type { PhoneEvidence } from './lead-time-zone.js';

export interface JurisdictionEvidence {
  /** The lead's state or province as the list gives it (`FL`, `Florida`, `ON`): each field so named. */
  states?: readonly string[];
  /** The list's region: a state field is read only for US and Canadian lists. */
  listRegion?: string | null;
  postalCode?: string | null;
  postalRegion?: string | null;
  phones?: readonly PhoneEvidence[];
}

const areaCodes: Readonly<Record<string, string>> = {
  'US-AL': '205 251 256 334 483 659 938',
  'US-CT': '203 475 860 959',
  'US-FL': '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
  'US-KY': '270 364 502 606 859',
  'US-LA': '225 318 337 457 504 985',
  'US-MA': '339 351 413 508 617 774 781 857 978',
  'US-MD': '227 240 301 410 443 667',
  'US-MS': '228 471 601 662 769',
  'US-NM': '505 575',
  'US-OK': '405 539 572 580 918',
  'US-PA': '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878',
  'US-RI': '401',
  'US-SD': '605',
  'US-TX': '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
  'US-UT': '385 435 801',
  'US-WA': '206 253 360 425 509 564',
};

/** US area code -> the state whose hours it brings. */
export const areaCodeJurisdictions: ReadonlyMap<string, string> = new Map(
  Object.entries(areaCodes).flatMap(([code, list]) => list.split(' ').map((areaCode) => [areaCode, code] as const)),
);

/** States by the first three digits of their ZIP codes: [state, low, high], inclusive. */
export type ZipPrefixes = readonly (readonly [string, number, number])[];

/** ZIP code prefixes of the states with their own hours. */
export const zipPrefixes: ZipPrefixes = [
  ['US-MA', 10, 27], ['US-RI', 28, 29], ['US-MA', 55, 55], ['US-CT', 60, 69], ['US-PA', 150, 196], ['US-MD', 206, 219],
  ['US-FL', 320, 339], ['US-FL', 341, 349], ['US-AL', 350, 369], ['US-MS', 386, 397], ['US-KY', 400, 427], ['US-SD', 570, 577],
  ['US-LA', 700, 714], ['US-OK', 730, 731], ['US-TX', 733, 733], ['US-OK', 734, 749], ['US-TX', 750, 799], ['US-UT', 840, 847],
  ['US-NM', 870, 884], ['US-TX', 885, 885], ['US-WA', 980, 994],
];

export const stateNames: Readonly<Record<string, string>> = {
  ALABAMA: 'US-AL', CONNECTICUT: 'US-CT', FLORIDA: 'US-FL', KENTUCKY: 'US-KY', LOUISIANA: 'US-LA', MASSACHUSETTS: 'US-MA',
  MARYLAND: 'US-MD', MISSISSIPPI: 'US-MS', 'NEW MEXICO': 'US-NM', OKLAHOMA: 'US-OK', PENNSYLVANIA: 'US-PA', 'RHODE ISLAND': 'US-RI',
  'SOUTH DAKOTA': 'US-SD', TEXAS: 'US-TX', UTAH: 'US-UT', WASHINGTON: 'US-WA',
};

/** Short forms lists use for these states: postal abbreviations of old. */
const stateAbbreviations: Readonly<Record<string, string>> = {
  ALA: 'US-AL', CONN: 'US-CT', FLA: 'US-FL', KEN: 'US-KY', MASS: 'US-MA', MISS: 'US-MS', 'N MEX': 'US-NM', 'N M': 'US-NM',
  OKLA: 'US-OK', PENN: 'US-PA', PENNA: 'US-PA', 'R I': 'US-RI', 'S DAK': 'US-SD',
  'S D': 'US-SD', TEX: 'US-TX', WASH: 'US-WA',
};

/** Canadian provinces and territories, by code, old code and English and French name (accents
 * dropped: see comparable). */
export const provinces: ReadonlySet<string> = new Set([
  'AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT', 'PQ', 'PEI', 'NF', 'NFLD', 'ALBERTA', 'BRITISH COLUMBIA',
  'MANITOBA', 'NEW BRUNSWICK', 'NEWFOUNDLAND', 'NEWFOUNDLAND AND LABRADOR', 'NOVA SCOTIA', 'NORTHWEST TERRITORIES', 'NUNAVUT', 'ONTARIO',
  'PRINCE EDWARD ISLAND', 'QUEBEC', 'SASKATCHEWAN', 'YUKON', 'COLOMBIE-BRITANNIQUE', 'NOUVEAU-BRUNSWICK', 'NOUVELLE-ECOSSE',
  'TERRE-NEUVE-ET-LABRADOR', 'ILE-DU-PRINCE-EDOUARD', 'TERRITOIRES DU NORD-OUEST',
]);

/** A state as lists write it, made comparable: accents and dots dropped (however the accent is
 * encoded), spaces single, upper case. "Fla." is FLA, "Québec" QUEBEC. */
export const comparable = (value: string): string =>
  value.normalize('NFD').replace(/\p{M}/gu, '').replace(/\./g, ' ').trim().replace(/\s+/g, ' ').toUpperCase();

function ofState(state: string | null | undefined, listRegion: string | null | undefined): string | null {
  if (!state || (listRegion !== 'US' && listRegion !== 'CA')) return null;
  const value = comparable(state);
  if (provinces.has(value)) return 'CA';
  const code = stateNames[value] ?? stateAbbreviations[value] ?? `US-${value}`;
  return jurisdictionHours.has(code) ? code : null;
}

/** The state `prefixes` gives a US ZIP code; null
 * for a code that is not a US ZIP (its shape, the list's region) or in none of them. */
export function stateOfZip(prefixes: ZipPrefixes, postalCode: string | null | undefined, region: string | null | undefined): string | null {
  const code = postalCode?.trim() ?? '';
  if (!/^\d{5}(-?\d{4})?$/.test(code) || countryOfPostalCode(code, region) !== 'US') return null;
  const prefix = Number(code.slice(0, 3));
  return prefixes.find(([, low, high]) => low <= prefix && prefix <= high)?.[0] ?? null;
}

/** The state `areaCodes` gives a US number's area code; null for a number of another country or in none. */
export function stateOfAreaCode(areaCodes: ReadonlyMap<string, string>, phone: PhoneEvidence): string | null {
  if (!phone.e164.startsWith('+1') || phone.e164.length !== 12 || (phone.region !== null && phone.region !== 'US')) return null;
  return areaCodes.get(phone.e164.slice(2, 5)) ?? null;
}

function ofPostalCode(postalCode: string | null | undefined, region: string | null | undefined): string | null {
  const code = postalCode?.trim().toUpperCase() ?? '';
  // The code's own shape says its country: a Canadian code in a US list is Canada's.
  if (code !== '' && countryOfPostalCode(code, region) === 'CA') return /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/.test(code) ? 'CA' : null;
  return stateOfZip(zipPrefixes, code, region);
}

/** The regions the phone library gives numbers the US federal hours cover: the states and the
 * territories with their own area codes. */
const federalRegions: ReadonlySet<string> = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);

function ofPhone(phone: PhoneEvidence): string[] {
  const nanp = phone.e164.startsWith('+1') && phone.e164.length === 12;
  if (nanp && phone.region === 'CA') return ['CA'];
  const state = stateOfAreaCode(areaCodeJurisdictions, phone);
  const federal = nanp && phone.region !== null && federalRegions.has(phone.region);
  return [...(federal ? ['US'] : []), ...(state === null ? [] : [state])];
}

/** Every jurisdiction with its own calling hours that the lead's sources name, sorted; none: []. */
export function leadJurisdictions(evidence: JurisdictionEvidence): string[] {
  const named = [
    ...(evidence.states ?? []).map((state) => ofState(state, evidence.listRegion)),
    ofPostalCode(evidence.postalCode, evidence.postalRegion),
    ...(evidence.phones ?? []).flatMap(ofPhone),
  ];
  return [...new Set(named.filter((code): code is string => code !== null))].sort();
}
