// What lead selection leases of a campaign at an instant, by external id, each lead first checked
// against the explainer: the two must agree on which leads are dialable then.

import type pg from 'pg';
import { expect } from 'vitest';
import { explainLead } from '../../../src/adapters/pg/lead-explainer.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';

export async function leasedAt(pool: pg.Pool, campaignId: string, at: string): Promise<string[]> {
  const now = new Date(at);
  const ids = await pool.query<{ id: string; external_id: string }>('SELECT id, external_id FROM leads WHERE campaign_id = $1', [campaignId]);
  const eligible = new Set<string>();
  for (const row of ids.rows) if ((await explainLead(pool, String(row.id), now))?.eligible) eligible.add(row.external_id);
  const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 100, nodeId: 'n1', now, leaseMs: 60_000 });
  const byId = new Map(ids.rows.map((row) => [String(row.id), row.external_id]));
  const names = leased.map((l) => byId.get(l.leadId) ?? '?').sort();
  expect(names).toEqual([...eligible].sort());
  return names;
}
