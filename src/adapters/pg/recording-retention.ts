// Recordings the PBX is to delete: those past the retention, found by the age of their call, and
// those of a lead whose personal data is erased (at the erasure, and again later for any the PBX
// refused then). Each is marked deleted once the PBX has let it
// go, with one evidence entry per campaign saying how many and why.

import { leadErasedSql } from './erased-lead.js';
import { appendEvidence } from './evidence-log-repository.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface KeptRecording {
  attemptId: string;
  campaignId: string;
  name: string;
}

interface KeptRow {
  id: string;
  campaign_id: string;
  recording_name: string;
}

const toKept = (r: KeptRow): KeptRecording => ({ attemptId: r.id, campaignId: String(r.campaign_id), name: r.recording_name });

/** Recordings still kept of calls that ended before `before`, oldest first. */
export async function recordingsOlderThan(db: Queryable, before: Date, limit: number): Promise<KeptRecording[]> {
  const result = await db.query<KeptRow>(
    `SELECT id, campaign_id, recording_name FROM attempts
     WHERE recording_name IS NOT NULL AND recording_purged_at IS NULL AND ended_at < $1
     ORDER BY ended_at LIMIT $2`,
    [before, limit],
  );
  return result.rows.map(toKept);
}

/** Recordings still kept of a lead's calls. */
export async function recordingsOfLead(db: Queryable, leadId: string): Promise<KeptRecording[]> {
  const result = await db.query<KeptRow>(
    'SELECT id, campaign_id, recording_name FROM attempts WHERE lead_id = $1 AND recording_name IS NOT NULL AND recording_purged_at IS NULL',
    [leadId],
  );
  return result.rows.map(toKept);
}

export interface ErasedLeadRecording extends KeptRecording {
  leadId: string;
}

/** Recordings still kept of leads whose data was erased: the PBX refused them at the erasure. */
export async function recordingsOfErasedLeads(db: Queryable, limit: number): Promise<ErasedLeadRecording[]> {
  const result = await db.query<KeptRow & { lead_id: string }>(
    `SELECT a.id, a.campaign_id, a.recording_name, a.lead_id FROM attempts a
     WHERE a.recording_name IS NOT NULL AND a.recording_purged_at IS NULL
       AND ${leadErasedSql('a.lead_id')}
     ORDER BY a.lead_id, a.ended_at LIMIT $1`,
    [limit],
  );
  return result.rows.map((r) => ({ ...toKept(r), leadId: String(r.lead_id) }));
}

/** Marks the recordings deleted at `at` and records, per campaign, how many went and `why` (a payload). */
export async function markRecordingsPurged(pool: Pool, recordings: readonly KeptRecording[], input: { at: Date; why: Record<string, unknown> }): Promise<void> {
  if (recordings.length === 0) return;
  await withTransaction(pool, async (client) => {
    await client.query('UPDATE attempts SET recording_purged_at = $2 WHERE id = ANY($1::uuid[])', [recordings.map((r) => r.attemptId), input.at]);
    const byCampaign = new Map<string, number>();
    for (const recording of recordings) byCampaign.set(recording.campaignId, (byCampaign.get(recording.campaignId) ?? 0) + 1);
    for (const [campaignId, deleted] of byCampaign) {
      await appendEvidence(client, {
        kind: 'recordings_deleted', campaignId, at: input.at,
        payload: { deleted, ...input.why },
      });
    }
  });
}
