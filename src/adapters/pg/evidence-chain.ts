// Walks the evidence log's hash chain (migration 085) in batches from its first entry to the head
// sealed when the walk starts, recomputing each hash: OK with the count and the last hash, or the
// first place it breaks and why. Entries written after the walk starts are left to the next one.

import { createHash } from 'node:crypto';
import { chainGenesisHash, checkEnd, checkLink, type ChainBreak, type ChainLink, type ChainPoint } from '../../core/compliance/evidence-chain.js';
import type { Queryable } from './pool.js';

export type ChainVerification =
  | { ok: true; entries: number; lastHash: string }
  /** `entries` and `lastHash`: how far the chain held before it broke. */
  | { ok: false; entries: number; lastHash: string; broken: ChainBreak };

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

/** An entry of the log with no link: written with the seal turned off. */
async function unchainedEntry(db: Queryable): Promise<ChainBreak | null> {
  const result = await db.query<{ id: string }>(
    'SELECT e.id FROM evidence_log e WHERE NOT EXISTS (SELECT 1 FROM evidence_chain c WHERE c.evidence_id = e.id) ORDER BY e.id LIMIT 1');
  const id = result.rows[0]?.id;
  return id === undefined ? null : { position: null, entryId: String(id), reason: `entry ${id} is in the evidence log but not in its chain: it was written with the chain's trigger turned off` };
}

export async function verifyEvidenceChain(db: Queryable, options: { batchSize?: number } = {}): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 5000;
  const head = await sealedHead(db);
  let last: ChainPoint = { position: 0, hash: chainGenesisHash };
  const broken = (found: ChainBreak): ChainVerification => ({ ok: false, entries: last.position, lastHash: last.hash, broken: found });
  for (;;) {
    const batch = await links(db, last.position, head.position, batchSize);
    for (const link of batch) {
      const found = checkLink(last, link, sha256);
      if (found) return broken(found);
      last = { position: link.position, hash: link.hash };
    }
    if (batch.length < batchSize) break;
  }
  const found = checkEnd(last, head) ?? await unchainedEntry(db);
  return found ? broken(found) : { ok: true, entries: last.position, lastHash: last.hash };
}
