// A campaign's results over a period, as a campaign manager reads them after a shift or a week:
// dials and their outcomes, contact and abandonment, the dispositions given, how far leads moved
// through the stages (raw lead, valid contact, appointment, opportunity), results by lead grade
// (does the A-E grading pick the leads that convert?), by list (which source is worth buying
// again?), by the customer's local hour (see local-hour-results.ts) and by agent, with their
// coaching scores. Dials, talk and skips count by when the call was dialled (dialledInPeriodSql: an
// attempt never dialled by when it was leased), dispositions and stage moves by when they were given. What counts as a dial and as connected is counted-calls.ts's, for the
// headline and every breakdown alike, so the breakdowns add up to the headline.

import { listAgents } from './agent-repository.js';
import type { AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { stagesReached } from '../../core/lead-stage-ladder.js';
import { attemptCountsByOutcome, ratioOrNull, regimeAbandonSummary, type TimeRange } from './campaign-stats.js';
import { leadStages, listDispositionCatalog } from './disposition-catalog-repository.js';
import { leadGrades } from './lead-repository.js';
import { resultsByCallerId, type CallerIdResults } from './caller-id-results.js';
import { agentTalkEndSql, connectedSql, dialledInPeriodSql, dialledSql, gradeDialledSql } from './counted-calls.js';
import { resultsByLocalHour, type LocalHourResults } from './local-hour-results.js';
import type { Queryable } from './pool.js';
import { previewSkipCauses } from './preview-attempts.js';
/** Stages that count as a lead won for sales. */
const advancedStages: readonly string[] = ['appointment', 'opportunity'];

export interface GradeResults {
  grade: string;
  /** Leads of the campaign with this grade now. */
  leads: number;
  /** Dials (and connected ones, and leads advanced) of leads that had this grade when they were
   * dialled; for calls made before attempts kept the grade, the lead's grade now. */
  dials: number;
  connected: number;
  /** Connected over dials, null without dials. */
  contactRate: number | null;
  /** Leads of this grade moved to appointment or opportunity in the period (each lead once). */
  advanced: number;
}

export interface ListResults {
  listId: string;
  name: string;
  /** Whether the list is dialled now (a manager can switch one off). */
  active: boolean;
  /** Leads of the campaign in this list now. */
  leads: number;
  dials: number;
  connected: number;
  /** Connected over dials, null without dials. */
  contactRate: number | null;
  /** Dispositions with a success code given to the list's leads in the period. */
  successes: number;
  /** Leads of this list moved to appointment or opportunity in the period (each lead once). */
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
  /** Their dispositions that moved a lead into or past appointment, and into opportunity (as `stageMoves` counts them). */
  appointments: number;
  opportunities: number;
  /** Coaching reviews written in the period on the agent's calls, and their mean score. */
  reviews: number;
  averageScore: number | null;
  /** Customers the agent handed over to a colleague, and customers handed over to them. `connected`
   * counts calls put through to the agent by the dialer; `talkSeconds` the time they had the
   * customer, up to a handover or from one. */
  handedOver: number;
  takenOver: number;
  /** Leads the agent was shown in preview and skipped, and those skipped for them when the
   * campaign's preview time ran out (the skip log: an agent passing over hard leads shows here). */
  previewsSkipped: number;
  previewsTimedOut: number;
}

export interface CampaignResults {
  /** Calls that went out (see counted-calls.ts): not the attempts skipped, cancelled or blocked. */
  dials: number;
  /** Attempts by outcome (`open`: not ended yet), the undialled ones included. */
  outcomes: Record<string, number>;
  /** Dials put through to an agent. */
  connected: number;
  /** Connected over dials, null without any. */
  contactRate: number | null;
  liveAnswers: number;
  abandoned: number;
  /** Abandonment as the campaign's regime defines it (see regimeAbandonSummary): abandoned over live
   * answers, with UK and strict adding the estimated AMD false positives to both. */
  abandonRate: number;
  regime: AbandonRegime;
  machineAnswers: number;
  countedAbandoned: number;
  countedLiveAnswers: number;
  /** The AMD false-positive rate the rate used, when the regime counts them. */
  amdFalsePositiveRate: number | null;
  /** Talk on the campaign's own calls, its dials put through (`connected`): a person calling back
   * is no dial of it, so their talk is left out here, as from the dials and connects. */
  talkSeconds: number;
  /** Talk on return calls (a person calling back, put through to an agent): the agents' own figures
   * count it, so their talk adds up to `talkSeconds` plus this. */
  returnCallTalkSeconds: number;
  dispositions: Array<{ code: string; label: string; success: boolean; count: number }>;
  /** Leads moved into or past each stage in the period (by the disposition that moved them): a
   * move across several stages counts for each (lead-stage-ladder.ts). */
  stageMoves: Record<string, number>;
  /** Leads moved from an earlier stage to appointment or opportunity in the period, each lead once
   * (one moved on to opportunity after its appointment counts one). */
  advanced: number;
  /** The campaign's leads by stage now. */
  stagesNow: Record<string, number>;
  grades: GradeResults[];
  lists: ListResults[];
  localHours: LocalHourResults[];
  callerIds: CallerIdResults[];
  agents: AgentResults[];
}

interface AgentCallRow { agent_id: string; connected: number; talk: number; return_call_talk: number; taken_over: number }
interface HandedOverRow { agent_id: string; n: number }
interface SkipRow { agent_id: string; skipped: number; timed_out: number }
interface DispositionRow { agent_id: string | null; code: string; stage_before: string | null; stage_after: string | null; grade: string; list_id: string; n: number }
interface LeadDialRow { grade: string; list_id: string; dials: number; connected: number }
interface AdvancedRow { grade: string; list_id: string; n: number }
interface LeadCountRow { grade: string; stage: string; list_id: string; n: number }
interface ListRow { id: string; name: string; active: boolean }
interface ReviewRow { agent_id: string; reviews: number; average: number }

const zeroes = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((k) => [k, 0]));

