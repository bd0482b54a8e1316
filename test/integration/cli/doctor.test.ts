// `outpace doctor` run as a user runs it, against the real database and Redis of the test worker
// and the simulated PBX (ARI and AMI): every check passes on a good configuration, and a wrong
// database, a database without the migrations, a refused ARI password, an ARI that does not
// answer, or a write spool or upload directory the node could not use each fails the run with a
// line naming it. No password is ever printed. The README's example of its output is what it prints.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { createTestPool, testDatabaseUrl, truncateTables } from '../../helpers/db.js';
import { seedCampaign } from '../../helpers/fixtures.js';
import { freePort } from '../../helpers/free-port.js';
import { runOutpace, type OutpaceRun } from '../../helpers/outpace-cli.js';
import { testRedisUrl } from '../../helpers/redis.js';

const ariPassword = 'ari-doctor-secret-7731';
const databasePassword = 'db-doctor-secret-5519';
const dir = mkdtempSync(join(tmpdir(), 'outpace-doctor-'));
let pbx: SimPbx;
let configFile: string;
let pool: pg.Pool;

/** The test database's URL with a password in it (the test server does not ask for one). */
function databaseUrl(name?: string): string {
  const url = new URL(testDatabaseUrl());
  url.password = databasePassword;
  if (name !== undefined) url.pathname = `/${name}`;
  return url.toString();
}

/** `outpace doctor` with the configuration file and the environment given, nothing else of ours. */
function doctor(env: Record<string, string> = {}): Promise<OutpaceRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(DATABASE|REDIS|ARI|AMI)_/.test(name) && name !== 'OUTPACE_CONFIG'));
  return runOutpace(['doctor'], { ...base, OUTPACE_CONFIG: configFile, LOG_LEVEL: 'silent', ...env });
}

/** The test Redis's database index (its URL's path). */
const redisIndex = (): string => new URL(testRedisUrl()).pathname.slice(1) || '0';

function lineOf(run: OutpaceRun, check: string): string {
  return run.stdout.split('\n').find((line) => line.slice(2).startsWith(`${check}:`)) ?? `(no line for ${check} in:\n${run.stdout}${run.stderr})`;
}

/** The lines of the README's example of the doctor's output. */
function readmeExample(): string[] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const block = readme.split('**`outpace doctor`**')[1]?.split('```')[1] ?? '';
  return block.split('\n').filter((line) => /^[✓✗-] /.test(line));
}

/** A doctor's line with what differs from one machine to the next left out: addresses (an index
 * after one stays), quoted names, paths and version numbers. */
function shapeOf(line: string): string {
  return line.replace(/\d+\.\d+\.\d+\.\d+:\d+(\/\d+)?/g, (_, index?: string) => (index ? 'HOST:PORT/INDEX' : 'HOST:PORT')).replace(/"[^"]*"/g, '"…"')
    .replace(/(?<![\w.])\/[\w./-]+/g, 'PATH').replace(/\d+\.\d+(\.\d+)?/g, 'N');
}

function expectNoSecret(run: OutpaceRun): void {
  for (const secret of [ariPassword, databasePassword]) expect(run.stdout + run.stderr).not.toContain(secret);
}

