// A release started against a database a newer release migrated (a deploy rolled back, or old and
// new nodes side by side): `outpace migrate` and `outpace serve` go on, but warn, naming the
// migrations this release does not ship, rather than saying "none" on a schema they do not know.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimPbx, type SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { onAdmin, recreateMigrated, scratchDatabase } from '../helpers/scratch-database.js';
import { testRedisUrl } from '../helpers/redis.js';
import { waitFor } from '../grafana/demo-process.js';
import { freePort } from '../helpers/free-port.js';
import { outpaceNodeArgs } from '../helpers/outpace-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const futureMigration = '999_from_a_newer_release';

describe('a database a newer release migrated', () => {
  const scratch = scratchDatabase('newer');
  const dir = mkdtempSync(join(tmpdir(), 'outpace-newer-migrations-'));
  let pbx: SimPbx | null = null;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    // Every migration of this release applied, as `outpace migrate` leaves it.
    await recreateMigrated(scratch);
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    await client.query("INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'from_a_newer_release', 'newer')");
    await client.end();
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await pbx?.close();
    await onAdmin(scratch.admin, `DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('`outpace migrate` applies nothing and warns, naming the migrations it does not ship', async () => {
    const { stdout, stderr } = await run(process.execPath, outpaceNodeArgs(['migrate']), {
      cwd: root, env: { PATH: process.env.PATH ?? '', DATABASE_URL: scratch.url },
    });
    expect(stdout).toBe('migrations applied: none\n');
    expect(stderr).toMatch(new RegExp(`^outpace: warning: the database has migrations this release does not ship: ${futureMigration} .*not written for the schema`));
  }, 60_000);

  it('`outpace serve` starts, and logs the same warning first', async () => {
    pbx = await startSimPbx({ apps: ['outpace-newer'], amiPort: null });
    const port = await freePort();
    const configFile = join(dir, 'outpace.yaml');
    writeFileSync(configFile, [
      `database: { url: "${scratch.url}" }`,
      `redis: { url: "${testRedisUrl()}", keyPrefix: "newer-migrations-${process.pid}:" }`,
      `ari: { url: "${pbx.url}", user: dialer, password: dialer, app: outpace-newer }`,
      `http: { host: 127.0.0.1, port: ${port} }`,
      `engine: { nodeId: newer-migrations, writeSpoolDir: "${join(dir, 'spool')}", uploadDir: "${join(dir, 'uploads')}" }`,
    ].join('\n'));
    let output = '';
    const serving = spawn(process.execPath, outpaceNodeArgs(['serve']), {
      cwd: root, env: { ...process.env, OUTPACE_CONFIG: configFile, DATABASE_URL: scratch.url, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = serving;
    serving.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    serving.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok, 60_000, () => (serving.exitCode === null ? null : `serve exited:\n${output}`));
    serving.kill('SIGTERM');
    await new Promise((resolve) => { if (serving.exitCode === null) serving.once('exit', resolve); else resolve(null); });

    const records = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string; migrations?: string[] });
    const warning = records.find((record) => record.msg.startsWith('the database has migrations this release does not ship'));
    expect(warning, output).toMatchObject({ level: 40, migrations: [futureMigration] });
    expect(warning?.msg).toContain(futureMigration);
    expect(records.findIndex((record) => record === warning)).toBeLessThan(records.findIndex((record) => record.msg === 'outpace is serving'));
  }, 90_000);
});
