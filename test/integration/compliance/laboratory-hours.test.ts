// Custom calling hours have no legal bound: outside a laboratory (a database that only ever dials
// a simulated PBX), a campaign under US or strict rules keeps the US hours around them when it
// dials, and saving them is refused with the reason; `outpace laboratory` shows and sets the
// marker, each change in the evidence log. The test database is a laboratory (global setup): each
// test here that takes the marker off puts it back.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { leadsRoutes } from '../../../src/adapters/http/routes/leads-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { markLaboratory, readLaboratoryMarker } from '../../../src/adapters/pg/laboratory-marker.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import type { AbandonRegime } from '../../../src/core/compliance/abandon-regime.js';
import { createTestPool, testDatabaseUrl, truncateTables } from '../../helpers/db.js';
import { outpaceNodeArgs } from '../../helpers/outpace-cli.js';

const pool = createTestPool();
const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
let app: FastifyInstance;

const everyDay = (start: string, end: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start, end }]]));
const earlyAndLate = { regime: 'custom', weekly: everyDay('06:00', '23:00') };
// 22:30 in New York on a Monday in January.
const halfPastTenPm = new Date('2030-01-08T03:30:00Z');
const mgr = { authorization: 'Bearer mgr' };

beforeAll(async () => {
  app = await buildApp({
    routes: leadsRoutes({ pool, nowMs: () => halfPastTenPm.getTime() }),
    authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null), logger: createLogger({ level: 'silent' }),
  });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});
beforeEach(async () => truncateTables(pool, ['campaigns', 'attempts', 'evidence_log']));
afterEach(async () => {
  if (!(await readLaboratoryMarker(pool)).laboratory) await markLaboratory(pool, { laboratory: true, by: 'test suite' });
});

async function campaign(regime: AbandonRegime, settings: Record<string, unknown> = {}): Promise<string> {
  const zone = regime === 'uk' ? 'Europe/London' : 'America/New_York';
  return (await createCampaign(pool, { name: `lab-${regime}-${Math.random()}`, regime, timezone: zone, seedDispositions: false, settings })).id;
}

async function outpaceLaboratory(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, outpaceNodeArgs(['laboratory', ...args]),
      { cwd: root, env: { ...process.env, DATABASE_URL: testDatabaseUrl() } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('custom calling hours outside a laboratory', () => {
  it('are dialled within the US hours for a campaign under US rules, and as set in a laboratory', async () => {
    const campaignId = await campaign('us', { callingWindow: earlyAndLate });
    const list = await createList(pool, { campaignId, name: 'main', defaultRegion: 'US' });
    await insertLeads(pool, list.id, [{ phones: ['+12125550181'], timezone: 'America/New_York' }]);
    const lease = () => leaseLeadsAndCreateAttempts(pool, { campaignId, count: 5, nodeId: 'lab', now: halfPastTenPm, leaseMs: 60_000 });
    await markLaboratory(pool, { laboratory: false, by: 'test' });
    expect(await lease()).toHaveLength(0);
    const rules = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/dial-rules`, headers: mgr });
    expect(rules.json()).toMatchObject({ callingWindow: { regime: 'us' }, hoursInForce: everyDay('08:00', '21:00') });
    await markLaboratory(pool, { laboratory: true, by: 'test' });
    expect(await lease()).toHaveLength(1);
  });

  it('are refused when saved under US or strict rules, with the reason, and taken under UK rules or in a laboratory', async () => {
    await markLaboratory(pool, { laboratory: false, by: 'test' });
    const save = async (campaignId: string) => app.inject({ method: 'PUT', url: `/api/campaigns/${campaignId}/dial-rules`, headers: mgr, payload: { callingWindow: earlyAndLate } });
    const us = await campaign('us');
    for (const refused of [await save(us), await save(await campaign('strict'))]) {
      expect(refused.statusCode).toBe(400);
      expect(refused.json<{ message: string }>().message).toMatch(/^custom hours have no legal bound, and a campaign under (US|STRICT) rules keeps the US calling hours/);
    }
    expect((await save(await campaign('uk'))).statusCode).toBe(200);
    await markLaboratory(pool, { laboratory: true, by: 'test' });
    const taken = await save(us);
    expect(taken.statusCode).toBe(200);
    expect(taken.json()).toMatchObject({ callingWindow: { regime: 'custom' }, hoursInForce: everyDay('06:00', '23:00') });
  });
});

describe('outpace laboratory', () => {
  it('shows the marker, sets it off and on with an evidence entry each, and refuses anything else', async () => {
    const shown = await outpaceLaboratory();
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^this database is a laboratory \(since .+, by .+\)/);
    const off = await outpaceLaboratory('off');
    expect(off.stdout).toMatch(/^this database is not a laboratory/);
    expect((await readLaboratoryMarker(pool)).laboratory).toBe(false);
    expect((await outpaceLaboratory('on')).stdout).toMatch(/^this database is a laboratory/);
    const evidence = await pool.query<{ payload: { before: boolean; after: boolean } }>(`SELECT payload FROM evidence_log WHERE kind = 'laboratory_marked' ORDER BY id`);
    expect(evidence.rows.map((row) => [row.payload.before, row.payload.after])).toEqual([[true, false], [false, true]]);
    const bad = await outpaceLaboratory('maybe');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected on or off');
    // Four runs of the command, each starting Node and tsx: seconds each on a loaded machine.
  }, 120_000);
});
