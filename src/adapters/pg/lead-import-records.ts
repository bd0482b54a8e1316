// The records of an uploaded CSV with the file lines each spans, and the two ways a stray quote
// shows in them. Quotes are read leniently (a quote inside a cell, `5'11"`, is kept as text), so
// a cell that opens a quote by mistake does not stop the reader: it runs on over the next rows
// until some later quote closes it, or to the end of the file. Neither may cost the good rows,
// nor may a quote open in a huge file hold the rest of it in memory.

import type { Readable } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';
import { delimiterOf, separatorLineDelimiter, type CsvDelimiter } from './csv-delimiter.js';
import { CsvDecoder } from './lead-import-decoder.js';
import type { FileRefusal } from './file-refusal.js';

export interface CsvRecord {
  cells: string[];
  /** File lines (1-based) the record starts and ends on: more than one for a cell with line breaks. */
  startLine: number;
  endLine: number;
  /** Bytes of the file read so far. */
  bytes: number;
  /** The file's cell separator, named by a `sep=` first line or read from its header line. */
  delimiter: CsvDelimiter;
  /** File lines a spreadsheet does not show: 1 after a `sep=` line (Excel reads it and hides it),
   * else 0. The record's row in the sheet is `startLine - hiddenLines`. */
  hiddenLines: number;
}

/** A quote opened on `startLine` and never closed: the file ends inside it, on `endLine`. */
export class UnclosedQuoteError extends Error {
  readonly refusal: FileRefusal;

  constructor(readonly startLine: number, readonly endLine: number) {
    super(`a quote opened on line ${startLine} is never closed (the file ends inside it, on line ${endLine})`);
    this.name = 'UnclosedQuoteError';
    this.refusal = { code: 'unclosed_quote', params: { startLine: String(startLine), endLine: String(endLine) } };
  }
}

/**
 * The longest record read, in bytes of text (about: the parser counts finished cells in
 * characters). A lead row is a few hundred bytes; Excel caps a cell at 32,767 characters, so even
 * a row of several full cells of notes stays below, where 64 KiB would not. A record still
 * growing here is rows run together by a quote never closed, and reading on would hold the rest
 * of the file (gigabytes) as one cell; this holds an import's parser to a few MiB.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** A record past MAX_RECORD_BYTES, starting on `startLine`: the reading stops there. */
export class RecordTooLargeError extends Error {
  readonly refusal: FileRefusal;

  /** `oneLine`: the row ran past the limit without a line break, so no open quote explains it. */
  constructor(readonly startLine: number, readonly oneLine = false) {
    super(oneLine
      ? `line ${startLine} runs past ${MAX_RECORD_BYTES / 1024 / 1024} MiB without a line break: the file is most likely `
        + 'not a CSV file (a spreadsheet saved in its own format, an archive), or its lines end in a way not read as '
        + 'line breaks. The rows before are loaded; save the sheet as CSV and import it again (nobody is added twice)'
      : `the row starting on line ${startLine} runs past ${MAX_RECORD_BYTES / 1024 / 1024} MiB without ending: `
        + 'a quote opened in it is most likely never closed, so the rows after it read as one cell. '
        + 'The rows before are loaded; close the quote and import the file again (nobody is added twice)');
    this.name = 'RecordTooLargeError';
    this.refusal = { code: oneLine ? 'line_too_long' : 'record_too_large', params: { line: String(startLine), mib: String(MAX_RECORD_BYTES / 1024 / 1024) } };
  }
}

const lineBreaks = /\r\n|\r|\n/g;
const hasLineBreak = /[\r\n]/;

/** Line breaks inside the record's cells (a CRLF counts once, as the parser counts lines). */
function breaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) if (hasLineBreak.test(cell)) breaks += cell.match(lineBreaks)?.length ?? 0;
  return breaks;
}

/** An empty line (the parser hands it over as one empty cell), or a row of empty cells: a
 * spreadsheet saves rows below the data whose cells were once formatted as `,,,,`. */
const isEmptyLine = (cells: readonly string[]): boolean => cells.every((cell) => cell.trim() === '');

/** The first record the parser skipped, and how many records it handed over before. */
interface Skip {
  error: CsvError | null;
  before: number;
}