// A call counts as connected for the agent it was put through to, and its talk time is shared out:
// each agent who had the customer, from when they got them to the next handover or the end (on an
// answering machine, when the agent left the message on it and was free; left with a third party,
// when the agent left it).
const AGENT_CALLS_SQL = `
WITH calls AS (
  SELECT id, connected_at, ${agentTalkEndSql('a')} AS ended_at, coalesce(transferred_from, agent_id) AS first_agent,
    direction = 'inbound' AS return_call
  FROM attempts a
  WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} AND a.agent_id IS NOT NULL AND ${connectedSql('a')}
), holdings AS (
  SELECT c.id, c.first_agent AS agent_id, c.connected_at AS since, 0 AS seq, c.ended_at, c.return_call FROM calls c
  UNION ALL
  SELECT c.id, h.to_agent, greatest(h.at, c.connected_at), h.seq, c.ended_at, c.return_call FROM calls c JOIN attempt_handovers h ON h.attempt_id = c.id
), spans AS (
  SELECT agent_id, seq, return_call, since, lead(since, 1, ended_at) OVER (PARTITION BY id ORDER BY seq) AS until FROM holdings
)
SELECT agent_id, count(*) FILTER (WHERE seq = 0)::int AS connected, count(*) FILTER (WHERE seq > 0)::int AS taken_over,
  coalesce(sum(extract(epoch FROM until - since)) FILTER (WHERE until IS NOT NULL), 0)::float8 AS talk,
  coalesce(sum(extract(epoch FROM until - since)) FILTER (WHERE until IS NOT NULL AND return_call), 0)::float8 AS return_call_talk
FROM spans GROUP BY 1`;

async function agentCalls(db: Queryable, range: TimeRange): Promise<AgentCallRow[]> {
  return (await db.query<AgentCallRow>(AGENT_CALLS_SQL, [range.campaignId, range.from, range.to])).rows;
}

