// NANP area codes that span time zones, with every zone each spans (the one most of its numbers
// are in first). A number in one says only that the person is in one of them, so unless the list
// states the zone or a postal code says which (a ZIP prefix names only its area's main zone; a
// Canadian FSA of a split province its own: canadian-fsa-zones.ts) the lead is
// called while the window is open in all of them: 8:00 in Pensacola is 9:00 in Tallahassee, and both are area code 850. Overlays
// share the zones of the code they overlay. Codes whose other zone covers only a sliver (a few
// border counties) are in nanp-area-code-zones.ts under their main zone.

const CHI = 'America/Chicago';
const NY = 'America/New_York';
const DEN = 'America/Denver';
const NL = ['America/St_Johns', 'America/Goose_Bay'];
// British Columbia outside the Lower Mainland (604): Pacific, the East Kootenay's Mountain time,
// and the Mountain standard time all year of the Peace River, Fort Nelson and Creston. That last
// clock always reads as Vancouver's or Edmonton's (Pacific daylight in summer, Mountain standard
// in winter), so a window open in those two is open there, and Edmonton alone would do for the
// window; the three zones are listed so that a postal code naming one (Dawson Creek's V1G) agrees
// with the number and says which, as a Cranbrook code names Edmonton (canadian-fsa-zones.ts).
const BC = ['America/Vancouver', 'America/Edmonton', 'America/Dawson_Creek', 'America/Fort_Nelson', 'America/Creston'];
// Eastern Quebec: Eastern time, the Magdalen Islands' and Listuguj's Atlantic time, and the Lower
// North Shore's Atlantic standard time all year (Blanc-Sablon: Halifax's clock in winter,
// Toronto's in summer, listed so that a G0G postal code agrees with the number).
const QC = ['America/Toronto', 'America/Halifax', 'America/Blanc-Sablon'];

export const nanpSplitAreaCodes: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['208', ['America/Boise', 'America/Los_Angeles']], ['986', ['America/Boise', 'America/Los_Angeles']], // Idaho: the south Mountain, the panhandle Pacific
  ['270', [CHI, NY]], ['364', [CHI, NY]], // western Kentucky
  ['308', [CHI, DEN]], // western Nebraska
  ['605', [CHI, DEN]], // South Dakota, east and west of the Missouri
  ['812', [NY, CHI]], ['930', [NY, CHI]], // southern Indiana: Evansville's corner Central
  ['850', [CHI, NY]], ['448', [CHI, NY]], // Florida panhandle: Pensacola Central, Tallahassee Eastern
  ['807', ['America/Toronto', 'America/Winnipeg']], // north-western Ontario: Thunder Bay and Kenora
  ['709', NL], ['879', NL], // Newfoundland, and Labrador half an hour behind: Goose Bay, Labrador City
  ['250', BC], ['778', BC], ['236', BC], ['672', BC], ['257', BC], // British Columbia; 778, 236, 672 and 257 overlay 604 too
  ['418', QC], ['581', QC], ['367', QC], // eastern Quebec; 581 and 367 overlay 418
  ['867', ['America/Edmonton', 'America/Whitehorse', 'America/Winnipeg', 'America/Toronto']], // the three territories
]);
