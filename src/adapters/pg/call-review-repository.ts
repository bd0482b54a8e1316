// Coaching reviews of calls: written by supervisors on a call an agent took, read back per call
// and per agent (the desktop's coaching card). A comment may name the person called, so one on a
// call whose person was erased is not kept (the erasure blanks those written before it); the score is.

import { isLeadErased } from './erased-lead.js';
import { leadFullName } from './lead-repository.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface CallReview {
  id: string;
  attemptId: string;
  campaignId: string;
  agentId: string;
  reviewer: string;
  score: number;
  comment: string;
  createdAt: Date;
  /** The lead's name and when the call was put through, for the agent to place it. */
  leadName: string;
  connectedAt: Date | null;
}

interface ReviewRow {
  id: string;
  attempt_id: string;
  campaign_id: string;
  agent_id: string;
  reviewer: string;
  score: number;
  comment: string;
  created_at: Date;
  first_name: string | null;
  last_name: string | null;
  connected_at: Date | null;
}

const SELECT = `SELECT r.id::text, r.attempt_id::text, r.campaign_id::text, r.agent_id, r.reviewer, r.score, r.comment, r.created_at,
  l.first_name, l.last_name, a.connected_at
  FROM call_reviews r JOIN attempts a ON a.id = r.attempt_id JOIN leads l ON l.id = a.lead_id`;

const toReview = (row: ReviewRow): CallReview => ({
  id: row.id, attemptId: row.attempt_id, campaignId: row.campaign_id, agentId: row.agent_id, reviewer: row.reviewer, score: row.score,
  comment: row.comment, createdAt: row.created_at, leadName: leadFullName(row.first_name, row.last_name), connectedAt: row.connected_at,
});

export type NewCallReview = Pick<CallReview, 'attemptId' | 'campaignId' | 'agentId' | 'reviewer' | 'score' | 'comment'>;

/** The review written; `leadErased`: the call's person was erased, so its comment was not kept. */
export async function addCallReview(pool: Pool, review: NewCallReview): Promise<CallReview & { leadErased: boolean }> {
  return withTransaction(pool, async (client) => {
    // The lead's lock orders this after any erasure of it, as a disposition's notes are.
    const lead = await client.query<{ id: string }>('SELECT l.id::text FROM leads l JOIN attempts a ON a.lead_id = l.id WHERE a.id = $1 FOR UPDATE OF l', [review.attemptId]);
    const leadErased = lead.rows[0] !== undefined && await isLeadErased(client, lead.rows[0].id);
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO call_reviews (attempt_id, campaign_id, agent_id, reviewer, score, comment) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
      [review.attemptId, review.campaignId, review.agentId, review.reviewer, review.score, leadErased ? '' : review.comment],
    );
    const result = await client.query<ReviewRow>(`${SELECT} WHERE r.id = $1`, [inserted.rows[0]?.id]);
    const row = result.rows[0];
    if (!row) throw new Error('review not found after insert');
    return { ...toReview(row), leadErased };
  });
}

export async function reviewsOfAttempt(db: Queryable, attemptId: string): Promise<CallReview[]> {
  const result = await db.query<ReviewRow>(`${SELECT} WHERE r.attempt_id = $1 ORDER BY r.created_at, r.id`, [attemptId]);
  return result.rows.map(toReview);
}

export async function reviewsOfAgent(db: Queryable, agentId: string, limit = 20): Promise<CallReview[]> {
  const result = await db.query<ReviewRow>(`${SELECT} WHERE r.agent_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT $2`, [agentId, limit]);
  return result.rows.map(toReview);
}
