// The checks of `outpace doctor`, each giving one finding: passed, failed with what to do, or not
// checked because an earlier one failed. They say where a service is (host and port) and which
// user it took or refused, never a password: the lines are pasted into tickets and chats.

import type pg from 'pg';
import { ariConnectFailure } from '../adapters/ari/ari-connect-failure.js';
import { probeAriApi } from '../adapters/ari/ari-api-probe.js';
import { amiConnectFailure } from '../adapters/ami/ami-connect-failure.js';
import { openAmiSession } from '../adapters/ami/ami-session.js';
import { loadMigrations, unshippedMigrations, unshippedMigrationsWarning } from '../adapters/pg/migrate.js';
import { requireMigrated } from '../adapters/pg/pending-migrations.js';
import { connectDatabase, databaseAddressOf } from '../adapters/pg/reach-database.js';
import { reachRedis } from '../adapters/redis/reach-redis.js';
import { redisAddressOf } from '../adapters/redis/redis-address.js';
import { addressOf } from '../adapters/service-unreachable-error.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { readPackageManifest } from './package-manifest.js';

export interface Finding {
  name: string;
  state: 'ok' | 'failed' | 'skipped';
  line: string;
}

/** How long a service may take to answer: a doctor that hangs on a silent host helps nobody. */
export const answerTimeoutMs = 5_000;

const passed = (name: string, line: string): Finding => ({ name, state: 'ok', line });
const failed = (name: string, line: string): Finding => ({ name, state: 'failed', line });

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What to do about settings that do not load: a setting no file or variable wrote (a key left
 * out, a command's own default) has no source named to correct, so it is to be added. */
function configTodo(error: unknown): string {
  const issues = error instanceof ConfigError ? error.issues : [];
  const unnamed = issues.filter((issue) => !issue.variable && !issue.file).length;
  const correct = 'correct the value in the file or the environment variable named';
  const add = 'add the setting named to the file OUTPACE_CONFIG names (or set its environment variable, if it has one)';
  if (unnamed === 0) return correct;
  return unnamed === issues.length ? add : `${correct}; ${add.replace('the setting named', 'those named without one')}`;
}

export function checkConfig(env: NodeJS.ProcessEnv = process.env): { finding: Finding; config: Config | null } {
  const file = env.OUTPACE_CONFIG;
  try {
    const config = loadConfig({ env });
    return { config, finding: passed('configuration', file ? `loaded, with ${file} (OUTPACE_CONFIG)` : 'loaded (no OUTPACE_CONFIG: the defaults and the environment)') };
  } catch (error) {
    const todo = error instanceof ConfigError && error.code === 'CONFIG_FILE'
      ? 'check that OUTPACE_CONFIG names a readable YAML file'
      : configTodo(error);
    return { config: null, finding: failed('configuration', `${messageOf(error)}: ${todo}`) };
  }
}

/** The database, then its migrations: pending ones (run `outpace migrate`) and ones a newer release
 * applied, on the connection that reached it. */
export async function checkDatabaseAndMigrations(url: string): Promise<Finding[]> {
  const where = databaseAddressOf(url);
  let database: pg.Client;
  try {
    database = await connectDatabase(url, answerTimeoutMs);
  } catch (error) {
    return [failed('database', messageOf(error)), { name: 'migrations', state: 'skipped', line: 'not checked: the database was not reached' }];
  }
  try {
    return [passed('database', `reached at ${where}`), await checkMigrations(database, where)];
  } finally {
    await database.end().catch(() => undefined);
  }
}

async function checkMigrations(database: pg.Client, where: string): Promise<Finding> {
  try {
    // The release's migration files, read once for both questions.
    const migrations = await loadMigrations();
    await requireMigrated(database, where, migrations);
    const unshipped = await unshippedMigrations(database, migrations);
    if (unshipped.length > 0) return failed('migrations', unshippedMigrationsWarning(unshipped));
    return passed('migrations', `all ${migrations.length} of this release applied`);
  } catch (error) {
    return failed('migrations', messageOf(error));
  }
}

export async function checkRedis(url: string): Promise<Finding> {
  try {
    await reachRedis(url, { timeoutMs: answerTimeoutMs });
    return passed('redis', `reached at ${redisAddressOf(url)}`);
  } catch (error) {
    return failed('redis', messageOf(error));
  }
}

export async function checkAri(ari: Config['ari']): Promise<Finding> {
  try {
    await probeAriApi({ url: ari.url, user: ari.user, password: ari.password, requestTimeoutMs: answerTimeoutMs });
    return passed('ARI', `the PBX's ARI at ${addressOf(ari.url, 8088)} accepted user "${ari.user}"`);
  } catch (error) {
    return failed('ARI', ariConnectFailure(error, ari.url, ari.user));
  }
}

export async function checkAmi(ami: Config['ami']): Promise<Finding> {
  if (!ami.enabled) return { name: 'AMI', state: 'skipped', line: 'off (AMI_ENABLED, ami.enabled): the PBX\'s load is not watched' };
  try {
    const session = await openAmiSession({ host: ami.host, port: ami.port, username: ami.user, password: ami.password, timeoutMs: answerTimeoutMs });
    session.close();
    return passed('AMI', `the PBX's AMI at ${ami.host}:${ami.port} accepted user "${ami.user}"`);
  } catch (error) {
    return failed('AMI', amiConnectFailure(error, { host: ami.host, port: ami.port, username: ami.user }));
  }
}

/** Node.js against package.json's engines (">=20.19"). */
export function checkNode(version: string = process.versions.node): Finding {
  const wanted = requiredNode();
  if (wanted === null) return passed('Node.js', `${version}`);
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const enough = major > wanted.major || (major === wanted.major && minor >= wanted.minor);
  return enough
    ? passed('Node.js', `${version} (this release needs ${wanted.range})`)
    : failed('Node.js', `${version}, but this release needs ${wanted.range}: install Node.js ${wanted.major}.${wanted.minor} or newer`);
}

function requiredNode(): { range: string; major: number; minor: number } | null {
  const range = readPackageManifest().engines?.node;
  const found = typeof range === 'string' ? /^>=\s*(\d+)(?:\.(\d+))?/.exec(range) : null;
  if (typeof range !== 'string' || found === null) return null;
  return { range, major: Number(found[1]), minor: Number(found[2] ?? 0) };
}
