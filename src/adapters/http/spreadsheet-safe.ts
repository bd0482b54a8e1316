// Text from leads and agents (names, notes, loaded fields, numbers, ids) put into a CSV a manager
// opens in a spreadsheet: a cell starting with =, +, -, @ or a control character would be read as
// a formula ("+1646... +1646..." too, and "-A1"), so such text gets a leading apostrophe, which
// spreadsheets show as text and do not evaluate. A plain number ("-3") is read as that number
// and left as it is. A file so protected read back (an export loaded into another campaign)
// gives each cell as it was, apostrophe dropped.

const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^-?\d+(\.\d+)?$/;

export function spreadsheetSafe(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

/** A cell exactly as spreadsheetSafe protects one: an apostrophe before what `formulaStart`
 * matches (=, +, -, @, a tab or a carriage return). Made from it, so the two cannot drift apart. */
const protectedCell = new RegExp(`^'${formulaStart.source.slice(1)}`);

/** Excel's way of writing text that must stay text, such as a ZIP code's leading zeros: `="02134"`. */
const textFormula = /^="(.*)"$/;

/**
 * The text of a cell an export protected with an apostrophe (`'=SUM(A1)`, `'+1646...`, `'-A1`,
 * `'<tab>note`), without it, so that an export loaded again keeps its names as they were, and the text inside a
 * text formula (`="02134"`); any other cell (a name such as `'Ohana`) is its text as written.
 */
export function spreadsheetText(cell: string): string {
  if (protectedCell.test(cell)) return cell.slice(1);
  const formula = textFormula.exec(cell);
  return formula ? (formula[1] ?? '').replaceAll('""', '"') : cell;
}
