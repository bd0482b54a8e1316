// The evidence log's hash chain (migration 085): every writer's entries are sealed at its commit, so
// `outpace evidence verify` and GET /api/evidence/verify find the chain whole, with its count and
// last hash, however many write at once; an entry changed behind the triggers (a superuser disabling
// them) is found by both, named with why; and the CSV export carries each entry's hash.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
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

type Verified = { ok: true; entries: number; lastHash: string } | { ok: false; entries: number; lastHash: string; broken: { position: number | null; entryId: string | null; reason: string } };

const verify = async (token = 'sup'): Promise<{ status: number; body: Verified }> => {
  const response = await app.inject({ method: 'GET', url: '/api/evidence/verify', headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json<Verified>() };
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
  it('seals every entry, whoever writes it, and verifies whole with its count and last hash; the export carries each hash', async () => {
    await appendEvidence(pool, { kind: 'dnc_added', at: new Date('2030-01-07T17:00:00.123456Z'), payload: { e164: '+12125557301', note: 'naïve "quoted"\n', n: 1.5 } });
    await pool.query(`INSERT INTO evidence_log (kind, lead_id, payload) VALUES ('lead_erased', 7, '{"b": [1, 2], "a": null}')`);
    await withTransaction(pool, async (db) => {
      for (let n = 0; n < 4; n++) await appendEvidence(db, { kind: 'abandon', attemptId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', payload: { e164: '+12125557301', n } });
    });
    const links = await chain();
    expect(links.map((link) => link.position)).toEqual([1, 2, 3, 4, 5, 6]);

    const api = await verify();
    expect(api).toEqual({ status: 200, body: { ok: true, entries: 6, lastHash: links.at(-1)?.hash } });
    const cli = await runOutpace(['evidence', 'verify'], env);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toBe(`evidence chain OK: 6 entries, last hash ${links.at(-1)?.hash ?? ''}\n`);
    expect((await verify('view')).status).toBe(403);
    expect((await verify('ag')).status).toBe(403);

    const csv = await app.inject({ method: 'GET', url: '/api/evidence.csv?phone=%2B12125557301&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z', headers: { authorization: 'Bearer sup' } });
    const hashes = csv.body.trim().split('\n').slice(1).map((line) => line.split(',').at(-1));
    const byId = new Map(links.map((link) => [link.id, link.hash]));
    const entryIds = (await pool.query<{ id: string }>("SELECT id::text FROM evidence_log WHERE payload->>'e164' = '+12125557301' ORDER BY id DESC")).rows.map((row) => byId.get(row.id));
    expect(hashes).toEqual(entryIds);
    expect(hashes[0]).toBe(api.body.lastHash);
  }, 60_000);

  it('finds an entry changed with the triggers disabled, by the command and the route alike, and says which and why', async () => {
    for (let n = 0; n < 5; n++) await appendEvidence(pool, { kind: 'abandon', payload: { e164: '+12125557302', n } });
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
        ok: false, entries: 2, lastHash: (await chain())[1]?.hash,
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

  it('finds an entry written with the seal turned off, and one removed', async () => {
    for (let n = 0; n < 4; n++) await appendEvidence(pool, { kind: 'abandon', payload: { n } });
    const links = await chain();
    const behindTheTriggers = async (sql: string, values: unknown[] = []): Promise<void> => {
      await pool.query('ALTER TABLE evidence_log DISABLE TRIGGER USER');
      try {
        await pool.query(sql, values);
      } finally {
        await pool.query('ALTER TABLE evidence_log ENABLE TRIGGER USER');
      }
    };
    await behindTheTriggers(`INSERT INTO evidence_log (kind, payload) VALUES ('abandon', '{"n": 4}')`);
    const unsealed = (await pool.query<{ id: string }>('SELECT max(id)::text AS id FROM evidence_log')).rows[0]?.id ?? '';
    expect((await verify()).body).toEqual({
      ok: false, entries: 4, lastHash: links.at(-1)?.hash,
      broken: { position: null, entryId: unsealed, reason: `entry ${unsealed} is in the evidence log but not in its chain: it was written with the chain's trigger turned off` },
    });
    await behindTheTriggers('DELETE FROM evidence_log WHERE id = $1', [links[1]?.id]);
    expect((await verify()).body).toEqual({
      ok: false, entries: 1, lastHash: links[0]?.hash,
      broken: { position: 2, entryId: links[1]?.id, reason: `entry ${links[1]?.id ?? ''} at position 2 is no longer in the evidence log` },
    });
  });

  it('stays one chain with writers committing at once, some rolling back', async () => {
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
    const committed = 24 - 5;
    const links = await chain();
    expect(links.map((link) => link.position)).toEqual(Array.from({ length: committed * 3 }, (_, i) => i + 1));
    expect(new Set(links.map((link) => link.id)).size).toBe(committed * 3);
    expect((await verify()).body).toEqual({ ok: true, entries: committed * 3, lastHash: links.at(-1)?.hash });
  }, 60_000);
});
