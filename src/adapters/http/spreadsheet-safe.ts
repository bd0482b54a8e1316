// Text from leads and agents (names, notes, loaded fields, numbers, ids) put into a CSV a manager
// opens in a spreadsheet: a cell starting with =, +, -, @ or a control character would be read as
// a formula ("+1646... +1646..." too, and "-A1"), so such text gets a leading apostrophe, which
// spreadsheets show as text and do not evaluate. A plain number ("-3") is read as that number
// and left as it is.

const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^-?\d+(\.\d+)?$/;

export function spreadsheetSafe(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}
