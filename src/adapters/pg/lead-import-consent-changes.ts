// How many leads the campaign had before an import end the import with a consent to prerecorded
// messages other than the one they had. One lead's consent can change twice in one import: by the
// chunk that finds the person already in the campaign, then by a later row of theirs read after
// that chunk went (RestatedConsents), possibly back to what it was. A lead the import itself added
// changes too when a later row restates it, but it was not in the campaign before: its consent is
// its first, what stands of its rows, so it is not counted (nor logged as a change: lead-import-chunk.ts).

/** A lead's consent to prerecorded messages as stored: whether, and since when (YYYY-MM-DD). */
export interface StoredConsent {
  consent: boolean;
  on: string | null;
}

/** One change the import made to the consent of a lead (by the person's dedupe key). */
export interface ConsentChange {
  key: string;
  /** The lead was in the campaign before the import (read off the lead, so known even when the
   * chunk naming the person first failed). */
  preExisting: boolean;
  before: StoredConsent;
  after: StoredConsent;
}

const same = (a: StoredConsent, b: StoredConsent): boolean => a.consent === b.consent && a.on === b.on;

export class ConsentChanges {
  /** People the campaign had before the import, of those whose consent changed. */
  private readonly preExisting = new Set<string>();
  /** Each changed lead's consent before its first change and after its last. */
  private readonly changes = new Map<string, { before: StoredConsent; after: StoredConsent }>();

  /** The import made these changes, in this order after those noted before. */
  made(changes: Iterable<ConsentChange>): void {
    for (const { key, preExisting, before, after } of changes) {
      if (preExisting) this.preExisting.add(key);
      const first = this.changes.get(key);
      this.changes.set(key, { before: first?.before ?? before, after });
    }
  }

  /** Leads in the campaign before the import whose consent now differs from what it was. */
  count(): number {
    let count = 0;
    for (const [key, { before, after }] of this.changes) {
      if (this.preExisting.has(key) && !same(before, after)) count++;
    }
    return count;
  }
}
