// Masks phone numbers in free text: every run of 7 or more digits keeps only its last digits
// (4 for 10+, 3 for 8-9, 2 for 7), enough to tell calls apart in a log, not to dial anyone.
// UUIDs and Asterisk unique ids ("1700000000.42") are left alone: they are identifiers we need,
// and so are the engine's own ids under their keys (`sessionId: "sup-ag1-1796521926098"`,
// `channelId`): their digits are a counter or a clock, and staff quote them back to the API.

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const DIGIT_RUN = '(?<![\\w.])\\d{7,}(?![\\w]|\\.\\d)';
const PATTERN = new RegExp(`${UUID}|${DIGIT_RUN}`, 'g');

function keptDigits(length: number): number {
  if (length >= 10) return 4;
  if (length >= 8) return 3;
  return 2;
}

export function maskDigitRun(digits: string): string {
  const keep = keptDigits(digits.length);
  return '*'.repeat(digits.length - keep) + digits.slice(-keep);
}

export function maskPhoneDigits(text: string): string {
  return text.replace(PATTERN, (match) => (match.includes('-') ? match : maskDigitRun(match)));
}

/** A number as people write it: digits with spaces, dashes, dots or brackets between them. */
const WRITTEN_NUMBER = /(?<![\w.])\+?\(?\d(?:[\s().-]{0,2}\d){6,}(?![\w])/g;
/** A date or a date and time (2024-01-15, 2024-01-15 09:30): not a number to mask. */
const DATE = /^\d{4}-\d{2}-\d{2}/;

/** Masks phone numbers in text people typed (a lead's fields): runs of 7 or more digits as
 * maskPhoneDigits does, and numbers written with spaces, dashes, dots or brackets ("(555) 010-0199",
 * "+1 555-010-0199"), keeping the last 4 digits and the punctuation. Dates are left alone. */
export function maskWrittenNumbers(text: string): string {
  return maskPhoneDigits(text).replace(WRITTEN_NUMBER, (match) => {
    if (DATE.test(match)) return match;
    const digits = match.replace(/\D/g, '').length;
    let hide = digits - 4;
    return match.replace(/\d/g, (digit) => (hide-- > 0 ? '*' : digit));
  });
}

/** Masks a value found under a phone-like key: numbers and strings alike, whatever their length. */
export function maskPhoneValue(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'bigint') return maskPhoneValue(String(value));
  if (typeof value !== 'string') return value;
  const masked = maskPhoneDigits(value);
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

/** Deep copy of plain objects and arrays with every string passed through maskPhoneDigits, but
 * the engine's identifiers under their keys. */
export function maskDeep(value: unknown, depth = 0, idKey = false): unknown {
  if (typeof value === 'string') return idKey && IDENTIFIER.test(value) ? value : maskPhoneDigits(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1, idKey));
  if (Object.getPrototypeOf(value) !== Object.prototype && !(value instanceof Error)) return value;
  if (value instanceof Error) return maskError(value);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = maskDeep(item, depth + 1, ENGINE_ID_KEY.test(key));
  return copy;
}

function maskError(error: Error): Error {
  const masked = maskPhoneDigits(error.message);
  if (masked === error.message) return error;
  const copy = new Error(masked, { cause: error.cause });
  copy.name = error.name;
  if (error.stack) copy.stack = maskPhoneDigits(error.stack);
  return Object.assign(copy, error, { message: masked });
}
