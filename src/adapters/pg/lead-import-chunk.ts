// Loads one chunk of normalised leads into a list, in one transaction on its own connection. It
// leaves out people the campaign already has (a probe of the dedupe index per key), reserves lead
// ids from the identity sequence and COPYs the leads and their phones straight into their tables:
// no staging table and no INSERT ... SELECT, and COPY fills heap pages in batches. The reader has
// already dropped people repeated in the file, their rows' consent kept (consent-statements.ts). Another import into the same campaign can add one
// of these people between the probe and the COPY; the unique index then refuses the COPY, and
// the chunk is loaded again (the probe now sees that person).

import copyStreams from 'pg-copy-streams';
import type { ConsentStatement } from '../../core/compliance/consent-statements.js';
import type { ConsentChange } from './lead-import-consent-changes.js';
import { DbError } from './db-error.js';
import type { ChunkRows } from './lead-import-chunk-rows.js';
import type { EvidenceKind } from './evidence-kinds.js';
import type { Pool, PoolClient, Queryable } from './pool.js';

export interface ChunkTarget {
  listId: string;
  campaignId: string;
  /** The import loading it, named in the evidence of a consent it changes. */
  importId: string;
  now: Date;
}

export interface ChunkCounts {
  imported: number;
  dncMatched: number;
  /** Rows (numbered 0.. in the chunk) left out as people the campaign already has, with their dedupe keys. */
  known: ReadonlyMap<number, string>;
  /** The changes the chunk made to the consent to prerecorded messages of leads the campaign already had. */
  consentChanges: readonly ConsentChange[];
}

const MAX_LOADS = 5;
const COPY_PIECE_CHARS = 1 << 20;

const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown }).code === '23505';

/** Streams `lines` into `COPY ... FROM STDIN`, a megabyte at a time, honouring backpressure. */
async function copyIn(client: PoolClient, sql: string, lines: Iterable<string>): Promise<void> {
  const stream = client.query(copyStreams.from(sql));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const write = async (text: string): Promise<void> => {
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  };
  try {
    let piece = '';
    for (const line of lines) {
      piece += line;
      if (piece.length < COPY_PIECE_CHARS) continue;
      await write(piece);
      piece = '';
    }
    if (piece.length > 0) await write(piece);
    stream.end();
  } catch (error) {
    stream.destroy(error as Error);
  }
  await finished;
}

/**
 * The referential checks the foreign-key triggers would make, once for the whole chunk: the list
 * exists and belongs to the campaign, and both stay (KEY SHARE, the lock the triggers take) until
 * the chunk commits. Phones reference leads written by the same transaction, so they need none.
 */
async function lockListForBulk(client: PoolClient, target: ChunkTarget): Promise<void> {
  const found = await client.query(
    'SELECT 1 FROM lists l JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $1 AND l.campaign_id = $2 FOR KEY SHARE OF l, c',
    [target.listId, target.campaignId],
  );
  if (found.rowCount !== 1) throw new DbError('NOT_FOUND', `list ${target.listId} of campaign ${target.campaignId}`);
}

// Long lists go to Postgres as one JSON text and come back as one joined text: the driver's
// array encoding and parsing, element by element in JavaScript, cost more than the queries.

/** Rows (numbered 0.. in the chunk) whose person the campaign already has, with their dedupe keys. */
async function knownRows(client: PoolClient, target: ChunkTarget, rows: ChunkRows): Promise<Map<number, string>> {
  // OFFSET 0 keeps this a probe of leads_campaign_dedupe_key per key: as a join the planner would
  // read every lead of the campaign for each chunk (its statistics lag the import).
  const known = await client.query<{ row: number; key: string }>(
    `SELECT (k.n - 1)::int AS row, k.key FROM json_array_elements_text($2::json) WITH ORDINALITY AS k(key, n)
     WHERE EXISTS (SELECT 1 FROM leads e WHERE e.campaign_id = $1 AND e.dedupe_key = k.key OFFSET 0)`,
    [target.campaignId, rows.keys()],
  );
  return new Map(known.rows.map((r) => [r.row, r.key]));
}

/** `count` new lead ids (drawn in a row, so they follow the file's row order). */
async function reserveIds(client: PoolClient, count: number): Promise<string[]> {
  if (count === 0) return [];
  const result = await client.query<{ ids: string }>(
    // OFFSET 0: the sequence is looked up once, not per id (the lookup costs more than nextval).
    `SELECT array_to_string(ARRAY(SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence('leads', 'id')::regclass AS seq OFFSET 0) s,
                                  generate_series(1, $1)), ',') AS ids`,
    [count],
  );
  return (result.rows[0]?.ids ?? '').split(',');
}

/** Each row's lead id, or null for rows left out. */
function idsByRow(count: number, known: ReadonlyMap<number, string>, ids: readonly string[]): (string | null)[] {
  let next = 0;
  return Array.from({ length: count }, (_, row) => (known.has(row) ? null : ids[next++] ?? null));
}

