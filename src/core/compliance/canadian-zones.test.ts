import { describe, expect, it } from 'vitest';
import { withJurisdictionHours } from './jurisdiction-window.js';
import { resolveLeadTimeZone, type TimeZoneEvidence } from './lead-time-zone.js';
import { dayNumberOf } from './local-time.js';
import { windowInZones } from './window-in-zones.js';

// UTC ms of a UTC wall time. 2030-01-08 is a Tuesday (Newfoundland UTC-3:30, Goose Bay UTC-4,
// Vancouver UTC-8, Edmonton and Dawson Creek UTC-7); 2030-07-09 a Tuesday (UTC-2:30, -3, -7, -6, -7).
const utc = (y: number, mo: number, d: number, h: number, mi = 0): number => (dayNumberOf(y, mo, d) * 1440 + h * 60 + mi) * 60_000;
const [STJ, GOOSE, VAN, EDM, DAWSON] = ['America/St_Johns', 'America/Goose_Bay', 'America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek'];
const BC = [VAN, EDM, DAWSON, 'America/Fort_Nelson', 'America/Creston'];

const ca = (e164: string, postalCode?: string): TimeZoneEvidence => ({ e164, phoneRegion: 'CA', postalCode: postalCode ?? null, postalRegion: 'CA' });
const zonesOf = (evidence: TimeZoneEvidence): string[] => {
  const { zone, otherZones } = resolveLeadTimeZone(evidence, 'America/Toronto');
  return [zone, ...otherZones];
};

describe('Newfoundland and Labrador', () => {
  it('a 709 or 879 number may be in Labrador, half an hour behind; a postal code says where', () => {
    expect(zonesOf(ca('+17095550100'))).toEqual([STJ, GOOSE]);
    expect(zonesOf(ca('+18795550100'))).toEqual([STJ, GOOSE]);
    expect(zonesOf(ca('+17095550100', 'A1C 5M2'))).toEqual([STJ]); // St. John's
    expect(zonesOf(ca('+17095550100', 'A0P 1E0'))).toEqual([GOOSE]); // Happy Valley-Goose Bay
    expect(zonesOf(ca('+17095550100', 'a2v2k1'))).toEqual([GOOSE]); // Labrador City
    expect(zonesOf(ca('+17095550100', 'A0R 1B0'))).toEqual([GOOSE]); // Wabush
    // A0K: St. Anthony and the Labrador Straits on Newfoundland time, Cartwright on Atlantic time.
    expect(zonesOf(ca('+17095550100', 'A0K 2P0'))).toEqual([STJ, GOOSE]);
    // A Labrador City address beside a Halifax number: either.
    expect(zonesOf(ca('+19025550100', 'A2V 2K1'))).toEqual([GOOSE, 'America/Halifax']);
  });

  it('a 709 number is not dialled at 09:10 in St. John\'s in January: it is 08:40 in Goose Bay, before the CRTC\'s 09:00', () => {
    const at = utc(2030, 1, 8, 12, 40);
    const policy = withJurisdictionHours({ regime: 'us' }, ['CA'], at);
    expect(windowInZones(policy, zonesOf(ca('+17095550100')), at)).toEqual({
      open: false, reason: 'outside_hours', opensAtMs: utc(2030, 1, 8, 13), closedIn: GOOSE,
    });
    // A St. John's address says which: 09:10 there is open.
    expect(windowInZones(policy, zonesOf(ca('+17095550100', 'A1C 5M2')), at)).toMatchObject({ open: true });
  });
});

