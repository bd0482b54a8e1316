// The consent to prerecorded messages of people a file names on several rows, when a later row is
// read after the chunk loading the person has gone (files of more than one chunk): what stands of
// those rows (standingConsent), given to the lead once the file is loaded. A later row read while
// the person's chunk is still open changes the chunk instead (ChunkRows.restateConsent).

import { standingConsent, type ConsentStatement } from '../../core/compliance/consent-statements.js';

const withdrawal: ConsentStatement = { consent: false, givenOn: null };

export class RestatedConsents {
  /** People who withdrew consent on a row read so far: no later row gives it back. */
  private readonly withdrawn = new Set<string>();
  private readonly restated = new Map<string, ConsentStatement>();

  /** A row of the person (`dedupeKey`) says this of their consent. */
  said(dedupeKey: string, statement: ConsentStatement): void {
    if (!statement.consent) this.withdrawn.add(dedupeKey);
  }

  /** A later row of the person, read after their chunk went, says this. */
  restate(dedupeKey: string, later: ConsentStatement): void {
    const earlier = this.restated.get(dedupeKey) ?? (this.withdrawn.has(dedupeKey) ? withdrawal : null);
    this.restated.set(dedupeKey, earlier === null ? later : standingConsent(earlier, later));
    this.said(dedupeKey, later);
  }

  /** What stands for each person restated after their chunk went. */
  statements(): ReadonlyMap<string, ConsentStatement> {
    return this.restated;
  }
}
