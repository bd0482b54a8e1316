// How the import will read an uploaded file, told from its start by the server's rule
// (lead-import-decoder.ts), so that the header row shown and the encoding sent are the ones the
// import uses: a byte order mark wins (UTF-8; UTF-16LE, which the import reads whatever encoding
// is sent); otherwise a file sent as UTF-8 is UTF-8 throughout when its first byte beyond ASCII
// starts a UTF-8 character, Windows-1252 throughout when not. A byte that is not UTF-8 later in a
// file read as UTF-8 does not change that: the import stops there.

const UTF8_MARK = [0xef, 0xbb, 0xbf];
const UTF16LE_MARK = [0xff, 0xfe];
const LF = 0x0a;

const startsWith = (bytes, mark) => mark.every((byte, i) => bytes[i] === byte);

/** Bytes in the character a UTF-8 sequence starting with `lead` encodes; 0 when none starts with it. */
function sequenceLength(lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** 'valid', 'invalid', or 'incomplete' (the bytes end inside a character that may be valid). */
function sequenceAt(bytes, at) {
  const length = sequenceLength(bytes[at]);
  if (length === 0) return 'invalid';
  const sequence = bytes.subarray(at, at + length);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sequence, { stream: sequence.length < length });
  } catch {
    return 'invalid';
  }
  return sequence.length < length ? 'incomplete' : 'valid';
}

/** The first byte not part of a UTF-8 character, or -1; at the end of a start (not `whole`), a
 * character cut off is not counted. */
function firstInvalidUtf8(bytes, whole) {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !whole });
    return -1;
  } catch {
    // Somewhere: found below.
  }
  for (let at = 0; at < bytes.length; at += sequenceLength(bytes[at])) {
    if (bytes[at] < 0x80) continue;
    const verdict = sequenceAt(bytes, at);
    if (verdict === 'invalid' || (verdict === 'incomplete' && whole)) return at;
  }
  return -1;
}

/** 'utf-8', 'windows-1252' or 'utf-16le'. `whole`: `bytes` is the whole file, not its start. */
function readAsOf(bytes, chosen, whole) {
  if (startsWith(bytes, UTF8_MARK)) return 'utf-8';
  if (startsWith(bytes, UTF16LE_MARK)) return 'utf-16le';
  if (chosen === 'windows-1252') return chosen;
  const first = bytes.findIndex((byte) => byte >= 0x80);
  if (first < 0) return 'utf-8';
  const verdict = sequenceAt(bytes, first);
  // Cut off by the end of the start read: the rest of the file decides, so the choice stands.
  if (verdict === 'incomplete' && !whole) return 'utf-8';
  return verdict === 'valid' ? 'utf-8' : 'windows-1252';
}

/** The line (from 1) of the first byte that stops a UTF-8 import, or null. */
function stopLine(bytes, whole) {
  const bad = firstInvalidUtf8(bytes, whole);
  return bad < 0 ? null : bytes.subarray(0, bad).filter((byte) => byte === LF).length + 1;
}

/**
 * The start of a file as the import will read it: `text`, `readAs`, the encoding to send
 * (`sendAs`: a UTF-16 file goes with the default), and `stopLine`, the line a UTF-8 import will
 * stop at (null if none in this start).
 */
export function readStart(bytes, chosen, whole) {
  const readAs = readAsOf(bytes, chosen, whole);
  // Not fatal: the header row is shown even when a line below it would stop the import.
  const text = new TextDecoder(readAs).decode(bytes, { stream: !whole });
  return {
    text, readAs, sendAs: readAs === 'utf-16le' ? 'utf-8' : readAs,
    stopLine: readAs === 'utf-8' ? stopLine(bytes, whole) : null,
  };
}