function* leadLines(target: ChunkTarget, rows: ChunkRows, idOf: readonly (string | null)[]): Generator<string> {
  const at = target.now.toISOString();
  const fixed = `\t${target.listId}\t${target.campaignId}\t`;
  const times = `\t${at}\t${at}\t${at}\n`;
  let row = 0;
  for (const piece of rows.leadPieces) {
    for (const line of piece.split('\n')) {
      if (line.length === 0) continue;
      const id = idOf[row];
      if (id) yield `${id}${fixed}${line}\t${rows.consentCopyColumns(row)}${times}`;
      row++;
    }
  }
}

function* phoneLines(rows: ChunkRows, idOf: readonly (string | null)[]): Generator<string> {
  for (const piece of rows.phonePieces) {
    for (const line of piece.split('\n')) {
      const tab = line.indexOf('\t');
      const id = tab > 0 ? idOf[Number(line.slice(0, tab))] : null;
      if (id) yield `${id}${line.slice(tab)}\n`;
    }
  }
}

const COPY_LEADS = `COPY leads (id, list_id, campaign_id, external_id, first_name, last_name, fields, grade, priority, timezone,
  timezone_source, postal_code, dedupe_key, other_time_zones, jurisdictions, prerecorded_consent, prerecorded_consent_on, next_dial_at, created_at, updated_at) FROM STDIN`;

/**
 * What the statement triggers on leads record (zones and levels present in the list), written out
 * because the trusted bulk path runs without triggers; elsewhere both run and the second is a no-op.
 */
async function recordZonesAndLevels(client: PoolClient, target: ChunkTarget, rows: ChunkRows): Promise<void> {
  const zones = [...rows.zones];
  const levels = [...rows.levels].map((level) => level.split('\t'));
  await client.query(
    `INSERT INTO list_time_zones (list_id, timezone) SELECT $1, z FROM unnest($2::text[]) AS z ON CONFLICT DO NOTHING`,
    [target.listId, zones],
  );
  await client.query(
    `INSERT INTO list_lead_levels (list_id, priority, grade) SELECT $1, p, g FROM unnest($2::int[], $3::text[]) AS t(p, g) ON CONFLICT DO NOTHING`,
    [target.listId, levels.map((level) => Number(level[0])), levels.map((level) => level[1])],
  );
}

/** Rows loaded with a phone on an active DNC entry (global or the campaign's). */
async function countDncMatched(client: PoolClient, target: ChunkTarget, rows: ChunkRows, idOf: readonly (string | null)[]): Promise<number> {
  const listed = await client.query<{ e164: string }>(
    `SELECT DISTINCT t.e164 FROM json_array_elements_text($1::json) AS t(e164)
     WHERE EXISTS (SELECT 1 FROM dnc_entries d WHERE d.e164 = t.e164 AND (d.campaign_id IS NULL OR d.campaign_id = $2)
                     AND (d.expires_at IS NULL OR d.expires_at > $3))`,
    [rows.phones(), target.campaignId, target.now],
  );
  if (listed.rows.length === 0) return 0;
  const numbers = new Set(listed.rows.map((r) => r.e164));
  const matched = new Set<number>();
  for (const piece of rows.phonePieces) {
    for (const line of piece.split('\n')) {
      const [row, e164] = line.split('\t');
      if (e164 !== undefined && numbers.has(e164) && idOf[Number(row)]) matched.add(Number(row));
    }
  }
  return matched.size;
}

// A lead the campaign already has takes the consent its row gives: a withdrawal ("no") must reach the
// lead before its next call, and a grant is as much the person's word. "Yes" without a date keeps
// the date of a consent already held. Each change of a lead the campaign had before the import goes
// on the evidence log with the import (`logged`); a lead the import itself added, whose later row
// restates its consent, is given its first consent, what stands of its rows: no change of a consent
// held, so none is logged (nor counted: ConsentChanges). Which is which is read off the lead (the
// import's list, written at the import's time), not from the chunks that loaded: one that failed
// says nothing of the people it named, and their changes must still be logged.
const TAKE_CONSENT = `
WITH given AS (SELECT * FROM json_to_recordset($2::json) AS g(key text, consent boolean, given_on date)),
was AS (
  SELECT l.id, NOT (l.list_id::text = $6::text AND l.created_at = $3) AS logged, l.prerecorded_consent AS consent, l.prerecorded_consent_on AS consent_on, g.consent AS new_consent,
    CASE WHEN g.consent THEN coalesce(g.given_on, CASE WHEN l.prerecorded_consent THEN l.prerecorded_consent_on END) END AS new_on
  FROM given g JOIN leads l ON l.campaign_id = $1 AND l.dedupe_key = g.key
  -- Locked in id order, as an erasure locks its leads: in the file's order, two imports giving the
  -- same people in other orders (or an import and an erasure) deadlocked.
  ORDER BY l.id FOR UPDATE OF l
),
changed AS (
  UPDATE leads l SET prerecorded_consent = w.new_consent, prerecorded_consent_on = w.new_on, updated_at = $3
  FROM was w WHERE l.id = w.id AND (w.consent, w.consent_on) IS DISTINCT FROM (w.new_consent, w.new_on)
  RETURNING l.id, l.dedupe_key, w.logged, w.consent, w.consent_on, w.new_consent, w.new_on
),
logged AS (
  INSERT INTO evidence_log (at, campaign_id, kind, lead_id, payload)
  SELECT $3, $1, $4, id, jsonb_build_object('importId', $5::text, 'listId', $6::text,
    'before', jsonb_build_object('consent', consent, 'on', consent_on), 'after', jsonb_build_object('consent', new_consent, 'on', new_on))
  FROM changed WHERE logged
  RETURNING 1
)
SELECT dedupe_key AS key, logged, consent, consent_on::text AS consent_on, new_consent, new_on::text AS new_on FROM changed`;

