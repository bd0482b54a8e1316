import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  looksLikeRowsRunTogether, MAX_RECORD_BYTES, readCsvRecords, RecordTooLargeError, UnclosedQuoteError, type CsvRecord,
} from './lead-import-records.js';

async function read(text: string | Readable): Promise<{ records: Pick<CsvRecord, 'cells' | 'startLine' | 'endLine'>[]; error: unknown }> {
  const records: Pick<CsvRecord, 'cells' | 'startLine' | 'endLine'>[] = [];
  try {
    const input = typeof text === 'string' ? Readable.from([text]) : text;
    for await (const { cells, startLine, endLine } of readCsvRecords(input)) records.push({ cells, startLine, endLine });
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

  it('reads the separator a sep= first line names, leaving the line out but counting it', async () => {
    for (const sepLine of ['sep=;', '\ufeffsep=;', '"sep=;";;;', 'Sep=;']) {
      const records: CsvRecord[] = [];
      for await (const record of readCsvRecords(Readable.from([`${sepLine}\r\nId;Name,Title\r\n1;"Lee; Ann, Dr"\r\n`]))) records.push(record);
      expect(records.map((r) => [r.cells, r.startLine, r.hiddenLines, r.delimiter]), sepLine).toEqual([
        [['Id', 'Name,Title'], 2, 1, ';'], [['1', 'Lee; Ann, Dr'], 3, 1, ';'],
      ]);
    }
    const plain = (await read('sep;x,y\n1,2\n')).records;
    expect(plain.map((r) => r.cells)).toEqual([['sep;x', 'y'], ['1', '2']]);
  });

  it('reads each line as a record when the header ends in CRLF and the rows in LF, or the other way round', async () => {
    const crlfHeader = await read('Id,Phone,First,Last\r\n1,2125551234,Ann,Lee\n2,3105551234,Bob,Ray\n3,4155551234,Cy,Fox\n');
    expect(crlfHeader.error).toBeNull();
    expect(crlfHeader.records.map((r) => [r.cells, r.startLine])).toEqual([
      [['Id', 'Phone', 'First', 'Last'], 1], [['1', '2125551234', 'Ann', 'Lee'], 2], [['2', '3105551234', 'Bob', 'Ray'], 3], [['3', '4155551234', 'Cy', 'Fox'], 4],
    ]);
    const lfHeader = await read('Id,Name\n1,Ann\r\n2,Bob\r\n');
    expect(lfHeader.records.map((r) => [r.cells, r.startLine])).toEqual([[['Id', 'Name'], 1], [['1', 'Ann'], 2], [['2', 'Bob'], 3]]);
  });

  it('fails when its input fails (a file gone, a client gone mid-upload), rather than waiting for ever', async () => {
    const gone = new Readable({ read() { this.destroy(Object.assign(new Error("ENOENT: no such file or directory, open '/uploads/x.csv'"), { code: 'ENOENT' })); } });
    const { records, error } = await read(gone);
    expect(records).toEqual([]);
    expect(error).toMatchObject({ code: 'ENOENT' });
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

describe('a record past the size limit', () => {
  const rows = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `${from + i},n${from + i}`);

  it('ends the records after every one before it, naming the line it starts on, and reads no further', async () => {
    // A file of 16 times the limit, read in pieces, with a quote opened on line 5 and never closed.
    const piece = `${rows(10, 5000).join('\n')}\n`;
    let pulled = 0;
    const file = Readable.from((function* () {
      yield ['Id,Name', ...rows(1, 3), '4,"Bo', ''].join('\n');
      while (pulled < 16 * MAX_RECORD_BYTES) {
        pulled += piece.length;
        yield piece;
      }
    })());
    const { records, error } = await read(file);
    expect(records.map((r) => r.startLine)).toEqual([1, 2, 3, 4]);
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect(error).toMatchObject({ startLine: 5, message: expect.stringMatching(/^the row starting on line 5 runs past 1 MiB without ending: a quote opened in it is most likely never closed/) });
    expect(pulled).toBeLessThan(2 * MAX_RECORD_BYTES);
  });

  it('says a row past it on one line, with no quote open, is no CSV line', async () => {
    const { records, error } = await read(['Id,Name', '1,Al', `2,${'x'.repeat(MAX_RECORD_BYTES + 10)}`, '3,Cy', ''].join('\n'));
    expect(records.map((r) => r.startLine)).toEqual([1, 2]);
    expect(error).toMatchObject({ startLine: 3, oneLine: true, message: expect.stringMatching(/^line 3 runs past 1 MiB without a line break: the file is most likely not a CSV file/) });
  });

  it('reads a multi-line cell just below it whole', async () => {
    const cell = 'a line\n'.repeat(Math.floor((MAX_RECORD_BYTES - 100) / 7));
    const { records, error } = await read(['Id,Name', `1,"${cell}"`, '2,Cy', ''].join('\n'));
    expect(error).toBeNull();
    expect(records.map((r) => [r.cells[1]?.length, r.startLine])).toEqual([[4, 1], [cell.length, 2], [2, cell.length / 7 + 3]]);
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
