// A chunk of leads kept as a few large texts, not as objects or a string per lead: an import holds
// a hundred thousand rows or more in flight, and that many small long-lived values made garbage
// collection the largest cost of the reader. Rows are numbered 0.. within the chunk; a lead's
// database id is only known when the chunk is loaded, so the texts carry the row number instead.

import { standingConsent, type ConsentStatement } from '../../core/compliance/consent-statements.js';
import type { NormalisedLead } from './lead-row-normaliser.js';

/** Rows per text piece: large enough to be few, small enough to split quickly. */
const PIECE_ROWS = 1000;

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A Postgres text[] literal of plain values (zones, jurisdiction codes), or null when empty. */
const textArray = (values: readonly string[]): string | null => (values.length > 0 ? `{${values.map((value) => `"${value}"`).join(',')}}` : null);

/** A row's consent to prerecorded messages, as its cell gave it. */
export interface RowConsent {
  row: number;
  consent: boolean;
  /** The date it was given (YYYY-MM-DD), when the cell said. */
  givenOn: string | null;
}

export class ChunkRows {
  /** Each row's COPY columns from external_id to jurisdictions (see COPY_LEADS), one line per row;
   * its consent columns follow from consentCopyColumns. */
  readonly leadPieces: string[] = [];
  /** `row<TAB>e164<TAB>dial order` lines. */
  readonly phonePieces: string[] = [];
  // Each row's consent as plain values in columns, no object per row: whether its cell held a
  // value, the consent and its date.
  private readonly consentGiven: boolean[] = [];
  private readonly consentValues: boolean[] = [];
  private readonly consentDates: (string | null)[] = [];
  /** Zones and `priority<TAB>grade` levels of the rows: selection's catalogues of the list. */
  readonly zones = new Set<string>();
  readonly levels = new Set<string>();
  private readonly keyPieces: string[] = [];
  private readonly numberPieces: string[] = [];
  // The open piece, joined when full: growing one string with += would keep every part alive.
  private keyLines: string[] = [];
  private numberLines: string[] = [];
  private leadLines: string[] = [];
  private phoneLines: string[] = [];
  length = 0;
  /** File row numbers of the first and last lead, to name the rows of a chunk that fails to load. */
  firstRow = 0;
  lastRow = 0;
  /** Each row's file row number, to name a row left out as one the campaign already has. */
  readonly rowNumbers: number[] = [];

  add(lead: NormalisedLead): void {
    const row = this.length++;
    if (row === 0) this.firstRow = lead.rowNumber;
    this.lastRow = lead.rowNumber;
    this.rowNumbers.push(lead.rowNumber);
    this.leadLines.push(`${copyText(lead.externalId)}\t${copyText(lead.firstName)}\t${copyText(lead.lastName)}\t${copyText(JSON.stringify(lead.fields))}\t`
      + `${lead.grade}\t${lead.priority}\t${copyText(lead.timezone)}\t${lead.timezoneSource}\t${copyText(lead.postalCode)}\t${copyText(lead.dedupeKey)}\t`
      + `${copyText(textArray(lead.otherTimeZones))}\t${copyText(textArray(lead.jurisdictions))}`);
    lead.phones.forEach((e164, order) => {
      this.phoneLines.push(`${row}\t${e164}\t${order}`);
      this.numberLines.push(`"${e164}"`);
    });
    this.keyLines.push(JSON.stringify(lead.dedupeKey));
    this.consentGiven.push(lead.prerecordedConsentGiven);
    this.consentValues.push(lead.prerecordedConsent);
    this.consentDates.push(lead.prerecordedConsentOn);
    // A lead with no zone of its own is in no list's catalogue: selection probes those apart.
    if (lead.timezone !== null) this.zones.add(lead.timezone);
    for (const zone of lead.otherTimeZones) this.zones.add(zone);
    this.levels.add(`${lead.priority}\t${lead.grade}`);
    if (this.length % PIECE_ROWS === 0) this.endPiece();
  }

  /** The rows' dedupe keys as a JSON array, in row order. */
  keys(): string {
    return `[${this.keyPieces.join(',')}]`;
  }

  /** The rows' phone numbers (E.164, no quoting needed) as a JSON array. */
  phones(): string {
    return `[${this.numberPieces.join(',')}]`;
  }

  /** The consent the rows give, of those whose cell held a value, in row order. */
  *consents(): Generator<RowConsent> {
    for (let row = 0; row < this.length; row++) {
      if (this.consentGiven[row] === true) yield { row, consent: this.consentValues[row] === true, givenOn: this.consentDates[row] ?? null };
    }
  }

  /** A later row of the row's person says `later` of their consent: the row takes what stands
   * of what it said and that (standingConsent). */
  restateConsent(row: number, later: ConsentStatement): void {
    const earlier = this.consentGiven[row] === true ? { consent: this.consentValues[row] === true, givenOn: this.consentDates[row] ?? null } : null;
    const stands = earlier === null ? later : standingConsent(earlier, later);
    this.consentGiven[row] = true;
    this.consentValues[row] = stands.consent;
    this.consentDates[row] = stands.givenOn;
  }

  /** A row's COPY columns prerecorded_consent and prerecorded_consent_on. */
  consentCopyColumns(row: number): string {
    return `${this.consentValues[row] === true}\t${copyText(this.consentDates[row] ?? null)}`;
  }

  /** Closes the last piece; call once, after the last add. */
  seal(): this {
    this.endPiece();
    return this;
  }

  private endPiece(): void {
    if (this.keyLines.length === 0) return;
    this.leadPieces.push(this.leadLines.join('\n'));
    this.phonePieces.push(this.phoneLines.join('\n'));
    this.keyPieces.push(this.keyLines.join(','));
    this.numberPieces.push(this.numberLines.join(','));
    this.leadLines = [];
    this.phoneLines = [];
    this.keyLines = [];
    this.numberLines = [];
  }
}
