import { describe, expect, it } from 'vitest';
import { spreadsheetSafe } from './spreadsheet-safe.js';

describe('text for a spreadsheet', () => {
  it('keeps text that starts like a formula as text, and leaves the rest as it is', () => {
    for (const formula of ['=1+1', '+1 212', '-2 seats', '@SUM(A1)', '\tTAB', '\rCR']) expect(spreadsheetSafe(formula)).toBe(`'${formula}`);
    for (const plain of ['', 'Ann', '1+1=2', "O'Brien", ' =not first']) expect(spreadsheetSafe(plain)).toBe(plain);
  });

  it('keeps numbers that start like a formula as text, and a plain negative number as a number', () => {
    for (const number of ['+16465550120', '+16465550121 +16465550122', '+*******0104', '-A1', '-1+1']) expect(spreadsheetSafe(number)).toBe(`'${number}`);
    for (const plain of ['-3', '-1.5', '12125550100']) expect(spreadsheetSafe(plain)).toBe(plain);
  });
});
