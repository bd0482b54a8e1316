// Text from leads and agents (names, notes, loaded fields) put into a CSV a manager opens in a
// spreadsheet: a cell starting with =, +, -, @ or a control character would be read as a formula,
// so such text gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
// Numbers and times the engine writes itself are left as they are.

const formulaStart = /^[=+\-@\t\r]/;

export function spreadsheetSafe(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}
