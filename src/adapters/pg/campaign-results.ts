// A campaign's results over a period, as a campaign manager reads them after a shift or a week:
// dials and their outcomes, contact and abandonment, the dispositions given, how far leads moved
// through the stages (raw lead, valid contact, appointment, opportunity), results by lead grade
// (does the A-E grading pick the leads that convert?) and by agent, with their coaching scores.
// Dials and talk count by when the call was dialled, dispositions and stage moves by when they
// were given.

import { listAgents } from './agent-repository.js';
import { abandonSummary, attemptCountsByOutcome, type TimeRange } from './campaign-stats.js';
import { leadStages, listDispositionCatalog } from './disposition-catalog-repository.js';
import { leadGrades } from './lead-repository.js';
import type { Queryable } from './pool.js';
/** Stages that count as a lead won for sales. */
const advancedStages: ReadonlySet<string> = new Set(['appointment', 'opportunity']);

export interface GradeResults {
  grade: string;
  /** Leads of the campaign with this grade now. */
  leads: number;
  dials: number;
  connected: number;
  /** Connected over dials, null without dials. */
  contactRate: number | null;
  /** Leads of this grade moved to appointment or opportunity in the period. */
  advanced: number;
}

export interface AgentResults {
  agentId: string;
  name: string;
  connected: number;
  talkSeconds: number;
  dispositions: number;
  /** Dispositions with a code marked as a success (a sale, say). */
  successes: number;
  appointments: number;
  opportunities: number;
  /** Coaching reviews written in the period on the agent's calls, and their mean score. */
  reviews: number;
  averageScore: number | null;
}

export interface CampaignResults {
  dials: number;
  outcomes: Record<string, number>;
  connected: number;
  /** Connected over closed dials (those still open or cancelled aside), null without any. */
  contactRate: number | null;
  liveAnswers: number;
  abandoned: number;
  abandonRate: number;
  talkSeconds: number;
  dispositions: Array<{ code: string; label: string; success: boolean; count: number }>;
  /** Leads moved into each stage in the period (by the disposition that moved them). */
  stageMoves: Record<string, number>;
  /** The campaign's leads by stage now. */
  stagesNow: Record<string, number>;
  grades: GradeResults[];
  agents: AgentResults[];
}

interface AgentCallRow { agent_id: string; connected: number; talk: number }
interface DispositionRow { agent_id: string | null; code: string; stage_before: string | null; stage_after: string | null; grade: string; n: number }
interface GradeDialRow { grade: string; dials: number; connected: number }
interface ReviewRow { agent_id: string; reviews: number; average: number }

const zeroes = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((k) => [k, 0]));

