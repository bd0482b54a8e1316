// The append-only evidence log: what the engine did that a regulator may ask about (abandons,
// safe-harbor plays, opt-outs, DNC additions, pacing limits). The database rejects changes.

import type { EvidenceKind } from './evidence-kinds.js';
import type { Queryable } from './pool.js';

export interface EvidenceInput {
  kind: EvidenceKind;
  campaignId?: string | null;
  attemptId?: string | null;
  leadId?: string | null;
  payload?: Record<string, unknown>;
  /** Defaults to the database clock. */
  at?: Date;
}

export interface EvidenceEntry {
  id: string;
  at: Date;
  campaignId: string | null;
  kind: string;
  attemptId: string | null;
  leadId: string | null;
  payload: Record<string, unknown>;
}

interface EvidenceRow {
  id: string;
  at: Date;
  campaign_id: string | null;
  kind: string;
  attempt_id: string | null;
  lead_id: string | null;
  payload: Record<string, unknown>;
  /** Only where read with its link of the chain (exports). */
  hash?: string | null;
}

/** An entry with its hash in the chain (migrations 085, 090); null while it awaits its seal, which
 * follows its commit within the nodes' seal interval. */
export type ChainedEvidenceEntry = EvidenceEntry & { hash: string | null };

const toEntry = (row: EvidenceRow): EvidenceEntry => ({
  id: String(row.id),
  at: row.at,
  campaignId: row.campaign_id === null ? null : String(row.campaign_id),
  kind: row.kind,
  attemptId: row.attempt_id,
  leadId: row.lead_id === null ? null : String(row.lead_id),
  payload: row.payload,
});

const toChainedEntry = (row: EvidenceRow): ChainedEvidenceEntry => ({ ...toEntry(row), hash: row.hash ?? null });

/** The entries' columns with each one's hash: of `evidence_log e`, joined to its link. */
const withHash = 'e.*, c.hash FROM evidence_log e LEFT JOIN evidence_chain c ON c.evidence_id = e.id';

export async function appendEvidence(db: Queryable, entry: EvidenceInput): Promise<EvidenceEntry> {
  const result = await db.query<EvidenceRow>(
    `INSERT INTO evidence_log (at, campaign_id, kind, attempt_id, lead_id, payload)
     VALUES (coalesce($1, now()), $2, $3, $4, $5, $6) RETURNING *`,
    [entry.at ?? null, entry.campaignId ?? null, entry.kind, entry.attemptId ?? null, entry.leadId ?? null, JSON.stringify(entry.payload ?? {})],
  );
  const row = result.rows[0];
  if (!row) throw new Error('evidence insert returned no row');
  return toEntry(row);
}

export interface EvidenceQuery {
  campaignId: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  kinds?: readonly string[];
  batchSize?: number;
}

/** Streams a campaign's evidence for [from, to) in order with each entry's hash, in batches (keyset paging by id). */
export async function* exportEvidence(db: Queryable, query: EvidenceQuery): AsyncGenerator<ChainedEvidenceEntry> {
  const batchSize = query.batchSize ?? 1000;
  let afterId = '0';
  for (;;) {
    const result = await db.query<EvidenceRow>(
      `SELECT ${withHash}
       WHERE e.campaign_id = $1 AND e.at >= $2 AND e.at < $3 AND e.id > $4 AND ($5::text[] IS NULL OR e.kind = ANY($5))
       ORDER BY e.id LIMIT $6`,
      [query.campaignId, query.from, query.to, afterId, query.kinds ?? null, batchSize],
    );
    for (const row of result.rows) yield toChainedEntry(row);
    const last = result.rows.at(-1);
    if (!last || result.rows.length < batchSize) return;
    afterId = String(last.id);
  }
}

/** The whole export as an array, for small ranges and tests. */
export async function listEvidence(db: Queryable, query: EvidenceQuery): Promise<EvidenceEntry[]> {
  const entries: EvidenceEntry[] = [];
  for await (const { hash: _hash, ...entry } of exportEvidence(db, query)) entries.push(entry);
  return entries;
}

export interface EvidencePageQuery {
  campaignId: string;
  from?: Date;
  to?: Date;
  kinds?: readonly string[];
  /** The page after one whose last entry had this id. */
  beforeId?: string;
  limit: number;
}

