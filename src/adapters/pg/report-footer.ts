// The lines a CRM's report export writes below its data. Salesforce ends a report saved as CSV
// with a blank line, then `"Grand Totals (123 records)"`, a blank line,
// `"Confidential Information - Do Not Distribute"` and
// `"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."`: rows of one cell that
// hold no lead nor number. Read as leads they are rows without a phone, read as a DNC file's numbers
// they are numbers refused; the lead import and the DNC import skip them instead when they end the
// file (such a line between rows is a row as any other). Both hold them in a ReportFooter.
// A report saved or edited without its quotes leaves the copyright line unquoted, and the comma in
// `salesforce.com, inc.` splits it into two cells (the totals' `(1,234 records)` likewise): such
// a line is a footer's when its cells, joined again at their commas, make the whole line a
// copyright or totals line. One whose first cell alone starts as one (a company called "Total
// Care" with its number) is a row.

/** A footer line's text: a report's totals, its confidentiality notice, its copyright. */
const footerTexts: readonly RegExp[] = [
  /^(grand )?totals?\b/i,
  /^confidential\b/i,
  /^(copyright\b|\(c\)|©)/i,
  /\ball rights reserved\b/i,
];

/** A whole footer line split at its commas, joined again: its copyright, or its totals. */
const splitFooterTexts: readonly RegExp[] = [
  /^(copyright\b|\(c\)|©).*\ball rights reserved\.?$/i,
  /^(grand )?totals? \(\d{1,3}(,\s*\d{3})* records?\)$/i,
];

/** Footer lines held at most before they are taken as rows: a report's footer is a few lines. */
const MAX_FOOTER_ROWS = 10;

/** Whether a record reads as a report footer's line: one cell filled, with a footer's text, or
 * cells that together are a whole copyright or totals line split at its commas. */
function isReportFooterLine(cells: readonly string[]): boolean {
  const filled = cells.map((cell) => cell.trim()).filter((cell) => cell.length > 0);
  const text = filled[0];
  if (text === undefined) return false;
  if (filled.length === 1) return footerTexts.some((pattern) => pattern.test(text));
  const joined = filled.join(', ');
  return splitFooterTexts.some((pattern) => pattern.test(joined));
}

/**
 * The lines of a file read so far that read as a report's footer, held until the file ends (they
 * are its footer: skipped) or a row follows (they were rows: released, to be read as any other).
 */
export class ReportFooter<Line> {
  private readonly held: Line[] = [];

  /** Holds a line that reads as a footer's (at most MAX_FOOTER_ROWS); false for any other, which
   * the reader takes as a row once it has taken the lines `release` gives back. */
  hold(line: Line, cells: readonly string[]): boolean {
    if (this.held.length >= MAX_FOOTER_ROWS || !isReportFooterLine(cells)) return false;
    this.held.push(line);
    return true;
  }

  /** The lines held, in file order, no longer held: a row followed them, or the file could not be
   * read to its end, so they are rows after all. */
  release(): Line[] {
    return this.held.splice(0);
  }

  /** How many lines are held: at the file's end, the footer's lines, skipped. */
  get lines(): number {
    return this.held.length;
  }
}