describe('British Columbia', () => {
  it('a 250 number or an overlay may be in any of the province\'s zones; 604 is the Lower Mainland\'s', () => {
    for (const code of ['250', '778', '236', '672', '257']) expect(zonesOf(ca(`+1${code}5550100`)), code).toEqual(BC);
    expect(zonesOf(ca('+16045550100'))).toEqual([VAN]);
    expect(zonesOf(ca('+17785550100', 'V6B 1A1'))).toEqual([VAN]); // Vancouver
    expect(zonesOf(ca('+12505550100', 'V1C 4H4'))).toEqual([EDM]); // Cranbrook
    expect(zonesOf(ca('+12505550100', 'V1A 2B3'))).toEqual([EDM]); // Kimberley
    expect(zonesOf(ca('+12505550100', 'V1G 4H4'))).toEqual([DAWSON]); // Dawson Creek
    expect(zonesOf(ca('+12505550100', 'V1J 4H4'))).toEqual([DAWSON]); // Fort St. John
    expect(zonesOf(ca('+12505550100', 'V0A 1H0'))).toEqual([EDM, VAN]); // Golden, and the rest of V0A
    expect(zonesOf(ca('+12505550100', 'V0B 1G0'))).toEqual([EDM, 'America/Creston', VAN]); // Creston, Fernie
    expect(zonesOf(ca('+12505550100', 'V0C 1R0'))).toEqual([DAWSON, 'America/Fort_Nelson', VAN]); // Fort Nelson, Dease Lake
    // A rural FSA no source maps wholly names Vancouver, and keeps the number's other zones.
    expect(zonesOf(ca('+12505550100', 'V0E 2S0'))).toEqual(BC);
    // A Cranbrook address beside a Vancouver landline: either.
    expect(zonesOf(ca('+16045550100', 'V1C 4H4'))).toEqual([EDM, VAN]);
  });

  it('a 778 number is not dialled at 20:45 in Vancouver: it is 21:45 in the Kootenays, after the 21:00 federal end', () => {
    for (const at of [utc(2030, 1, 9, 4, 45), utc(2030, 7, 10, 3, 45)]) {
      expect(windowInZones({ regime: 'us' }, zonesOf(ca('+17785550100')), at)).toMatchObject({ open: false, closedIn: EDM });
      expect(windowInZones({ regime: 'us' }, zonesOf(ca('+17785550100', 'V6B 1A1')), at)).toMatchObject({ open: true });
    }
  });

  it('Dawson Creek keeps Mountain standard time all year: an hour ahead of Vancouver in winter, with it in summer', () => {
    // 07:30 in Vancouver in January, 08:30 in Dawson Creek.
    const winter = utc(2030, 1, 8, 15, 30);
    expect(windowInZones({ regime: 'us' }, zonesOf(ca('+12505550100', 'V1G 4H4')), winter)).toMatchObject({ open: true });
    expect(windowInZones({ regime: 'us' }, zonesOf(ca('+12505550100')), winter)).toMatchObject({ open: false, closedIn: VAN });
    // 20:30 in Dawson Creek and Vancouver in July, 21:30 in Edmonton.
    const summer = utc(2030, 7, 10, 3, 30);
    expect(windowInZones({ regime: 'us' }, zonesOf(ca('+12505550100', 'V1G 4H4')), summer)).toMatchObject({ open: true });
    expect(windowInZones({ regime: 'us' }, zonesOf(ca('+12505550100', 'V1C 4H4')), summer)).toMatchObject({ open: false, closedIn: EDM });
  });
});

describe('Eastern Quebec', () => {
  const [TOR, HFX, BLANC] = ['America/Toronto', 'America/Halifax', 'America/Blanc-Sablon'];

  it('a 418 number or an overlay may be on the Magdalen Islands or the Lower North Shore; a postal code says where', () => {
    for (const code of ['418', '581', '367']) expect(zonesOf(ca(`+1${code}5550100`)), code).toEqual([TOR, HFX, BLANC]);
    expect(zonesOf(ca('+15145550100'))).toEqual([TOR]); // Montreal
    expect(zonesOf(ca('+14185550100', 'G1R 4P5'))).toEqual([TOR]); // Quebec City
    expect(zonesOf(ca('+14189865550', 'G4T 3G4'))).toEqual([HFX]); // L'Étang-du-Nord, Magdalen Islands
    expect(zonesOf(ca('+14184615550', 'G0G 1W0'))).toEqual([TOR, BLANC]); // Blanc-Sablon, or Minganie on Eastern time
    // A rural FSA that may hold an Atlantic corner (G0C: the Gaspé's Baie-des-Chaleurs and Listuguj) keeps the number's zones.
    expect(zonesOf(ca('+14185550100', 'G0C 2R0'))).toEqual([TOR, HFX, BLANC]);
    // Montreal and western Quebec addresses are on Eastern time throughout: they say which.
    expect(zonesOf(ca('+15815550100', 'H2X 1Y4'))).toEqual([TOR]);
    expect(zonesOf(ca('+13675550100', 'J8X 3X7'))).toEqual([TOR]);
    // A Magdalen Islands address beside a Montreal number: either.
    expect(zonesOf(ca('+15145550100', 'G4T 3G4'))).toEqual([HFX, TOR]);
  });

  it('a 418 number is not dialled at 20:30 in Quebec City: it is 21:30 on the Magdalen Islands, after the 21:00 federal end', () => {
    // 20:30 in Toronto in January and July.
    for (const at of [utc(2030, 1, 9, 1, 30), utc(2030, 7, 10, 0, 30)]) {
      expect(windowInZones({ regime: 'us' }, zonesOf(ca('+14185550100')), at)).toMatchObject({ open: false, closedIn: HFX });
      expect(windowInZones({ regime: 'us' }, zonesOf(ca('+14185550100', 'G1R 4P5')), at)).toMatchObject({ open: true });
    }
  });

  it('the Lower North Shore keeps Atlantic standard time all year: an hour ahead of Quebec City in winter, with it in summer', () => {
    // 20:30 in Blanc-Sablon in January is 19:30 in Toronto: open; 21:30 there, 20:30 in Toronto, is not.
    expect(windowInZones({ regime: 'us' }, zonesOf(ca('+14184615550', 'G0G 1W0')), utc(2030, 1, 9, 0, 30))).toMatchObject({ open: true });
    expect(windowInZones({ regime: 'us' }, zonesOf(ca('+14184615550', 'G0G 1W0')), utc(2030, 1, 9, 1, 30))).toMatchObject({ open: false, closedIn: BLANC });
    // 20:30 in Toronto in July is 20:30 in Blanc-Sablon too: open.
    expect(windowInZones({ regime: 'us' }, zonesOf(ca('+14184615550', 'G0G 1W0')), utc(2030, 7, 10, 0, 30))).toMatchObject({ open: true });
  });
});