const isTooLarge = (skip: Skip): boolean => skip.error?.code === 'CSV_MAX_RECORD_SIZE';

/** The decoded text read ahead to choose the delimiter: up to its first line break, or all of it. */
interface Head {
  bytes: Buffer;
  /** The whole file is in `bytes`. */
  ended: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/** Enough of the header line to count its separators; a longer one is no header. */
const HEAD_LIMIT = 64 * 1024;

/** Reads `decoded` up to its first line break (or HEAD_LIMIT, or its end), leaving the rest unread. */
async function readHead(decoded: Readable): Promise<Head> {
  const pieces: Buffer[] = [];
  let size = 0;
  for (;;) {
    if (decoded.errored) throw decoded.errored;
    const chunk = decoded.read() as Buffer | null;
    if (chunk !== null) {
      pieces.push(chunk);
      size += chunk.length;
      if (size >= HEAD_LIMIT || chunk.includes(LF) || chunk.includes(CR)) return { bytes: Buffer.concat(pieces), ended: false };
    } else if (decoded.readableEnded || decoded.destroyed) {
      return { bytes: Buffer.concat(pieces), ended: true };
    } else {
      await nextReadable(decoded);
    }
  }
}

/** Resolves once `stream` has more to read or has ended; rejects when it fails. */
function nextReadable(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      stream.off('readable', onReadable).off('end', onReadable).off('close', onReadable).off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onReadable = (): void => settle();
    stream.on('readable', onReadable).on('end', onReadable).on('close', onReadable).on('error', settle);
  });
}

/** The head's text, to count its separators: UTF-16 reaches the parser undecoded. */
const headText = (head: Head, decoder: CsvDecoder): string => head.bytes.toString(decoder.readAs === 'utf-16le' ? 'utf16le' : 'utf8');

/**
 * The parser of `decoder`'s text, whose `head` was read ahead. It skips a record in error rather
 * than fail, since a failing stream drops the records it holds but has not handed over yet, which
 * were good rows. After a record too large it would carry on from inside that record, so it is
 * ended there.
 */
function csvParser(decoder: CsvDecoder, head: Head, delimiter: CsvDelimiter, skip: Skip): Parser {
  decoder.on('error', (error) => parser.destroy(error));
  const parser: Parser = parse({
    delimiter,
    // A file whose header ends in CRLF and rows in LF (a template from Excel, rows added by a
    // script) is read line by line all the same: any of the three ends a record.
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true, relax_column_count: true, relax_quotes: true, max_record_size: MAX_RECORD_BYTES,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (skip.error !== null || error === undefined) return;
      skip.error = error;
      skip.before = parser.info.records;
      if (!isTooLarge(skip)) return;
      decoder.unpipe(parser);
      parser.end();
    },
  });
  if (head.ended) parser.end(head.bytes);
  else {
    parser.write(head.bytes);
    decoder.pipe(parser);
  }
  return parser;
}

/**
 * The file's records in order, empty lines, rows of empty cells and a `sep=` first line left out. Lines are counted here (one a record, plus
 * the line breaks in its cells) because the parser's own counts cost a large object a record.
 * A quote still open at the end of the file ends it with an UnclosedQuoteError, after every
 * record before it. A record past MAX_RECORD_BYTES ends it with a RecordTooLargeError, after
 * every record before it, and the rest of the file is not read.
 * The file is read through `decoder`; a byte it stops at ends the records with its NotUtf8Error.
 * `input` is closed when the records end, however they end.
 */
