// A lead corrected by staff: its names, grade, stage, priority and time zone. A changed time zone
// changes when the lead may be called, so that change is written to the evidence log (the names
// are not: the log is append-only and a person's name must go when their data is erased).

import { DbError } from './db-error.js';
import { isLeadErased } from './erased-lead.js';
import type { LeadStage } from './disposition-catalog-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import type { LeadGrade } from './lead-repository.js';
import { withTransaction, type Pool } from './pool.js';

export interface LeadCorrection {
  firstName?: string | null;
  lastName?: string | null;
  grade?: LeadGrade;
  stage?: LeadStage;
  priority?: number;
  /** An IANA zone, or null to go back to the campaign's default. */
  timezone?: string | null;
}

const columns: Record<keyof LeadCorrection, string> = {
  firstName: 'first_name', lastName: 'last_name', grade: 'grade', stage: 'stage', priority: 'priority', timezone: 'timezone',
};

export async function correctLead(pool: Pool, input: { leadId: string; changes: LeadCorrection; by: string; now: Date }): Promise<void> {
  const keys = (Object.keys(input.changes) as (keyof LeadCorrection)[]).filter((key) => input.changes[key] !== undefined);
  await withTransaction(pool, async (client) => {
    const found = await client.query<{ campaign_id: string; timezone: string | null; other_time_zones: string[] | null }>(
      'SELECT campaign_id, timezone, other_time_zones FROM leads WHERE id = $1 FOR UPDATE', [input.leadId]);
    const lead = found.rows[0];
    if (!lead) throw new DbError('NOT_FOUND', `lead ${input.leadId}`);
    if (input.changes.firstName || input.changes.lastName) {
      if (await isLeadErased(client, input.leadId)) throw new DbError('INVALID_ARGUMENT', `lead ${input.leadId}'s data was erased at the person's request: no name is taken back in`);
    }
    if (keys.length === 0) return;
    const sets = keys.map((key, i) => `${columns[key]} = $${i + 3}`);
    // A zone set by hand is explicit, and the only one (the other zones the sources named are
    // dropped: staff found out where the person is); none falls back to the campaign's default.
    if (keys.includes('timezone')) sets.push(`timezone_source = ${input.changes.timezone ? "'explicit'" : 'NULL'}`, 'other_time_zones = NULL');
    await client.query(`UPDATE leads SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1`, [input.leadId, input.now, ...keys.map((key) => input.changes[key])]);
    if (keys.includes('timezone') && (input.changes.timezone !== lead.timezone || lead.other_time_zones !== null)) {
      await appendEvidence(client, {
        kind: 'lead_zone_changed', campaignId: String(lead.campaign_id), leadId: input.leadId, at: input.now,
        payload: { by: input.by, before: lead.timezone, after: input.changes.timezone ?? null, ...(lead.other_time_zones ? { otherZonesBefore: lead.other_time_zones } : {}) },
      });
    }
  });
}
