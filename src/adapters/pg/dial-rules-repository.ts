// The dial rules of a campaign (calling window, caps, rests) as the core reads them, and the
// change of those rules, which leaves an evidence entry with the before and after.

import { customHoursBoundByLaw, dialRulesFrom, type CampaignRuleSource, type DialRulesPolicy } from '../../core/compliance/dial-rules-policy.js';
import type { AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { campaignNotFound, DbError } from './db-error.js';
import { appendEvidence } from './evidence-log-repository.js';
import { laboratoryColumn } from './laboratory-marker.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

/** Keys of campaigns.settings that are dial rules. */
export const dialRuleSettingKeys = ['callingWindow', 'recycle', 'refusalDnc', 'jurisdictionHours', 'nationalRegistries'] as const;
type DialRuleKey = (typeof dialRuleSettingKeys)[number];
/** The groups, whether the hours of the leads' states are kept (jurisdictionHours: their countries' are anyway),
 * and the national registries the campaign is scrubbed against. */
export type DialRuleSettings = Partial<Record<Exclude<DialRuleKey, 'jurisdictionHours' | 'nationalRegistries'>, Record<string, unknown>>>
  & { jurisdictionHours?: boolean; nationalRegistries?: readonly string[] };

/** Groups changed key by key (a null removes a key, back to its default); the calling window is
 * one policy and is replaced whole. */
const mergedGroups: readonly DialRuleKey[] = ['recycle', 'refusalDnc'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The dial-rule settings after `changes`, for the groups they name. */
function applyRuleChanges(settings: Record<string, unknown>, changes: DialRuleSettings): Record<string, unknown> {
  const after: Record<string, unknown> = {};
  for (const key of dialRuleSettingKeys) {
    const change = changes[key];
    if (change === undefined) continue;
    if (typeof change === 'boolean' || Array.isArray(change) || !mergedGroups.includes(key)) {
      after[key] = change;
      continue;
    }
    const merged: Record<string, unknown> = { ...(isRecord(settings[key]) ? settings[key] : {}), ...change };
    after[key] = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null));
  }
  return after;
}

/** Refuses custom hours the campaign would not keep: dialling would keep the US hours around
 * them anyway, so say so rather than store hours not kept. */
export function assertCustomHoursKept(changes: DialRuleSettings, campaign: Pick<CampaignRuleSource, 'regime' | 'laboratory'>): void {
  if (changes.callingWindow?.regime !== 'custom' || !customHoursBoundByLaw(campaign)) return;
  throw new DbError('INVALID_ARGUMENT', `custom hours have no legal bound, and a campaign under ${campaign.regime.toUpperCase()} rules keeps the US calling hours (08:00-21:00 in the called person's local time): choose regime us and narrow its hours instead`);
}

export async function loadDialRules(db: Queryable, campaignId: string): Promise<DialRulesPolicy> {
  const result = await db.query<{ regime: AbandonRegime; timezone: string; settings: Record<string, unknown>; laboratory: boolean | null }>(
    `SELECT regime, timezone, settings, ${laboratoryColumn} FROM campaigns WHERE id = $1`,
    [campaignId],
  );
  const row = result.rows[0];
  if (!row) throw campaignNotFound(campaignId);
  return dialRulesFrom(row);
}

/**
 * Changes the given dial-rule settings (others are kept) and records the change, before and
 * after, in the evidence log in the same transaction; returns the rules now in force.
 */
export async function updateDialRules(pool: Pool, input: { campaignId: string; changes: DialRuleSettings; by: string; now?: Date }): Promise<DialRulesPolicy> {
  return withTransaction(pool, async (client) => {
    // NO KEY: the campaign's dialling writes attempts, whose key on it must not wait for this commit.
    const before = await client.query<{ settings: Record<string, unknown>; regime: AbandonRegime; laboratory: boolean | null }>(
      `SELECT settings, regime, ${laboratoryColumn} FROM campaigns WHERE id = $1 FOR NO KEY UPDATE`, [input.campaignId]);
    const row = before.rows[0];
    if (!row) throw campaignNotFound(input.campaignId);
    assertCustomHoursKept(input.changes, row);
    const previous = Object.fromEntries(dialRuleSettingKeys.map((key) => [key, row.settings[key] ?? null]));
    const after = applyRuleChanges(row.settings, input.changes);
    await client.query(`UPDATE campaigns SET settings = settings || $2::jsonb, updated_at = now() WHERE id = $1`, [input.campaignId, JSON.stringify(after)]);
    const rules = await loadDialRules(client, input.campaignId);
    await appendEvidence(client, {
      kind: 'rule_changed', campaignId: input.campaignId, at: input.now,
      payload: { by: input.by, before: previous, after, inForce: rules },
    });
    return rules;
  });
}