const consentChangedKind: EvidenceKind = 'lead_consent_changed';

interface ChangedRow {
  key: string;
  logged: boolean;
  consent: boolean;
  consent_on: string | null;
  new_consent: boolean;
  new_on: string | null;
}

/** A person's consent as a row gives it. */
interface GivenConsent { key: string; consent: boolean; given_on: string | null }

/** Gives the campaign's leads of these people (by dedupe key) the consent given; the changes it made. */
async function takeConsent(db: Queryable, target: ChunkTarget, given: readonly GivenConsent[]): Promise<ConsentChange[]> {
  if (given.length === 0) return [];
  const result = await db.query<ChangedRow>(TAKE_CONSENT,
    [target.campaignId, JSON.stringify(given), target.now, consentChangedKind, target.importId, target.listId]);
  return result.rows.map((row) => ({
    key: row.key, preExisting: row.logged, before: { consent: row.consent, on: row.consent_on }, after: { consent: row.new_consent, on: row.new_on },
  }));
}

/** Gives the leads the campaign already has the consent their rows give; the changes it made. */
async function takeConsentOfKnown(client: PoolClient, target: ChunkTarget, rows: ChunkRows, known: ReadonlyMap<number, string>): Promise<ConsentChange[]> {
  return takeConsent(client, target, [...rows.consents()].flatMap(({ row, consent, givenOn }) => {
    const key = known.get(row);
    return key === undefined ? [] : [{ key, consent, given_on: givenOn }];
  }));
}

export class ChunkLoader {
  /** Whether this role may load without per-row triggers; null until the first chunk asks. */
  private trustedBulk: boolean | null = null;

  constructor(private readonly pool: Pool, private readonly target: ChunkTarget) {}

  /** Gives the leads of people repeated in the file, loaded before a later row of theirs was read,
   * what stands of their rows' consent (see RestatedConsents); the changes it made. The changes of
   * those the campaign had before the import go on the evidence log. */
  async restateConsent(statements: ReadonlyMap<string, ConsentStatement>): Promise<ConsentChange[]> {
    return takeConsent(this.pool, this.target, [...statements].map(([key, { consent, givenOn }]) => ({ key, consent, given_on: givenOn })));
  }

  async load(rows: ChunkRows): Promise<ChunkCounts> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        return await this.loadOnce(client, rows);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_LOADS) throw error;
      } finally {
        client.release();
      }
    }
  }

  private async loadOnce(client: PoolClient, rows: ChunkRows): Promise<ChunkCounts> {
    await client.query('BEGIN');
    try {
      // A lost commit on a crash is redone by importing again.
      await client.query('SET LOCAL synchronous_commit = off');
      if (await this.enterTrustedBulk(client)) await lockListForBulk(client, this.target);
      const known = await knownRows(client, this.target, rows);
      const ids = await reserveIds(client, rows.length - known.size);
      const idOf = idsByRow(rows.length, known, ids);
      await copyIn(client, COPY_LEADS, leadLines(this.target, rows, idOf));
      await copyIn(client, 'COPY lead_phones (lead_id, e164, dial_order) FROM STDIN', phoneLines(rows, idOf));
      await recordZonesAndLevels(client, this.target, rows);
      const dncMatched = await countDncMatched(client, this.target, rows, idOf);
      // With the triggers again: the updates of leads already there, and their evidence, are what any
      // other writer's would be, guarded by every trigger of the leads and the log.
      if (this.trustedBulk === true) await client.query('SET LOCAL session_replication_role = DEFAULT');
      const consentChanges = await takeConsentOfKnown(client, this.target, rows, known);
      await client.query('COMMIT');
      return { imported: ids.length, dncMatched, known, consentChanges };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Per-row foreign-key triggers cost about a third of a load. Where the role may switch them off
   * for its transaction (session_replication_role, a superuser or granted setting), the load
   * checks the same references itself, once per chunk: see lockListForBulk. Elsewhere the
   * ordinary triggers run; the first refusal is remembered so later chunks do not ask again.
   */
  private async enterTrustedBulk(client: PoolClient): Promise<boolean> {
    if (this.trustedBulk === false) return false;
    await client.query('SAVEPOINT trusted_bulk');
    try {
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query('RELEASE SAVEPOINT trusted_bulk');
      this.trustedBulk = true;
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT trusted_bulk');
      this.trustedBulk = false;
    }
    return this.trustedBulk;
  }
}
