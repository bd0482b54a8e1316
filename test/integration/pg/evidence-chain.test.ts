// The evidence log's hash chain (migrations 085, 090): writers only insert, and a sealer links what
// they committed, in batches, one sealer at a time; `outpace evidence verify` and GET
// /api/evidence/verify seal what is pending, then find the chain whole, with its count and last
// hash, however many write and seal at once, whatever order they commit in; an entry changed behind
// the triggers (a superuser disabling them) is found by both, named with why; an entry left
// unsealed is awaiting its seal until the seal has passed its id (its watermark), a break after,
// whatever its time; and the CSV export
// seals first and carries each entry's hash.

import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { sealEvidenceChain } from '../../../src/adapters/pg/evidence-chain.js';
import { appendEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { withTransaction } from '../../../src/adapters/pg/pool.js';
import { createTestPool, testDatabaseUrl, truncateTables } from '../../helpers/db.js';
import { runOutpace } from '../../helpers/outpace-cli.js';

const pool = createTestPool(10);
const env = { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' };
const tokens = [
  { token: 'sup', role: 'supervisor' as const, name: 'Sue' },
  { token: 'view', role: 'viewer' as const, name: 'Vic' },
  { token: 'ag', role: 'agent' as const, name: 'Ann', agentId: 'a1' },
];
let app: FastifyInstance;

type Verified = { ok: true; entries: number; lastHash: string; awaitingSeal: number }
  | { ok: false; entries: number; lastHash: string; awaitingSeal: number; broken: { position: number | null; entryId: string | null; reason: string } };

const verify = async (token = 'sup'): Promise<{ status: number; body: Verified }> => {
  const response = await app.inject({ method: 'GET', url: '/api/evidence/verify', headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json<Verified>() };
};

/** A connection of its own, as another writer or sealer would be. */
const connect = async (): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  return client;
};

const chain = async (): Promise<{ position: number; id: string; hash: string }[]> =>
  (await pool.query<{ position: number; id: string; hash: string }>('SELECT position::int, evidence_id::text AS id, hash FROM evidence_chain ORDER BY position')).rows;

beforeAll(async () => {
  // Three links a read: the walk crosses batches.
  app = await buildApp({ routes: evidenceRoutes({ pool, verifyBatchSize: 3 }), authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});
beforeEach(async () => truncateTables(pool, ['evidence_log']));

describe('the evidence chain', () => {
  it('seals every entry, whoever writes it, after its commit, and verifies whole with its count and last hash; the export carries each hash', async () => {
    await appendEvidence(pool, { kind: 'dnc_added', at: new Date('2030-01-07T17:00:00.123456Z'), payload: { e164: '+12125557301', note: 'naïve "quoted"\n', n: 1.5 } });
    await pool.query(`INSERT INTO evidence_log (kind, lead_id, payload) VALUES ('lead_erased', 7, '{"b": [1, 2], "a": null}')`);
    await withTransaction(pool, async (db) => {
      for (let n = 0; n < 4; n++) await appendEvidence(db, { kind: 'abandon', attemptId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', payload: { e164: '+12125557301', n } });
    });
    // Writers do not seal: the verification seals what is pending first.
    expect(await chain()).toEqual([]);
    const api = await verify();
    const links = await chain();
    expect(links.map((link) => link.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(api).toEqual({ status: 200, body: { ok: true, entries: 6, lastHash: links.at(-1)?.hash, awaitingSeal: 0 } });
    const cli = await runOutpace(['evidence', 'verify'], env);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toBe(`evidence chain OK: 6 entries, last hash ${links.at(-1)?.hash ?? ''}\n`);
    expect((await verify('view')).status).toBe(403);
    expect((await verify('ag')).status).toBe(403);

    // The export seals what is pending first.
    await appendEvidence(pool, { kind: 'dnc_added', payload: { e164: '+12125557301', n: 2 } });
    const csv = await app.inject({ method: 'GET', url: '/api/evidence.csv?phone=%2B12125557301&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z', headers: { authorization: 'Bearer sup' } });
    const hashes = csv.body.trim().split('\n').slice(1).map((line) => line.split(',').at(-1));
    const byId = new Map((await chain()).map((link) => [link.id, link.hash]));
    const entryIds = (await pool.query<{ id: string }>("SELECT id::text FROM evidence_log WHERE payload->>'e164' = '+12125557301' ORDER BY id DESC")).rows.map((row) => byId.get(row.id));
    expect(hashes).toEqual(entryIds);
    expect(hashes).toHaveLength(6);
    expect(hashes.every((hash) => /^[0-9a-f]{64}$/.test(hash ?? ''))).toBe(true);
    expect(hashes[1]).toBe(api.body.lastHash);
  }, 60_000);

  it('finds an entry changed with the triggers disabled, by the command and the route alike, and says which and why', async () => {
    for (let n = 0; n < 5; n++) await appendEvidence(pool, { kind: 'abandon', payload: { e164: '+12125557302', n } });
    expect(await sealEvidenceChain(pool)).toBe(5);
    const third = (await chain())[2];
    if (!third) throw new Error('no third link');
    const alter = async (n: number): Promise<void> => {
      await pool.query('ALTER TABLE evidence_log DISABLE TRIGGER USER');
      try {
        await pool.query(`UPDATE evidence_log SET payload = jsonb_set(payload, '{n}', $2::jsonb) WHERE id = $1`, [third.id, String(n)]);
      } finally {
        await pool.query('ALTER TABLE evidence_log ENABLE TRIGGER USER');
      }
    };
    await alter(99);
    try {
      const api = await verify();
      expect(api.body).toEqual({
        ok: false, entries: 2, lastHash: (await chain())[1]?.hash, awaitingSeal: 0,
        broken: { position: 3, entryId: third.id, reason: `entry ${third.id} at position 3 does not match its hash: the entry or its hash was changed after it was written` },
      });
      const cli = await runOutpace(['evidence', 'verify'], env);
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`evidence chain BROKEN at position 3, entry ${third.id}: entry ${third.id} at position 3 does not match its hash`);
    } finally {
      await alter(2);
    }
    expect((await verify()).body.ok).toBe(true);
  }, 60_000);

  it('reports an entry left unsealed as awaiting its seal, however old its time (a write replayed after the database was away); and finds one removed', async () => {
    for (let n = 0; n < 4; n++) await appendEvidence(pool, { kind: 'abandon', payload: { n } });
    expect(await sealEvidenceChain(pool)).toBe(4);
    const links = await chain();
    // Another sealer holds the seal (one at a time): the verification's own seal links nothing.
    const sealer = await connect();
    try {
      await sealer.query('BEGIN');
      expect((await sealer.query<{ sealed: number }>('SELECT evidence_chain_seal(100) AS sealed')).rows[0]?.sealed).toBe(0);
      await appendEvidence(pool, { kind: 'abandon', payload: { n: 4 } });
      expect((await verify()).body).toEqual({ ok: true, entries: 4, lastHash: links.at(-1)?.hash, awaitingSeal: 1 });
      // Committed now with the time it happened, two hours ago (a node's writes kept while the
      // database was away): the other sealer links it next, as any.
      await appendEvidence(pool, { kind: 'abandon', at: new Date(Date.now() - 2 * 3_600_000), payload: { n: 5 } });
      expect((await verify()).body).toEqual({ ok: true, entries: 4, lastHash: links.at(-1)?.hash, awaitingSeal: 2 });
      const cli = await runOutpace(['evidence', 'verify'], env);
      expect(cli.code, cli.stdout).toBe(0);
      expect(cli.stdout).toContain('2 entries written moments ago awaiting their seal');
    } finally {
      await sealer.query('COMMIT');
      await sealer.end();
    }
    expect((await verify()).body).toMatchObject({ ok: true, entries: 6, awaitingSeal: 0 });
    await pool.query('ALTER TABLE evidence_log DISABLE TRIGGER USER');
    try {
      await pool.query('DELETE FROM evidence_log WHERE id = $1', [links[1]?.id]);
    } finally {
      await pool.query('ALTER TABLE evidence_log ENABLE TRIGGER USER');
    }
    expect((await verify()).body).toEqual({
      ok: false, entries: 1, lastHash: links[0]?.hash, awaitingSeal: 0,
      broken: { position: 2, entryId: links[1]?.id, reason: `entry ${links[1]?.id ?? ''} at position 2 is no longer in the evidence log` },
    });
  }, 60_000);

  it('reports an entry the seal passed by (an id below its watermark, given by hand) as a break, which no seal mends', async () => {
    // An id drawn and never used: the entries after it are sealed, and the watermark passes it.
    const skipped = (await pool.query<{ id: string }>(`SELECT nextval('evidence_log_id_seq')::text AS id`)).rows[0]?.id ?? '';
    for (let n = 0; n < 3; n++) await appendEvidence(pool, { kind: 'abandon', payload: { n } });
    expect(await sealEvidenceChain(pool)).toBe(3);
    await sealEvidenceChain(pool);
    const links = await chain();
    await pool.query(`INSERT INTO evidence_log (id, kind, payload) VALUES ($1, 'abandon', '{"byHand": true}')`, [skipped]);
    const broken = {
      ok: false, entries: 3, lastHash: links.at(-1)?.hash, awaitingSeal: 0,
      broken: { position: null, entryId: skipped, reason: `entry ${skipped} is in the evidence log but not in its chain, though the seal has passed its id: it was never sealed, or its link was removed` },
    };
    expect((await verify()).body).toEqual(broken);
    expect(await sealEvidenceChain(pool)).toBe(0);
    expect((await verify()).body).toEqual(broken);
    const cli = await runOutpace(['evidence', 'verify'], env);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`evidence chain BROKEN at entry ${skipped}`);
  });

  it('stays one chain with writers committing at once, some rolling back, and sealers sealing at once', async () => {
    let writing = true;
    const sealers = Array.from({ length: 4 }, async () => {
      let sealed = 0;
      while (writing) sealed += await sealEvidenceChain(pool, { batchSize: 5 });
      return sealed;
    });
    const writers = Array.from({ length: 24 }, (_, writer) => withTransaction(pool, async (db) => {
      for (let n = 0; n < 3; n++) {
        await appendEvidence(db, { kind: 'dial_checked', payload: { writer, n } });
        await new Promise((resolve) => setTimeout(resolve, (writer * 7 + n * 13) % 20));
      }
      if (writer % 5 === 0) throw new Error('rolled back');
    }).catch((error: unknown) => {
      if (!(error instanceof Error && error.message === 'rolled back')) throw error;
    }));
    await Promise.all(writers);
    writing = false;
    const sealedInBackground = (await Promise.all(sealers)).reduce((sum, n) => sum + n, 0);
    const committed = 24 - 5;
    const sealedAtVerify = (await verify()).body;
    const links = await chain();
    expect(sealedInBackground).toBeGreaterThan(0);
    expect(links.map((link) => link.position)).toEqual(Array.from({ length: committed * 3 }, (_, i) => i + 1));
    expect(new Set(links.map((link) => link.id)).size).toBe(committed * 3);
    expect(sealedAtVerify).toEqual({ ok: true, entries: committed * 3, lastHash: links.at(-1)?.hash, awaitingSeal: 0 });
  }, 60_000);

  it('seals an entry whose writer commits after entries with higher ids were sealed, at the next position', async () => {
    const late = await connect();
    try {
      await late.query('BEGIN');
      const early = (await late.query<{ id: string }>(`INSERT INTO evidence_log (kind, payload) VALUES ('abandon', '{"late": true}') RETURNING id::text`)).rows[0]?.id ?? '';
      // Others write and are sealed, several times over, while the lower id is still open.
      const others: string[] = [];
      for (let round = 0; round < 4; round++) {
        for (let n = 0; n < 3; n++) others.push((await appendEvidence(pool, { kind: 'abandon', payload: { round, n } })).id);
        expect(await sealEvidenceChain(pool)).toBe(3);
      }
      expect(others.every((id) => BigInt(id) > BigInt(early))).toBe(true);
      await late.query('COMMIT');
      expect(await sealEvidenceChain(pool)).toBe(1);
      const links = await chain();
      expect(links.map((link) => link.id)).toEqual([...others, early]);
      expect(links.at(-1)?.position).toBe(13);
      expect((await verify()).body).toEqual({ ok: true, entries: 13, lastHash: links.at(-1)?.hash, awaitingSeal: 0 });
      // With nothing open, the seal's watermark moves past the log: it reads no old ids again.
      await sealEvidenceChain(pool);
      const head = await pool.query<{ unsealed_from: string }>('SELECT unsealed_from::text FROM evidence_chain_head');
      const maxId = (await pool.query<{ id: string }>('SELECT max(id)::text AS id FROM evidence_log')).rows[0]?.id ?? '0';
      expect(BigInt(head.rows[0]?.unsealed_from ?? '0')).toBe(BigInt(maxId) + 1n);
    } finally {
      await late.end();
    }
  }, 60_000);

  it('writes nothing on a pass with nothing to seal, the head row left as it was, and seals what comes next', async () => {
    await appendEvidence(pool, { kind: 'abandon', payload: { idle: 'before' } });
    const head = async () => (await pool.query<{ xmin: string; position: number; unsealed_from: string }>(
      'SELECT xmin::text, position::int, unsealed_from::text FROM evidence_chain_head')).rows[0];
    // The entry linked, then the watermark moved past it: the chain has caught up.
    expect(await sealEvidenceChain(pool)).toBe(1);
    await sealEvidenceChain(pool);
    const caughtUp = await head();
    const sealer = await connect();
    try {
      for (let pass = 0; pass < 3; pass++) {
        await sealer.query('BEGIN');
        expect((await sealer.query<{ sealed: number }>('SELECT evidence_chain_seal(100) AS sealed')).rows[0]?.sealed).toBe(0);
        // Not even a transaction id: no commit to write.
        expect((await sealer.query<{ xid: string | null }>('SELECT pg_current_xact_id_if_assigned()::text AS xid')).rows[0]?.xid).toBeNull();
        await sealer.query('COMMIT');
      }
    } finally {
      await sealer.end();
    }
    expect(await sealEvidenceChain(pool)).toBe(0);
    expect(await head()).toEqual(caughtUp);
    const next = await appendEvidence(pool, { kind: 'abandon', payload: { idle: 'after' } });
    expect(await sealEvidenceChain(pool)).toBe(1);
    expect((await chain()).map((link) => link.id)).toContain(next.id);
    expect((await head())?.position).toBe((caughtUp?.position ?? 0) + 1);
    expect((await verify()).body).toMatchObject({ ok: true, entries: (caughtUp?.position ?? 0) + 1, awaitingSeal: 0 });
  });

  it('runs one sealer at a time: a second returns at once, sealing nothing, and never links an entry twice', async () => {
    for (let n = 0; n < 3; n++) await appendEvidence(pool, { kind: 'abandon', payload: { n } });
    const first = await connect();
    try {
      await first.query('BEGIN');
      expect((await first.query<{ sealed: number }>('SELECT evidence_chain_seal(100) AS sealed')).rows[0]?.sealed).toBe(3);
      const started = performance.now();
      expect(await sealEvidenceChain(pool)).toBe(0);
      expect(performance.now() - started).toBeLessThan(2_000);
      await first.query('COMMIT');
    } finally {
      await first.end();
    }
    expect(await sealEvidenceChain(pool)).toBe(0);
    expect((await chain()).map((link) => link.position)).toEqual([1, 2, 3]);
    // The head moves by the seal only.
    await expect(pool.query('UPDATE evidence_chain_head SET position = 0')).rejects.toThrow('evidence_chain_head is append-only: UPDATE rejected');
  });
});
