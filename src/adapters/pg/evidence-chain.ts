// The evidence log's hash chain (migrations 085, 090): sealing what is committed and not yet linked
// (the nodes do it every moment; the verification and the exports first), and walking the chain in
// batches from its first entry to the head sealed when the walk starts, recomputing each hash: OK
// with the count and the last hash, or the first place it breaks and why. Entries written after the
// walk starts are left to the next one.

import { createHash } from 'node:crypto';
import { chainGenesisHash, checkEnd, checkLink, type ChainBreak, type ChainLink, type ChainPoint } from '../../core/compliance/evidence-chain.js';
import type { Queryable } from './pool.js';

export type ChainVerification =
  /** `awaitingSeal`: entries committed moments ago that another sealer is linking (see unchainedEntries). */
  | { ok: true; entries: number; lastHash: string; awaitingSeal: number }
  /** `entries` and `lastHash`: how far the chain held before it broke. */
  | { ok: false; entries: number; lastHash: string; awaitingSeal: number; broken: ChainBreak };

/** Entries one call of the seal links at most. */
export const sealBatch = 5000;

/** Links every committed, unsealed entry (in batches); the entries linked. 0 when another sealer
 * is running: it links them. Runs in READ COMMITTED, outside any transaction of the caller's. */
export async function sealEvidenceChain(db: Queryable, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? sealBatch;
  let total = 0;
  for (;;) {
    const result = await db.query<{ sealed: number }>('SELECT evidence_chain_seal($1) AS sealed', [batchSize]);
    const sealed = result.rows[0]?.sealed ?? 0;
    total += sealed;
    if (sealed < batchSize) return total;
  }
}

interface LinkRow {
  position: string;
  evidence_id: string;
  hash: string;
  id: string | null;
  at: string;
  campaign_id: string | null;
  kind: string;
  attempt_id: string | null;
  lead_id: string | null;
  payload: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const toLink = (row: LinkRow): ChainLink => ({
  position: Number(row.position), entryId: row.evidence_id, hash: row.hash,
  entry: row.id === null ? null : { id: row.id, at: row.at, campaignId: row.campaign_id, kind: row.kind, attemptId: row.attempt_id, leadId: row.lead_id, payload: row.payload },
});

async function sealedHead(db: Queryable): Promise<ChainPoint> {
  const result = await db.query<{ position: string; hash: string }>('SELECT position, hash FROM evidence_chain_head');
  const row = result.rows[0];
  return row ? { position: Number(row.position), hash: row.hash } : { position: 0, hash: chainGenesisHash };
}

async function links(db: Queryable, after: number, upTo: number, limit: number): Promise<ChainLink[]> {
  const result = await db.query<LinkRow>(
    `SELECT c.position, c.evidence_id, c.hash, e.id::text AS id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
            e.campaign_id::text AS campaign_id, e.kind, e.attempt_id::text AS attempt_id, e.lead_id::text AS lead_id, e.payload::text AS payload
     FROM evidence_chain c LEFT JOIN evidence_log e ON e.id = c.evidence_id
     WHERE c.position > $1 AND c.position <= $2 ORDER BY c.position LIMIT $3`,
    [after, upTo, limit],
  );
  return result.rows.map(toLink);
}

/** The entries of the log with no link after the seal, judged by the seal's watermark (migration
 * 090), not by their time: an entry's `at` is when it happened, which may be long before its
 * commit (a node's writes kept while the database was away, an import's time). One at or above the
 * watermark is awaiting its seal: another sealer was linking it as this one ran, or it committed
 * since. One below is a break: the seal passed it by (given an id below the watermark), or its
 * link was removed. Read in one statement, the watermark as of the same moment as the links. */
async function unchainedEntries(db: Queryable): Promise<{ awaiting: number; old: ChainBreak | null }> {
  const result = await db.query<{ awaiting: number; old: string | null }>(
    `SELECT count(*) FILTER (WHERE e.id >= w.unsealed_from)::int AS awaiting,
            min(e.id) FILTER (WHERE e.id < w.unsealed_from)::text AS old
     FROM (SELECT coalesce((SELECT unsealed_from FROM evidence_chain_head), 1) AS unsealed_from) w
     JOIN evidence_log e ON NOT EXISTS (SELECT 1 FROM evidence_chain c WHERE c.evidence_id = e.id)`);
  const row = result.rows[0];
  const id = row?.old ?? null;
  return {
    awaiting: row?.awaiting ?? 0,
    old: id === null ? null : { position: null, entryId: id, reason: `entry ${id} is in the evidence log but not in its chain, though the seal has passed its id: it was never sealed, or its link was removed` },
  };
}

/** Seals what is pending, then walks the chain. */
export async function verifyEvidenceChain(db: Queryable, options: { batchSize?: number } = {}): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 5000;
  await sealEvidenceChain(db);
  const head = await sealedHead(db);
  const unchained = await unchainedEntries(db);
  let last: ChainPoint = { position: 0, hash: chainGenesisHash };
  const awaitingSeal = unchained.awaiting;
  const broken = (found: ChainBreak): ChainVerification => ({ ok: false, entries: last.position, lastHash: last.hash, awaitingSeal, broken: found });
  for (;;) {
    const batch = await links(db, last.position, head.position, batchSize);
    for (const link of batch) {
      const found = checkLink(last, link, sha256);
      if (found) return broken(found);
      last = { position: link.position, hash: link.hash };
    }
    if (batch.length < batchSize) break;
  }
  const found = checkEnd(last, head) ?? unchained.old;
  return found ? broken(found) : { ok: true, entries: last.position, lastHash: last.hash, awaitingSeal };
}
