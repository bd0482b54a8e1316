// A campaign created (or copied), and its settings and status changed, by its managers, each kept
// in the evidence log in the same transaction, with who did it and the values before and after:
// what a regulator, a client or a manager asks when a campaign dialled differently from one day to
// the next (a higher abandonment target, another caller ID, recording switched off, a script
// without its disclosure).

import { isDeepStrictEqual } from 'node:util';
import {
  campaignSettingFields, getCampaign, insertCampaign, updateCampaignSettings, updateCampaignStatus,
  type Campaign, type CampaignSettingsFields, type CampaignStatus, type CreateCampaignInput,
} from './campaign-repository.js';
import { campaignNotFound } from './db-error.js';
import { copyDispositionCatalog } from './disposition-catalog-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import { withTransaction, type Pool } from './pool.js';

/** A value before and after a change (null: none). */
export interface ValueChange {
  before: unknown;
  after: unknown;
}

/** Adds `key` to `changes` when its two values differ (compared deeply, a missing one as null). */
export function noteChange(changes: Record<string, ValueChange>, key: string, from: unknown, to: unknown): void {
  if (!isDeepStrictEqual(from ?? null, to ?? null)) changes[key] = { before: from ?? null, after: to ?? null };
}

/** What differs between two states of a campaign: its name and fields, and its free-form settings
 * key by key (`settings.<key>`). */
export function campaignChanges(before: Campaign, after: Campaign): Record<string, ValueChange> {
  const changes: Record<string, ValueChange> = {};
  const note = (key: string, from: unknown, to: unknown): void => noteChange(changes, key, from, to);
  note('name', before.name, after.name);
  for (const field of campaignSettingFields) if (field !== 'settings') note(field, before[field], after[field]);
  for (const key of new Set([...Object.keys(before.settings), ...Object.keys(after.settings)])) {
    note(`settings.${key}`, before.settings[key], after.settings[key]);
  }
  return changes;
}

/** What the evidence keeps of a campaign as created: all but its id and timestamps. */
function settingsOf(campaign: Campaign): Omit<Campaign, 'id' | 'createdAt' | 'updatedAt'> {
  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...settings } = campaign;
  return settings;
}

/** Creates a campaign (a draft) and keeps who created it with what: the first state the changes
 * after it start from. `accept` may refuse it, by throwing, once the defaults are filled in. */
export async function createCampaignLogged(
  pool: Pool, input: CreateCampaignInput & { by: string; now?: Date }, accept: (campaign: Campaign) => void = () => undefined,
): Promise<Campaign> {
  const { by, now, ...fields } = input;
  return withTransaction(pool, async (client) => {
    const campaign = await insertCampaign(client, fields);
    // Judged with the defaults the database filled in; what it throws takes the insert back.
    accept(campaign);
    await appendEvidence(client, { kind: 'campaign_created', campaignId: campaign.id, at: now, payload: { by, campaign: settingsOf(campaign) } });
    return campaign;
  });
}

/** A new draft with every setting of campaign `fromId` and its disposition codes (not its lists,
 * leads or history), kept as created from it, by whom; null when there is no such campaign. */
export async function copyCampaignLogged(pool: Pool, input: { fromId: string; name: string; by: string; now?: Date }): Promise<Campaign | null> {
  return withTransaction(pool, async (client) => {
    const source = await getCampaign(client, input.fromId);
    if (!source) return null;
    const { name: _name, status: _status, ...fields } = settingsOf(source);
    const campaign = await insertCampaign(client, { ...fields, name: input.name, status: 'draft', seedDispositions: false });
    await copyDispositionCatalog(client, input.fromId, campaign.id);
    await appendEvidence(client, {
      kind: 'campaign_created', campaignId: campaign.id, at: input.now, payload: { by: input.by, copiedFrom: input.fromId, campaign: settingsOf(campaign) },
    });
    return campaign;
  });
}

/** Changes a campaign's settings and keeps what changed, by whom; the campaign as it now is. */
export async function changeCampaign(
  pool: Pool, input: { campaignId: string; patch: Partial<CampaignSettingsFields & { name: string }>; by: string; now?: Date },
): Promise<Campaign> {
  return withTransaction(pool, async (client) => {
    const before = await getCampaign(client, input.campaignId, { forUpdate: true });
    if (!before) throw campaignNotFound(input.campaignId);
    const after = await updateCampaignSettings(client, input.campaignId, input.patch);
    const changes = campaignChanges(before, after);
    if (Object.keys(changes).length > 0) {
      await appendEvidence(client, { kind: 'campaign_changed', campaignId: input.campaignId, at: input.now, payload: { by: input.by, changes } });
    }
    return after;
  });
}

/** Starts, pauses or stops a campaign that is in one of `from`, keeping the change, by whom; null
 * when its status was none of them. */
export async function changeCampaignStatus(
  pool: Pool, input: { campaignId: string; to: CampaignStatus; from: CampaignStatus[]; by: string; now?: Date },
): Promise<Campaign | null> {
  return withTransaction(pool, async (client) => {
    const before = await getCampaign(client, input.campaignId, { forUpdate: true });
    if (!before) throw campaignNotFound(input.campaignId);
    const after = await updateCampaignStatus(client, input.campaignId, input.to, { from: input.from });
    if (after) {
      await appendEvidence(client, {
        kind: 'campaign_status_changed', campaignId: input.campaignId, at: input.now, payload: { by: input.by, from: before.status, to: after.status },
      });
    }
    return after;
  });
}
