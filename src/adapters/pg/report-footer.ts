// The lines a CRM's report export writes below its data. Salesforce ends a report saved as CSV
// with a blank line, then `"Grand Totals (123 records)"`, a blank line,
// `"Confidential Information - Do Not Distribute"` and
// `"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."`: rows of one cell that
// hold no lead. Read as leads they are rows without a phone; the import skips them instead when
// they end the file (such a line between leads is a bad row as any other).

/** A footer line's text: a report's totals, its confidentiality notice, its copyright. */
const footerTexts: readonly RegExp[] = [
  /^(grand )?totals?\b/i,
  /^confidential\b/i,
  /^(copyright\b|\(c\)|©)/i,
  /\ball rights reserved\b/i,
];

/** Footer lines held at most before they are taken as rows: a report's footer is a few lines. */
export const MAX_FOOTER_ROWS = 10;

/** Whether a record reads as a report footer's line: one cell filled, with a footer's text. */
export function isReportFooterLine(cells: readonly string[]): boolean {
  const filled = cells.map((cell) => cell.trim()).filter((cell) => cell.length > 0);
  const text = filled[0];
  return filled.length === 1 && text !== undefined && footerTexts.some((pattern) => pattern.test(text));
}
