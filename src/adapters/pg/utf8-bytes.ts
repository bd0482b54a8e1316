// Where bytes stop being UTF-8. Node checks whole runs of bytes (isUtf8); these say where a
// run goes wrong, and which bytes at the end of a piece of a file start a character that the
// next piece completes.

import { isUtf8 } from 'node:buffer';

/** Bytes in the character a UTF-8 sequence starting with `lead` encodes; 0 when none starts with it. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

export type SequenceVerdict = 'valid' | 'invalid' | 'incomplete';

/** Whether the bytes from `at` on start with a UTF-8 character (`incomplete`: `bytes` ends first). */
export function sequenceAt(bytes: Uint8Array, at: number): SequenceVerdict {
  const length = sequenceLength(bytes[at] ?? 0);
  if (length === 0) return 'invalid';
  if (at + length > bytes.length) return isPrefixOfUtf8(bytes.subarray(at)) ? 'incomplete' : 'invalid';
  return isUtf8(bytes.subarray(at, at + length)) ? 'valid' : 'invalid';
}

/** Bytes that a complete character could still follow: continuation bytes after the lead. (The
 * narrower ranges some second bytes need are left to isUtf8 once the character is complete.) */
const isPrefixOfUtf8 = (bytes: Uint8Array): boolean => bytes.subarray(1).every((byte) => byte >= 0x80 && byte <= 0xbf);

/** Index of the first byte that is not ASCII, or -1. */
export function firstNonAscii(bytes: Uint8Array): number {
  return bytes.findIndex((byte) => byte >= 0x80);
}

/** Index of the first byte not part of a complete UTF-8 character, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    if (sequenceAt(bytes, at) !== 'valid') return at;
    at += sequenceLength(bytes[at] ?? 0);
  }
  return -1;
}

/** Bytes at the end (0 to 3) that start a character not complete yet. */
export function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    // Continuation bytes: look further back for the byte the character starts with.
    if (byte >= 0x80 && byte <= 0xbf) continue;
    return sequenceAt(bytes, bytes.length - back) === 'incomplete' ? back : 0;
  }
  return 0;
}
