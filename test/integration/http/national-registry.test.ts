// A campaign scrubbed against a national do-not-call registry (settings.nationalRegistries) is not
// dialled while the registry was never loaded or its latest load is older than the law allows (US
// 31 days): the pacer says `national_registry`, "why not dialled" and the compliance route say
// which registry and why, and a fresh copy loaded (by the API or `outpace dnc import --registry`)
// lets it dial, the load in the evidence log.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { testDatabaseUrl } from '../../helpers/db.js';
import { runOutpace } from '../../helpers/outpace-cli.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { allDayWindow, apiCall, waitUntil } from '../../browser/browser-helpers.js';

let test: TestNode;
const dir = mkdtempSync(join(tmpdir(), 'outpace-registry-'));
const DAY_MS = 86_400_000;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'national-registry:');
  await test.node.pool.query('DELETE FROM dnc_registry_loads');
}, 60_000);

afterAll(async () => {
  await test?.close();
  rmSync(dir, { recursive: true, force: true });
});

const importRegistry = (query: string, body: string) => fetch(`${test.node.url}/api/dnc/import?${query}`, {
  method: 'POST', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'text/plain' }, body,
});

interface Standing { registry: string; asOf: string | null; staleAt: string | null; stale: boolean; maxAgeDays: number }

describe('national registry freshness', () => {
  it('holds a campaign scrubbed against a registry never loaded or loaded too long ago, says why, and dials once a fresh copy is loaded', async () => {
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
      name: `Registry ${Date.now()}`, mode: 'progressive', wrapUpMode: 'manual', callerId: '+16505550100',
      settings: { callingWindow: allDayWindow, nationalRegistries: ['us_national'] },
    });
    // Other files' registry loads share the worker's evidence log: this test reads its own only.
    const evidenceBefore = (await test.node.pool.query<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM evidence_log')).rows[0]?.id ?? '0';
    const list = await createList(test.node.pool, { campaignId: id, name: 'numbers' });
    const [leadId] = await insertLeads(test.node.pool, list.id, [{ phones: ['+12125556345'] }]);
    await apiCall(test, 'POST', `/api/campaigns/${id}/start`);
    await apiCall(test, 'PUT', '/api/agents/reg-agent', { name: 'reg-agent' });
    const { token } = await apiCall<{ token: string }>(test, 'POST', '/api/agents/reg-agent/tokens');
    await apiCall(test, 'POST', '/api/agents/reg-agent/login', { campaignId: id }, token);
    await waitUntil('logged in', async () => test.node.runtime.state().agents.get('reg-agent')?.status === 'paused');
    await apiCall(test, 'POST', '/api/agents/reg-agent/ready', undefined, token);

    const decision = await waitUntil('a decision held by the registry', async () => {
      const decisions = await apiCall<{ binding: string; launch: number }[]>(test, 'GET', `/api/campaigns/${id}/decisions`);
      return decisions.find((d) => d.binding === 'national_registry');
    });
    expect(decision.launch).toBe(0);
    const compliance = await apiCall<{ nationalRegistries: Standing[] }>(test, 'GET', `/api/campaigns/${id}/compliance`);
    expect(compliance.nationalRegistries).toEqual([expect.objectContaining({ registry: 'us_national', asOf: null, stale: true, maxAgeDays: 31 })]);
    const why = await apiCall<{ eligible: boolean; checks: { rule: string; blocks: boolean; detail: string }[] }>(test, 'GET', `/api/leads/${leadId ?? ''}/why-not-dialled`);
    expect(why.eligible).toBe(false);
    expect(why.checks.find((c) => c.rule === 'national_registry')).toMatchObject({ blocks: true, detail: expect.stringContaining('has never been loaded') });

    // A registry goes on the global list only; a file with no number is not a copy of one.
    expect((await importRegistry(`list=dnc&registry=us_national&campaignId=${id}`, '2125550000\n')).status).toBe(400);
    expect((await importRegistry('list=dnc&registry=us_national', 'not a number\n')).status).toBe(400);

    // A copy downloaded 40 days ago is too old to dial on.
    const oldAsOf = new Date(Date.now() - 40 * DAY_MS).toISOString();
    const old = await importRegistry(`list=dnc-old&registry=us_national&asOf=${encodeURIComponent(oldAsOf)}`, '2125550001\n2125550002\n');
    expect(old.status).toBe(200);
    const stillStale = await apiCall<{ nationalRegistries: Standing[] }>(test, 'GET', `/api/campaigns/${id}/compliance`);
    expect(stillStale.nationalRegistries[0]).toMatchObject({ asOf: oldAsOf, stale: true });
    expect((await test.node.pool.query('SELECT 1 FROM attempts WHERE campaign_id = $1', [id])).rowCount).toBe(0);

    // A fresh copy by the command line: the campaign dials.
    const file = join(dir, 'registry.txt');
    writeFileSync(file, '2125550003\n2125550004\n');
    const ran = await runOutpace(['dnc', 'import', file, '--registry', 'us_national'], { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' });
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toContain('loaded as us_national');
    await waitUntil('the lead dialled', async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE campaign_id = $1', [id])).rowCount === 1);
    const fresh = await apiCall<{ nationalRegistries: Standing[] }>(test, 'GET', `/api/campaigns/${id}/compliance`);
    expect(fresh.nationalRegistries[0]).toMatchObject({ stale: false });
    const loads = await test.node.pool.query<{ payload: { registry: string; list: string; source?: string } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'dnc_list_imported' AND payload ? 'registry' AND id > $1 ORDER BY id", [evidenceBefore]);
    expect(loads.rows.map((r) => [r.payload.registry, r.payload.list])).toEqual([['us_national', 'dnc-old'], ['us_national', 'registry.txt']]);
    const sources = await test.node.pool.query<{ source: string }>("SELECT DISTINCT source FROM dnc_entries WHERE e164 = '+12125550003'");
    expect(sources.rows).toEqual([{ source: 'national_registry' }]);
  }, 60_000);

  it('keeps a campaign that names no registry dialling as before, and refuses a registry it does not know', async () => {
    const refused = await fetch(`${test.node.url}/api/campaigns`, {
      method: 'POST', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Unknown registry ${Date.now()}`, mode: 'progressive', settings: { nationalRegistries: ['fr_bloctel'] } }),
    });
    expect(refused.status).toBe(400);
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `No registry ${Date.now()}`, mode: 'progressive' });
    const compliance = await apiCall<{ nationalRegistries: Standing[] }>(test, 'GET', `/api/campaigns/${id}/compliance`);
    expect(compliance.nationalRegistries).toEqual([]);
    const rules = await apiCall<{ nationalRegistries: string[] }>(test, 'PUT', `/api/campaigns/${id}/dial-rules`, { nationalRegistries: ['uk_tps', 'uk_ctps'] });
    expect(rules.nationalRegistries).toEqual(['uk_tps', 'uk_ctps']);
    const change = await test.node.pool.query<{ payload: { after: Record<string, unknown> } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'rule_changed' AND campaign_id = $1", [id]);
    expect(change.rows[0]?.payload.after).toEqual({ nationalRegistries: ['uk_tps', 'uk_ctps'] });
  });
});
