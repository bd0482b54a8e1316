// Canadian postal code -> zones, by its forward sortation area (FSA: the first three characters)
// where the FSA is known to lie in the zones listed, else by the first letter (province).
// Listed are the FSAs of the provinces whose area codes span zones (nanp-split-area-codes.ts):
// - Newfoundland and Labrador. The island keeps Newfoundland time; Labrador keeps Atlantic time
//   (America/Goose_Bay) except the south-east coast from L'Anse au Clair to Black Tickle, which
//   keeps Newfoundland time (Wikipedia "Newfoundland Time Zone"; Rough Guides "Newfoundland time
//   zones"). A0P is Happy Valley-Goose Bay and the north coast (Nain), A0R Wabush and Churchill
//   Falls, A2V Labrador City; A0K is the Northern Peninsula (St. Anthony) and southern Labrador:
//   the Straits (Forteau, Mary's Harbour) on Newfoundland time, Cartwright on Atlantic time. Every
//   other A FSA is on the island (Wikipedia "List of postal codes of Canada: A").
// - British Columbia. Pacific time but for the East Kootenay (Cranbrook, Kimberley, Golden,
//   Invermere, Fernie) on Mountain time, and Creston, the Peace River (Dawson Creek, Fort St. John)
//   and Fort Nelson on Mountain standard time all year (timeanddate.com "New time zone in Fort
//   Nelson"; Wikipedia "Creston, British Columbia"). V1A is Kimberley, V1C Cranbrook, V1G Dawson
//   Creek, V1J Fort St. John; V0A (Golden, Invermere), V0B (Creston, Fernie, Kootenay Lake) and V0C
//   (Peace River, Fort Nelson, the Stikine's Dease Lake) are rural FSAs whose whole extent no source
//   here gives, so they keep Pacific time beside theirs. Every other urban FSA (second character
//   1-9) is a city on Pacific time (Wikipedia "List of postal codes of Canada: V").
// - Eastern Quebec (G). Eastern time but for the Magdalen Islands on Atlantic time (G4T), the
//   Lower North Shore from Kegaska to Blanc-Sablon on Atlantic standard time all year, and the
//   Listuguj reserve on Atlantic time (Quebec's Legal Time Act, T-5.1, s. 2). G0G is the rural
//   North Shore: Minganie and Anticosti on Eastern time, the Lower North Shore on Blanc-Sablon's;
//   the other rural FSAs (second character 0; G0C holds Listuguj) keep the number's zones beside
//   Eastern time. Montreal (H) and western Quebec (J) are Eastern time throughout.
// A code read by a listed FSA, or of a province wholly in zones its FSAs name, says where the
// person is (it settles a split area code); one read by its first letter alone names the
// province's main zone and does not (the X of two territories names none).

import type { PostalZones } from './postal-code-zones.js';

const STJ = 'America/St_Johns';
const GOOSE = 'America/Goose_Bay';
const VAN = 'America/Vancouver';
const EDM = 'America/Edmonton';
const TOR = 'America/Toronto';

const fsaZones: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['A0K', [STJ, GOOSE]], ['A0P', [GOOSE]], ['A0R', [GOOSE]], ['A2V', [GOOSE]],
  ['V0A', [EDM, VAN]], ['V0B', [EDM, 'America/Creston', VAN]], ['V0C', ['America/Dawson_Creek', 'America/Fort_Nelson', VAN]],
  ['V1A', [EDM]], ['V1C', [EDM]], ['V1G', ['America/Dawson_Creek']], ['V1J', ['America/Dawson_Creek']],
  ['G4T', ['America/Halifax']], ['G0G', [TOR, 'America/Blanc-Sablon']],
]);

const zoneByLetter: Readonly<Record<string, string>> = {
  A: STJ, B: 'America/Halifax', C: 'America/Halifax', E: 'America/Moncton',
  G: TOR, H: TOR, J: TOR, K: TOR, L: TOR, M: TOR, N: TOR, P: TOR, R: 'America/Winnipeg', S: 'America/Regina',
  T: 'America/Edmonton', V: VAN, Y: 'America/Whitehorse',
};

/** Whether the FSAs of the letter not listed all lie in the letter's zone. */
const letterSettles = (fsa: string): boolean => {
  const letter = fsa.charAt(0);
  const urban = fsa.charAt(1) !== '0';
  return letter === 'A' || letter === 'H' || letter === 'J' || ((letter === 'V' || letter === 'G') && urban);
};

/** The zones of a Canadian postal code (upper case, "A1A 1A1" or "A1A1A1"), if known. */
export function zonesOfCanadianPostalCode(code: string): PostalZones | null {
  if (!/^[A-Z]\d[A-Z] ?\d[A-Z]\d$/.test(code)) return null;
  const fsa = code.slice(0, 3);
  const listed = fsaZones.get(fsa);
  if (listed) return { zones: listed, settles: true };
  const zone = zoneByLetter[fsa.charAt(0)];
  return zone ? { zones: [zone], settles: letterSettles(fsa) } : null;
}

/** Every zone the FSA table names, for the platform check. */
export const canadianFsaZones: readonly string[] = [...new Set([...fsaZones.values()].flat())];
