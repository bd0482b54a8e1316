// A US ZIP code as a spreadsheet saves it from a column it took for numbers: Excel and Google
// Sheets drop the leading zeros, so Boston's 02134 is saved as 2134, San Juan's 00901 as 901,
// Charlotte Amalie's (US Virgin Islands) 00802 as 802, and
// a ZIP+4 typed without its hyphen (021341234) as 21341234. Read as written, such a code names no
// place: the lead loses the time zone its ZIP gives and the state's own calling hours
// (Massachusetts, Connecticut, Rhode Island), and is dialled by its phone's area code alone.

/** Regions whose postal codes are US ZIP codes. */
const zipRegions = new Set(['US', 'PR', 'VI']);

/** `postalCode` of a list in `region` with the zeros a spreadsheet dropped put back; any other code as it is. */
export function zipCodeAsWritten(postalCode: string, region: string): string {
  if (!zipRegions.has(region.toUpperCase())) return postalCode;
  if (/^\d{3,4}$/.test(postalCode)) return postalCode.padStart(5, '0');
  if (/^\d{7,8}$/.test(postalCode)) {
    const zip9 = postalCode.padStart(9, '0');
    return `${zip9.slice(0, 5)}-${zip9.slice(5)}`;
  }
  return postalCode;
}
