// A campaign's lists as its manager runs them: how many leads each holds by status and how many
// are due now, switching a list on and off, its share of the dials when several are on, its own
// caller ID and machine message, and a list given another pass (its exhausted leads dialled
// again); the evidence log keeps every change and pass, by whom.

import { DbError } from './db-error.js';
import { appendEvidence } from './evidence-log-repository.js';
import { loadDialRules } from './dial-rules-repository.js';
import { underLeadCap } from './lead-cap-sql.js';
import { leadFilterParam, passesLeadFilter } from './lead-filter-sql.js';
import { dialableLeadStatuses, toList, type LeadList, type LeadStatus, type ListRow } from './lead-repository.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface ListOverview extends LeadList {
  createdAt: Date;
  /** Leads by status (statuses with none are left out). */
  leads: Partial<Record<LeadStatus, number>>;
  total: number;
  /** Leads selection may pick now as far as status, time, the campaign's lead filter and its
   * dials-per-lead cap go (the calling hours and the other caps may still hold some); null for
   * the list of manual dials, which the pacer never dials (an agent calls its leads). */
  dueNow: number | null;
  /** The campaign's list of manual dials: numbers agents typed and people who called in. */
  manualDials: boolean;
}

interface OverviewRow extends ListRow {
  created_at: Date;
  manual_dials: boolean;
  by_status: Record<string, number> | null;
  due_now: number | null;
}

/** The campaign's lists, or only `listId` of them (its counts read without the others'). */
export async function listOverviews(db: Queryable, campaignId: string, now: Date, listId?: string): Promise<ListOverview[]> {
  const rules = await loadDialRules(db, campaignId);
  const result = await db.query<OverviewRow>(
    `SELECT li.id, li.campaign_id, li.name, li.default_region, li.active, li.mix_weight, li.caller_id, li.machine_message_media, li.created_at, li.manual_dials,
            (SELECT json_object_agg(s.status, s.n) FROM (SELECT status, count(*)::int AS n FROM leads WHERE list_id = li.id GROUP BY status) s) AS by_status,
            -- The list of manual dials is never due (the pacer does not dial it): its leads are not counted.
            CASE WHEN li.manual_dials THEN NULL ELSE
              (SELECT count(*)::int FROM leads l WHERE l.list_id = li.id AND l.status = ANY($2) AND l.next_dial_at <= $3
                 AND (l.leased_until IS NULL OR l.leased_until < $3) AND ${passesLeadFilter('$5')} AND ${underLeadCap('$6')}) END AS due_now
     FROM lists li WHERE li.campaign_id = $1 AND ($4::bigint IS NULL OR li.id = $4) ORDER BY li.id`,
    [campaignId, dialableLeadStatuses, now, listId ?? null, leadFilterParam(rules.leadFilter), rules.maxAttemptsPerLead],
  );
  return result.rows.map((r) => {
    const leads = (r.by_status ?? {}) as Partial<Record<LeadStatus, number>>;
    return { ...toList(r), createdAt: r.created_at, leads, total: Object.values(leads).reduce((sum, n) => sum + (n ?? 0), 0),
      dueNow: r.due_now, manualDials: r.manual_dials };
  });
}

export interface ListChanges {
  name?: string;
  active?: boolean;
  mixWeight?: number;
  /** null: the campaign's again; absent: as it is. */
  callerId?: string | null;
  machineMessageMedia?: string | null;
}

/** A list's name and its campaign's id, name and status; null when there is no such list. */
export async function listWithCampaign(db: Queryable, listId: string): Promise<{ list: string; campaignId: string; campaign: string; status: string } | null> {
  const result = await db.query<{ list: string; campaign_id: string; campaign: string; status: string }>(
    'SELECT li.name AS list, c.id::text AS campaign_id, c.name AS campaign, c.status FROM lists li JOIN campaigns c ON c.id = li.campaign_id WHERE li.id = $1', [listId]);
  const row = result.rows[0];
  return row ? { list: row.list, campaignId: row.campaign_id, campaign: row.campaign, status: row.status } : null;
}

/** Changes a list and keeps what changed in the evidence log, by whom (its caller ID and message
 * are what people hear); the campaign it belongs to, or null when there is no such list. */
