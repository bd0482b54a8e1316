import { describe, expect, it } from 'vitest';
import { spreadsheetSafe } from './spreadsheet-safe.js';

describe('text for a spreadsheet', () => {
  it('keeps text that starts like a formula as text, and leaves the rest as it is', () => {
    for (const formula of ['=1+1', '+1 212', '-2 seats', '@SUM(A1)', '\tTAB', '\rCR']) expect(spreadsheetSafe(formula)).toBe(`'${formula}`);
    for (const plain of ['', 'Ann', '1+1=2', "O'Brien", ' =not first']) expect(spreadsheetSafe(plain)).toBe(plain);
  });
});
