// The evidence log's hash chain (migration 085): each entry's hash is the SHA-256 (hex) of the hash
// before it followed by the entry's content in one canonical text, the first entry following 64
// zeros. Checking a link is pure: the digest is given, as the content's text forms are read from
// the database (the timestamp to the microsecond, the payload in jsonb's own text form).

export const chainGenesisHash = '0'.repeat(64);

/** An entry's content as the chain hashes it, each field as text (null where the entry has none). */
export interface ChainedEntry {
  id: string;
  /** UTC to the microsecond: 2026-12-06T17:08:13.123456Z. */
  at: string;
  campaignId: string | null;
  kind: string;
  attemptId: string | null;
  leadId: string | null;
  /** The payload in PostgreSQL's jsonb text form. */
  payload: string;
}

/** One link read back: its position, the hash kept for it, and its entry (null when the entry is gone). */
export interface ChainLink {
  position: number;
  entryId: string;
  hash: string;
  entry: ChainedEntry | null;
}

export interface ChainPoint {
  position: number;
  hash: string;
}

export interface ChainBreak {
  /** Null for an entry that has no place in the chain. */
  position: number | null;
  entryId: string | null;
  reason: string;
}

const jsonText = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/** The JSON array [position, id, at, campaign_id, kind, attempt_id, lead_id, payload] as jsonb writes it. */
export function canonicalEntry(position: number, entry: ChainedEntry): string {
  return `[${[String(position), entry.id, jsonText(entry.at), entry.campaignId ?? 'null', jsonText(entry.kind),
    jsonText(entry.attemptId), entry.leadId ?? 'null', entry.payload].join(', ')}]`;
}

/** Whether `link` follows `previous`: where and why the chain breaks there, or null. */
export function checkLink(previous: ChainPoint, link: ChainLink, sha256: (text: string) => string): ChainBreak | null {
  const expected = previous.position + 1;
  if (link.position !== expected) {
    const missing = link.position - 1 === expected ? `the entry at position ${expected} is` : `the entries at positions ${expected} to ${link.position - 1} are`;
    return { position: expected, entryId: null, reason: `the chain skips from position ${previous.position} to ${link.position}: ${missing} missing` };
  }
  if (link.entry === null) {
    return { position: link.position, entryId: link.entryId, reason: `entry ${link.entryId} at position ${link.position} is no longer in the evidence log` };
  }
  if (sha256(previous.hash + canonicalEntry(link.position, link.entry)) !== link.hash) {
    return { position: link.position, entryId: link.entryId, reason: `entry ${link.entryId} at position ${link.position} does not match its hash: the entry or its hash was changed after it was written` };
  }
  return null;
}

/** Whether the walk ended where the chain's head says it does. */
export function checkEnd(last: ChainPoint, head: ChainPoint): ChainBreak | null {
  if (last.position < head.position) {
    return { position: last.position + 1, entryId: null, reason: `the chain was sealed up to position ${head.position} but ends at ${last.position}: the entries after it were removed` };
  }
  if (last.hash !== head.hash) {
    return { position: last.position, entryId: null, reason: `the chain's last hash ${last.hash} is not the one sealed (${head.hash})` };
  }
  return null;
}
