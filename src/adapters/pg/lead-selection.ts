// Lead selection: the "hopper" is a query. One statement (one transaction) picks dialable leads
// of a campaign, skips rows other nodes are leasing right now (SKIP LOCKED), leases them to this
// node and writes one attempt row per lead before anything is dialled.
//
// Every rule of the core's lead eligibility (src/core/compliance/lead-eligibility.ts) is
// enforced here, in SQL, with the same numbers (the campaign's DialRulesPolicy):
//   due, not leased, list active, status dialable, the campaign's lead filter ($24; callbacks
//   are kept whatever it says), lead and 24-hour caps, calling window in the lead's zone and in
//   every other zone its sources name, and a phone that is enabled, under its cap, under its
//   24-hour cap counted over every campaign, not on DNC, not resting after an abandoned call
//   (by the rules of the campaign that made it as they stood then, UK 72 h: kept on the attempt, else,
//   abandoned before that was kept, $7 those campaigns and $30 their rests now) or a machine's answer (UK 24 h, $29) and not in a call for another lead that shares it. The phone chosen is the one with fewest dials, then dial order.
// Order: callbacks first, then priority, grade, list mix (weighted interleave), next dial time.
// The mix counts each list's recent dials ($25, decayed: lists.mix_dials, kept by each lease) ahead
// of its leads' ranks, so that it holds across leases of one lead at a time.
// A lease for one agent of a campaign that distributes by a lead field may ask for the leads of
// that agent's groups only ($19 the field, $20 the groups; both null otherwise). A lease for the
// pacer may prefer the groups of the agents who are free ($21 the field, $22 the groups): each
// probe then reads a few times the batch ($23, else the batch), and among those next in line the
// leads of the groups preferred are picked first. The preference costs a bounded read, never a
// scan for a rare group, and never a dial: the batch is filled from the rest.
//
// The window is decided in TypeScript: for each (active list, zone present in it) the core says
// whether the zone's local time is inside the window now, and only open pairs are probed; a lead
// whose sources name other zones too is passed over unless all of them are open ($10). Each
// pair is probed level by level (priority, grade: list_lead_levels) on the partial index
// leads_select_idx, in dial order, and stops at LIMIT. A lead whose sources name a jurisdiction
// with its own calling hours (Florida's 08:00-20:00) is passed over while those hours are shut in
// any of its zones ($26: the `code@zone` pairs shut now), and is dialled no more often a day than
// its state allows where that is below the campaign's cap (Florida's three: $27, $28).

