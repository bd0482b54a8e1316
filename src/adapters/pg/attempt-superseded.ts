// An attempt is superseded once its lead has been leased again after it: a preview the agent sat
// on past its lead's lease, whose lead another agent then took and dialled. The newer attempt
// owns the lead from then on: the old one is not dialled (its lead may now be resting after that
// dial, or in another call), and its close leaves the lead's status, next dial time and lease to
// the newer one.

/** SQL: true when attempt `attemptId` (a parameter) has a newer attempt on the lead `leadId` (a
 * parameter or column). A person calling back is no lease of the lead: their call supersedes none. */
export function supersededSql(attemptId: string, leadId: string): string {
  return `EXISTS (SELECT 1 FROM attempts me JOIN attempts newer ON newer.lead_id = me.lead_id AND newer.id <> me.id AND newer.created_at > me.created_at
    AND newer.direction = 'outbound' WHERE me.id = ${attemptId} AND me.lead_id = ${leadId})`;
}
