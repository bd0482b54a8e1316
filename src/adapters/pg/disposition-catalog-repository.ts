// The dispositions a campaign offers its agents, and what each one does to the lead.

import type { Queryable } from './pool.js';

/** A lead's way from first call to sales, in order; sales' rejects go back to the pool. */
export const leadStages = ['raw_lead', 'valid_contact', 'appointment', 'opportunity', 'rejected'] as const;
export type LeadStage = (typeof leadStages)[number];

export interface DispositionCatalogEntry {
  code: string;
  label: string;
  hotkey: string | null;
  sortOrder: number;
  humanAnswered: boolean;
  success: boolean;
  dnc: boolean;
  dncScope: 'global' | 'campaign';
  /** The person refused further calls: where the campaign keeps refusals off its list for a
   * while (refusalDnc.days; China: 183), the number goes on its DNC list until then. */
  refusal: boolean;
  callback: boolean;
  /** The agent must give notes with it. */
  notesRequired: boolean;
  disablesPhone: boolean;
  movesStageTo: LeadStage | null;
  retryDelayMinutes: number | null;
  final: boolean;
  active: boolean;
}

type EntryInput = Pick<DispositionCatalogEntry, 'code' | 'label'> & Partial<DispositionCatalogEntry>;

const entryDefaults: Omit<DispositionCatalogEntry, 'code' | 'label'> = {
  hotkey: null,
  sortOrder: 0,
  humanAnswered: true,
  success: false,
  dnc: false,
  dncScope: 'global',
  refusal: false,
  callback: false,
  notesRequired: false,
  disablesPhone: false,
  movesStageTo: null,
  retryDelayMinutes: null,
  final: false,
  active: true,
};

const defaultEntries: EntryInput[] = [
  { code: 'SALE', label: 'Sale', hotkey: '1', success: true, final: true, movesStageTo: 'opportunity' },
  { code: 'APPOINTMENT', label: 'Appointment set', hotkey: '2', success: true, final: true, movesStageTo: 'appointment' },
  { code: 'CALLBACK', label: 'Call back later', hotkey: '3', callback: true, movesStageTo: 'valid_contact' },
  { code: 'NOT_INTERESTED', label: 'Not interested', hotkey: '4', final: true, refusal: true, movesStageTo: 'valid_contact' },
  { code: 'DNC', label: 'Do not call', hotkey: '5', dnc: true, final: true, movesStageTo: 'rejected' },
  { code: 'WRONG_NUMBER', label: 'Wrong number', hotkey: '6', humanAnswered: false, disablesPhone: true, retryDelayMinutes: 0 },
  { code: 'NO_ANSWER_AGENT', label: 'No answer (agent)', hotkey: '7', humanAnswered: false, retryDelayMinutes: 60 },
  { code: 'ANSWERING_MACHINE', label: 'Answering machine', hotkey: '8', humanAnswered: false, retryDelayMinutes: 120 },
  { code: 'LANGUAGE_BARRIER', label: 'Language barrier', hotkey: '9', final: true },
];

/** Seeded into every new campaign; managers edit them afterwards. */
export const defaultDispositions: readonly EntryInput[] = defaultEntries.map((entry, i) => ({ sortOrder: (i + 1) * 10, ...entry }));

interface CatalogRow {
  code: string;
  label: string;
  hotkey: string | null;
  sort_order: number;
  human_answered: boolean;
  success: boolean;
  dnc: boolean;
  dnc_scope: 'global' | 'campaign';
  refusal: boolean;
  callback: boolean;
  notes_required: boolean;
  disables_phone: boolean;
  moves_stage_to: LeadStage | null;
  retry_delay_minutes: number | null;
  final: boolean;
  active: boolean;
}

