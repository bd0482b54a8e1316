import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { looksLikeRowsRunTogether, readCsvRecords, UnclosedQuoteError, type CsvRecord } from './lead-import-records.js';

async function read(text: string): Promise<{ records: Omit<CsvRecord, 'bytes'>[]; error: unknown }> {
  const records: Omit<CsvRecord, 'bytes'>[] = [];
  try {
    for await (const { cells, startLine, endLine } of readCsvRecords(Readable.from([text]))) records.push({ cells, startLine, endLine });
  } catch (error) {
    return { records, error };
  }
  return { records, error: null };
}

describe('CSV records with their lines', () => {
  it('counts the lines of multi-line cells and of the empty lines left out, LF or CRLF', async () => {
    for (const nl of ['\n', '\r\n']) {
      const { records, error } = await read(['Id,Name', '1,Ann', '', '2,"Two', 'lines"', '', '', '3,Cy'].join(nl) + nl);
      expect(error).toBeNull();
      expect(records.map((r) => [r.cells[0], r.startLine, r.endLine])).toEqual([['Id', 1, 1], ['1', 2, 2], ['2', 4, 5], ['3', 8, 8]]);
    }
  });

  it('hands over every record before a quote never closed, then says where it opened', async () => {
    // Many records in one piece of input: none may be dropped with the error.
    const rows = Array.from({ length: 50 }, (_, i) => `${i},n${i}`);
    const { records, error } = await read(['Id,Name', ...rows, '50,"Bo', '51,Cy', ''].join('\n'));
    expect(records).toHaveLength(51);
    expect(error).toBeInstanceOf(UnclosedQuoteError);
    expect(error).toMatchObject({ startLine: 52, endLine: 53 });
  });
});

describe('rows run together by a stray quote', () => {
  const columns = 5;

  it('is told from the opening quote kept as text with a comma after a line break', () => {
    expect(looksLikeRowsRunTogether(['2', '"Bo,Doe,2125550102,\n3,Cy,"Kim"', '2125550103', ''], columns)).toBe(true);
  });

  it('is told from a line holding a whole row\'s commas', () => {
    expect(looksLikeRowsRunTogether(['2', 'Bo\n3,Cy,Doe,2125550103,', 'x'], columns)).toBe(true);
  });

  it('leaves genuine multi-line cells alone', () => {
    expect(looksLikeRowsRunTogether(['1', 'Two\nlines', '2125550100'], columns)).toBe(false);
    expect(looksLikeRowsRunTogether(['1', 'Ann', '12 Main St\nSpringfield, IL 62701'], columns)).toBe(false);
    // A narrow file (phone, name, address) whose address's last line has a row's commas.
    expect(looksLikeRowsRunTogether(['2125550100', 'Ann', '12 Main St\nSpringfield, IL, 62701-1234'], 3)).toBe(false);
    expect(looksLikeRowsRunTogether(['1', '"Quoted"\nnote'], columns)).toBe(false);
    // A two-column file has no row shape to see: only the kept quote tells.
    expect(looksLikeRowsRunTogether(['2125550100', 'Apt 4\nSpringfield, IL'], 2)).toBe(false);
  });
});
