// Which country's postal code a lead's code is, read from its own shape before the list's region:
// a US campaign near the border holds Canadian leads, and a Canadian one American leads. A
// Canadian code (letter, digit, letter, digit, letter, digit: "M5V 3L9", "H2X1Y4") is no other
// country's, so it is Canadian in any list; a ZIP+4 ("02134-1234") is American in any list. A
// plain five-digit code is a ZIP in a North American list (US, Canadian, Puerto Rican or US
// Virgin Islands), but in another list it is that country's own (Germany's, France's, Mexico's),
// so it keeps the list's region there; any other code keeps the list's region too.

/** Regions whose lists hold US ZIP codes and Canadian postal codes side by side. */
const northAmerica = new Set(['US', 'CA', 'PR', 'VI']);

/** Regions whose postal codes are US ZIP codes. */
const zipRegions = new Set(['US', 'PR', 'VI']);

export const canadianPostalCodeShape = /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/;
const zipShape = /^\d{5}(?:-?\d{4})?$/;
const zipPlusFourShape = /^\d{5}-\d{4}$/;

/** The country (ISO region) whose postal code `postalCode` is, for a list of `listRegion`; null
 * when neither the code nor the list names one. US territories keep their region for their ZIPs. */
export function countryOfPostalCode(postalCode: string, listRegion: string | null | undefined): string | null {
  const code = postalCode.trim().toUpperCase();
  const region = listRegion?.toUpperCase() ?? null;
  if (canadianPostalCodeShape.test(code)) return 'CA';
  const inNorthAmerica = region !== null && northAmerica.has(region);
  if (zipPlusFourShape.test(code) || (inNorthAmerica && zipShape.test(code))) return region !== null && zipRegions.has(region) ? region : 'US';
  return region;
}
