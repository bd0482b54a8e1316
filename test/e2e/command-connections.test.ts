// A command that works through a pool of database connections runs its start checks (the database
// answers, it has this release's migrations) on a connection of that pool, where it opened one
// connection for the checks and then its pool: the database sees one connection, not two. The demo
// migrates on that connection too, and its node works through the same pool.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/db.js';
import { freePort } from '../helpers/free-port.js';
import { runOutpace } from '../helpers/outpace-cli.js';
import { testRedisUrl } from '../helpers/redis.js';

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The test database behind a port of its own that counts the connections it passes on. */
async function countingDatabase(): Promise<{ url: string; connections: () => number }> {
  const target = new URL(testDatabaseUrl());
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const end of [socket, upstream]) end.on('error', () => undefined).on('close', () => { socket.destroy(); upstream.destroy(); });
    socket.pipe(upstream).pipe(socket);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), connections: () => connections };
}

async function outpace(databaseUrl: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  const { code, stderr } = await runOutpace(args, { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl });
  return { code, stderr };
}

describe("a command's connections to the database", () => {
  it('are its pool only: the start checks take a connection of it', async () => {
    const laboratory = await countingDatabase();
    expect((await outpace(laboratory.url, 'laboratory')).code).toBe(0);
    expect(laboratory.connections()).toBe(1);

    const dnc = await countingDatabase();
    expect(await outpace(dnc.url, 'dnc', 'removed', '987654321')).toEqual({ code: 1, stderr: 'outpace: registry load 987654321 does not exist\n' });
    expect(dnc.connections()).toBe(1);
  }, 120_000);

  it("of the demo are its node's pool only: the start checks and the migrations take a connection of it", async () => {
    const database = await countingDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'outpace-demo-connections-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    // A pool of two: the checks and the migrations opened two more of their own before it.
    const file = join(dir, 'outpace.yaml');
    writeFileSync(file, `database:\n  poolMax: 2\nredis:\n  url: "${testRedisUrl()}"\n  keyPrefix: "demo-connections-${randomBytes(4).toString('hex')}:"\n`);
    const run = await runOutpace(['demo', '--duration', '1', '--agents', '1', '--leads', '5', '--port', String(await freePort())],
      { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, OUTPACE_CONFIG: file });
    expect(run.code, run.stderr).toBe(0);
    expect(database.connections()).toBeLessThanOrEqual(2);
  }, 120_000);
});