export async function* readCsvRecords(input: Readable, decoder = new CsvDecoder('utf-8')): AsyncGenerator<CsvRecord> {
  // Failed before the reading began (a file that could not be opened).
  if (input.errored) throw input.errored;
  const skip: Skip = { error: null, before: 0 };
  let line = 0;
  let handed = 0;
  // Each record is handed over once the next is read: the last may be a row cut short by the decoder.
  let last: CsvRecord | null = null;
  try {
    // pipe() does not pass a source's failure on (a file gone, a client gone mid-upload): the
    // records would never end, and the failure would go unhandled and stop the node.
    input.on('error', (error) => decoder.destroy(error));
    // Its failure is seen by the reading ahead, then by the parser it is piped to.
    decoder.on('error', () => undefined);
    input.pipe(decoder);
    const head = await readHead(decoder);
    const text = headText(head, decoder);
    const named = separatorLineDelimiter(text);
    const delimiter = named ?? delimiterOf(text);
    // The `sep=` line is the first record (it is not empty, nor holds a quote left open).
    const hiddenLines = named === null ? 0 : 1;
    const parser = csvParser(decoder, head, delimiter, skip);
    for await (const cells of parser as AsyncIterable<string[]>) {
      // Records after one too large are read from inside it: not records of the file.
      if (++handed > skip.before && isTooLarge(skip)) break;
      const startLine = line + 1;
      line += 1 + breaksIn(cells);
      if (isEmptyLine(cells) || handed <= hiddenLines) continue;
      if (last !== null) yield last;
      last = { cells, startLine, endLine: line, bytes: parser.info.bytes, delimiter, hiddenLines };
    }
    yield* lastRecord(last, decoder, skip);
    throwReadError(decoder, skip, line);
  } finally {
    // However the records end: a read stopped part way must neither read on nor leave the file open.
    input.destroy();
  }
}

/** The last record, unless it is a row cut short by the decoder. */
function* lastRecord(last: CsvRecord | null, decoder: CsvDecoder, skip: Skip): Generator<CsvRecord> {
  // A row cut inside a quote was skipped by the parser, and the records before one too large end
  // with a line break: then the last record is whole.
  const cutShort = decoder.endsMidLine && skip.error === null;
  if (last !== null && !cutShort) yield last;
}

/** What ended the records early, if anything; `line` is the last line of the records handed over. */
function throwReadError(decoder: CsvDecoder, skip: Skip, line: number): void {
  // The parser's line count when the record grew too large: still its first line, no line break in it.
  if (isTooLarge(skip)) throw new RecordTooLargeError(line + 1, Number(skip.error?.lines) <= line + 1);
  if (decoder.damage !== null) throw decoder.damage;
  const { error } = skip;
  if (error === null) return;
  // The only other error these options leave is a quote open at the end; anything else fails the read.
  if (error.code !== 'CSV_QUOTE_NOT_CLOSED') throw error;
  throw new UnclosedQuoteError(line + 1, Number(error.lines));
}

const lineBreak = /\r\n|\r|\n/;
const count = (text: string, char: string): number => text.split(char).length - 1;

/**
 * Whether a record spanning several lines is rows run together by a stray quote rather than a
 * cell with genuine line breaks (an address, a note). Signs, in a cell with a line break:
 * - it starts with a quote kept as text: the lenient reader keeps the opening quote when the
 *   quote that ends the cell is followed by more text (`"Kim, Jr."` of a later row), and the
 *   text after a line break holds a delimiter (a comma, in most files), as a row does;
 * - or a line after a break holds a whole row's delimiters (one fewer than the header's columns);
 * either only in a cell (for the second, a line) holding a phone-like run of digits, as rows do. A genuine cell with
 * a line break, a phone number after it and a full row's commas on one line is rare; one is
 * reported, not lost in silence.
 */
export function looksLikeRowsRunTogether(cells: readonly string[], columns: number, delimiter: CsvDelimiter = ','): boolean {
  return cells.some((cell) => {
    if (!lineBreak.test(cell)) return false;
    // Rows carry phone numbers; an address or a note seldom does.
    if (!holdsPhoneLikeDigits(cell)) return false;
    const later = cell.split(lineBreak).slice(1);
    if (cell.startsWith('"') && later.some((line) => line.includes(delimiter))) return true;
    return columns >= 3 && later.some((line) => count(line, delimiter) >= columns - 1 && holdsPhoneLikeDigits(line));
  });
}

/** Seven digits or more in a run, separators allowed: a phone number, not a postcode (a US ZIP+4
 * is left out). */
const holdsPhoneLikeDigits = (text: string): boolean => /(?:\d[\s().-]?){7,}/.test(text.replace(/\b\d{5}-\d{4}\b/g, ''));
