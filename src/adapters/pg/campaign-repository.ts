// Campaigns: creation (with the default disposition catalogue), reads, settings and status.

import { seedDefaultDispositions } from './disposition-catalog-repository.js';
import { campaignNotFound, DbError } from './db-error.js';
import { rethrowConstraint } from './pg-errors.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export type CampaignStatus = 'draft' | 'running' | 'paused' | 'stopped' | 'completed';
export type CampaignMode = 'preview' | 'progressive' | 'power' | 'predictive';
export type CampaignRegime = 'us' | 'uk' | 'strict';

/** Everything a manager may set on a campaign besides its name and status. */
export interface CampaignSettingsFields {
  mode: CampaignMode;
  dialLevel: number;
  maxLinesPerAgent: number;
  trunkCap: number;
  regime: CampaignRegime;
  abandonTarget: number;
  ringTimeoutMs: number;
  connectLimitMs: number;
  wrapUpMs: number;
  wrapUpMode: 'auto' | 'manual';
  callerId: string | null;
  amdEnabled: boolean;
  amdAfterGreetingMs: number;
  amdFalsePositiveRate: number;
  machineAction: 'hangup' | 'leave_message';
  machineMessageMedia: string;
  safeHarborMedia: string;
  returnCallMedia: string;
  optOutDigit: string;
  recordingEnabled: boolean;
  timezone: string;
  script: string;
  faq: unknown[];
  /** Open-ended settings without a column yet (e.g. `recycle`, calling windows). */
  settings: Record<string, unknown>;
}

