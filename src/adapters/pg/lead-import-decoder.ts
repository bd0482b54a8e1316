// An uploaded file's bytes as UTF-8 for the CSV parser, whatever encoding the file is in. A file
// said to be UTF-8 (the default) is told from a Windows-1252 one, as spreadsheets on Windows save
// "CSV", by its first byte that is not ASCII: the bytes before it read the same in both, so the
// choice holds for the whole file although it is read in pieces. Once a file is read as UTF-8, a
// byte that is not stops the reading rather than becoming U+FFFD in a name. A byte order mark
// wins over the encoding given: UTF-8 is read as such, UTF-16 is left to the parser, which reads it.

import { isAscii, isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import type { FileRefusal } from './file-refusal.js';
import type { ImportEncoding } from './lead-import-encoding.js';
import { firstInvalidUtf8, firstNonAscii, incompleteTail, sequenceAt } from './utf8-bytes.js';
import { windows1252ToUtf8 } from './windows-1252.js';

export type ReadAs = ImportEncoding | 'utf-16le';

/** A byte that is not UTF-8 in a file read as UTF-8 up to it. */
export class NotUtf8Error extends Error {
  readonly refusal: FileRefusal;

  constructor(readonly byte: number) {
    super(`byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8, though the file's text before it is: the file mixes encodings. `
      + 'The rows before are loaded; save the file as UTF-8 and import it again (nobody is added twice), '
      + 'or if it is Windows-1252 throughout, import it again with the encoding windows-1252');
    this.name = 'NotUtf8Error';
    this.refusal = { code: 'not_utf8', params: { byte: `0x${byte.toString(16).toUpperCase().padStart(2, '0')}` } };
  }
}

const byteOrderMarks: readonly { bytes: Buffer; readAs: ReadAs }[] = [
  { bytes: Buffer.from([0xef, 0xbb, 0xbf]), readAs: 'utf-8' },
  { bytes: Buffer.from([0xff, 0xfe]), readAs: 'utf-16le' },
];

/** `start`: waiting for enough bytes to see a byte order mark; `ascii`: nothing but ASCII yet. */
type State = 'start' | 'ascii' | ReadAs | 'stopped';

const LF = 0x0a;
const CR = 0x0d;

export class CsvDecoder extends Transform {
  /** How the file is read; null while it is all ASCII, which reads the same in any encoding. */
  readAs: ReadAs | null = null;
  /** The byte that stopped the reading; the text handed on ends before it. */
  damage: NotUtf8Error | null = null;
  /** Whether the text handed on ends inside a line, cut short by `damage`. */
  endsMidLine = false;
  private state: State = 'start';
  /** Bytes waiting for the rest of a character, or of a byte order mark. */
  private held: Buffer = Buffer.alloc(0);
  private lastByte = LF;

  constructor(private readonly encoding: ImportEncoding) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.readPiece(this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk, false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.readPiece(this.held, true);
    callback();
  }

  private readPiece(bytes: Buffer, end: boolean): void {
    this.held = Buffer.alloc(0);
    if (this.state === 'start') this.start(bytes, end);
    else if (this.state === 'ascii') this.ascii(bytes, end);
    else if (this.state === 'utf-8') this.utf8(bytes, end);
    else if (this.state === 'windows-1252') this.hand(windows1252ToUtf8(bytes));
    else if (this.state === 'utf-16le') this.hand(bytes);
  }

  private start(bytes: Buffer, end: boolean): void {
    if (bytes.length < 3 && !end) return this.hold(bytes);
    const mark = byteOrderMarks.find((m) => bytes.subarray(0, m.bytes.length).equals(m.bytes));
    if (mark) this.decide(mark.readAs);
    else if (this.encoding === 'windows-1252') this.decide('windows-1252');
    else this.state = 'ascii';
    this.readPiece(bytes, end);
  }

  /** Until the first byte that is not ASCII, which decides between UTF-8 and Windows-1252. */
  private ascii(bytes: Buffer, end: boolean): void {
    if (isAscii(bytes)) return this.hand(bytes);
    const first = firstNonAscii(bytes);
    const verdict = sequenceAt(bytes, first);
    if (verdict === 'incomplete' && !end) {
      this.hand(bytes.subarray(0, first));
      return this.hold(bytes.subarray(first));
    }
    this.decide(verdict === 'valid' ? 'utf-8' : 'windows-1252');
    this.readPiece(bytes, end);
  }

  /** Whole characters are handed on; a character the next piece completes waits for it. */
  private utf8(bytes: Buffer, end: boolean): void {
    const whole = bytes.subarray(0, bytes.length - (end ? 0 : incompleteTail(bytes)));
    if (isUtf8(whole)) {
      this.hand(whole);
      return this.hold(bytes.subarray(whole.length));
    }
    const bad = firstInvalidUtf8(whole);
    this.hand(whole.subarray(0, bad));
    this.stop(new NotUtf8Error(whole[bad] ?? 0));
  }

  private decide(readAs: ReadAs): void {
    this.readAs = readAs;
    this.state = readAs;
  }

  private hand(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.lastByte = bytes[bytes.length - 1] ?? LF;
    this.push(bytes);
  }

  private hold(bytes: Buffer): void {
    this.held = bytes;
  }

  /** The rest of the file is not read: the parser ends with the text before the damage. */
  private stop(damage: NotUtf8Error): void {
    this.damage = damage;
    this.endsMidLine = this.lastByte !== LF && this.lastByte !== CR;
    this.state = 'stopped';
    this.push(null);
  }
}
