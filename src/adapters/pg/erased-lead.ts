// Whether a lead's data was erased at the person's request: its `lead_erased` evidence says so
// (the lead row itself keeps nothing that would tell). One test for every reader and writer.

import type { Queryable } from './pool.js';

/** SQL: whether the lead whose id is the SQL expression `leadId` was erased (on evidence_log_erased_lead_idx). */
export const leadErasedSql = (leadId: string): string =>
  `EXISTS (SELECT 1 FROM evidence_log erasure WHERE erasure.kind = 'lead_erased' AND erasure.lead_id = ${leadId})`;

/** Whether the lead was erased. Writers of personal data about a lead (notes, callbacks, CRM
 * posts) ask, under the lead's lock, so none lands after the erasure. */
export async function isLeadErased(db: Queryable, leadId: string): Promise<boolean> {
  const result = await db.query<{ erased: boolean }>(`SELECT ${leadErasedSql('$1::bigint')} AS erased`, [leadId]);
  return result.rows[0]?.erased === true;
}