/** A campaign's evidence newest first, a page at a time (keyset paging by id). */
export async function evidencePage(db: Queryable, query: EvidencePageQuery): Promise<EvidenceEntry[]> {
  const result = await db.query<EvidenceRow>(
    `SELECT * FROM evidence_log
     WHERE campaign_id = $1 AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
       AND ($4::text[] IS NULL OR kind = ANY($4)) AND ($5::bigint IS NULL OR id < $5)
     ORDER BY id DESC LIMIT $6`,
    [query.campaignId, query.from ?? null, query.to ?? null, query.kinds ?? null, query.beforeId ?? null, query.limit],
  );
  return result.rows.map(toEntry);
}

export interface NumberEvidenceQuery extends Omit<EvidencePageQuery, 'campaignId'> {
  /** The number, E.164. */
  e164: string;
}

/** One way an entry is about a number, a query of `evidence_log e` narrowed by $2..$5 as
 * evidencePage's are, each read newest first through its own index (migrations 081, 108, 110). */
const aboutNumber = [
  // Entries naming it: dials checked or blocked, abandons, dials by hand, DNC additions and removals.
  `SELECT e.id FROM evidence_log e WHERE e.payload->>'e164' = $1`,
  // Entries of calls to it that do not name it: DNC by disposition, recordings, supervision.
  `SELECT e.id FROM attempts a JOIN evidence_log e ON e.attempt_id = a.id WHERE a.e164 = $1 AND e.attempt_id IS NOT NULL`,
  // Entries about a lead with it and no call: its erasure, its zone changed.
  `SELECT e.id FROM lead_phones p JOIN evidence_log e ON e.lead_id = p.lead_id WHERE p.e164 = $1 AND e.attempt_id IS NULL`,
  // A national registry's full load that took it off the global list: the entry counts the numbers
  // and names the load, which keeps them (migration 108).
  `SELECT e.id FROM dnc_registry_load_removals r JOIN evidence_log e ON e.payload->>'loadId' = r.load_id::text
     AND e.kind = 'dnc_removed' AND e.payload->>'loadId' IS NOT NULL WHERE r.e164 = $1`,
  // A list imported from a file, or a national registry's load, that put it on a list: the entry
  // counts the numbers and names the import, which keeps those it added (migration 110).
  `SELECT e.id FROM dnc_import_numbers n JOIN evidence_log e ON e.payload->>'importId' = n.import_id::text
     AND e.kind = 'dnc_list_imported' AND e.payload->>'importId' IS NOT NULL WHERE n.e164 = $1`,
];

/** Every campaign's evidence about a number newest first, a page at a time (keyset paging by id). */
export async function evidenceAboutNumber(db: Queryable, query: NumberEvidenceQuery): Promise<EvidenceEntry[]> {
  return (await rowsAboutNumber(db, query)).map(toEntry);
}

async function rowsAboutNumber(db: Queryable, query: NumberEvidenceQuery): Promise<EvidenceRow[]> {
  const narrowed = aboutNumber.map((found) => `(${found}
       AND ($2::timestamptz IS NULL OR e.at >= $2) AND ($3::timestamptz IS NULL OR e.at < $3)
       AND ($4::text[] IS NULL OR e.kind = ANY($4)) AND ($5::bigint IS NULL OR e.id < $5)
     ORDER BY e.id DESC LIMIT $6)`);
  const result = await db.query<EvidenceRow>(
    `SELECT ${withHash} WHERE e.id IN (${narrowed.join(' UNION ')}) ORDER BY e.id DESC LIMIT $6`,
    [query.e164, query.from ?? null, query.to ?? null, query.kinds ?? null, query.beforeId ?? null, query.limit],
  );
  return result.rows;
}

/** Streams every campaign's evidence about a number for [from, to), newest first with each entry's hash, in batches. */
export async function* exportEvidenceAboutNumber(db: Queryable, query: Omit<NumberEvidenceQuery, 'beforeId' | 'limit'> & { batchSize?: number }): AsyncGenerator<ChainedEvidenceEntry> {
  const { batchSize = 1000, ...filters } = query;
  let beforeId: string | undefined;
  for (;;) {
    const page = (await rowsAboutNumber(db, { ...filters, ...(beforeId ? { beforeId } : {}), limit: batchSize })).map(toChainedEntry);
    yield* page;
    if (page.length < batchSize) return;
    beforeId = page.at(-1)?.id;
  }
}
