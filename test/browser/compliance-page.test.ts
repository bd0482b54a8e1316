// The compliance page in headless Chromium: the campaign's abandonment over its regime's window
// against the limit, its evidence log by kind with paging and the CSV export, and the do-not-call
// lists: a number checked, added to the campaign's list, taken off again, a file imported (every
// number of each lead of a leads download), and a change of the campaign's settings read as from
// and to; a campaign picked while another's answers are on their way is the one drawn; a
// supervisor checks numbers and finds a number's evidence in every campaign, masked, but changes
// nothing; the page reads in Chinese, down to why an imported line is not a number or a file is
// refused.

import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvidence } from '../../src/adapters/pg/evidence-log-repository.js';
import { recordReturnCall } from '../../src/adapters/pg/return-call-facts.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { truncateTables } from '../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, launchChromium, screenshot } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let page: Page;
let campaignId: string;
let leadId: string;
let british: string;
const tag = `${Date.now()}`.slice(-4);
const number = `+1646555${tag}`;

beforeAll(async () => {
  test = await startTestNode({}, 'browser-compliance:');
  browser = await launchChromium();
  // The manager is not where the campaign dials (UTC): its days are still the campaign's.
  page = await (await browser.newContext({ viewport: { width: 1300, height: 1000 }, locale: 'en-US', timezoneId: 'America/Los_Angeles', acceptDownloads: true })).newPage();
  // Evidence outlives the campaigns it speaks of: none left by other files under a reused campaign id.
  await truncateTables(test.node.pool, ['evidence_log']);
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Compliance ${tag}`, timezone: 'UTC', regime: 'us' })).id;
  const list = await createList(test.node.pool, { campaignId, name: 'l' });
  [leadId] = await insertLeads(test.node.pool, list.id, [{ phones: [number] }]) as [string];
  // 40 live answers in the last day, 2 abandoned (one given the safe-harbour message).
  for (let i = 0; i < 40; i++) {
    await test.node.pool.query(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, answered_at, live_at, abandoned, safe_harbor_played, ended_at)
       VALUES ($1, $2, $3, 'ended', $4, now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours', $5, $6, now() - interval '2 hours')`,
      [campaignId, leadId, number, i < 2 ? 'abandoned' : 'connected', i < 2, i === 0],
    );
  }
  await appendEvidence(test.node.pool, { kind: 'abandon', campaignId, leadId, payload: { e164: number, waitedMs: 2000 } });
  for (let i = 0; i < 55; i++) await appendEvidence(test.node.pool, { kind: 'dial_checked', campaignId, leadId, payload: { allowed: true, n: i } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('compliance page', () => {
  it("shows the campaign's abandonment against the limit, and its evidence by kind", async () => {
    await page.goto(`${test.node.url}/compliance/?lang=en&campaign=${campaignId}`);
    await page.fill('#token', roleTokens.manager);
    await page.click('#signin-form button[type=submit]');
    await expect.poll(() => page.textContent('[data-kpi="rate"] .value')).toBe('5.00%');
    expect(await page.textContent('#standing-title')).toBe('Abandoned calls over the last 30 days');
    expect(await page.textContent('#standing-pill')).toBe('Over the limit');
    expect(await page.textContent('[data-kpi="rate"] .sub')).toBe('limit 3.0%, US: 3% of live answers over 30 days');
    expect(await page.textContent('[data-kpi="abandoned"] .sub')).toBe('of 40 live answers');
    expect(await page.textContent('[data-kpi="safe-harbor"] .value')).toBe('1');

    // The routine checks before each dial are left out unless asked for; the campaign's creation is kept.
    await expect.poll(() => page.locator('#evidence tbody tr').count()).toBe(2);
    expect(await page.textContent('#evidence tbody tr td:nth-child(2)')).toBe('Abandoned call');
    expect(await page.textContent('#evidence tbody tr:nth-child(2) td:nth-child(2)')).toBe('Campaign created');
    expect(await page.getAttribute('#evidence tbody tr a', 'href')).toBe(`/leads/?lead=${leadId}`);
    expect(await page.textContent('#evidence tbody tr td.details')).toBe(`e164: ${number} · waitedMs: 2000`);
    await page.selectOption('#evidence-kind', 'dial_checked');
    await page.click('#evidence-form button[type=submit]');
    await expect.poll(() => page.locator('#evidence tbody tr').count()).toBe(50);
    await page.click('#evidence-more');
    await expect.poll(() => page.locator('#evidence tbody tr').count()).toBe(55);
    expect(await page.isVisible('#evidence-more')).toBe(false);

    await page.selectOption('#evidence-kind', 'abandon');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#evidence-csv')]);
    const file = await readFile(await download.path(), 'utf8');
    // A byte order mark, for a spreadsheet to read it as UTF-8.
    expect(file.charCodeAt(0)).toBe(0xfeff);
    const csv = file.slice(1).trim().split('\n');
    expect(csv[0]).toBe('id,at,kind,campaign_id,attempt_id,lead_id,payload,campaign_timezone,at_local,hash');
    expect(csv.slice(1).map((line) => line.split(',')[2])).toEqual(['abandon']);
    await screenshot(page, 'compliance-page-en');
  }, 60_000);

  it('shows, when the address names no campaign, the newest one dialling, as the results page does', async () => {
    const dialling = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Compliance dialling ${tag}`, timezone: 'UTC' })).id;
    await apiCall(test, 'POST', `/api/campaigns/${dialling}/start`);
    // Newer, but not dialling.
    await apiCall(test, 'POST', '/api/campaigns', { name: `Compliance draft ${tag}`, timezone: 'UTC' });
    const fresh = await (await browser.newContext({ locale: 'en-US' })).newPage();
    try {
      await fresh.goto(`${test.node.url}/compliance/?lang=en`);
      await fresh.fill('#token', roleTokens.manager);
      await fresh.click('#signin-form button[type=submit]');
      await expect.poll(() => fresh.inputValue('#campaign')).toBe(dialling);
      expect(new URL(fresh.url()).searchParams.get('campaign')).toBe(dialling);
    } finally {
      await fresh.context().close();
      await apiCall(test, 'POST', `/api/campaigns/${dialling}/stop`);
    }
  });

  it('checks a number, puts it on the campaign list, takes it off, and imports a file, each in the log', async () => {
    await page.fill('#dnc-phone', `(646) 555-${tag}`);
    await page.click('#dnc-check-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-verdict')).toBe(`${number} is on no do-not-call list for this campaign.`);
    await page.selectOption('#dnc-scope', 'campaign');
    await page.fill('#dnc-reason', 'asked on the phone');
    // Until a day that starts on the campaign's clock, and is shown so.
    await page.fill('#dnc-until', '2031-01-15');
    await page.click('#dnc-add-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-status')).toBe(`${number} added.`);
    expect(await page.textContent('#dnc-verdict')).toBe(`${number} is not dialled for this campaign:`);
    expect((await page.textContent('#dnc-entries li'))?.replace(/\s/g, ' ')).toBe("This campaign's list, from api, why: asked on the phone, until Jan 15, 2031, 12:00 AM UTC Take off");
    const listed = await apiCall<{ entries: Array<{ expiresAt: string }> }>(test, 'GET', `/api/dnc/check?phone=${encodeURIComponent(number)}&campaignId=${campaignId}`);
    expect(listed.entries.map((e) => e.expiresAt)).toEqual(['2031-01-15T00:00:00.000Z']);
    const why = await apiCall<{ phones: Array<{ checks: Array<{ rule: string; blocks: boolean }> }> }>(test, 'GET', `/api/leads/${leadId}/why-not-dialled`);
    expect(why.phones[0]?.checks.find((c) => c.rule === 'dnc')?.blocks).toBe(true);

    await page.click('#dnc-entries button[data-scope="campaign"]');
    await expect.poll(() => page.textContent('#dnc-status')).toBe(`${number} taken off.`);
    expect(await page.textContent('#dnc-verdict')).toBe(`${number} is on no do-not-call list for this campaign.`);

    const notNumbers = ['not a number', 'n/a', 'ask', 'none', '-', 'later'];
    // As a leads download gives them: each lead's other numbers in other_phones, protected from spreadsheets.
    const file = `Name,phone,other_phones\nAnn,${number},\nBo,212-555-0199,'+13125550198 +14155550197\n${notNumbers.map((text, i) => `P${i},${text},`).join('\n')}\n`;
    await page.setInputFiles('#dnc-file', { name: 'state.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.click('#dnc-import-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-status')).toBe('10 numbers read: 4 added, 0 listed already, 6 not numbers.');
    // Which columns were read, and the first lines that were not numbers, to fix the file by.
    expect(await page.textContent('#dnc-import-column')).toBe('The numbers were read from the column phone. '
      + 'Every number of the column other_phones was read too, so each lead of a leads download is blocked on all its numbers.');
    expect(await page.$$eval('#dnc-invalid li', (items) => items.map((item) => item.textContent))).toEqual([
      ...notNumbers.slice(0, 5).map((text, i) => `Line ${i + 4}: "${text}" (not a phone number)`), 'and 1 more not a number.',
    ]);
    // The log shows every change, newest first.
    await page.selectOption('#evidence-kind', '');
    await page.click('#evidence-form button[type=submit]');
    await expect.poll(() => page.$$eval('#evidence tbody tr', (rows) => rows.map((r) => r.getAttribute('data-kind'))))
      .toEqual(['dnc_list_imported', 'dnc_removed', 'dnc_added', 'abandon', 'campaign_created']);
    // What the manager typed stays off the log, which nothing erases: it says a reason was typed.
    const added = await page.textContent('#evidence tbody tr[data-kind="dnc_added"] td.details');
    expect(added).toContain("reason: typed by staff, kept on the number's entry (Check the number to read it)");
    expect(added).not.toContain('asked on the phone');

    // A change of the campaign's settings reads as what changed, from and to.
    await apiCall(test, 'PATCH', `/api/campaigns/${campaignId}`, { abandonTarget: 0.02, settings: { greeting: 'hello' } });
    await page.click('#evidence-form button[type=submit]');
    await expect.poll(() => page.textContent('#evidence tbody tr:first-child td:nth-child(2)')).toBe('Campaign settings changed');
    expect(await page.textContent('#evidence tbody tr:first-child td.details')).toBe('by: test manager · abandonTarget: 0.03 → 0.02 · settings.greeting: null → hello');
  }, 30_000);

  it("reads national numbers as the campaign's lists do, and checks a number again when another campaign is chosen", async () => {
    british = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Compliance GB ${tag}`, timezone: 'Europe/London', regime: 'uk' })).id;
    await createList(test.node.pool, { campaignId: british, name: 'uk', defaultRegion: 'GB' });
    await page.goto(`${test.node.url}/compliance/?lang=en&campaign=${british}`);
    await expect.poll(() => page.inputValue('#campaign')).toBe(british);
    expect(await page.inputValue('#dnc-region')).toBe('');
    // Ending in a CRM report's footer: skipped, and said so.
    const tps = '020 7946 0999\n\n"Confidential Information - Do Not Distribute"\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n';
    await page.setInputFiles('#dnc-file', { name: 'tps.txt', mimeType: 'text/plain', buffer: Buffer.from(tps) });
    await page.click('#dnc-import-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-status')).toBe('1 number read: 1 added, 0 listed already, 0 not numbers.');
    expect(await page.textContent('#dnc-import-column')).toBe('The file has no header row: the numbers were read from its first column. '
      + "The last 2 lines are a report's footer (totals, confidentiality and copyright lines): skipped, not read as numbers.");
    expect(await page.locator('#dnc-invalid li').count()).toBe(0);
    await page.fill('#dnc-phone', '020 7946 0999');
    await page.click('#dnc-check-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-verdict')).toBe('+442079460999 is not dialled for this campaign:');

    // Another campaign: the number is checked again for it, not left showing the first's list.
    await page.fill('#dnc-phone', '+442079460999');
    await page.click('#dnc-check-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-verdict')).toBe('+442079460999 is not dialled for this campaign:');
    await page.selectOption('#campaign', campaignId);
    await expect.poll(() => page.textContent('#dnc-verdict')).toBe('+442079460999 is on no do-not-call list for this campaign.');
  }, 30_000);

  it('warns that a campaign scrubbed against a registry never loaded is not dialled, and says until when a fresh copy is good', async () => {
    await test.node.pool.query("DELETE FROM dnc_registry_loads WHERE registry = 'uk_tps'");
    const scrubbed = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
      name: `Compliance TPS ${tag}`, timezone: 'Europe/London', regime: 'uk', settings: { nationalRegistries: ['uk_tps'] },
    })).id;
    await page.goto(`${test.node.url}/compliance/?lang=en&campaign=${scrubbed}`);
    await expect.poll(() => page.textContent('#registry-warning')).toBe('Not dialled: the campaign is scrubbed against the UK TPS, which has never been loaded. Load a copy onto the global DNC list as that registry (outpace dnc import --registry).');
    const loaded = await fetch(`${test.node.url}/api/dnc/import?list=tps&registry=uk_tps&asOf=2026-11-30T12:00:00Z`, {
      method: 'POST', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'text/plain' }, body: '020 7946 0555\n',
    });
    expect(loaded.status).toBe(200);
    await page.reload();
    await expect.poll(() => page.textContent('#registry-note')).toBe('Scrubbed against the UK TPS: copy of Nov 30, 2026, 12:00 PM Europe/London, good until Dec 28, 2026, 12:00 PM Europe/London.');
    expect(await page.isHidden('#registry-warning')).toBe(true);
    // Back to the first campaign, as the page was.
    await page.goto(`${test.node.url}/compliance/?lang=en&campaign=${campaignId}`);
    await expect.poll(() => page.textContent('#standing-title')).toBe('Abandoned calls over the last 30 days');
  }, 30_000);

  it("loads a file as a national registry's copy, of a day, whole, and shows each registry's latest copy and whether it is too old", async () => {
    const ctps = ['+442079460481', '+442079460482'];
    await test.node.pool.query('DELETE FROM dnc_registry_loads');
    await test.node.pool.query("DELETE FROM dnc_registry_numbers WHERE registry = 'uk_ctps'");
    await test.node.pool.query('DELETE FROM dnc_entries WHERE e164 = ANY($1)', [ctps]);
    await test.node.pool.query("INSERT INTO dnc_registry_loads (registry, list_name, as_of, loaded_by, numbers, added) VALUES ('us_national', 'us', '2026-01-05T12:00:00Z', 'test', 1, 1)");
    await page.goto(`${test.node.url}/compliance/?lang=en&campaign=${campaignId}`);
    const loads = () => page.$$eval('#dnc-registry-loads li', (items) => items.map((item) => [item.dataset.registry, item.className, item.textContent]));
    await expect.poll(loads).toEqual([
      ['us_national', 'stale', 'Latest copy of the US National Do Not Call Registry: Jan 5, 2026, 12:00 PM UTC, too old since Feb 5, 2026, 12:00 PM UTC (over 31 days): campaigns scrubbed against it are not dialled.'],
      ['uk_tps', 'stale', 'No copy of the UK TPS loaded yet.'],
      ['uk_ctps', 'stale', 'No copy of the UK CTPS loaded yet.'],
    ]);
    expect(await page.$$eval('#dnc-registry option', (options) => options.map((option) => option.textContent)))
      .toEqual(['None: a list of our own', 'US National DNC Registry', 'UK TPS', 'UK CTPS']);
    expect(await page.isVisible('#dnc-as-of')).toBe(false);
    expect(await page.isVisible('#dnc-full')).toBe(false);

    await page.selectOption('#dnc-registry', 'uk_ctps');
    expect(await page.isVisible('#dnc-as-of')).toBe(true);
    // Yesterday, a day on the campaign's clock (UTC).
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.fill('#dnc-as-of', yesterday);
    await page.check('#dnc-full');
    await page.fill('#dnc-list', 'ctps-copy');
    await page.setInputFiles('#dnc-file', { name: 'ctps.txt', mimeType: 'text/plain', buffer: Buffer.from(`${ctps.join('\n')}\n`) });
    await page.click('#dnc-import-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-status'))
      .toBe('2 numbers read: 2 added, 0 listed already, 0 not numbers. 0 numbers no longer in the UK CTPS taken off the global list.');
    await expect.poll(async () => (await loads())[2]?.[2]).toMatch(/^Latest copy of the UK CTPS: .+ 12:00 AM UTC, good until .+ 12:00 AM UTC\.$/);
    const standings = await apiCall<{ registry: string; asOf: string | null; stale: boolean }[]>(test, 'GET', '/api/dnc/registries');
    expect(standings.find((load) => load.registry === 'uk_ctps')).toMatchObject({ asOf: `${yesterday}T00:00:00.000Z`, stale: false });
    // Onto the global list, not the campaign's chosen.
    const listed = await apiCall<{ entries: { scope: string; source: string }[] }>(test, 'GET', `/api/dnc/check?phone=${encodeURIComponent(ctps[1] ?? '')}&campaignId=${campaignId}`);
    expect(listed.entries).toEqual([expect.objectContaining({ scope: 'global', source: 'national_registry' })]);

    // The registry's next copy, whole, without one of them.
    await page.setInputFiles('#dnc-file', { name: 'ctps.txt', mimeType: 'text/plain', buffer: Buffer.from(`${ctps[0] ?? ''}\n`) });
    await page.click('#dnc-import-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-status'))
      .toBe('1 number read: 0 added, 1 listed already, 0 not numbers. 1 number no longer in the UK CTPS taken off the global list.');
    expect((await apiCall<{ blocked: boolean }>(test, 'GET', `/api/dnc/check?phone=${encodeURIComponent(ctps[1] ?? '')}`)).blocked).toBe(false);

    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(async () => (await loads())[1]?.[2]).toBe('尚未加载英国 TPS的副本。');
    expect((await loads())[0]?.[2]).toBe('美国国家谢绝来电登记册的最新副本：2026年1月5日 12:00 UTC，自 2026年2月5日 12:00 UTC 起已过期（超过 31 天）：须比对它的活动不拨打。');
    expect(await page.$$eval('#dnc-registry option', (options) => options.map((option) => option.textContent)))
      .toEqual(['无：本方自己的名单', '美国国家谢绝来电登记册', '英国 TPS', '英国 CTPS']);
    expect(await page.textContent('#dnc-status')).toBe('读取 1 个号码：新增 0，已在名单 1，无效 0。 已从全局名单移出 1 个已不在英国 CTPS中的号码。');
    expect(await page.textContent('body')).not.toMatch(/\b(compliance|nav|leads|campaigns|lists)\.[a-zA-Z_.]+/);
    await screenshot(page, 'compliance-registry-zh-CN');
    await page.selectOption('#locale', 'en');
    await page.uncheck('#dnc-full');
    await page.selectOption('#dnc-registry', '');
    await page.fill('#dnc-list', '');
  }, 30_000);

  it('draws the campaign picked last, not one picked before it whose answers come late', async () => {
    const evidenceKinds = () => page.$$eval('#evidence tbody tr', (rows) => rows.map((r) => r.getAttribute('data-kind')));
    await expect.poll(() => page.textContent('#standing-title'), { timeout: 5_000 }).toBe('Abandoned calls over the last 30 days');
    await expect.poll(async () => (await evidenceKinds()).length, { timeout: 5_000 }).toBeGreaterThan(0);
    const shown = await evidenceKinds();
    // The British campaign's standing and evidence come late, after the first campaign has been picked again.
    await page.route(`**/api/campaigns/${british}/**`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    try {
      const late = ['compliance', 'evidence'].map((what) => page.waitForResponse((response) => response.url().includes(`/api/campaigns/${british}/${what}`), { timeout: 10_000 }));
      await page.selectOption('#campaign', british);
      await page.selectOption('#campaign', campaignId);
      await Promise.all(late);
      // Let the page handle the late answers before checking they changed nothing.
      await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 200); }));
      expect(await page.textContent('#standing-title')).toBe('Abandoned calls over the last 30 days');
      expect(await page.textContent('[data-kpi="rate"] .value')).toBe('5.00%');
      expect(await evidenceKinds()).toEqual(shown);
    } finally {
      await page.unroute(`**/api/campaigns/${british}/**`);
    }
  }, 30_000);

  it('lets a supervisor check numbers and read the log, with the numbers masked, and nothing more', async () => {
    const supervisor = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await supervisor.goto(`${test.node.url}/compliance/?lang=en&campaign=${campaignId}`);
    await supervisor.fill('#token', roleTokens.supervisor);
    await supervisor.click('#signin-form button[type=submit]');
    await expect.poll(() => supervisor.locator('#evidence tbody tr').count()).toBeGreaterThan(0);
    expect(await supervisor.textContent('#evidence tbody tr[data-kind="abandon"] td.details')).toBe(`e164: +*******${tag} · waitedMs: 2000`);
    // A complaint names a number: its entries in every campaign, each naming its campaign, masked.
    await appendEvidence(test.node.pool, { kind: 'manual_dial', campaignId: british, payload: { agentId: 'a1', e164: number } });
    await supervisor.fill('#evidence-phone', number);
    await supervisor.click('#evidence-form button[type=submit]');
    await expect.poll(() => supervisor.locator('#evidence tbody tr[data-kind="manual_dial"]').count()).toBe(1);
    expect(await supervisor.textContent('#evidence tbody tr[data-kind="manual_dial"] td:nth-child(2)')).toBe(`Dialled by hand (Compliance GB ${tag})`);
    expect(await supervisor.textContent('#evidence tbody tr[data-kind="manual_dial"] td.details')).toBe(`e164: +*******${tag} · agentId: a1`);
    expect(await supervisor.isVisible('#dnc-import-form')).toBe(false);
    await supervisor.fill('#dnc-phone', number);
    await supervisor.click('#dnc-check-form button[type=submit]');
    await expect.poll(() => supervisor.isVisible('#dnc-result')).toBe(true);
    expect(await supervisor.isVisible('#dnc-add-form')).toBe(false);
    expect(await supervisor.locator('#dnc-entries button').count()).toBe(0);
  }, 30_000);

  it("lets a viewer read the campaign's log, and offers them no number to look up in every campaign", async () => {
    const viewer = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await viewer.goto(`${test.node.url}/compliance/?lang=en&campaign=${campaignId}`);
    await viewer.fill('#token', roleTokens.viewer);
    await viewer.click('#signin-form button[type=submit]');
    await expect.poll(() => viewer.locator('#evidence tbody tr').count()).toBeGreaterThan(0);
    expect(await viewer.isVisible('#evidence-phone')).toBe(false);
    await viewer.context().close();
  }, 30_000);

  it('reads in Simplified Chinese, with no key left untranslated', async () => {
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#standing-title')).toBe('最近 30 天的放弃呼叫');
    expect(await page.textContent('body')).not.toMatch(/\b(compliance|nav|leads|campaigns|lists)\.[a-zA-Z_.]+/);

    // An import's lines that are not numbers say why in Chinese too, and again in English after a switch back.
    const file = 'phone\nask\n12\n2.12555E+09\n';
    await page.setInputFiles('#dnc-file', { name: 'zh.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.click('#dnc-import-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-status')).toBe('读取 3 个号码：新增 0，已在名单 0，无效 3。');
    const invalidLines = () => page.$$eval('#dnc-invalid li', (items) => items.map((item) => item.textContent));
    await expect.poll(invalidLines).toEqual([
      '第 2 行：“ask”（不是电话号码）', '第 3 行：“12”（不是 US 的有效号码：作为国家代码 +1 的号码位数太少）',
      '第 4 行：“2.12555E+09”（科学计数法：电子表格在设为数字格式的列中这样写长数字，未显示的位数已丢失。请将该列设为文本（或不带小数的数字）格式后重新保存文件）',
    ]);
    expect(await page.textContent('body')).not.toMatch(/\b(compliance|nav|leads|campaigns|lists)\.[a-zA-Z_.]+/);
    await screenshot(page, 'compliance-page-zh-CN');
    await page.selectOption('#locale', 'en');
    await expect.poll(invalidLines).toEqual([
      'Line 2: "ask" (not a phone number)', 'Line 3: "12" (not a valid number for US: too short for a number of country code +1)',
      'Line 4: "2.12555E+09" (scientific notation, as a spreadsheet writes a long number in a column formatted as a number: the digits it does not show are lost. Format the column as text (or a number with no decimals) and save the file again)',
    ]);

    // A file refused whole says why in the page's language too.
    await page.setInputFiles('#dnc-file', { name: 'quote.csv', mimeType: 'text/csv', buffer: Buffer.from('phone\n2125550100,"Kim\n2125550101\n') });
    await page.click('#dnc-import-form button[type=submit]');
    await expect.poll(() => page.textContent('#dnc-error'))
      .toMatch(/^Refused: a quote opened on line 2 is never closed \(the file ends inside it, on line \d+\): nothing was added\. Fix the file and import it again$/);
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#dnc-error')).toMatch(/^操作被拒绝：第 2 行开始的引号始终没有闭合（文件在引号内结束，位于第 \d+ 行）：未添加任何号码。请修正文件后重新导入$/);
  }, 30_000);

  it('lists the calls back to the caller ID as a kind of their own, with what the person did', async () => {
    await recordReturnCall(test.node.pool, { campaignId, e164: number, callerId: '+16465550199', leadIds: [leadId], optedOut: true, at: new Date() });
    await page.selectOption('#locale', 'en');
    await page.selectOption('#evidence-kind', 'return_call');
    await page.click('#evidence-form button[type=submit]');
    await expect.poll(() => page.locator('#evidence tbody tr').count()).toBe(1);
    expect(await page.textContent('#evidence tbody tr td:nth-child(2)')).toBe('Call back to the caller ID (its message heard, an opt-out or not)');
    expect(await page.textContent('#evidence tbody tr td.details')).toContain('optedOut: true');
    expect(await page.textContent('#evidence tbody tr td.details')).toContain('answeredBy: message');
    expect(await page.getAttribute('#evidence tbody tr a', 'href')).toBe(`/leads/?lead=${leadId}`);
  }, 30_000);
});