/** Customers each agent handed on to a colleague (every handover, not only the first of a call). */
async function handedOverCounts(db: Queryable, range: TimeRange): Promise<HandedOverRow[]> {
  const result = await db.query<HandedOverRow>(
    `SELECT h.from_agent AS agent_id, count(*)::int AS n FROM attempt_handovers h JOIN attempts a ON a.id = h.attempt_id
     WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} GROUP BY 1`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

/** Previews skipped, by the agent or by the campaign's time limit (as skipPreview marks them). */
async function previewSkips(db: Queryable, range: TimeRange): Promise<SkipRow[]> {
  const result = await db.query<SkipRow>(
    `SELECT agent_id, count(*) FILTER (WHERE cause_txt = $4)::int AS skipped, count(*) FILTER (WHERE cause_txt = $5)::int AS timed_out
     FROM attempts a WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} AND a.agent_id IS NOT NULL AND a.outcome = 'cancelled'
       AND a.cause_txt IN ($4, $5) GROUP BY 1`,
    [range.campaignId, range.from, range.to, previewSkipCauses.agent, previewSkipCauses.timeLimit],
  );
  return result.rows;
}

async function dispositionRows(db: Queryable, range: TimeRange): Promise<DispositionRow[]> {
  const result = await db.query<DispositionRow>(
    `SELECT d.agent_id, d.code, d.stage_before, d.stage_after, l.grade, l.list_id::text AS list_id, count(*)::int AS n
     FROM dispositions d JOIN leads l ON l.id = d.lead_id
     WHERE d.campaign_id = $1 AND d.created_at >= $2 AND d.created_at < $3 GROUP BY 1, 2, 3, 4, 5, 6`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

/** Dials of the period by the grade (when dialled) and list of the lead dialled (every dial has a
 * lead: their sum is the headline). */
async function leadDials(db: Queryable, range: TimeRange): Promise<LeadDialRow[]> {
  const result = await db.query<LeadDialRow>(
    `SELECT ${gradeDialledSql('a', 'l')} AS grade, l.list_id::text AS list_id, count(*)::int AS dials, count(*) FILTER (WHERE ${connectedSql('a')})::int AS connected
     FROM attempts a JOIN leads l ON l.id = a.lead_id
     WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} AND ${dialledSql('a')} GROUP BY 1, 2`,
    [range.campaignId, range.from, range.to],
  );
  return result.rows;
}

/** Leads moved into an advanced stage from outside them in the period, by their grade when the call
 * that first moved them in the period was made and their list; counted by lead, so a lead set an
 * appointment and then made an opportunity counts once, under one grade even when it was regraded
 * between two such calls (the headline is the sum of these rows). */
async function advancedLeads(db: Queryable, range: TimeRange): Promise<AdvancedRow[]> {
  const result = await db.query<AdvancedRow>(
    `SELECT grade, list_id, count(*)::int AS n FROM (
       SELECT DISTINCT ON (d.lead_id) ${gradeDialledSql('a', 'l')} AS grade, l.list_id::text AS list_id
       FROM dispositions d JOIN leads l ON l.id = d.lead_id LEFT JOIN attempts a ON a.id = d.attempt_id
       WHERE d.campaign_id = $1 AND d.created_at >= $2 AND d.created_at < $3
         AND d.stage_after = ANY($4::text[]) AND (d.stage_before IS NULL OR NOT d.stage_before = ANY($4::text[]))
       ORDER BY d.lead_id, d.created_at, d.id) first_advance
     GROUP BY 1, 2`,
    [range.campaignId, range.from, range.to, advancedStages],
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

async function leadCounts(db: Queryable, campaignId: string): Promise<LeadCountRow[]> {
  const result = await db.query<LeadCountRow>(
    'SELECT grade, stage, list_id::text AS list_id, count(*)::int AS n FROM leads WHERE campaign_id = $1 GROUP BY 1, 2, 3', [campaignId],
  );
  return result.rows;
}

async function campaignLists(db: Queryable, campaignId: string): Promise<ListRow[]> {
  const result = await db.query<ListRow>('SELECT id::text AS id, name, active FROM lists WHERE campaign_id = $1 ORDER BY id', [campaignId]);
  return result.rows;
}

/** Adds `n` to the key's count. */
function bump(counts: Map<string, number>, key: string, n: number): void {
  counts.set(key, (counts.get(key) ?? 0) + n);
}

/** A disposition that moved its lead into another stage: the stage it moved it to. */
const movedTo = (row: DispositionRow): string | null => (row.stage_after !== null && row.stage_after !== row.stage_before ? row.stage_after : null);

/** The stages a disposition moved its lead into: each one it reached on the ladder (a raw lead
 * booked straight to an appointment passed valid contact too, as targets count it), else the one
 * it moved to (off the ladder, rejected, or down it). */
function stagesMovedInto(row: DispositionRow): string[] {
  const reached = stagesReached(row.stage_before, row.stage_after);
  if (reached.length > 0) return reached;
  const stage = movedTo(row);
  return stage ? [stage] : [];
}

/** The campaign's own figures the results count by: its abandonment regime. */
export interface ResultsCampaign {
  regime: AbandonRegime;
  amdFalsePositiveRate: number;
}

export async function campaignResults(db: Queryable, range: TimeRange, campaign: ResultsCampaign): Promise<CampaignResults> {
  const [outcomes, abandon, calls, dispositions, dialRows, advancedRows, leads, catalog, agents, reviews, lists, localHours, callerIds, handedOver, skips] = await Promise.all([
    attemptCountsByOutcome(db, range), regimeAbandonSummary(db, range, campaign), agentCalls(db, range), dispositionRows(db, range),
    leadDials(db, range), advancedLeads(db, range), leadCounts(db, range.campaignId), listDispositionCatalog(db, range.campaignId, { includeInactive: true }),
    listAgents(db), agentReviews(db, range), campaignLists(db, range.campaignId), resultsByLocalHour(db, range, campaign), resultsByCallerId(db, range),
    handedOverCounts(db, range), previewSkips(db, range),
  ]);
  const dials = dialRows.reduce((sum, row) => sum + row.dials, 0);
  const connected = dialRows.reduce((sum, row) => sum + row.connected, 0);
  const codes = new Map(catalog.map((entry) => [entry.code, entry]));

  const byCode = new Map<string, number>();
  const stageMoves = zeroes(leadStages);
  const advancedByGrade = new Map<string, number>();
  const advancedByList = new Map<string, number>();
  const successesByList = new Map<string, number>();
  const byAgent = new Map<string, AgentResults>();
  const agentEntry = (agentId: string): AgentResults => {
    let entry = byAgent.get(agentId);
    if (!entry) {
      entry = {
        agentId, name: agentId, connected: 0, talkSeconds: 0, dispositions: 0, successes: 0, appointments: 0, opportunities: 0, reviews: 0,
        averageScore: null, handedOver: 0, takenOver: 0, previewsSkipped: 0, previewsTimedOut: 0,
      };
      byAgent.set(agentId, entry);
    }
    return entry;
  };
  for (const row of calls) Object.assign(agentEntry(row.agent_id), { connected: row.connected, talkSeconds: Math.round(row.talk), takenOver: row.taken_over });
  for (const row of handedOver) agentEntry(row.agent_id).handedOver = row.n;
  for (const row of skips) Object.assign(agentEntry(row.agent_id), { previewsSkipped: row.skipped, previewsTimedOut: row.timed_out });
  for (const row of dispositions) {
    byCode.set(row.code, (byCode.get(row.code) ?? 0) + row.n);
    const moved = stagesMovedInto(row);
    for (const reached of moved) stageMoves[reached] = (stageMoves[reached] ?? 0) + row.n;
    const success = codes.get(row.code)?.success ?? false;
    if (success) bump(successesByList, row.list_id, row.n);
    if (row.agent_id === null) continue;
    const entry = agentEntry(row.agent_id);
    entry.dispositions += row.n;
    if (success) entry.successes += row.n;
    // As the stage moves count them: a raw lead made an opportunity was booked an appointment too.
    if (moved.includes('appointment')) entry.appointments += row.n;
    if (moved.includes('opportunity')) entry.opportunities += row.n;
  }
  for (const row of advancedRows) {
    bump(advancedByGrade, row.grade, row.n);
    bump(advancedByList, row.list_id, row.n);
  }
  for (const row of reviews) Object.assign(agentEntry(row.agent_id), { reviews: row.reviews, averageScore: row.average });
  const names = new Map(agents.map((a) => [a.id, a.name]));
  for (const entry of byAgent.values()) entry.name = names.get(entry.agentId) ?? entry.agentId;

  const stagesNow = zeroes(leadStages);
  const leadsByGrade = new Map<string, number>();
  const leadsByList = new Map<string, number>();
  for (const row of leads) {
    stagesNow[row.stage] = (stagesNow[row.stage] ?? 0) + row.n;
    bump(leadsByGrade, row.grade, row.n);
    bump(leadsByList, row.list_id, row.n);
  }
  const dialsBy = (key: (row: LeadDialRow) => string): Map<string, { dials: number; connected: number }> => {
    const totals = new Map<string, { dials: number; connected: number }>();
    for (const row of dialRows) {
      const total = totals.get(key(row)) ?? { dials: 0, connected: 0 };
      totals.set(key(row), { dials: total.dials + row.dials, connected: total.connected + row.connected });
    }
    return totals;
  };
  const gradeDials = dialsBy((row) => row.grade);
  const grades = leadGrades.map((grade): GradeResults => {
    const { dials: gradeDialsCount, connected: gradeConnected } = gradeDials.get(grade) ?? { dials: 0, connected: 0 };
    return {
      grade, leads: leadsByGrade.get(grade) ?? 0, dials: gradeDialsCount, connected: gradeConnected,
      contactRate: ratioOrNull(gradeConnected, gradeDialsCount), advanced: advancedByGrade.get(grade) ?? 0,
    };
  });
  const listDials = dialsBy((row) => row.list_id);
  const byList = lists.map((list): ListResults => {
    const { dials: listDialsCount, connected: listConnected } = listDials.get(list.id) ?? { dials: 0, connected: 0 };
    return {
      listId: list.id, name: list.name, active: list.active, leads: leadsByList.get(list.id) ?? 0, dials: listDialsCount, connected: listConnected,
      contactRate: ratioOrNull(listConnected, listDialsCount), successes: successesByList.get(list.id) ?? 0, advanced: advancedByList.get(list.id) ?? 0,
    };
  });

  return {
    dials, outcomes, connected, contactRate: ratioOrNull(connected, dials),
    liveAnswers: abandon.liveAnswers, abandoned: abandon.abandoned, abandonRate: abandon.rate, regime: abandon.regime,
    machineAnswers: abandon.machineAnswers, countedAbandoned: abandon.countedAbandoned, countedLiveAnswers: abandon.countedLiveAnswers,
    amdFalsePositiveRate: abandon.amdFalsePositiveRate,
    talkSeconds: Math.round(calls.reduce((sum, row) => sum + row.talk - row.return_call_talk, 0)),
    returnCallTalkSeconds: Math.round(calls.reduce((sum, row) => sum + row.return_call_talk, 0)),
    dispositions: [...byCode].map(([code, count]) => ({ code, label: codes.get(code)?.label ?? code, success: codes.get(code)?.success ?? false, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    stageMoves, advanced: advancedRows.reduce((sum, row) => sum + row.n, 0), stagesNow, grades, lists: byList, localHours, callerIds,
    agents: [...byAgent.values()].sort((a, b) => b.connected - a.connected || a.name.localeCompare(b.name)),
  };
}
