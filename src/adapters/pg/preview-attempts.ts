// Leads leased to an agent to preview: an attempt row made for the agent and not dialled yet. The
// agent dials or skips it; a campaign with a preview time limit has it dialled (or skipped) for
// them once the limit is up, as its settings say (preview-deadlines.ts). A campaign may set a lead
// aside (exhausted) once it has been skipped so many times since it was last dialled
// (`settings.previewMaxSkips`): skips ring no one, and a lead nobody will call would otherwise
// come back to every agent after each rest.

import { supersededSql } from './attempt-superseded.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

/** How long a preview holds its lead; renewed while its agent stays logged in on the node that
 * leased it (renewPreviewLeases), so it lapses only once they are gone, or the hold's limit is up. */
export const previewLeaseMs = 10 * 60_000;

/** No preview is renewed past this age: an agent gone idle (or on a long break) with a lead open
 * does not keep it from the list, a callback due for anyone among them, for ever. */
export const previewRenewalMaxAgeMs = 60 * 60_000;

/** A skipped lead is not offered again for this long (to this or any agent). */
const SKIP_REST_MS = 5 * 60_000;

/** What a skipped preview's attempt says (`cause_txt`): skipped by its agent, or by the time limit. */
export const previewSkipCauses = { agent: 'skipped in preview', timeLimit: 'preview time limit: skipped', superseded: 'preview left past its lease: its lead was leased again' } as const;

/** What becomes of a preview left past the campaign's limit. */
export type PreviewTimeoutAction = 'dial' | 'skip';

/** The campaign's preview time limit and what then happens, or null when it has none. */
export function previewDeadlineOf(settings: Record<string, unknown>): { limitMs: number; action: PreviewTimeoutAction } | null {
  const limitMs = settings.previewTimeLimitMs;
  if (typeof limitMs !== 'number' || limitMs <= 0) return null;
  return { limitMs, action: settings.previewTimeoutAction === 'skip' ? 'skip' : 'dial' };
}

/** The agent's preview lead: an attempt leased for them and not dialled yet, in `campaignId` (the
 * campaign they work now) when given: one left open in a campaign they have since left is not
 * theirs to dial there (the engine refuses it), and its lease runs out. Previews whose lead
 * another agent has leased since (the agent left it past its lease) are closed on the way: they
 * can no longer be dialled (attempt-superseded.ts), and their lead is the newer lease's. */
export async function pendingPreview(db: Queryable, agentId: string, campaignId: string | null, now: Date): Promise<string | null> {
  const open = await db.query<{ id: string; superseded: boolean }>(
    `SELECT p.id, ${supersededSql('p.id', 'p.lead_id')} AS superseded FROM attempts p
     WHERE p.agent_id = $1 AND p.status = 'created' AND p.ended_at IS NULL AND ($2::bigint IS NULL OR p.campaign_id = $2)
     ORDER BY p.created_at DESC`,
    [agentId, campaignId],
  );
  const superseded = open.rows.filter((row) => row.superseded).map((row) => row.id);
  if (superseded.length > 0) {
    await db.query(
      `UPDATE attempts SET status = 'ended', outcome = 'cancelled', ended_at = $2, cause_txt = $3
       WHERE id = ANY($1::uuid[]) AND status = 'created' AND ended_at IS NULL`,
      [superseded, now, previewSkipCauses.superseded],
    );
  }
  return open.rows.find((row) => !row.superseded)?.id ?? null;
}

/**
 * Keeps the leads of these agents' open previews in the campaigns they work leased to this node: an agent may read a lead
 * longer than its lease, and the lead must not go to another agent meanwhile (their dial would
 * make the first agent's preview one that can no longer be dialled). A lease that lapsed, or a
 * preview whose lead was leased again since, or one open over an hour (previewRenewalMaxAgeMs), is
 * left alone. Returns how many were extended.
 */
export async function renewPreviewLeases(db: Queryable, input: { agents: ReadonlyArray<{ agentId: string; campaignId: string }>; nodeId: string; now: Date }): Promise<number> {
  if (input.agents.length === 0) return 0;
  const result = await db.query(
    `UPDATE leads l SET leased_until = $5 FROM attempts a, unnest($1::text[], $2::bigint[]) AS here(agent_id, campaign_id)
     WHERE a.agent_id = here.agent_id AND a.campaign_id = here.campaign_id AND a.node_id = $3 AND a.status = 'created' AND a.ended_at IS NULL
       AND a.lead_id = l.id AND l.leased_by = $3 AND l.leased_until >= $4 AND l.leased_until < $5 AND a.created_at > $6
       AND NOT ${supersededSql('a.id', 'l.id')}`,
    [input.agents.map((a) => a.agentId), input.agents.map((a) => a.campaignId), input.nodeId, input.now, new Date(input.now.getTime() + previewLeaseMs),
      new Date(input.now.getTime() - previewRenewalMaxAgeMs)],
  );
  return result.rowCount ?? 0;
}

