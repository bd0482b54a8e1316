// Lead selection: the "hopper" is a query. One statement (one transaction) picks due leads of a
// campaign in dial order, skips rows other nodes are leasing right now (SKIP LOCKED), leases them
// to this node and writes one attempt row per lead before anything is dialled.
//
// Kept in its own file on purpose: calling windows, time zones and per-number caps extend the
// WHERE clause here. The partial index leads_due_idx matches the ORDER BY so LIMIT stops early.

import type { Queryable } from './pool.js';

export interface LeaseRequest {
  campaignId: string;
  count: number;
  nodeId: string;
  now: Date;
  /** How long the lead stays ours without the attempt being closed (crash safety). */
  leaseMs: number;
  /** Set when the call is for one agent (preview, personal callback). */
  agentId?: string | null;
}

export interface LeasedAttempt {
  attemptId: string;
  leadId: string;
  phoneId: string;
  e164: string;
}

const LEASE_SQL = `
WITH picked AS (
  SELECT l.id AS lead_id, p.id AS phone_id, p.e164, l.priority, l.grade, l.next_dial_at
  FROM leads l
  CROSS JOIN LATERAL (
    -- The first enabled phone of the lead that is not on a DNC list.
    SELECT ph.id, ph.e164
    FROM lead_phones ph
    WHERE ph.lead_id = l.id
      AND NOT ph.disabled
      AND NOT EXISTS (
        SELECT 1 FROM dnc_entries d
        WHERE d.e164 = ph.e164
          AND (d.campaign_id IS NULL OR d.campaign_id = $1)
          AND (d.expires_at IS NULL OR d.expires_at > $2)
      )
    ORDER BY ph.dial_order, ph.id
    LIMIT 1
  ) p
  WHERE l.campaign_id = $1
    AND l.status IN ('new', 'retry', 'callback')
    AND l.next_dial_at <= $2
    AND (l.leased_until IS NULL OR l.leased_until < $2)
    AND EXISTS (SELECT 1 FROM lists li WHERE li.id = l.list_id AND li.active)
  ORDER BY l.priority DESC, l.grade, l.next_dial_at
  LIMIT $3
  FOR UPDATE OF l SKIP LOCKED
),
leased AS (
  UPDATE leads SET leased_by = $4, leased_until = $5, updated_at = $2
  FROM picked WHERE leads.id = picked.lead_id
  RETURNING leads.id
),
created AS (
  INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, agent_id, status, created_at, node_id)
  SELECT $1, picked.lead_id, picked.phone_id, picked.e164, $6, 'created', $2, $4
  FROM picked JOIN leased ON leased.id = picked.lead_id
  RETURNING id, lead_id, phone_id, e164
)
SELECT created.id AS attempt_id, created.lead_id, created.phone_id, created.e164
FROM created JOIN picked ON picked.lead_id = created.lead_id
ORDER BY picked.priority DESC, picked.grade, picked.next_dial_at`;

/** Leases up to `count` due leads and creates their attempts; fewer (or none) when fewer are due. */
export async function leaseLeadsAndCreateAttempts(db: Queryable, request: LeaseRequest): Promise<LeasedAttempt[]> {
  if (request.count <= 0) return [];
  const leasedUntil = new Date(request.now.getTime() + request.leaseMs);
  const result = await db.query<{ attempt_id: string; lead_id: string; phone_id: string; e164: string }>(LEASE_SQL, [
    request.campaignId, request.now, request.count, request.nodeId, leasedUntil, request.agentId ?? null,
  ]);
  return result.rows.map((row) => ({
    attemptId: row.attempt_id,
    leadId: String(row.lead_id),
    phoneId: String(row.phone_id),
    e164: row.e164,
  }));
}