export async function updateList(
  pool: Pool, listId: string, changes: ListChanges, audit: { by: string; now?: Date },
): Promise<{ campaignId: string } | null> {
  return withTransaction(pool, async (client) => {
    const before = await client.query<ListRow & { manual_dials: boolean }>('SELECT * FROM lists WHERE id = $1 FOR UPDATE', [listId]);
    const row = before.rows[0];
    if (!row) return null;
    // Its leads are numbers agents typed and people who called in (a stranger among them): the
    // pacer dialling them would be calls nobody chose to make.
    if (row.manual_dials && (changes.mixWeight ?? 0) > 0) {
      throw new DbError('CONFLICT', 'the list of manual dials has no share of the dials: its leads are numbers agents typed and people who called in, dialled only by an agent');
    }
    const result = await client.query<ListRow>(
      `UPDATE lists SET name = coalesce($2, name), active = coalesce($3, active), mix_weight = coalesce($4, mix_weight),
         caller_id = CASE WHEN $5 THEN $6 ELSE caller_id END,
         machine_message_media = CASE WHEN $7 THEN $8 ELSE machine_message_media END, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [listId, changes.name ?? null, changes.active ?? null, changes.mixWeight ?? null,
        changes.callerId !== undefined, changes.callerId ?? null, changes.machineMessageMedia !== undefined, changes.machineMessageMedia ?? null],
    ).catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505') throw new DbError('INVALID_ARGUMENT', `the campaign already has a list named "${changes.name}"`);
      throw error;
    });
    const after = result.rows[0] ?? row;
    const changed = changedFields(toList(row), toList(after));
    const campaignId = String(row.campaign_id);
    if (Object.keys(changed).length > 0) {
      await appendEvidence(client, { kind: 'list_changed', campaignId, at: audit.now, payload: { by: audit.by, listId, list: after.name, changes: changed } });
    }
    return { campaignId };
  });
}

/** The fields that differ between two states of a list, before and after. */
function changedFields(before: LeadList, after: LeadList): Record<string, { before: unknown; after: unknown }> {
  const keys = ['name', 'active', 'mixWeight', 'callerId', 'machineMessageMedia'] as const;
  return Object.fromEntries(keys.filter((key) => before[key] !== after[key]).map((key) => [key, { before: before[key], after: after[key] }]));
}

/** SQL: lead `l` waits in the dialling pool ('new', 'retry') with no dial left under the
 * campaign's caps ($3 per lead, $4 per number), which selection steps over for ever: one over a
 * cap lowered since it was dialled, or one whose callback given on its last allowed dial was
 * cancelled before such a cancel left it exhausted. Exhausted in all but name, a pass over its
 * list dials it again. A cap of 0 stored before such caps were refused stops every lead, not
 * these: it leaves their counts alone. */
const stoppedByCapsSql = `l.status IN ('new', 'retry') AND EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id AND NOT p.disabled)
  AND (($3::int > 0 AND l.attempts >= $3::int)
    OR ($4::int > 0 AND NOT EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id AND NOT p.disabled AND p.attempts < $4::int)))`;

/**
 * Another pass over a list: its exhausted leads, and those its caps stopped in the retry pool
 * (stoppedByCapsSql), are dialled again from `now`, their dial counts
 * (and those of their numbers still enabled) and skips in preview back to zero. Leads on DNC, without a valid number
 * or worked stay as they are, and every rule that is not a count still applies (DNC, calling
 * hours, the rest after an abandoned call, dials a day). Recorded in the evidence log, by whom.
 */
export async function resetExhaustedLeads(pool: Pool, input: { listId: string; by: string; now: Date }): Promise<{ campaignId: string; reset: number }> {
  return withTransaction(pool, async (client) => {
    const list = await client.query<{ campaign_id: string; name: string }>('SELECT campaign_id, name FROM lists WHERE id = $1 FOR UPDATE', [input.listId]);
    const row = list.rows[0];
    if (!row) throw new DbError('NOT_FOUND', `list ${input.listId}`);
    const { maxAttemptsPerLead, maxAttemptsPerPhone } = await loadDialRules(client, String(row.campaign_id));
    // One being dialled (leased) is left to its call, whose close decides it; one erased (its
    // numbers gone at the end of its retention) has nothing to dial.
    const passed = `l.list_id = $1 AND l.erased_at IS NULL AND (l.status = 'exhausted' OR (${stoppedByCapsSql} AND NOT coalesce(l.leased_until > $2, false)))`;
    const params = [input.listId, input.now, maxAttemptsPerLead, maxAttemptsPerPhone];
    // Its leads locked in id order first, as an erasure or an import locks several: in the table's
    // order, a reset and an erasure of a person with two of its leads deadlocked.
    const locked = await client.query<{ id: string }>(`SELECT l.id FROM leads l WHERE ${passed} ORDER BY l.id FOR UPDATE OF l`, params);
    const reset = await client.query<{ n: number }>(
      `WITH reset AS (
         UPDATE leads SET status = 'retry', attempts = 0, preview_skips = 0, next_dial_at = $2, leased_by = NULL, leased_until = NULL, updated_at = $2
         WHERE id = ANY($1::bigint[]) AND (status IN ('exhausted', 'new', 'retry')) RETURNING id
       ), phones AS (
         UPDATE lead_phones p SET attempts = 0 FROM reset WHERE p.lead_id = reset.id AND NOT p.disabled
       )
       SELECT count(*)::int AS n FROM reset`,
      [locked.rows.map((lead) => lead.id), input.now],
    );
    const leadsReset = reset.rows[0]?.n ?? 0;
    const campaignId = String(row.campaign_id);
    await appendEvidence(client, {
      kind: 'list_reset', campaignId, at: input.now,
      payload: { by: input.by, listId: input.listId, list: row.name, leadsReset },
    });
    return { campaignId, reset: leadsReset };
  });
}