beforeAll(async () => {
  // The campaigns of the files before this one would have their sounds checked.
  pool = createTestPool();
  await truncateTables(pool);
  pbx = await startSimPbx({ apps: ['outpace-doctor'], username: 'doctor', password: ariPassword, amiPort: 0 });
  configFile = join(dir, 'outpace.yaml');
  writeFileSync(configFile, [
    'database:', `  url: ${databaseUrl()}`,
    'redis:', `  url: ${testRedisUrl()}`,
    'ari:', `  url: ${pbx.url}`, '  user: doctor', `  password: ${ariPassword}`, '  app: outpace-doctor',
    'ami:', '  enabled: true', '  host: 127.0.0.1', `  port: ${pbx.amiPort}`, '  user: doctor', `  password: ${ariPassword}`,
  ].join('\n'));
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await pbx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outpace doctor', () => {
  it('passes every check on a good configuration, and prints no password', async () => {
    const run = await doctor();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(lineOf(run, 'configuration')).toBe(`✓ configuration: loaded, with ${configFile} (OUTPACE_CONFIG)`);
    expect(lineOf(run, 'database')).toMatch(/^✓ database: reached at 127\.0\.0\.1:\d+ \(database "outpace_test_\w+"\)$/);
    expect(lineOf(run, 'migrations')).toMatch(/^✓ migrations: all \d+ of this release applied$/);
    expect(lineOf(run, 'redis')).toBe(`✓ redis: reached at 127.0.0.1:6379/${redisIndex()}`);
    expect(lineOf(run, 'ARI')).toBe(`✓ ARI: the PBX's ARI at 127.0.0.1:${pbx.port} accepted user "doctor"`);
    expect(lineOf(run, 'sounds')).toBe('✓ sounds: the PBX has the default prompts (outpace/sh, outpace/vm-message, outpace/return-call)');
    expect(lineOf(run, 'AMI')).toBe(`✓ AMI: the PBX's AMI at 127.0.0.1:${pbx.amiPort} accepted user "doctor"`);
    expect(lineOf(run, 'write spool')).toMatch(/^✓ write spool: \/\S+\/var\/spool (can be written|will be made at start \(not there yet\))$/);
    expect(lineOf(run, 'upload directory')).toMatch(/^✓ upload directory: \/\S+\/var\/uploads (can be written|will be made at start \(not there yet\))$/);
    expect(lineOf(run, 'Node.js')).toMatch(/^✓ Node\.js: \d+\.\d+\.\d+ \(this release needs >=/);
    expectNoSecret(run);
  }, 90_000);

  it("prints every check the README's example shows, in its order, and each passing one as the example has it", async () => {
    const run = await doctor({ AMI_ENABLED: 'false', UPLOAD_DIR: dir });
    const example = readmeExample();
    const checkOf = (line: string): string => line.slice(2).split(':')[0] ?? '';
    expect(example.map(checkOf)).toEqual(run.stdout.split('\n').filter((line) => /^[✓✗-] /.test(line)).map(checkOf));
    for (const line of example) {
      const printed = lineOf(run, checkOf(line));
      if (printed[0] === line[0]) expect(shapeOf(line), printed).toBe(shapeOf(printed));
    }
  }, 90_000);

  it('names the Redis database index a URL gives as ?db=, and never its password', async () => {
    const run = await doctor({ REDIS_URL: `redis://:doctor-redis-secret@127.0.0.1:6379?db=${redisIndex()}` });
    expect(lineOf(run, 'redis')).toBe(`✓ redis: reached at 127.0.0.1:6379/${redisIndex()}`);
    expect(run.stdout + run.stderr).not.toContain('doctor-redis-secret');
  }, 90_000);

  it('names the Redis database index in the line of a Redis not reached, as in the line of one reached', async () => {
    const closed = await freePort();
    const run = await doctor({ REDIS_URL: `redis://:doctor-redis-secret@127.0.0.1:${closed}/${redisIndex()}` });
    expect(run.code).not.toBe(0);
    expect(lineOf(run, 'redis')).toBe(`✗ redis: Redis at 127.0.0.1:${closed}/${redisIndex()} could not be reached (connection refused): `
      + 'check that Redis runs there and takes connections from this host, and that REDIS_URL (redis.url) names it');
    expect(run.stdout + run.stderr).not.toContain('doctor-redis-secret');
  }, 90_000);

  it('fails naming WRITE_SPOOL_DIR and UPLOAD_DIR when the node could not use them, as serve would stop at the spool', async () => {
    // Paths through a file: refused whoever runs the doctor (root writes any directory).
    const spool = join(configFile, 'spool');
    const run = await doctor({ WRITE_SPOOL_DIR: spool, UPLOAD_DIR: configFile });
    expect(run.code).not.toBe(0);
    expect(lineOf(run, 'write spool')).toBe(`✗ write spool: "${spool}" cannot be used (${configFile} is a file, not a directory): `
      + "set WRITE_SPOOL_DIR (engine.writeSpoolDir) to a directory this node may write, or to '' to keep no spool");
    expect(lineOf(run, 'upload directory')).toBe(`✗ upload directory: "${configFile}" cannot be used (it is a file, not a directory): `
      + 'set UPLOAD_DIR (engine.uploadDir) to a directory this node may write');
    expect(lineOf(run, 'database')).toMatch(/^✓ database/);
    const none = await doctor({ WRITE_SPOOL_DIR: '', UPLOAD_DIR: join(dir, 'uploads', 'new') });
    expect(none.code, none.stdout).toBe(0);
    expect(lineOf(none, 'write spool')).toBe("- write spool: none (WRITE_SPOOL_DIR, engine.writeSpoolDir, is ''): writes the database does not take in time are lost");
    expect(lineOf(none, 'upload directory')).toBe(`✓ upload directory: ${join(dir, 'uploads', 'new')} will be made at start (not there yet)`);
  }, 90_000);

  it('fails naming the database when DATABASE_URL names one that does not exist, and checks the rest', async () => {
    const run = await doctor({ DATABASE_URL: databaseUrl('outpace_doctor_no_such_database') });
    expect(run.code).not.toBe(0);
    expect(lineOf(run, 'database')).toMatch(/^✗ database: the database at 127\.0\.0\.1:\d+ \(database "outpace_doctor_no_such_database"\) does not exist: /);
    expect(lineOf(run, 'database')).toMatch(/: create it \(createdb, or CREATE DATABASE, .*\) and run `outpace migrate`, or correct the database name DATABASE_URL \(database\.url\) gives$/);
    expect(lineOf(run, 'migrations')).toBe('- migrations: not checked: the database was not reached');
    expect(lineOf(run, 'redis')).toMatch(/^✓ redis/);
    expect(lineOf(run, 'ARI')).toMatch(/^✓ ARI/);
    expectNoSecret(run);
  }, 90_000);

  it('fails on a database without the migrations, saying to run outpace migrate', async () => {
    // The worker's database seen through a schema search path with nothing in it: never migrated.
    const url = new URL(databaseUrl());
    url.searchParams.set('options', '-c search_path=outpace_doctor_empty');
    const run = await doctor({ DATABASE_URL: url.toString() });
    expect(run.code).not.toBe(0);
    expect(lineOf(run, 'database')).toMatch(/^✓ database/);
    expect(lineOf(run, 'migrations')).toMatch(/^✗ migrations: .* lacks \d+ migrations this release needs .*run `outpace migrate`/);
    expectNoSecret(run);
  }, 90_000);

  it('fails when the PBX refuses the ARI password, naming ARI_PASSWORD', async () => {
    const run = await doctor({ ARI_PASSWORD: 'not-the-password' });
    expect(run.code).not.toBe(0);
    expect(lineOf(run, 'ARI')).toMatch(/^✗ ARI: the PBX's ARI at 127\.0\.0\.1:\d+ refused user "doctor" and its password: check ARI_USER and ARI_PASSWORD/);
    expect(lineOf(run, 'AMI')).toMatch(/^✓ AMI/);
    expect(run.stdout).not.toContain('not-the-password');
  }, 90_000);

  it('fails naming the safe-harbor sound when the PBX lacks it, and skips the sounds of an ARI not reached', async () => {
    const bare = await startSimPbx({ apps: ['outpace-doctor'], username: 'doctor', password: ariPassword, amiPort: null, withoutSounds: ['outpace/sh'] });
    try {
      const run = await doctor({ ARI_URL: bare.url });
      expect(run.code).not.toBe(0);
      expect(lineOf(run, 'ARI')).toMatch(/^✓ ARI/);
      expect(lineOf(run, 'sounds')).toBe('✗ sounds: the PBX has no sound "outpace/sh" (the safe-harbor message: abandoned calls would get none): '
        + "place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started");
    } finally {
      await bare.close();
    }
    const refused = await doctor({ ARI_PASSWORD: 'not-the-password' });
    expect(lineOf(refused, 'sounds')).toBe("- sounds: not checked: the PBX's ARI was not reached");
  }, 90_000);

  it("fails naming a sound or stored recording a campaign or one of its lists plays that the PBX lacks, and names the campaigns' own it has", async () => {
    const spring = await seedCampaign(pool, { campaign: { name: 'Spring renewals', status: 'running', safeHarborMedia: 'sound:acme/sh,digits:2125550199', returnCallMedia: 'recording:acme/return' } });
    await pool.query("UPDATE lists SET machine_message_media = 'sound:brandb/vm' WHERE id = $1", [spring.list.id]);
    await seedCampaign(pool, { campaign: { name: 'Old offer', status: 'completed', returnCallMedia: 'sound:gone/return' } });
    const lacking = await startSimPbx({ apps: ['outpace-doctor'], username: 'doctor', password: ariPassword, amiPort: null, sounds: { 'acme/sh': 4_000 } });
    const having = await startSimPbx({ apps: ['outpace-doctor'], username: 'doctor', password: ariPassword, amiPort: null, sounds: { 'acme/sh': 4_000, 'brandb/vm': 9_000 }, storedRecordings: { 'acme/return': 5_000 } });
    try {
      const [missing, present] = await Promise.all([doctor({ ARI_URL: lacking.url }), doctor({ ARI_URL: having.url })]);
      expect(missing.code).not.toBe(0);
      expect(lineOf(missing, 'sounds')).toBe('✗ sounds: the PBX has no sound "brandb/vm" (the message list "list 1" of campaign "Spring renewals" leaves on '
        + "answering machines): place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started; "
        + 'the PBX has no stored recording "acme/return" (what a person calling campaign "Spring renewals" back hears): '
        + "record it on the PBX under that name, or place the file in Asterisk's recordings directory (/var/spool/asterisk/recording/acme/vm.wav for acme/vm)");
      expect(present.code, present.stdout).toBe(0);
      expect(lineOf(present, 'sounds')).toBe("✓ sounds: the PBX has the default prompts (outpace/sh, outpace/vm-message, outpace/return-call) and the campaigns' own (recording acme/return, acme/sh, brandb/vm)");
    } finally {
      await Promise.all([lacking.close(), having.close()]);
      await truncateTables(pool);
    }
  }, 90_000);

  it('fails when nothing answers at ARI_URL or at the AMI port', async () => {
    const closed = await freePort();
    const run = await doctor({ ARI_URL: `http://127.0.0.1:${closed}`, AMI_PORT: String(closed) });
    expect(run.code).not.toBe(0);
    expect(lineOf(run, 'ARI')).toBe(`✗ ARI: the PBX's ARI at 127.0.0.1:${closed} could not be reached (connection refused): check that Asterisk runs there with its HTTP server and ARI on (http.conf, ari.conf), and that ARI_URL (ari.url) names it`);
    expect(lineOf(run, 'AMI')).toMatch(new RegExp(`^✗ AMI: the PBX's AMI at 127\\.0\\.0\\.1:${closed} could not be reached \\(connection refused\\)`));
    expect(lineOf(run, 'database')).toMatch(/^✓ database/);
    expectNoSecret(run);
  }, 90_000);

  it('fails on a configuration that does not load, and checks no service', async () => {
    const run = await doctor({ HTTP_PORT: 'eighty' });
    expect(run.code).not.toBe(0);
    expect(lineOf(run, 'configuration')).toMatch(/^✗ configuration: config: http\.port \(HTTP_PORT\): .*: correct the value in the file or the environment variable named$/);
    for (const check of ['database', 'migrations', 'redis', 'ARI', 'sounds', 'AMI', 'write spool', 'upload directory']) expect(lineOf(run, check)).toBe(`- ${check}: not checked: the configuration did not load`);
  }, 90_000);

  it('says what to set when the setting at fault was written by neither a file nor a variable (a key left out)', async () => {
    const missing = join(dir, 'agent-without-id.yaml');
    writeFileSync(missing, ['auth:', '  tokens:', '    - token: 0123456789abcdef0123', '      role: agent', '      name: Ann'].join('\n'));
    const run = await doctor({ OUTPACE_CONFIG: missing });
    expect(run.code).not.toBe(0);
    expect(lineOf(run, 'configuration')).toBe(
      '✗ configuration: config: auth.tokens.0.agentId: an agent token needs agentId: add the setting named to the file OUTPACE_CONFIG names (or set its environment variable, if it has one)');
  }, 90_000);
});
