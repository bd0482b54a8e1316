// A phone cell that holds several numbers, as people type them and as the leads download writes a
// lead's other numbers (`other_phones`: `+13125550101 +14155550102`).

/** Where a cell holding several numbers parts them: a slash, semicolon, comma or bar, or a space
 * before a `+`. */
const betweenNumbers = /\s*[/;,|]\s*|\s+(?=\+)/;

/** The cell's parts, in order, empty ones left out (one part: the cell as it is). */
export function phoneCellParts(raw: string): string[] {
  return raw.split(betweenNumbers).filter((part) => part.length > 0);
}

/** Digits enough for a phone number of any country without its code. */
export const looksLikeNumber = (part: string): boolean => part.replace(/\D/g, '').length >= 7;