async function agentCalls(db: Queryable, range: TimeRange): Promise<AgentCallRow[]> {
  const result = await db.query<AgentCallRow>(
    `SELECT agent_id, count(*) FILTER (WHERE connected_at IS NOT NULL)::int AS connected,
       coalesce(sum(extract(epoch FROM ended_at - connected_at)) FILTER (WHERE connected_at IS NOT NULL AND ended_at IS NOT NULL), 0)::float8 AS talk
     FROM attempts WHERE campaign_id = $1 AND created_at >= $2 AND created_at < $3 AND agent_id IS NOT NULL GROUP BY 1`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

async function dispositionRows(db: Queryable, range: TimeRange): Promise<DispositionRow[]> {
  const result = await db.query<DispositionRow>(
    `SELECT d.agent_id, d.code, d.stage_before, d.stage_after, l.grade, count(*)::int AS n
     FROM dispositions d JOIN leads l ON l.id = d.lead_id
     WHERE d.campaign_id = $1 AND d.created_at >= $2 AND d.created_at < $3 GROUP BY 1, 2, 3, 4, 5`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

async function gradeDials(db: Queryable, range: TimeRange): Promise<GradeDialRow[]> {
  const result = await db.query<GradeDialRow>(
    `SELECT l.grade, count(*)::int AS dials, count(*) FILTER (WHERE a.connected_at IS NOT NULL)::int AS connected
     FROM attempts a JOIN leads l ON l.id = a.lead_id
     WHERE a.campaign_id = $1 AND a.created_at >= $2 AND a.created_at < $3 GROUP BY 1`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

async function agentReviews(db: Queryable, range: TimeRange): Promise<ReviewRow[]> {
  const result = await db.query<ReviewRow>(
    `SELECT agent_id, count(*)::int AS reviews, avg(score)::float8 AS average FROM call_reviews
     WHERE campaign_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

async function leadCounts(db: Queryable, campaignId: string): Promise<Array<{ grade: string; stage: string; n: number }>> {
  const result = await db.query<{ grade: string; stage: string; n: number }>(
    'SELECT grade, stage, count(*)::int AS n FROM leads WHERE campaign_id = $1 GROUP BY 1, 2', [campaignId],
  );
  return result.rows;
}

/** A disposition that moved its lead into another stage: the stage it moved it to. */
const movedTo = (row: DispositionRow): string | null => (row.stage_after !== null && row.stage_after !== row.stage_before ? row.stage_after : null);

export async function campaignResults(db: Queryable, range: TimeRange): Promise<CampaignResults> {
  const [outcomes, abandon, calls, dispositions, dialsByGrade, leads, catalog, agents, reviews] = await Promise.all([
    attemptCountsByOutcome(db, range), abandonSummary(db, range), agentCalls(db, range), dispositionRows(db, range),
    gradeDials(db, range), leadCounts(db, range.campaignId), listDispositionCatalog(db, range.campaignId, { includeInactive: true }),
    listAgents(db), agentReviews(db, range),
  ]);
  const dials = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
  const closed = dials - (outcomes.open ?? 0) - (outcomes.cancelled ?? 0);
  const connected = outcomes.connected ?? 0;
  const codes = new Map(catalog.map((entry) => [entry.code, entry]));

  const byCode = new Map<string, number>();
  const stageMoves = zeroes(leadStages);
  const advancedByGrade = new Map<string, number>();
  const byAgent = new Map<string, AgentResults>();
  const agentEntry = (agentId: string): AgentResults => {
    let entry = byAgent.get(agentId);
    if (!entry) {
      entry = { agentId, name: agentId, connected: 0, talkSeconds: 0, dispositions: 0, successes: 0, appointments: 0, opportunities: 0, reviews: 0, averageScore: null };
      byAgent.set(agentId, entry);
    }
    return entry;
  };
  for (const row of calls) Object.assign(agentEntry(row.agent_id), { connected: row.connected, talkSeconds: Math.round(row.talk) });
  for (const row of dispositions) {
    byCode.set(row.code, (byCode.get(row.code) ?? 0) + row.n);
    const stage = movedTo(row);
    if (stage) stageMoves[stage] = (stageMoves[stage] ?? 0) + row.n;
    if (stage && advancedStages.has(stage)) advancedByGrade.set(row.grade, (advancedByGrade.get(row.grade) ?? 0) + row.n);
    if (row.agent_id === null) continue;
    const entry = agentEntry(row.agent_id);
    entry.dispositions += row.n;
    if (codes.get(row.code)?.success) entry.successes += row.n;
    if (stage === 'appointment') entry.appointments += row.n;
    if (stage === 'opportunity') entry.opportunities += row.n;
  }
  for (const row of reviews) Object.assign(agentEntry(row.agent_id), { reviews: row.reviews, averageScore: row.average });
  const names = new Map(agents.map((a) => [a.id, a.name]));
  for (const entry of byAgent.values()) entry.name = names.get(entry.agentId) ?? entry.agentId;

  const stagesNow = zeroes(leadStages);
  const leadsByGrade = new Map<string, number>();
  for (const row of leads) {
    stagesNow[row.stage] = (stagesNow[row.stage] ?? 0) + row.n;
    leadsByGrade.set(row.grade, (leadsByGrade.get(row.grade) ?? 0) + row.n);
  }
  const grades = leadGrades.map((grade): GradeResults => {
    const dialled = dialsByGrade.find((row) => row.grade === grade);
    const gradeDialsCount = dialled?.dials ?? 0;
    return {
      grade, leads: leadsByGrade.get(grade) ?? 0, dials: gradeDialsCount, connected: dialled?.connected ?? 0,
      contactRate: gradeDialsCount > 0 ? (dialled?.connected ?? 0) / gradeDialsCount : null, advanced: advancedByGrade.get(grade) ?? 0,
    };
  });

  return {
    dials, outcomes, connected, contactRate: closed > 0 ? connected / closed : null,
    liveAnswers: abandon.liveAnswers, abandoned: abandon.abandoned, abandonRate: abandon.rate,
    talkSeconds: [...byAgent.values()].reduce((sum, a) => sum + a.talkSeconds, 0),
    dispositions: [...byCode].map(([code, count]) => ({ code, label: codes.get(code)?.label ?? code, success: codes.get(code)?.success ?? false, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    stageMoves, stagesNow, grades,
    agents: [...byAgent.values()].sort((a, b) => b.connected - a.connected || a.name.localeCompare(b.name)),
  };
}
