// Masks phone numbers in free text (a log line, a note, a lead's field, an evidence payload): a
// number however people write it ("+1 212 555 0100", "(212) 555-0100", "00442079460958",
// "212.555.0100") keeps only its last digits (4 of 10 or more, 3 of 8-9, 2 of 7) and its
// punctuation, enough to tell calls apart, not to dial anyone. The engine's own ids are left whole,
// wherever they stand: staff quote them back to the API. They are UUIDs, the PBX's unique ids (the
// clock's seconds, a dot, a counter: "1733400000.123") and the ids the engine names its channels,
// bridges, playbacks, recordings and supervision sessions with ("sup-ag1-1796521926098").
// Dates, times and IPv4 addresses are not numbers either. A number may be followed straight by
// its extension ("212-555-0100x204"): it is masked all the same.

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const PBX_UNIQUE_ID = '1\\d{9}\\.\\d+';
/** The prefixes of the ids in ../ari/channel-ids.ts and of supervision sessions, before a UUID or
 * an agent's id and a counter: a letter or a dash comes before the first part ends. A lone number
 * after one of those words (`agent-07700900123`, a dial string's) is no id of the engine's. */
const ENGINE_NAMED_ID = '(?:sup|agent|hold|third-party|pb|outpace)-(?=[\\w.;]*[A-Za-z_-])[\\w.;-]*[A-Za-z0-9]';
const DATE_TIME = '\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?|\\d{1,2}[./]\\d{1,2}[./]\\d{4}';
const IPV4 = '\\d{1,3}(?:\\.\\d{1,3}){3}';
/** Kept whole: not preceded by a letter, digit, dot or dash, and not followed by one or by ".<digit>". */
const KEPT = `(?<![\\w.-])(?:${UUID}|${PBX_UNIQUE_ID}|${ENGINE_NAMED_ID}|${DATE_TIME}|${IPV4})(?!\\w|\\.\\d)`;
/** An extension written straight after a number (`x204`, `ext.12`): the number before it is masked. */
const EXTENSION = '(?:[eE][xX][tT]|[xX])\\.?\\s*\\d';
/** Seven or more digits with up to two spaces, dashes, dots or brackets between any two, not
 * straight after a letter or digit nor a figure's decimal point (`Tel.` and `No.` may come
 * before), and followed by no letter or digit but an extension's. */
const WRITTEN_NUMBER = `(?<!\\w|\\d\\.)\\+?\\(?\\d(?:[\\s().-]{0,2}\\d){6,}(?=${EXTENSION}|(?!\\w))`;
const TEXT = new RegExp(`(${KEPT})|${WRITTEN_NUMBER}`, 'g');

function keptDigits(length: number): number {
  if (length >= 10) return 4;
  if (length >= 8) return 3;
  return 2;
}

/** A number's digits hidden but its last few, its punctuation as written. */
function maskedNumber(written: string): string {
  let hide = written.replace(/\D/g, '').length;
  hide -= keptDigits(hide);
  return written.replace(/\d/g, (digit) => (hide-- > 0 ? '*' : digit));
}

/** A plain run of digits (an E.164 number without its `+`) with all but its last digits hidden. */
export function maskDigitRun(digits: string): string {
  return maskedNumber(digits);
}

/** Free text with every phone number in it masked, and the engine's ids, dates, times and IPv4
 * addresses left as they are. */
export function maskNumbersInText(text: string): string {
  return text.replace(TEXT, (match, kept: string | undefined) => (kept === undefined ? maskedNumber(match) : match));
}

/** Masks a value found under a phone-like key: numbers and strings alike, whatever their length. */
export function maskPhoneValue(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'bigint') return maskPhoneValue(String(value));
  if (typeof value !== 'string') return value;
  const masked = maskNumbersInText(value);
  if (masked !== value || value.includes('*')) return masked; // '*': masked already by the formatter
  // Short or formatted numbers ("555 0100") are masked whole under a phone-like key.
  return value.replace(/\d(?=(?:\D*\d){2})/g, '*');
}

/** Keys of identifiers the engine makes (`sessionId`, `customerChannelId`, `bridge_ids`): their
 * digits are a counter or a clock. Ids people give (an agent's, a lead's external id) and caller
 * ids are not among them: those may hold a number. */
const ENGINE_ID_KEY = /^(?:session|(?:[a-z]+C|c)hannel|bridge|playback|snoop|call|node|delivery|job)(?:Id|_id)s?$/;
/** An identifier as the engine makes them: starting with a letter, then letters, digits, `_ . -`.
 * A number, however written, starts with a digit, `+` or a bracket. */
const IDENTIFIER = /^[A-Za-z][\w.-]*$/;

/** Deep copy of plain objects and arrays with every string passed through maskNumbersInText, but
 * the engine's identifiers under their keys, and the values under the keys `keptWhole` names. */
export function maskDeep(value: unknown, keptWhole: (key: string) => boolean = () => false): unknown {
  return maskedCopy(value, keptWhole, 0, false);
}

function maskedCopy(value: unknown, keptWhole: (key: string) => boolean, depth: number, idKey: boolean): unknown {
  if (typeof value === 'string') return idKey && IDENTIFIER.test(value) ? value : maskNumbersInText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskedCopy(item, keptWhole, depth + 1, idKey));
  if (Object.getPrototypeOf(value) !== Object.prototype && !(value instanceof Error)) return value;
  if (value instanceof Error) return maskError(value);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = keptWhole(key) ? item : maskedCopy(item, keptWhole, depth + 1, ENGINE_ID_KEY.test(key));
  }
  return copy;
}

/** An error with numbers masked in its message, stack, other text fields (a database error's
 * `detail` quotes the row it refused) and cause; the error itself when it holds none. */
function maskError(error: Error, depth = 0): Error {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    const masked = typeof value === 'string' ? maskNumbersInText(value) : value;
    if (masked !== value) fields[key] = masked;
  }
  const cause = error.cause instanceof Error && depth < 4 ? maskError(error.cause, depth + 1) : error.cause;
  const message = maskNumbersInText(error.message);
  const stack = error.stack === undefined ? undefined : maskNumbersInText(error.stack);
  if (message === error.message && stack === error.stack && cause === error.cause && Object.keys(fields).length === 0) return error;
  const copy = new Error(message, { cause });
  copy.name = error.name;
  if (stack !== undefined) copy.stack = stack;
  const masked = Object.assign(copy, error, fields, { message });
  // A cause assigned as a plain field was copied over whole: the masked one stands.
  if (cause !== undefined) masked.cause = cause;
  return masked;
}