function toEntry(row: CatalogRow): DispositionCatalogEntry {
  return {
    code: row.code,
    label: row.label,
    hotkey: row.hotkey,
    sortOrder: row.sort_order,
    humanAnswered: row.human_answered,
    success: row.success,
    dnc: row.dnc,
    dncScope: row.dnc_scope,
    refusal: row.refusal,
    callback: row.callback,
    notesRequired: row.notes_required,
    disablesPhone: row.disables_phone,
    movesStageTo: row.moves_stage_to,
    retryDelayMinutes: row.retry_delay_minutes,
    final: row.final,
    active: row.active,
  };
}

const COLUMNS = 'code, label, hotkey, sort_order, human_answered, success, dnc, dnc_scope, refusal, callback, notes_required, disables_phone, moves_stage_to, retry_delay_minutes, final, active';

function entryParams(input: EntryInput): unknown[] {
  const e = { ...entryDefaults, ...input };
  return [e.code, e.label, e.hotkey, e.sortOrder, e.humanAnswered, e.success, e.dnc, e.dncScope, e.refusal, e.callback, e.notesRequired, e.disablesPhone, e.movesStageTo, e.retryDelayMinutes, e.final, e.active];
}

const PLACEHOLDERS = Array.from({ length: 16 }, (_, i) => `$${i + 2}`).join(', ');

/** Inserts the default catalogue; existing codes are kept as they are. Returns how many were added. */
export async function seedDefaultDispositions(db: Queryable, campaignId: string): Promise<number> {
  let added = 0;
  for (const entry of defaultDispositions) {
    const result = await db.query(
      `INSERT INTO disposition_catalog (campaign_id, ${COLUMNS}) VALUES ($1, ${PLACEHOLDERS}) ON CONFLICT (campaign_id, code) DO NOTHING`,
      [campaignId, ...entryParams(entry)],
    );
    added += result.rowCount ?? 0;
  }
  return added;
}

/** Gives campaign `toId` the catalogue of campaign `fromId`, retired codes too (a copied campaign). */
export async function copyDispositionCatalog(db: Queryable, fromId: string, toId: string): Promise<number> {
  const result = await db.query(
    `INSERT INTO disposition_catalog (campaign_id, ${COLUMNS}) SELECT $2, ${COLUMNS} FROM disposition_catalog WHERE campaign_id = $1
     ON CONFLICT (campaign_id, code) DO NOTHING`,
    [fromId, toId],
  );
  return result.rowCount ?? 0;
}

/** Creates or replaces one entry (fields not given take their defaults). */
export async function upsertDispositionCatalogEntry(db: Queryable, campaignId: string, input: EntryInput): Promise<DispositionCatalogEntry> {
  const updates = COLUMNS.split(', ').filter((c) => c !== 'code').map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const result = await db.query<CatalogRow>(
    `INSERT INTO disposition_catalog (campaign_id, ${COLUMNS}) VALUES ($1, ${PLACEHOLDERS})
     ON CONFLICT (campaign_id, code) DO UPDATE SET ${updates} RETURNING ${COLUMNS}`,
    [campaignId, ...entryParams(input)],
  );
  const row = result.rows[0];
  if (!row) throw new Error('disposition catalog upsert returned no row');
  return toEntry(row);
}

export async function listDispositionCatalog(db: Queryable, campaignId: string, options: { includeInactive?: boolean } = {}): Promise<DispositionCatalogEntry[]> {
  const result = await db.query<CatalogRow>(
    `SELECT ${COLUMNS} FROM disposition_catalog WHERE campaign_id = $1 AND (active OR $2) ORDER BY sort_order, code`,
    [campaignId, options.includeInactive ?? false],
  );
  return result.rows.map(toEntry);
}

export async function getDispositionCatalogEntry(db: Queryable, campaignId: string, code: string): Promise<DispositionCatalogEntry | null> {
  const result = await db.query<CatalogRow>(`SELECT ${COLUMNS} FROM disposition_catalog WHERE campaign_id = $1 AND code = $2`, [campaignId, code]);
  return result.rows[0] ? toEntry(result.rows[0]) : null;
}
