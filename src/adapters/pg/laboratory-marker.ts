// Whether this database is a laboratory, one that only ever dials a simulated PBX: there custom
// calling hours stand as set whatever a campaign's rules (see migration 066). Kept in the database,
// not in a node's settings, so that every node dialling the campaigns reads the same hours.

import { appendEvidence } from './evidence-log-repository.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

/** The marker as a column, for queries that read a campaign's dial rules. */
export const laboratoryColumn = '(SELECT laboratory FROM installation) AS laboratory';

export interface LaboratoryMarker {
  laboratory: boolean;
  changedAt: Date;
  changedBy: string;
}

export async function readLaboratoryMarker(db: Queryable): Promise<LaboratoryMarker> {
  const { rows } = await db.query<{ laboratory: boolean; changed_at: Date; changed_by: string }>(
    'SELECT laboratory, changed_at, changed_by FROM installation');
  const row = rows[0];
  if (!row) return { laboratory: false, changedAt: new Date(0), changedBy: 'nobody' };
  return { laboratory: row.laboratory, changedAt: row.changed_at, changedBy: row.changed_by };
}

/** Marks the database a laboratory or not, with an evidence entry (of no campaign: it is every
 * campaign's hours) saying who changed it from what. */
export async function markLaboratory(pool: Pool, input: { laboratory: boolean; by: string }): Promise<LaboratoryMarker> {
  return withTransaction(pool, async (client) => {
    const before = await client.query<{ laboratory: boolean }>('SELECT laboratory FROM installation FOR UPDATE');
    const { rows } = await client.query<{ laboratory: boolean; changed_at: Date; changed_by: string }>(
      `UPDATE installation SET laboratory = $1, changed_at = now(), changed_by = $2 RETURNING laboratory, changed_at, changed_by`,
      [input.laboratory, input.by]);
    const row = rows[0];
    if (!row) throw new Error('the installation row is missing: run `outpace migrate`');
    await appendEvidence(client, { kind: 'laboratory_marked', payload: { by: input.by, before: before.rows[0]?.laboratory ?? false, after: row.laboratory } });
    return { laboratory: row.laboratory, changedAt: row.changed_at, changedBy: row.changed_by };
  });
}
