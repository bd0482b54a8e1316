// What the demo left in Postgres: attempts by outcome, dispositions by code, how many calls put
// through reached a bot of the lead's group (the campaign distributes by a lead field), and how
// many customers were put on hold, handed over to a colleague, or left with a third party, and the
// messages left on answering machines by what started them.

import type { Pool } from '../adapters/pg/pool.js';

export interface DemoSummary {
  attempts: number;
  byOutcome: Record<string, number>;
  dispositions: number;
  byDisposition: Record<string, number>;
  abandoned: number;
  abandonedWithSafeHarbor: number;
  /** Calls put through to an agent, and those whose agent has the lead's group. */
  connected: number;
  connectedInGroup: number;
  /** Calls whose customer was put on hold. */
  held: number;
  /** Calls handed over from one agent to another. */
  transferred: number;
  /** Calls whose agent left the customer with a third party. */
  leftWithThirdParty: number;
  /** Messages played on answering machines, by what started them (after_greeting...). */
  machineMessages: Record<string, number>;
}

export async function demoSummary(pool: Pool, campaignId: string): Promise<DemoSummary> {
  const outcomes = await pool.query<{ outcome: string | null; n: string }>(
    'SELECT outcome, count(*) AS n FROM attempts WHERE campaign_id = $1 GROUP BY outcome', [campaignId]);
  const codes = await pool.query<{ code: string; n: string }>(
    'SELECT code, count(*) AS n FROM dispositions WHERE campaign_id = $1 GROUP BY code', [campaignId]);
  const abandons = await pool.query<{ abandoned: string; with_sh: string; held: string; transferred: string; third_party: string }>(
    `SELECT count(*) FILTER (WHERE abandoned) AS abandoned, count(*) FILTER (WHERE abandoned AND safe_harbor_played) AS with_sh,
            count(*) FILTER (WHERE held_ms > 0) AS held, count(*) FILTER (WHERE transfers > 0) AS transferred,
            count(*) FILTER (WHERE third_party_handed_off_at IS NOT NULL) AS third_party
     FROM attempts WHERE campaign_id = $1`, [campaignId]);
  const routed = await pool.query<{ connected: string; in_group: string }>(
    `SELECT count(*) AS connected, count(*) FILTER (WHERE lower(trim(l.fields->>(c.settings->>'distributeBy'))) = ANY(ag.groups)) AS in_group
     FROM attempts a JOIN leads l ON l.id = a.lead_id JOIN campaigns c ON c.id = a.campaign_id JOIN agents ag ON ag.id = a.agent_id
     WHERE a.campaign_id = $1 AND a.connected_at IS NOT NULL`, [campaignId]);
  const messages = await pool.query<{ start: string; n: string }>(
    'SELECT message_start AS start, count(*) AS n FROM attempts WHERE campaign_id = $1 AND message_start IS NOT NULL GROUP BY message_start', [campaignId]);
  const byOutcome = Object.fromEntries(outcomes.rows.map((r) => [r.outcome ?? 'open', Number(r.n)]));
  const byDisposition = Object.fromEntries(codes.rows.map((r) => [r.code, Number(r.n)]));
  return {
    attempts: Object.values(byOutcome).reduce((a, b) => a + b, 0),
    byOutcome,
    dispositions: Object.values(byDisposition).reduce((a, b) => a + b, 0),
    byDisposition,
    abandoned: Number(abandons.rows[0]?.abandoned ?? 0),
    abandonedWithSafeHarbor: Number(abandons.rows[0]?.with_sh ?? 0),
    connected: Number(routed.rows[0]?.connected ?? 0),
    connectedInGroup: Number(routed.rows[0]?.in_group ?? 0),
    held: Number(abandons.rows[0]?.held ?? 0),
    transferred: Number(abandons.rows[0]?.transferred ?? 0),
    leftWithThirdParty: Number(abandons.rows[0]?.third_party ?? 0),
    machineMessages: Object.fromEntries(messages.rows.map((r) => [r.start, Number(r.n)])),
  };
}