import { safeWindowStatus } from '../../core/compliance/calling-window.js';
import { dialRulesFrom, type DialRulesPolicy } from '../../core/compliance/dial-rules-policy.js';
import { staleRegistryOf } from './dnc-registry-loads.js';
import { keptJurisdictionCodes, shutJurisdictionKeys } from '../../core/compliance/jurisdiction-window.js';
import type { AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { jurisdictionDayCaps } from '../../core/compliance/jurisdiction-day-caps.js';
import { campaignNotFound } from './db-error.js';
import { abandonRestsNumberSql, restingCampaignRowsSql, restingCampaigns, type CampaignRestRow } from './abandon-rest-sql.js';
import { dialledInLastDaySql } from './attempt-dialled.js';
import { jurisdictionHoursOpen } from './jurisdiction-hours-sql.js';
import { underLeadCap } from './lead-cap-sql.js';
import { leadFilterParam, passesLeadFilter } from './lead-filter-sql.js';
import { numberInCallUntil } from './number-in-call-sql.js';
import { distributionField } from './lead-groups.js';
import { laboratoryColumn } from './laboratory-marker.js';
import type { Queryable } from './pool.js';

export interface LeaseRequest {
  campaignId: string;
  count: number;
  nodeId: string;
  now: Date;
  /** How long the lead stays ours without the attempt being closed (crash safety). */
  leaseMs: number;
  /** Set when the call is for one agent (preview, personal callback). */
  agentId?: string | null;
  /** Only leads whose value of `field` (lower case, trimmed) is one of `groups`. */
  groups?: { field: string; groups: readonly string[] } | null;
  /** Leads of these groups (normalised) first, among those next in line, in a campaign that
   * distributes by a lead field; the batch is filled from any group. */
  prefer?: readonly string[];
}

/** How many times the batch each probe reads when a preference may reorder the pick. */
const preferenceReadFactor = 5;

export interface LeasedAttempt {
  attemptId: string;
  leadId: string;
  phoneId: string;
  e164: string;
}

/** What lead `l`'s own row must satisfy ($1 campaign, $2 now, $3 limit, $4.. caps, $19/$20 groups).
 * A lead waiting for its callback is dialled whatever its lifetime count (lead-eligibility.ts). */
const ROW_RULES = `
  l.next_dial_at <= $2
  AND (l.leased_until IS NULL OR l.leased_until < $2)
  AND (l.other_time_zones IS NULL OR l.other_time_zones <@ $10::text[])
  AND ${jurisdictionHoursOpen('$9', '$26')}
  AND ${passesLeadFilter('$24')}
  AND ${underLeadCap('$4')}
  AND ($19::text IS NULL OR lower(trim(l.fields->>$19::text)) = ANY($20::text[]))`;

/** The 24-hour cap of lead `id`: its dials (attempts that rang) on attempts_lead_dialled_idx, from the index alone. */
const dayCapOk = (id: string): string =>
  `(SELECT count(*) FROM attempts a WHERE a.lead_id = ${id} AND ${dialledInLastDaySql('a', '$2')}) < ${leadDayCapSql(id)}`;

/** Lead `id`'s 24-hour cap: the campaign's ($5), or the lowest of its jurisdictions' below it
 * ($27 codes and $28 caps, none where the campaign keeps no jurisdiction's rules). */
const leadDayCapSql = (id: string): string => `(CASE WHEN cardinality($27::text[]) = 0 THEN $5::int ELSE (
    SELECT least($5::int, min(c.cap)) FROM leads lj CROSS JOIN unnest($27::text[], $28::int[]) AS c(code, cap)
    WHERE lj.id = ${id} AND c.code = ANY(lj.jurisdictions)) END)`;

/** The phone to dial for lead `id`: enabled, under its caps (its 24-hour one counts every campaign's
 * dials of the number, on attempts_e164_dialled_idx), not on DNC, not resting
 * after an abandon or a machine's answer, not in a call for another lead that shares it. A
 * callback (`promised`, SQL) is made whatever the number's lifetime count: the person asked for it. */
const phonePick = (id: string, promised: string): string => `
  CROSS JOIN LATERAL (
    SELECT ph.id, ph.e164
    FROM lead_phones ph
    WHERE ph.lead_id = ${id} AND NOT ph.disabled AND (ph.attempts < $6 OR ${promised})
      AND (SELECT count(*) FROM attempts an WHERE an.e164 = ph.e164 AND ${dialledInLastDaySql('an', '$2')}) < $18
      AND NOT EXISTS (
        SELECT 1 FROM dnc_entries d
        WHERE d.e164 = ph.e164 AND (d.campaign_id IS NULL OR d.campaign_id = $1) AND (d.expires_at IS NULL OR d.expires_at > $2))
      AND NOT ${abandonRestsNumberSql('ph.e164', '$2', '$7', '$30')}
      AND ($29 = 0 OR NOT EXISTS (
        SELECT 1 FROM attempts am
        WHERE am.e164 = ph.e164 AND am.outcome = 'machine' AND am.ended_at > $2::timestamptz - $29 * interval '1 millisecond'))
      AND ${numberInCallUntil('ph.e164', '$2')} IS NULL
    ORDER BY ph.attempts, ph.dial_order, ph.id
    LIMIT 1
  ) ph`;

const CANDIDATE = `l.id AS lead_id, l.list_id, l.priority, l.grade, l.next_dial_at,
  coalesce(lower(trim(l.fields->>$21::text)) = ANY($22::text[]), false) AS preferred`;

/** First pass: leads in dial order judged by their own row only (no phone, no lock). */
const rowProbe = (where: string, callbackFirst: number): string => `
    SELECT ${CANDIDATE}, ${callbackFirst} AS callback_first
    FROM leads l
    WHERE ${where} AND ${ROW_RULES}
    ORDER BY l.next_dial_at
    LIMIT $23`;

/** Fallback: every rule inside the probe, locking what it returns (SKIP LOCKED). */
const fullProbe = (where: string, callbackFirst: number): string => `
    SELECT ${CANDIDATE}, ${callbackFirst} AS callback_first, ph.id AS phone_id, ph.e164
    FROM leads l ${phonePick('l.id', `l.status = 'callback'`)}
    WHERE ${where} AND ${ROW_RULES} AND ${dayCapOk('l.id')} AND l.id <> ALL (SELECT lead_id FROM fast)
    ORDER BY l.next_dial_at
    LIMIT $3
    FOR UPDATE OF l SKIP LOCKED`;

type Probe = (where: string, callbackFirst: number) => string;

/**
 * The first `limit` leads of one (list p.list_id, zone) in dial order (priority DESC, grade,
 * next_dial_at): the list's levels (list_lead_levels) in that order, each probed as its own range
 * of leads_select_idx that ends at next_dial_at <= now, until `limit` leads are found. Probing the
 * pair as one range would walk over the not-yet-due leads of every level with no due ones left.
 */
const byLevel = (probe: Probe, zone: string, limit: string): string => `
    SELECT c.* FROM list_lead_levels v
    CROSS JOIN LATERAL (${probe(`l.list_id = v.list_id AND ${zone} AND l.priority = v.priority AND l.grade = v.grade
      AND l.status IN ('new', 'retry')`, 0)}) c
    WHERE v.list_id = p.list_id
    ORDER BY v.priority DESC, v.grade
    LIMIT ${limit}`;

/** Callbacks, then each open (list, zone) pair, then each list's leads of no known zone. */
const probes = (probe: Probe, pairColumn: string, limit: string): string => `
  SELECT 0 AS pair, cb.* FROM (${probe(`l.campaign_id = $1 AND l.status = 'callback' AND l.list_id = ANY($8::bigint[])
      AND coalesce(l.timezone, $9) = ANY($10::text[])`, 1)}) cb
  UNION ALL
  SELECT ${pairColumn}, c.* FROM unnest($11::bigint[], $12::text[]) WITH ORDINALITY AS p(list_id, zone, n)
  CROSS JOIN LATERAL (${byLevel(probe, 'l.timezone = p.zone', limit)}) c
  UNION ALL
  SELECT -${pairColumn}, c.* FROM unnest($13::bigint[]) WITH ORDINALITY AS p(list_id, n)
  CROSS JOIN LATERAL (${byLevel(probe, 'l.timezone IS NULL', limit)}) c`;

/** List mix: a lead's rank in its list's dial order, after the list's recent dials, over the
 * list's weight (stride scheduling). */
const withMix = (from: string): string => `
  SELECT c.*, (w.recent + row_number() OVER (PARTITION BY c.list_id ORDER BY c.priority DESC, c.grade, c.next_dial_at)) / w.weight AS mix_key
  FROM ${from} c JOIN unnest($8::bigint[], $14::float8[], $25::float8[]) AS w(list_id, weight, recent) ON w.list_id = c.list_id`;

/** Seconds over which a list's recent dials decay by a factor of e. */
export const listMixMemorySeconds = 900;

const PICK_ORDER = 'callback_first DESC, preferred DESC, priority DESC, grade, mix_key, next_dial_at, lead_id';

// Two passes keep the work near the batch size. The first reads up to $3 leads per pair by their
// own row, ranks them all, and only then, in pick order until $3 are taken, checks the 24-hour
// cap and the phones and locks the lead (SKIP LOCKED: rows other nodes are leasing are passed
// over). When that falls short while some pair may hold more, a second pass probes with every
// rule inside, so leads whose phones block cannot hide dialable ones behind them.
const LEASE_SQL = `
WITH cheap AS MATERIALIZED (${probes(rowProbe, 'p.n', '$23')}
),
fast AS MATERIALIZED (
  SELECT r.lead_id, r.list_id, r.priority, r.grade, r.next_dial_at, r.preferred, r.callback_first, ph.id AS phone_id, ph.e164
  FROM (${withMix('cheap')} ORDER BY ${PICK_ORDER}) r
  ${phonePick('r.lead_id', 'r.callback_first = 1')}
  CROSS JOIN LATERAL (
    -- FOR UPDATE re-checks these on the newest version of a row another node changed meanwhile.
    SELECT 1 FROM leads l
    WHERE l.id = r.lead_id AND l.status IN ('new', 'retry', 'callback') AND ${ROW_RULES}
    FOR UPDATE SKIP LOCKED
  ) locked
  WHERE ${dayCapOk('r.lead_id')}
  LIMIT $3
),
slow AS MATERIALIZED (
  SELECT c.lead_id, c.list_id, c.priority, c.grade, c.next_dial_at, c.preferred, c.callback_first, c.phone_id, c.e164
  FROM (${probes(fullProbe, 'p.n', '$3')}) c
  WHERE (SELECT count(*) FROM fast) < $3
    AND EXISTS (SELECT 1 FROM cheap GROUP BY cheap.pair HAVING count(*) >= $23)
),
picked AS (
  ${withMix('(SELECT * FROM fast UNION ALL SELECT * FROM slow)')} ORDER BY ${PICK_ORDER} LIMIT $3
),
leased AS (
  UPDATE leads SET leased_by = $15, leased_until = $16, updated_at = $2
  FROM picked WHERE leads.id = picked.lead_id
  RETURNING leads.id
),
mixed AS (
  UPDATE lists li SET mix_dials = li.mix_dials * exp(-greatest(0, extract(epoch FROM $2 - coalesce(li.mix_at, $2))) / ${listMixMemorySeconds}) + k.n,
    mix_at = greatest($2, coalesce(li.mix_at, $2))
  FROM (SELECT list_id, count(*) AS n FROM picked GROUP BY list_id) k WHERE li.id = k.list_id
),
created AS (
  INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, agent_id, status, created_at, node_id, lead_grade)
  SELECT $1, picked.lead_id, picked.phone_id, picked.e164, $17, 'created', $2, $15, picked.grade
  FROM picked JOIN leased ON leased.id = picked.lead_id
  RETURNING id, lead_id, phone_id, e164
)
SELECT created.id AS attempt_id, created.lead_id, created.phone_id, created.e164
FROM created JOIN picked ON picked.lead_id = created.lead_id
ORDER BY picked.${PICK_ORDER.replace(/, /g, ', picked.')}`;

interface ListZones {
  listId: string;
  weight: number;
  /** Its dials lately, decayed to `now` (see listMixMemorySeconds). */
  recentDials: number;
  zones: string[];
}

function decayedDials(dials: number, at: string | null, now: Date): number {
  const ageSeconds = at === null ? 0 : Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000);
  return dials * Math.exp(-ageSeconds / listMixMemorySeconds);
}

