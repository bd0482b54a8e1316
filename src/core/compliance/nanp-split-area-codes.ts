// NANP area codes that span time zones, with every zone each spans (the one most of its numbers
// are in first). A number in one says only that the person is in one of them, so unless the list
// states the zone (a US or Canadian postal code names only its area's main zone) the lead is
// called while the window is open in all of them: 8:00 in Pensacola is 9:00 in Tallahassee, and both are area code 850. Overlays
// share the zones of the code they overlay. Codes whose other zone covers only a sliver (a few
// border counties) are in nanp-area-code-zones.ts under their main zone.

const CHI = 'America/Chicago';
const NY = 'America/New_York';
const DEN = 'America/Denver';

export const nanpSplitAreaCodes: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['208', ['America/Boise', 'America/Los_Angeles']], ['986', ['America/Boise', 'America/Los_Angeles']], // Idaho: the south Mountain, the panhandle Pacific
  ['270', [CHI, NY]], ['364', [CHI, NY]], // western Kentucky
  ['308', [CHI, DEN]], // western Nebraska
  ['605', [CHI, DEN]], // South Dakota, east and west of the Missouri
  ['812', [NY, CHI]], ['930', [NY, CHI]], // southern Indiana: Evansville's corner Central
  ['850', [CHI, NY]], ['448', [CHI, NY]], // Florida panhandle: Pensacola Central, Tallahassee Eastern
  ['807', ['America/Toronto', 'America/Winnipeg']], // north-western Ontario: Thunder Bay and Kenora
  ['867', ['America/Edmonton', 'America/Whitehorse', 'America/Winnipeg', 'America/Toronto']], // the three territories
]);
