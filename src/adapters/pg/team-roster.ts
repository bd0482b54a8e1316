// Every agent on record, as the people who run the team read it: who they are, the phone the
// engine dials for them, the campaign they last worked, whether they may log in, how many tokens
// they hold, when they last logged in, and the lead groups they are given first.

import type { Queryable } from './pool.js';

export interface TeamMember {
  id: string;
  name: string;
  /** Their own dial string, or null for the configured template. */
  endpoint: string | null;
  campaignId: string | null;
  campaignName: string | null;
  active: boolean;
  /** Lead groups (regions, industries...) they are given first; empty: any call. */
  groups: string[];
  createdAt: Date;
  /** Tokens issued to them and not revoked. */
  tokens: number;
  lastLoginAt: Date | null;
}

interface MemberRow {
  id: string;
  name: string;
  endpoint: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  active: boolean;
  groups: string[];
  created_at: Date;
  tokens: number;
  last_login_at: Date | null;
}

export async function teamRoster(db: Queryable): Promise<TeamMember[]> {
  const result = await db.query<MemberRow>(
    `SELECT a.id, a.name, a.endpoint, a.campaign_id, c.name AS campaign_name, a.active, a.groups, a.created_at,
            (SELECT count(*)::int FROM api_tokens t WHERE t.agent_id = a.id AND t.revoked_at IS NULL) AS tokens,
            (SELECT max(s.login_at) FROM agent_sessions s WHERE s.agent_id = a.id) AS last_login_at
     FROM agents a LEFT JOIN campaigns c ON c.id = a.campaign_id
     ORDER BY a.active DESC, a.name, a.id`,
  );
  return result.rows.map((r) => ({
    id: r.id, name: r.name, endpoint: r.endpoint, campaignId: r.campaign_id === null ? null : String(r.campaign_id), campaignName: r.campaign_name,
    active: r.active, groups: r.groups, createdAt: r.created_at, tokens: r.tokens, lastLoginAt: r.last_login_at,
  }));
}