export interface SelectionPlan {
  rules: DialRulesPolicy;
  lists: ListZones[];
  /** (list, zone) pairs whose local time is inside the window now. */
  openPairs: { listId: string; zone: string }[];
  openZones: string[];
  defaultZoneOpen: boolean;
  /** `code@zone` for each jurisdiction whose own hours are shut now in an open zone. */
  shutJurisdictions: string[];
  /** The lead field the campaign distributes its calls by, or null. */
  distributeBy: string | null;
  /** The campaigns whose abandoned calls rest a number, and how long, for the calls abandoned before
   * their rest was kept on them: each abandoned call's rest is its own campaign's, as its rules
   * stood when it was abandoned, whichever campaign dials the number now (abandon-rest-sql.ts). */
  abandonRests: { ids: string[]; restMs: number[] };
}

/** Which lists and zones selection probes at `now`: the calling-window half of the query. */
export async function planSelection(db: Queryable, campaignId: string, now: Date, rules?: DialRulesPolicy): Promise<SelectionPlan> {
  // One round trip: the campaign's rules and its active lists with the zones present in each.
  const result = await db.query<{ regime: AbandonRegime; timezone: string; settings: Record<string, unknown>; laboratory: boolean | null;
    lists: { id: string; mix_weight: number; mix_dials: number; mix_at: string | null; zones: string[] }[];
    campaign_rests: (CampaignRestRow & { id: string })[] }>({
    name: 'outpace-plan-selection',
    text: `SELECT c.regime, c.timezone, c.settings, ${laboratoryColumn},
              coalesce((SELECT json_agg(json_build_object('id', li.id, 'mix_weight', li.mix_weight, 'mix_dials', li.mix_dials, 'mix_at', li.mix_at,
                                  'zones', ARRAY(SELECT z.timezone FROM list_time_zones z WHERE z.list_id = li.id)) ORDER BY li.id)
                        FROM lists li WHERE li.campaign_id = c.id AND li.active AND li.mix_weight > 0), '[]') AS lists,
              ${restingCampaignRowsSql} AS campaign_rests
           FROM campaigns c WHERE c.id = $1`,
    values: [campaignId],
  });
  const row = result.rows[0];
  if (!row) throw campaignNotFound(campaignId);
  const policy = rules ?? dialRulesFrom(row);
  const open = new Map<string, boolean>();
  const isOpen = (zone: string): boolean => {
    let value = open.get(zone);
    if (value === undefined) {
      value = safeWindowStatus(policy.callingWindow, zone, now.getTime()).open;
      open.set(zone, value);
    }
    return value;
  };
  const lists = row.lists.map((list) => ({
    listId: String(list.id), weight: list.mix_weight, recentDials: decayedDials(list.mix_dials, list.mix_at, now), zones: list.zones,
  }));
  const openPairs = lists.flatMap((list) => list.zones.filter(isOpen).map((zone) => ({ listId: list.listId, zone })));
  const defaultZoneOpen = isOpen(policy.defaultZone);
  const openZones = [...new Set([...openPairs.map((p) => p.zone), ...(defaultZoneOpen ? [policy.defaultZone] : [])])];
  const shutJurisdictions = shutJurisdictionKeys(openZones, now.getTime(), keptJurisdictionCodes(policy));
  return {
    rules: policy, lists, openPairs, openZones, defaultZoneOpen, shutJurisdictions, distributeBy: distributionField(row),
    abandonRests: restingCampaigns(row.campaign_rests),
  };
}

