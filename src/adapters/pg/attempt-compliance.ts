// What the runtime reports when an attempt closes that compliance must act on: an abandoned call
// (evidence, and the UK rest that selection derives from the attempt row) and a safe-harbor
// opt-out key (global DNC). A refusal comes with the agent's disposition (disposition-repository.ts).

import { loadDialRules } from './dial-rules-repository.js';
import { addDncWithEvidence } from './dnc-additions.js';
import { appendEvidence } from './evidence-log-repository.js';
import type { Pool } from './pool.js';

export interface AttemptComplianceInput {
  attemptId: string;
  /** The close outcome ('abandoned', 'connected', ...). */
  outcome: string;
  /** The callee pressed the opt-out key during the safe-harbor message. */
  optOut?: boolean;
  nowMs: number;
}

interface AttemptRow {
  campaign_id: string;
  lead_id: string;
  e164: string;
  answered_at: Date | null;
  live_at: Date | null;
  connected_at: Date | null;
  safe_harbor_played: boolean;
  safe_harbor_at: Date | null;
  /** The rest the call's abandon gave its number, kept when it closed (abandon-rest-sql.ts). */
  abandon_rest_ms: number | null;
}

export async function recordAttemptCompliance(pool: Pool, input: AttemptComplianceInput): Promise<void> {
  const found = await pool.query<AttemptRow>(
    'SELECT campaign_id, lead_id, e164, answered_at, live_at, connected_at, safe_harbor_played, safe_harbor_at, abandon_rest_ms FROM attempts WHERE id = $1',
    [input.attemptId],
  );
  const attempt = found.rows[0];
  if (!attempt) return;
  const now = new Date(input.nowMs);
  const campaignId = String(attempt.campaign_id);
  const leadId = String(attempt.lead_id);
  if (input.outcome === 'abandoned') {
    // The rest kept on the attempt when it closed: this entry may be written later (kept back while
    // the database was away), after the campaign's rules changed.
    const restMs = attempt.abandon_rest_ms ?? (await loadDialRules(pool, campaignId)).redialAfterAbandonMs;
    await appendEvidence(pool, {
      kind: 'abandon', campaignId, attemptId: input.attemptId, leadId, at: now,
      payload: {
        e164: attempt.e164, answeredAt: attempt.answered_at?.toISOString() ?? null, liveAt: attempt.live_at?.toISOString() ?? null,
        safeHarborPlayed: attempt.safe_harbor_played, ...safeHarborTiming(attempt),
        noRedialUntil: restMs > 0 ? new Date(input.nowMs + restMs).toISOString() : null,
      },
    });
  }
  if (input.optOut) {
    await addDncWithEvidence(pool, { e164: attempt.e164, campaignId: null, source: 'opt_out', reason: 'safe-harbor opt-out key', by: 'callee', evidenceCampaignId: campaignId, attemptId: input.attemptId, leadId, now });
  }
}

/** When the safe-harbor message started, and how long after the end of the person's greeting (where
 * the 2-second rule counts from): the rule kept, or not, on the record of each abandon. */
function safeHarborTiming(attempt: AttemptRow): { safeHarborAt: string | null; safeHarborAfterMs: number | null } {
  const at = attempt.safe_harbor_played ? attempt.safe_harbor_at : null;
  return {
    safeHarborAt: at?.toISOString() ?? null,
    safeHarborAfterMs: at && attempt.live_at ? at.getTime() - attempt.live_at.getTime() : null,
  };
}
