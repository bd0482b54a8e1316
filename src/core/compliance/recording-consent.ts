// Whether a call may be recorded from its answer or only once the person has agreed. Federal law
// (18 U.S.C. 2511(2)(d)) and most states let one party to a call consent to its recording; the
// states below want every party's consent, so a call to a person who may be in one of them is
// recorded only after the agent has said it will be and heard them agree. A lead may be in
// several states (its address, its state field, each of its phones' area codes): any all-party
// state among them counts, as its law may reach the call.
//
// The states, with their statutes: California (Cal. Penal Code 632), Connecticut (Conn. Gen. Stat.
// 52-570d, civil), Delaware (11 Del. C. 2402, read with 1335), Florida (Fla. Stat. 934.03),
// Illinois (720 ILCS 5/14-2), Maryland (Md. Cts. & Jud. Proc. 10-402), Massachusetts (M.G.L.
// c. 272, 99), Michigan (MCL 750.539c, as read for a non-party), Montana (Mont. Code 45-8-213),
// Nevada (NRS 200.620, as its supreme court read it for calls), New Hampshire (RSA 570-A:2),
// Oregon (ORS 165.540, for conversations in person; listed by many surveys all the same),
// Pennsylvania (18 Pa.C.S. 5703-5704) and Washington (RCW 9.73.030). Sources: the Reporters
// Committee for Freedom of the Press's recording guide (eleven states, Michigan noted);
// Matthiesen, Wickert & Lehrer, "Laws on recording conversations in all 50 states"
// (mwl-law.com); the twelve-state list of callsphere.ai's "State call recording laws (CA, FL,
// IL)" (2026). Lists that name fewer leave out the states whose rule is disputed for calls
// (Connecticut, Delaware, Michigan, Nevada, Oregon); this one keeps them, as a call wrongly asked
// costs a sentence and one wrongly recorded a lawsuit.

import { comparable, stateOfAreaCode, stateOfZip, type JurisdictionEvidence, type ZipPrefixes } from './lead-jurisdictions.js';

/** Each all-party consent state with its area codes (NANPA, overlays to 2026), the first three
 * digits of its ZIP codes (inclusive ranges) and the names and short forms lists write it with. */
const allPartyStates: Readonly<Record<string, { areaCodes: string; zips: readonly (readonly [number, number])[]; names: readonly string[] }>> = {
  'US-CA': {
    areaCodes: '209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 837 840 858 909 916 925 949 951',
    zips: [[900, 961]], names: ['CA', 'CALIFORNIA', 'CALIF', 'CAL'],
  },
  'US-CT': { areaCodes: '203 475 860 959', zips: [[60, 69]], names: ['CT', 'CONNECTICUT', 'CONN'] },
  'US-DE': { areaCodes: '302', zips: [[197, 199]], names: ['DE', 'DELAWARE', 'DEL'] },
  'US-FL': {
    areaCodes: '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
    zips: [[320, 339], [341, 349]], names: ['FL', 'FLORIDA', 'FLA'],
  },
  'US-IL': { areaCodes: '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872', zips: [[600, 629]], names: ['IL', 'ILLINOIS', 'ILL'] },
  'US-MA': { areaCodes: '339 351 413 508 617 774 781 857 978', zips: [[10, 27], [55, 55]], names: ['MA', 'MASSACHUSETTS', 'MASS'] },
  'US-MD': { areaCodes: '227 240 301 410 443 667', zips: [[206, 219]], names: ['MD', 'MARYLAND'] },
  'US-MI': { areaCodes: '231 248 269 313 517 586 616 679 734 810 906 947 989', zips: [[480, 499]], names: ['MI', 'MICHIGAN', 'MICH'] },
  'US-MT': { areaCodes: '406', zips: [[590, 599]], names: ['MT', 'MONTANA', 'MONT'] },
  'US-NH': { areaCodes: '603', zips: [[30, 38]], names: ['NH', 'NEW HAMPSHIRE', 'N H'] },
  'US-NV': { areaCodes: '702 725 775', zips: [[889, 898]], names: ['NV', 'NEVADA', 'NEV'] },
  'US-OR': { areaCodes: '458 503 541 971', zips: [[970, 979]], names: ['OR', 'OREGON', 'ORE', 'OREG'] },
  'US-PA': {
    areaCodes: '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878',
    zips: [[150, 196]], names: ['PA', 'PENNSYLVANIA', 'PENN', 'PENNA'],
  },
  'US-WA': { areaCodes: '206 253 360 425 509 564', zips: [[980, 994]], names: ['WA', 'WASHINGTON', 'WASH'] },
};

/** The all-party consent states, by code. */
export const allPartyConsentStates: readonly string[] = Object.keys(allPartyStates).sort();

const byAreaCode: ReadonlyMap<string, string> = new Map(
  Object.entries(allPartyStates).flatMap(([state, { areaCodes }]) => areaCodes.split(' ').map((code) => [code, state] as const)),
);
const zipPrefixes: ZipPrefixes = Object.entries(allPartyStates).flatMap(([state, { zips }]) => zips.map(([low, high]) => [state, low, high] as const));
const byName: ReadonlyMap<string, string> = new Map(
  Object.entries(allPartyStates).flatMap(([state, { names }]) => names.map((name) => [name, state] as const)),
);

function ofState(state: string, listRegion: string | null | undefined): string | null {
  return listRegion === 'US' ? byName.get(comparable(state)) ?? null : null;
}

/** The all-party consent states the lead's sources name, sorted; [] when none does, and a call
 * to the lead may be recorded from its answer. */
export function recordingConsentStates(evidence: JurisdictionEvidence): string[] {
  const named = [
    ...(evidence.states ?? []).map((state) => ofState(state, evidence.listRegion)),
    // A ZIP code's state in any list whose codes may be ZIPs: an American lead of a Canadian list
    // is read by it as in a US one (postal-code-country.ts).
    stateOfZip(zipPrefixes, evidence.postalCode, evidence.postalRegion),
    ...(evidence.phones ?? []).map((phone) => stateOfAreaCode(byAreaCode, phone)),
  ];
  return [...new Set(named.filter((state): state is string => state !== null))].sort();
}
