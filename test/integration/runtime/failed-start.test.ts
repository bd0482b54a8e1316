// A node that fails to start does not linger: the engine stops marking itself present and closes
// its PBX link, so other nodes take over at once, and `outpace serve` exits non-zero. The failure
// is a real one: the node's database role may not read the attempts its restart recovery reads.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAriTelephony } from '../../../src/adapters/ari/ari-telephony.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createPool } from '../../../src/adapters/pg/pool.js';
import { presentNodes } from '../../../src/adapters/redis/node-presence.js';
import { EngineRuntime } from '../../../src/runtime/engine-runtime.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { createTestPool, testDatabaseUrl } from '../../helpers/db.js';
import { createTestRedis, testRedisUrl } from '../../helpers/redis.js';
import { freePort } from '../../helpers/free-port.js';
import { outpaceNodeArgs } from '../../helpers/outpace-cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = String(Date.now() % 1_000_000).padStart(6, '0');
const role = `outpace_no_start_${run}`;
const app = `outpace-no-start-${run}`;
const leaseMs = 3_000;

/** The test database as a role that may use every table but attempts. */
function restrictedDatabaseUrl(): string {
  const url = new URL(testDatabaseUrl());
  url.username = role;
  url.password = '';
  return url.toString();
}

describe('a node that fails to start', () => {
  const admin = createTestPool(1);
  let pbx: SimPbx;

  beforeAll(async () => {
    const database = decodeURIComponent(new URL(testDatabaseUrl()).pathname.slice(1));
    for (const sql of [
      `CREATE ROLE ${role} LOGIN`, `GRANT CONNECT ON DATABASE ${database} TO ${role}`, `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`, `GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`, `REVOKE ALL ON attempts FROM ${role}`,
    ]) await admin.query(sql);
    pbx = await startSimPbx({ apps: [app], amiPort: null });
  }, 60_000);

  afterAll(async () => {
    await pbx?.close();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
    await admin.query(`DROP OWNED BY ${role}`);
    await admin.query(`DROP ROLE ${role}`);
    await admin.end();
  });

  it('stops marking itself present and closes its PBX link when its engine fails to start', async () => {
    const nodeId = `no-start-engine-${run}`;
    const pool = createPool({ url: restrictedDatabaseUrl(), poolMax: 2 });
    const redis = createTestRedis(`no-start-engine-${run}:`);
    const logger = createLogger({ level: 'silent' });
    const telephony = createAriTelephony({
      url: pbx.url, user: 'dialer', password: 'dialer', app, holdMusicClass: 'default', customerEndpointTemplate: 'PJSIP/{number}@trunk',
      amdContext: 'amd', reconnectMinMs: 50, reconnectMaxMs: 500,
    }, logger);
    const runtime = new EngineRuntime(
      { store: new PgEngineStore(pool, { nodeId, leadLeaseMs: 60_000 }), redis, telephony, preDialCheck: null, logger },
      { nodeId, tickMs: 100, campaignLeaseMs: leaseMs, leadLeaseMs: 60_000, checkInvariants: true },
    );
    try {
      await expect(runtime.start()).rejects.toThrow(/permission denied/);
      expect(await presentNodes(redis, [nodeId])).toEqual(new Set());
      expect(telephony.status().connected).toBe(false);
      // No mark comes later either: the presence is renewed at a third of its life.
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 2));
      expect(await presentNodes(redis, [nodeId])).toEqual(new Set());
    } finally {
      await telephony.stop();
      redis.disconnect();
      await pool.end();
    }
  }, 30_000);

  it('`outpace serve` exits non-zero, no longer present', async () => {
    const nodeId = `no-start-serve-${run}`;
    const keyPrefix = `no-start-serve-${run}:`;
    const dir = mkdtempSync(join(tmpdir(), 'outpace-no-start-'));
    const configFile = join(dir, 'outpace.yaml');
    writeFileSync(configFile, [
      `database: { url: "${restrictedDatabaseUrl()}" }`,
      `redis: { url: "${testRedisUrl()}", keyPrefix: "${keyPrefix}" }`,
      `ari: { url: "${pbx.url}", user: dialer, password: dialer, app: ${app} }`,
      `http: { host: 127.0.0.1, port: ${await freePort()} }`,
      `engine: { tickMs: 100, nodeId: ${nodeId}, writeSpoolDir: "${join(dir, 'spool')}" }`,
    ].join('\n'));
    const child = spawn(process.execPath, outpaceNodeArgs(['serve', '--no-migrate']), {
      cwd: root, env: { ...process.env, OUTPACE_CONFIG: configFile, DATABASE_URL: restrictedDatabaseUrl(), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-20_000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const redis = createTestRedis(keyPrefix);
    try {
      const code = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 30_000))]);
      expect(code, output).not.toBe('running');
      expect(code).not.toBe(0);
      expect(output).toMatch(/outpace: .*permission denied/);
      expect(await presentNodes(redis, [nodeId])).toEqual(new Set());
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