export function selectionParams(request: LeaseRequest, plan: SelectionPlan): unknown[] {
  const { rules } = plan;
  const prefer = plan.distributeBy !== null && (request.prefer?.length ?? 0) > 0;
  const leasedUntil = new Date(request.now.getTime() + request.leaseMs);
  const dayCaps = rules.jurisdictionHours ? [...jurisdictionDayCaps.values()].filter((cap) => cap.dialsPerDay < rules.maxAttemptsPerDay) : [];
  return [
    request.campaignId, request.now, request.count,
    rules.maxAttemptsPerLead, rules.maxAttemptsPerDay, rules.maxAttemptsPerPhone, plan.abandonRests.ids,
    plan.lists.map((l) => l.listId), rules.defaultZone, plan.openZones,
    plan.openPairs.map((p) => p.listId), plan.openPairs.map((p) => p.zone),
    plan.defaultZoneOpen ? plan.lists.map((l) => l.listId) : [],
    plan.lists.map((l) => l.weight),
    request.nodeId, leasedUntil, request.agentId ?? null, rules.maxDialsPerNumberPerDay,
    request.groups?.field ?? null, request.groups ? [...request.groups.groups] : null,
    prefer ? plan.distributeBy : null, prefer ? [...(request.prefer ?? [])] : null,
    prefer ? request.count * preferenceReadFactor : request.count,
    leadFilterParam(rules.leadFilter),
    plan.lists.map((l) => l.recentDials),
    plan.shutJurisdictions,
    dayCaps.map((cap) => cap.code), dayCaps.map((cap) => cap.dialsPerDay),
    rules.redialAfterMachineMs, plan.abandonRests.restMs,
  ];
}

export const leaseSql = LEASE_SQL;

/** Leases up to `count` dialable leads and creates their attempts; fewer (or none) when fewer qualify. */
export async function leaseLeadsAndCreateAttempts(db: Queryable, request: LeaseRequest): Promise<LeasedAttempt[]> {
  if (request.count <= 0) return [];
  const plan = await planSelection(db, request.campaignId, request.now);
  if (plan.lists.length === 0) return [];
  // A national registry the campaign is scrubbed against, loaded too long ago: no lead is leased
  // (the pacer is held, the check before each dial and "why not dialled" say why).
  if (await staleRegistryOf(db, plan.rules.nationalRegistries, request.now.getTime())) return [];
  // A named statement is planned once per connection: the query is large and planning it costs
  // more than running it.
  const result = await db.query<{ attempt_id: string; lead_id: string; phone_id: string; e164: string }>({
    name: 'outpace-lease-leads', text: LEASE_SQL, values: selectionParams(request, plan),
  });
  return result.rows.map((row) => ({
    attemptId: row.attempt_id,
    leadId: String(row.lead_id),
    phoneId: String(row.phone_id),
    e164: row.e164,
  }));
}