export interface Campaign extends CampaignSettingsFields {
  id: string;
  name: string;
  status: CampaignStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** camelCase field -> column. Only these may be written through the settings functions. */
const settingColumns: Readonly<Record<keyof CampaignSettingsFields, string>> = {
  mode: 'mode',
  dialLevel: 'dial_level',
  maxLinesPerAgent: 'max_lines_per_agent',
  trunkCap: 'trunk_cap',
  regime: 'regime',
  abandonTarget: 'abandon_target',
  ringTimeoutMs: 'ring_timeout_ms',
  connectLimitMs: 'connect_limit_ms',
  wrapUpMs: 'wrap_up_ms',
  wrapUpMode: 'wrap_up_mode',
  callerId: 'caller_id',
  amdEnabled: 'amd_enabled',
  amdAfterGreetingMs: 'amd_after_greeting_ms',
  amdFalsePositiveRate: 'amd_false_positive_rate',
  machineAction: 'machine_action',
  machineMessageMedia: 'machine_message_media',
  safeHarborMedia: 'safe_harbor_media',
  returnCallMedia: 'return_call_media',
  optOutDigit: 'opt_out_digit',
  recordingEnabled: 'recording_enabled',
  timezone: 'timezone',
  script: 'script',
  faq: 'faq',
  settings: 'settings',
};
const jsonColumns = new Set(['faq', 'settings']);

/** The fields a manager may set on a campaign besides its name and status. */
export const campaignSettingFields = Object.keys(settingColumns) as readonly (keyof CampaignSettingsFields)[];

interface CampaignRow {
  id: string;
  name: string;
  status: CampaignStatus;
  mode: CampaignMode;
  dial_level: number;
  max_lines_per_agent: number;
  trunk_cap: number;
  regime: CampaignRegime;
  abandon_target: number;
  ring_timeout_ms: number;
  connect_limit_ms: number;
  wrap_up_ms: number;
  wrap_up_mode: 'auto' | 'manual';
  caller_id: string | null;
  amd_enabled: boolean;
  amd_after_greeting_ms: number;
  amd_false_positive_rate: number;
  machine_action: 'hangup' | 'leave_message';
  machine_message_media: string;
  safe_harbor_media: string;
  return_call_media: string;
  opt_out_digit: string;
  recording_enabled: boolean;
  timezone: string;
  script: string;
  faq: unknown[];
  settings: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: String(row.id),
    name: row.name,
    status: row.status,
    mode: row.mode,
    dialLevel: row.dial_level,
    maxLinesPerAgent: row.max_lines_per_agent,
    trunkCap: row.trunk_cap,
    regime: row.regime,
    abandonTarget: row.abandon_target,
    ringTimeoutMs: row.ring_timeout_ms,
    connectLimitMs: row.connect_limit_ms,
    wrapUpMs: row.wrap_up_ms,
    wrapUpMode: row.wrap_up_mode,
    callerId: row.caller_id,
    amdEnabled: row.amd_enabled,
    amdAfterGreetingMs: row.amd_after_greeting_ms,
    amdFalsePositiveRate: row.amd_false_positive_rate,
    machineAction: row.machine_action,
    machineMessageMedia: row.machine_message_media,
    safeHarborMedia: row.safe_harbor_media,
    returnCallMedia: row.return_call_media,
    optOutDigit: row.opt_out_digit,
    recordingEnabled: row.recording_enabled,
    timezone: row.timezone,
    script: row.script,
    faq: row.faq,
    settings: row.settings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Column list and parameters for the given settings, in a stable order. */
function settingAssignments(fields: Partial<CampaignSettingsFields>): { columns: string[]; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of Object.entries(settingColumns) as [keyof CampaignSettingsFields, string][]) {
    const value = fields[key];
    if (value === undefined) continue;
    columns.push(column);
    values.push(jsonColumns.has(column) ? JSON.stringify(value) : value);
  }
  return { columns, values };
}

export interface CreateCampaignInput extends Partial<CampaignSettingsFields> {
  name: string;
  status?: CampaignStatus;
  /** Seed SALE, NOT_INTERESTED, CALLBACK, DNC... (default true). */
  seedDispositions?: boolean;
}

export async function createCampaign(pool: Pool, input: CreateCampaignInput): Promise<Campaign> {
  return withTransaction(pool, (client) => insertCampaign(client, input));
}

/** The campaign and its default dispositions, in the transaction `db` is in. */
export async function insertCampaign(db: Queryable, input: CreateCampaignInput): Promise<Campaign> {
  const { name, status, seedDispositions = true, ...fields } = input;
  const { columns, values } = settingAssignments(fields);
  const allColumns = ['name', 'status', ...columns];
  const params = allColumns.map((_, i) => `$${i + 1}`).join(', ');
  const result = await db
    .query<CampaignRow>(`INSERT INTO campaigns (${allColumns.join(', ')}) VALUES (${params}) RETURNING *`, [name, status ?? 'draft', ...values])
    .catch(rethrowConstraint);
  const row = result.rows[0];
  if (!row) throw new DbError('NOT_FOUND', 'campaign insert returned no row');
  if (seedDispositions) await seedDefaultDispositions(db, String(row.id));
  return toCampaign(row);
}

/**
 * The campaign; `forUpdate`: locked against other changes until the transaction `db` is in ends.
 * FOR NO KEY UPDATE, as the change's own UPDATE of columns no foreign key points at: a full FOR
 * UPDATE would hold every attempt, disposition and callback written for the campaign (their keys
 * take KEY SHARE on it) until the change commits.
 */
export async function getCampaign(db: Queryable, campaignId: string, options: { forUpdate?: boolean } = {}): Promise<Campaign | null> {
  const result = await db.query<CampaignRow>(`SELECT * FROM campaigns WHERE id = $1${options.forUpdate === true ? ' FOR NO KEY UPDATE' : ''}`, [campaignId]);
  return result.rows[0] ? toCampaign(result.rows[0]) : null;
}

export async function listCampaigns(db: Queryable, filter: { status?: CampaignStatus[] } = {}): Promise<Campaign[]> {
  const result = filter.status
    ? await db.query<CampaignRow>('SELECT * FROM campaigns WHERE status = ANY($1) ORDER BY id', [filter.status])
    : await db.query<CampaignRow>('SELECT * FROM campaigns ORDER BY id');
  return result.rows.map(toCampaign);
}

/** Writes the given settings; throws NOT_FOUND for an unknown campaign, INVALID_ARGUMENT on a rule. */
export async function updateCampaignSettings(db: Queryable, campaignId: string, patch: Partial<CampaignSettingsFields & { name: string }>): Promise<Campaign> {
  const { name, ...fields } = patch;
  const { columns, values } = settingAssignments(fields);
  if (name !== undefined) {
    columns.push('name');
    values.push(name);
  }
  const sets = columns.map((column, i) => `${column} = $${i + 2}`);
  sets.push('updated_at = now()');
  const result = await db
    .query<CampaignRow>(`UPDATE campaigns SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [campaignId, ...values])
    .catch(rethrowConstraint);
  const row = result.rows[0];
  if (!row) throw campaignNotFound(campaignId);
  return toCampaign(row);
}

/**
 * Sets the status. With `from`, only when the current status is one of those (compare-and-set,
 * so two API calls racing cannot both start a campaign); returns null when it did not match.
 */
export async function updateCampaignStatus(
  db: Queryable,
  campaignId: string,
  status: CampaignStatus,
  options: { from?: CampaignStatus[] } = {},
): Promise<Campaign | null> {
  const result = options.from
    ? await db.query<CampaignRow>('UPDATE campaigns SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3) RETURNING *', [campaignId, status, options.from])
    : await db.query<CampaignRow>('UPDATE campaigns SET status = $2, updated_at = now() WHERE id = $1 RETURNING *', [campaignId, status]);
  return result.rows[0] ? toCampaign(result.rows[0]) : null;
}
