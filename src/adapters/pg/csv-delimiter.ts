// Which character separates a CSV file's cells. Excel saves "CSV" with the list separator of the
// machine's region: a comma in English, a semicolon where the comma is the decimal mark (most of
// Europe); "Unicode text" and many exports are tab-separated. The header row says which: the
// separator it holds most often outside quotes (a comma by default, and on a tie).

export type CsvDelimiter = ',' | ';' | '\t';

const candidates: readonly CsvDelimiter[] = [',', ';', '\t'];

/** The delimiter of a file whose first line (the header) is `firstLine`; text after it is ignored. */
export function delimiterOf(firstLine: string): CsvDelimiter {
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const candidate of candidates) if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  return best;
}

/** How a delimiter is named in messages. */
export const delimiterName = (delimiter: CsvDelimiter): string => ({ ',': 'comma', ';': 'semicolon', '\t': 'tab' })[delimiter];

/**
 * The delimiter a `sep=;` first line names (`sep=,`, `sep=` and a tab too), null when the line is
 * not one. Tools write it for Excel, which takes the separator from it and does not show the line;
 * a spreadsheet re-saving it may quote it or pad it with empty cells (`sep=;;;`).
 */
export function separatorLineDelimiter(firstLine: string): CsvDelimiter | null {
  const line = firstLine.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  // Spaces only: a tab may be the separator named.
  const named = /^ *"?sep=([,;\t])"?[,;\t]* *$/i.exec(line);
  return (named?.[1] as CsvDelimiter | undefined) ?? null;
}
