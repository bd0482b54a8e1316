// A database that lacks migrations this release ships (never migrated, or migrated by an older
// release), as an operator meets it: each command that does not migrate the database itself stops
// with one line naming the database and what to run, where it failed part way with the database's
// own 'relation "attempts" does not exist' (and a stack trace in serve's log).

import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate } from '../../src/adapters/pg/migrate.js';
import { testDatabaseUrl } from '../helpers/db.js';
import { onAdmin, scratchDatabase } from '../helpers/scratch-database.js';
import { runOutpace } from '../helpers/outpace-cli.js';
import { testRedisUrl } from '../helpers/redis.js';

const shipped = readdirSync(defaultMigrationsDir()).filter((file) => file.endsWith('.sql')).sort();
const label = (file: string): string => file.replace(/\.sql$/, '');
const server = ((url) => `${url.hostname}:${url.port || 5432}`)(new URL(testDatabaseUrl()));

describe('a database that lacks migrations this release ships', () => {
  const empty = scratchDatabase('unmigrated');
  const older = scratchDatabase('older');
  const olderDir = mkdtempSync(join(tmpdir(), 'outpace-older-release-'));

  beforeAll(async () => {
    for (const scratch of [empty, older]) {
      await onAdmin(scratch.admin, `DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE)`);
      await onAdmin(scratch.admin, `CREATE DATABASE ${scratch.name}`);
    }
    // The release before the last migration was added.
    for (const file of shipped.slice(0, -1)) copyFileSync(join(defaultMigrationsDir(), file), join(olderDir, file));
    await migrate(older.url, { dir: olderDir });
  }, 120_000);

  afterAll(async () => {
    for (const scratch of [empty, older]) await onAdmin(scratch.admin, `DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE)`);
    rmSync(olderDir, { recursive: true, force: true });
  });

  const outpace = async (url: string, ...args: string[]): Promise<{ code: number; stderr: string }> => {
    const { code, stderr } = await runOutpace(args, { PATH: process.env.PATH ?? '', DATABASE_URL: url, REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: 'pending-migrations:' });
    return { code, stderr };
  };
  const run = '`outpace migrate` first (`outpace serve` applies them itself unless given --no-migrate)';

  it('never migrated: every command that does not migrate names the database, how many it lacks and what to run', async () => {
    const runs = await Promise.all([
      outpace(empty.url, 'serve', '--no-migrate'), outpace(empty.url, 'laboratory'), outpace(empty.url, 'evidence', 'verify'),
      outpace(empty.url, 'import', 'test/fixtures/csv/mixed-leads.csv', '--campaign', '1', '--list', 'a', '--map', 'phone=Phone'),
    ]);
    const first = shipped.slice(0, 3).map(label).join(', ');
    const line = `outpace: the database at ${server} (database "${empty.name}") lacks ${shipped.length} migrations this release needs (${first} and ${shipped.length - 3} more): run ${run}\n`;
    for (const result of runs) expect(result).toEqual({ code: 1, stderr: line });
  }, 120_000);

  it('migrated by an older release: names the migration it lacks; `outpace migrate` applies it and the command runs', async () => {
    const missing = label(shipped.at(-1) ?? '');
    expect(await outpace(older.url, 'laboratory'))
      .toEqual({ code: 1, stderr: `outpace: the database at ${server} (database "${older.name}") lacks a migration this release needs (${missing}): run ${run}\n` });
    expect((await outpace(older.url, 'migrate')).code).toBe(0);
    expect(await outpace(older.url, 'laboratory')).toEqual({ code: 0, stderr: '' });
  }, 120_000);
});