/** The most skips a campaign may allow before a lead is set aside. */
export const previewMaxSkipsLimit = 100;

export interface PreviewSkipped {
  /** The skip reached the campaign's `previewMaxSkips`: the lead is exhausted. */
  leadSetAside: boolean;
}

/** Skipping: the attempt ends as cancelled without counting as a dial (`why` says who skipped),
 * and the lead is released, resting a while, or set aside (exhausted) when a `counted` skip
 * reaches the campaign's `previewMaxSkips`; null when it was dialled or skipped already. A skip
 * the engine made for want of a dial (the campaign paused) is not counted: no agent passed the
 * lead over. */
export async function skipPreview(pool: Pool, attempt: { id: string; leadId: string }, now: Date, why: string = previewSkipCauses.agent,
  counted = true): Promise<PreviewSkipped | null> {
  return withTransaction(pool, async (client) => {
    const closed = await client.query(
      `UPDATE attempts SET status = 'ended', outcome = 'cancelled', ended_at = $2, cause_txt = $3
       WHERE id = $1 AND status = 'created' AND ended_at IS NULL`,
      [attempt.id, now, why],
    );
    if ((closed.rowCount ?? 0) === 0) return null;
    // A lead some other way final meanwhile (a disposition, DNC) or waiting for a callback keeps its
    // status; one leased again since (attempt-superseded.ts) is left to its newer attempt.
    const lead = await client.query<{ aside: boolean }>(
      `WITH before AS (SELECT l.id, l.status FROM leads l WHERE l.id = $1 AND NOT ${supersededSql('$5', 'l.id')} FOR UPDATE)
       UPDATE leads l SET leased_by = NULL, leased_until = NULL, updated_at = $2,
         next_dial_at = greatest(l.next_dial_at, $3), preview_skips = l.preview_skips + $4::int,
         status = CASE WHEN $4::int > 0 AND l.status IN ('new', 'retry', 'in_progress') AND jsonb_typeof(c.settings->'previewMaxSkips') = 'number'
           AND l.preview_skips + 1 >= (c.settings->>'previewMaxSkips')::int THEN 'exhausted' ELSE l.status END
       FROM campaigns c, before b WHERE l.id = b.id AND c.id = l.campaign_id
       RETURNING l.status = 'exhausted' AND b.status <> 'exhausted' AS aside`,
      [attempt.leadId, now, new Date(now.getTime() + SKIP_REST_MS), counted ? 1 : 0, attempt.id],
    );
    return { leadSetAside: lead.rows[0]?.aside === true };
  });
}

export interface OverduePreview {
  attemptId: string;
  agentId: string;
  campaignId: string;
  leadId: string;
  e164: string;
  action: PreviewTimeoutAction;
}

/** This node's previews left past their campaign's time limit, oldest first. */
export async function overduePreviews(db: Queryable, input: { nodeId: string; now: Date }): Promise<OverduePreview[]> {
  const result = await db.query<{ id: string; agent_id: string; campaign_id: string; lead_id: string; e164: string; action: string | null }>(
    `SELECT a.id, a.agent_id, a.campaign_id, a.lead_id, a.e164, c.settings->>'previewTimeoutAction' AS action
     FROM attempts a JOIN campaigns c ON c.id = a.campaign_id
     WHERE a.status = 'created' AND a.ended_at IS NULL AND a.agent_id IS NOT NULL AND a.node_id = $1 AND c.mode = 'preview'
       AND jsonb_typeof(c.settings->'previewTimeLimitMs') = 'number'
       AND a.created_at + (c.settings->>'previewTimeLimitMs')::numeric * interval '1 millisecond' <= $2
     ORDER BY a.created_at`,
    [input.nodeId, input.now],
  );
  return result.rows.map((row) => ({
    attemptId: row.id, agentId: row.agent_id, campaignId: String(row.campaign_id), leadId: String(row.lead_id), e164: row.e164,
    action: row.action === 'skip' ? 'skip' : 'dial',
  }));
}
