// What the DNC routes answer for a campaign that does not exist (404 naming it, not a database
// error nor an answer about the global list alone), and for an entry whose expiry has passed
// already (refused: it would block nothing while the manager believes the number is blocked).

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { dncRoutes } from '../../../src/adapters/http/routes/dnc-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createTestPool } from '../../helpers/db.js';

const pool = createTestPool(2);
let app: FastifyInstance;
const now = new Date('2030-01-07T17:00:00Z');
const manager = { authorization: 'Bearer mgr-token-dnc-0123456789' };
// Numbers of this file's own (+13125550164 and +442079460163 too).
const phone = '+13125550163';
const missingCampaign = '987654321';

beforeAll(async () => {
  app = await buildApp({
    routes: dncRoutes({ pool, nowMs: () => now.getTime() }),
    logger: createLogger({ level: 'silent' }),
    authenticate: createAuthenticator([{ token: 'mgr-token-dnc-0123456789', role: 'manager', name: 'Mia' }], null),
  });
  await pool.query("DELETE FROM dnc_entries WHERE e164 IN ('+13125550163', '+13125550164', '+442079460163')");
});
afterAll(async () => {
  await pool.query("DELETE FROM dnc_entries WHERE e164 IN ('+13125550163', '+13125550164', '+442079460163')");
  await app.close();
  await pool.end();
});

const notFound = { error: 'not_found', message: `campaign ${missingCampaign} does not exist` };

describe('a campaign that does not exist', () => {
  it('is said so when a number is added to its list', async () => {
    for (const body of [{ phone, campaignId: missingCampaign }, { phone, campaignId: missingCampaign, region: 'US' }]) {
      const answer = await app.inject({ method: 'POST', url: '/api/dnc', headers: manager, payload: body });
      expect([answer.statusCode, answer.json()]).toEqual([404, notFound]);
    }
  });

  it('is said so when a file of numbers is loaded onto its list', async () => {
    for (const region of ['', '&region=US']) {
      const answer = await app.inject({
        method: 'POST', url: `/api/dnc/import?list=gone&campaignId=${missingCampaign}${region}`,
        headers: { ...manager, 'content-type': 'text/plain' }, payload: `${phone}\n+13125550164\n`,
      });
      expect([answer.statusCode, answer.json()]).toEqual([404, notFound]);
    }
  });

  it('is said so when a number is checked against it, rather than answered for the global list alone', async () => {
    const answer = await app.inject({ method: 'GET', url: `/api/dnc/check?phone=${encodeURIComponent(phone)}&campaignId=${missingCampaign}`, headers: manager });
    expect([answer.statusCode, answer.json()]).toEqual([404, notFound]);
  });

  it('is said so when a number is taken off its list, not "not on that list"', async () => {
    for (const region of ['', '&region=US']) {
      const answer = await app.inject({ method: 'DELETE', url: `/api/dnc/${encodeURIComponent(phone)}?campaignId=${missingCampaign}${region}`, headers: manager });
      expect([answer.statusCode, answer.json()]).toEqual([404, notFound]);
    }
  });
});

describe('an expiry that has passed', () => {
  it('is refused for a number added, and the number is not taken as blocked', async () => {
    const answer = await app.inject({ method: 'POST', url: '/api/dnc', headers: manager, payload: { phone, expiresAt: '2029-01-07T17:00:00Z' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json<{ message: string }>().message).toBe('expiresAt 2029-01-07T17:00:00.000Z has passed: give a time to come, or none for an entry that does not expire');
    expect((await pool.query('SELECT 1 FROM dnc_entries WHERE e164 = $1', [phone])).rowCount).toBe(0);
  });

  it('is refused for a file of numbers, none of them loaded', async () => {
    const answer = await app.inject({
      method: 'POST', url: '/api/dnc/import?list=stale&expiresAt=2030-01-07T16:59:00Z',
      headers: { ...manager, 'content-type': 'text/plain' }, payload: `${phone}\n`,
    });
    expect(answer.statusCode).toBe(400);
    expect((await pool.query('SELECT 1 FROM dnc_entries WHERE e164 = $1', [phone])).rowCount).toBe(0);
  });

  it('to come is taken', async () => {
    const answer = await app.inject({ method: 'POST', url: '/api/dnc', headers: manager, payload: { phone, expiresAt: '2030-02-07T17:00:00Z' } });
    expect([answer.statusCode, answer.json()]).toEqual([201, { e164: phone, scope: 'global', created: true }]);
  });
});

describe('a number to take off the list', () => {
  it('is read as it was added: national, in the region given or US', async () => {
    for (const [typed, region, e164] of [['(312) 555-0164', '', '+13125550164'], ['020 7946 0163', '&region=GB', '+442079460163']] as const) {
      const added = await app.inject({ method: 'POST', url: '/api/dnc', headers: manager, payload: { phone: typed, ...(region ? { region: 'GB' } : {}) } });
      expect([added.statusCode, added.json<{ e164: string }>().e164]).toEqual([201, e164]);
      const removed = await app.inject({ method: 'DELETE', url: `/api/dnc/${encodeURIComponent(typed)}?reason=added%20by%20mistake${region}`, headers: manager });
      expect([removed.statusCode, removed.json()]).toEqual([200, { e164, removed: true }]);
      expect((await pool.query('SELECT 1 FROM dnc_entries WHERE e164 = $1', [e164])).rowCount).toBe(0);
    }
  });

  it('that is no number is told why', async () => {
    const answer = await app.inject({ method: 'DELETE', url: '/api/dnc/555-01', headers: manager });
    expect(answer.statusCode).toBe(400);
    expect(answer.json<{ message: string }>().message).toMatch(/^phone: /);
  });
});
