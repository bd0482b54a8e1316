import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvDecoder, NotUtf8Error } from './lead-import-decoder.js';
import type { ImportEncoding } from './lead-import-encoding.js';
import { readCsvRecords } from './lead-import-records.js';

/** The text the decoder hands on for `bytes` cut into pieces at `cuts`. */
async function decode(bytes: Buffer, cuts: number[] = [], encoding: ImportEncoding = 'utf-8'): Promise<{ text: string; decoder: CsvDecoder }> {
  const bounds = [0, ...cuts, bytes.length];
  const pieces = bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
  const decoder = new CsvDecoder(encoding);
  const out: Buffer[] = [];
  for await (const piece of Readable.from(pieces).pipe(decoder)) out.push(piece as Buffer);
  return { text: Buffer.concat(out).toString('utf8'), decoder };
}

const text = 'Id,Name\n1,José Muñoz\n2,“Zoë” Brontë €5\n';
/** `text` in Windows-1252 (a Latin-1 string's code points are its bytes). */
const cp1252 = Buffer.from('Id,Name\n1,Jos\xe9 Mu\xf1oz\n2,\x93Zo\xeb\x94 Bront\xeb \x805\n', 'latin1');

describe('the file read in pieces', () => {
  it('reads UTF-8 cut anywhere, inside characters too, unchanged', async () => {
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const { text: read, decoder } = await decode(bytes, [cut]);
      expect(read, `cut at ${cut}`).toBe(text);
      expect(decoder.readAs).toBe('utf-8');
    }
  });

  it('reads a file that is not UTF-8 as Windows-1252, euro sign and smart quotes included, cut anywhere', async () => {
    for (let cut = 1; cut < cp1252.length; cut++) {
      const { text: read, decoder } = await decode(cp1252, [cut]);
      expect(read, `cut at ${cut}`).toBe(text);
      expect(decoder.readAs).toBe('windows-1252');
    }
    // Given as such, and a lone byte at the very end that would start a UTF-8 character.
    expect((await decode(cp1252, [], 'windows-1252')).text).toBe(text);
    expect((await decode(Buffer.from([0x41, 0xc3]))).text).toBe('AÃ');
  });

  it('leaves ASCII undecided, and follows a byte order mark whatever the encoding given', async () => {
    expect((await decode(Buffer.from('Id\n1\n'))).decoder.readAs).toBeNull();
    const marked = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const { text: read, decoder } = await decode(marked, [1], 'windows-1252');
    expect(read).toBe(`\ufeff${text}`);
    expect(decoder.readAs).toBe('utf-8');
    expect((await decode(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).decoder.readAs).toBe('utf-16le');
  });

  it('stops at a byte that is not UTF-8 in a file read as UTF-8 up to it', async () => {
    const bytes = Buffer.concat([Buffer.from('Id,Name\n1,José\n2,Ren'), Buffer.from([0xe9, 0x0a]), Buffer.from('3,Bo\n')]);
    // More pieces after the damage are read and dropped.
    const { text: read, decoder } = await decode(bytes, [20, 23, 25]);
    expect(read).toBe('Id,Name\n1,José\n2,Ren');
    expect(decoder.damage).toBeInstanceOf(NotUtf8Error);
    expect(decoder.damage?.message).toMatch(/byte 0xE9 is not UTF-8.*encoding windows-1252/);
    expect(decoder.endsMidLine).toBe(true);
  });
});

describe('records of a file that stops being UTF-8', () => {
  async function records(bytes: Buffer): Promise<{ names: string[]; error: unknown }> {
    const names: string[] = [];
    try {
      for await (const record of readCsvRecords(Readable.from([bytes]))) names.push(record.cells[1] ?? '');
    } catch (error) {
      return { names, error };
    }
    return { names, error: null };
  }

  it('hands over every whole row before the damage, and not the row cut short by it', async () => {
    const { names, error } = await records(Buffer.concat([Buffer.from('Id,Name\n1,José\n2,Ren'), Buffer.from([0xe9, 0x0a]), Buffer.from('3,Bo\n')]));
    expect(names).toEqual(['Name', 'José']);
    expect(error).toBeInstanceOf(NotUtf8Error);
  });

  it('keeps the last whole row when the damage starts a line, or sits in a quoted cell', async () => {
    expect((await records(Buffer.concat([Buffer.from('Id,Name\n1,José\n'), Buffer.from([0xe9, 0x0a])]))).names).toEqual(['Name', 'José']);
    expect((await records(Buffer.concat([Buffer.from('Id,Name\n1,José\n2,"Two\nlines '), Buffer.from([0xe9, 0x22, 0x0a])]))).names).toEqual(['Name', 'José']);
  });
});
