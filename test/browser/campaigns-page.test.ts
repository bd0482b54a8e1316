// The campaigns page in headless Chromium: a manager creates a campaign, sets its pacing,
// abandonment, machine and agent settings (stored as the API keeps them, the rest of its settings
// untouched) and what return calls hear, is told why a value is refused, sets its calling hours and how often and when its
// leads are dialled again (each change in the evidence log), starts, pauses and stops it, loads
// a CSV list into it (the first rows of its report, and why an import failed, in the page's
// language) and sends a failed CRM delivery again; a supervisor reads the settings
// without changing them; the page reads in Chinese; a campaign's lists answering late are not
// drawn under another campaign chosen since.

import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncateTables } from '../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { toWindows1252 } from '../helpers/windows-1252.js';
import { allDayWindow, apiAnswer, apiCall, firstAnswerLate, launchChromium, screenshot } from './browser-helpers.js';
import { createList } from '../../src/adapters/pg/lead-repository.js';
import { maxReturnCallHoldSeconds } from '../../src/core/campaign-settings.js';
import { markLaboratory } from '../../src/adapters/pg/laboratory-marker.js';

let test: TestNode;
let browser: Browser;
let page: Page;
const now = Date.now();

interface CampaignJson {
  id: string;
  name: string;
  status: string;
  mode: string;
  dialLevel: number;
  regime: string;
  abandonTarget: number;
  ringTimeoutMs: number;
  connectLimitMs: number;
  amdEnabled: boolean;
  machineAction: string;
  wrapUpMode: string;
  wrapUpMs: number;
  recordingEnabled: boolean;
  timezone: string;
  settings: Record<string, unknown>;
}

beforeAll(async () => {
  test = await startTestNode({ sounds: { 'brand-b/vm': 3_000 } }, 'browser-campaigns:');
  // Evidence outlives the campaigns it speaks of: none left by other files under a reused campaign id.
  await truncateTables(test.node.pool, ['evidence_log']);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1300, height: 1100 }, locale: 'en-US' })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const field = (key: string) => `#field-${key}`;
const campaignByName = async (name: string) => (await apiCall<CampaignJson[]>(test, 'GET', '/api/campaigns')).find((c) => c.name === name);

describe('campaigns page', () => {
  it('creates a campaign and saves its settings as the API keeps them', async () => {
    const closers = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Closers ${now}` });
    await page.goto(`${test.node.url}/campaigns/?lang=en`);
    await page.fill('#token', roleTokens.manager);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#page:visible');

    const name = `Settings ${now}`;
    await page.fill('#new-name', name);
    await page.click('#new-form button[type=submit]');
    await expect.poll(() => page.textContent('#editor-title')).toBe(name);
    const created = await campaignByName(name);
    expect(created?.status).toBe('draft');
    expect(new URL(page.url()).searchParams.get('campaign')).toBe(created?.id);
    expect(await page.textContent('#campaign-list li.chosen .pill')).toBe('Draft');
    // The product's defaults, in the units people read.
    expect(await page.inputValue(field('mode'))).toBe('progressive');
    expect(await page.inputValue(field('abandonTarget'))).toBe('3');
    expect(await page.inputValue(field('ringTimeoutMs'))).toBe('25');
    // The dial level means nothing to progressive pacing.
    expect(await page.isVisible(field('dialLevel'))).toBe(false);

    await page.selectOption(field('mode'), 'predictive');
    expect(await page.isVisible(field('dialLevel'))).toBe(true);
    await page.fill(field('dialLevel'), '3');
    await page.selectOption(field('regime'), 'strict');
    await page.fill(field('abandonTarget'), '0.8');
    await page.fill(field('connectLimitMs'), '1.5');
    await page.fill(field('ringTimeoutMs'), '30');
    // The lead filter, a condition a line.
    await page.fill(field('leadFilter'), 'state in CA, NV\n\nplan not in gold\nemail is not empty');
    // No calls-per-second limit unless the campaign sets one.
    expect(await page.inputValue(field('maxDialsPerSecond'))).toBe('0');
    await page.fill(field('maxDialsPerSecond'), '8');
    // No preview time limit unless the campaign sets one; then the lead is dialled unless it says skip.
    expect(await page.inputValue(field('previewTimeLimitMs'))).toBe('0');
    expect(await page.inputValue(field('previewTimeoutAction'))).toBe('dial');
    await page.fill(field('previewTimeLimitMs'), '45');
    await page.selectOption(field('previewTimeoutAction'), 'skip');
    // Skipped leads come back for ever unless the campaign sets them aside after so many skips.
    expect(await page.inputValue(field('previewMaxSkips'))).toBe('0');
    await page.fill(field('previewMaxSkips'), '3');
    await page.check(field('amdEnabled'));
    await page.selectOption(field('machineAction'), 'leave_message');
    // The message waits 1.5 s of quiet after the greeting unless the campaign says otherwise; 0 is no wait.
    expect(await page.inputValue(field('machineMessageSilenceMs'))).toBe('1.5');
    await page.fill(field('machineMessageSilenceMs'), '0');
    expect(await page.inputValue(field('machineMessageMaxWaitMs'))).toBe('30');
    await page.selectOption(field('wrapUpMode'), 'manual');
    await page.fill(field('wrapUpMs'), '20');
    await page.check(field('recordingEnabled'));
    expect(await page.isChecked(field('recordingOnDemand'))).toBe(false);
    await page.check(field('recordingOnDemand'));
    // Three minutes unless the campaign says otherwise; in seconds on the page.
    expect(await page.inputValue(field('recordingPauseLimitMs'))).toBe('180');
    await page.fill(field('recordingPauseLimitMs'), '240');
    expect(await page.inputValue(field('holdLimitMs'))).toBe('180');
    await page.fill(field('holdLimitMs'), '90');
    // A personal callback stays its agent's unless the campaign says after how long anyone may take it.
    expect(await page.inputValue(field('callbackReleaseMinutes'))).toBe('0');
    await page.fill(field('callbackReleaseMinutes'), '45');
    await page.fill(field('callerId'), ' "Acme Energy" <+16505550100> ');
    await page.fill(field('callerIdPool'), '+12125550100\n\n +13125550100 ');
    await page.fill(field('customerEndpoint'), 'PJSIP/{number}@carrier-b');
    await page.fill(field('thirdParties'), 'Verification desk = +442079460123\n\n Supplier=+13125550177 ');
    // The other campaigns, to hand customers to their teams; the campaign itself is not offered.
    expect(await page.locator(`${field('handoverCampaigns')} option`).allTextContents()).toContain(`Closers ${now}`);
    expect(await page.locator(`${field('handoverCampaigns')} option`).allTextContents()).not.toContain(name);
    await page.selectOption(field('handoverCampaigns'), [closers.id]);
    await page.click('#save');
    await expect.poll(() => page.textContent('#saved')).toMatch(/^Saved\./);

    const saved = await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${created?.id}`);
    expect(saved).toMatchObject({
      mode: 'predictive', dialLevel: 3, regime: 'strict', abandonTarget: 0.008, connectLimitMs: 1_500, ringTimeoutMs: 30_000,
      amdEnabled: true, machineAction: 'leave_message', wrapUpMode: 'manual', wrapUpMs: 20_000, recordingEnabled: true,
      callerId: '"Acme Energy" <+16505550100>', settings: { callerIdPool: ['+12125550100', '+13125550100'], customerEndpoint: 'PJSIP/{number}@carrier-b', recordingPauseLimitMs: 240_000, holdLimitMs: 90_000, recordingOnDemand: true,
        machineMessageSilenceMs: 0, handoverCampaigns: [closers.id], maxDialsPerSecond: 8,
        previewTimeLimitMs: 45_000, previewTimeoutAction: 'skip', previewMaxSkips: 3, callbackReleaseMinutes: 45,
        leadFilter: [{ field: 'state', op: 'in', values: ['CA', 'NV'] }, { field: 'plan', op: 'not_in', values: ['gold'] }, { field: 'email', op: 'not_empty' }],
        thirdParties: [{ name: 'Verification desk', number: '+442079460123' }, { name: 'Supplier', number: '+13125550177' }] },
    });
    // Shown as it was typed, one per line.
    await page.reload();
    await page.waitForSelector('#page:visible');
    await expect.poll(() => page.inputValue(field('thirdParties'))).toBe('Verification desk = +442079460123\nSupplier = +13125550177');
    expect(await page.inputValue(field('leadFilter'))).toBe('state in CA, NV\nplan not in gold\nemail is not empty');
    // A local number not in E.164 form is refused by name, and nothing is stored.
    await page.fill(field('callerIdPool'), '+12125550100\n2125550100');
    await page.click('#save');
    await expect.poll(() => page.textContent('#form-error')).toBe('Refused: settings.callerIdPool[1]: "2125550100" is not a valid number in E.164 form (+, country code, number)');
    expect((await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${created?.id}`)).settings.callerIdPool).toEqual(['+12125550100', '+13125550100']);
    await page.fill(field('callerIdPool'), '+12125550100\n+13125550100');
    expect(await page.textContent('#campaign-list li.chosen .mode')).toBe('Predictive');
    await screenshot(page, 'campaigns-page-en');

    // A copy is a new draft with the same settings and codes, chosen at once.
    await page.fill('#copy-name', `Copy of ${name}`);
    await page.click('#copy-form button[type=submit]');
    await expect.poll(() => page.textContent('#editor-title')).toBe(`Copy of ${name}`);
    const copy = (await apiCall<CampaignJson[]>(test, 'GET', '/api/campaigns')).find((c) => c.name === `Copy of ${name}`);
    expect(copy).toMatchObject({ status: 'draft', mode: 'predictive', regime: 'strict', abandonTarget: 0.008, settings: saved.settings });
    const codesOf = async (id: string | undefined) => (await apiCall<{ code: string }[]>(test, 'GET', `/api/campaigns/${id}/disposition-codes?all=true`)).map((c) => c.code);
    expect(await codesOf(copy?.id)).toEqual(await codesOf(created?.id));
    expect(await page.inputValue(field('maxDialsPerSecond'))).toBe('8');
  }, 60_000);

  it('names in full, on hover, a campaign whose name the list cuts short', async () => {
    const long = `Spring renewals for the east region, second pass ${now}`;
    const made = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: long });
    await page.reload();
    const item = `#campaign-list li[data-campaign="${made.id}"]`;
    await page.waitForSelector(item);
    // Cut short: only the start of the name is in sight.
    expect(await page.locator(`${item} .name`).evaluate((name) => name.scrollWidth > name.clientWidth)).toBe(true);
    expect(await page.getAttribute(`${item} button`, 'title')).toBe(long);
  });

  it('sets what return calls hear, refusing what the PBX could not play', async () => {
    const name = `Return line ${now}`;
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name });
    await page.goto(`${test.node.url}/campaigns/?lang=en&campaign=${id}`);
    await expect.poll(() => page.textContent('#editor-title')).toBe(name);
    // The product's message until the campaign has its own.
    expect(await page.inputValue(field('returnCallMedia'))).toBe('sound:outpace/return-call');
    await page.fill(field('returnCallMedia'), ' recording:acme/return-call ');
    await page.click('#save');
    await expect.poll(() => page.textContent('#saved')).toMatch(/^Saved\./);
    expect((await apiCall<{ returnCallMedia: string }>(test, 'GET', `/api/campaigns/${id}`)).returnCallMedia).toBe('recording:acme/return-call');
    await page.reload();
    await expect.poll(() => page.inputValue(field('returnCallMedia'))).toBe('recording:acme/return-call');
    // Words, a list or nothing: refused by name, and the message kept.
    for (const typed of ['Thanks for calling back', 'sound:a,sound:b', '']) {
      await page.fill(field('returnCallMedia'), typed);
      const patched = page.waitForResponse((r) => r.url().endsWith(`/api/campaigns/${id}`) && r.request().method() === 'PATCH');
      await page.click('#save');
      expect((await patched).status()).toBe(400);
      await expect.poll(() => page.textContent('#form-error')).toBe('Refused: body.returnCallMedia: a sound or recording on the PBX, e.g. sound:acme/vm-message');
      expect((await apiCall<{ returnCallMedia: string }>(test, 'GET', `/api/campaigns/${id}`)).returnCallMedia).toBe('recording:acme/return-call');
    }
  }, 60_000);

  it('sets how long a person calling back waits on hold for an agent, under Calling line', async () => {
    const name = `Return hold ${now}`;
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name });
    await page.goto(`${test.node.url}/campaigns/?lang=en&campaign=${id}`);
    await expect.poll(() => page.textContent('#editor-title')).toBe(name);
    // Beside the message on return calls; none by default: the message at once.
    const shown = await page.evaluate((selector) => {
      const input = document.querySelector(selector);
      const section = input?.closest('fieldset');
      return { label: input?.closest('label')?.textContent ?? '', section: section?.getAttribute('data-section'), withMessage: section?.querySelector('#field-returnCallMedia') !== null };
    }, field('returnCallHoldSeconds'));
    expect(shown).toMatchObject({ section: 'callingLine', withMessage: true, label: expect.stringContaining('Wait on hold for an agent (seconds)') });
    expect(await page.inputValue(field('returnCallHoldSeconds'))).toBe('0');
    // The box offers what the API takes, as the API says it.
    expect(await page.getAttribute(field('returnCallHoldSeconds'), 'max')).toBe(String(maxReturnCallHoldSeconds));
    const settingsOf = async () => (await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${id}`)).settings;
    await page.fill(field('returnCallHoldSeconds'), '45');
    await page.click('#save');
    await expect.poll(() => page.textContent('#saved')).toMatch(/^Saved\./);
    expect((await settingsOf()).returnCallHoldSeconds).toBe(45);
    await page.reload();
    await expect.poll(() => page.inputValue(field('returnCallHoldSeconds'))).toBe('45');
    // 0: no wait, the setting removed.
    await page.fill(field('returnCallHoldSeconds'), '0');
    await page.click('#save');
    await expect.poll(async () => 'returnCallHoldSeconds' in (await settingsOf())).toBe(false);
    // The API refuses a wait past two minutes, or not in whole seconds, by name.
    for (const refused of [121, 2.5, '30']) {
      const answer = await apiAnswer<{ message: string }>(test, roleTokens.manager, 'PATCH', `/api/campaigns/${id}`, { settings: { returnCallHoldSeconds: refused } });
      expect([answer.status, answer.body.message]).toEqual([400, `settings.returnCallHoldSeconds: ${JSON.stringify(refused)} is not a whole number of seconds from 0 (no wait) to 120`]);
    }
  }, 60_000);

  it('keeps the settings the page does not show, and says why a value is refused', async () => {
    const name = `Kept ${now}`;
    const settings = { callingWindow: allDayWindow, targets: [{ measure: 'appointment', count: 5, per: 'day' }], recycle: { maxAttempts: 3, busyRetryMinutes: 5 } };
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name, timezone: 'Europe/London', settings });
    await page.goto(`${test.node.url}/campaigns/?lang=en&campaign=${id}`);
    await expect.poll(() => page.textContent('#editor-title')).toBe(name);
    expect(await page.inputValue(field('timezone'))).toBe('Europe/London');

    await page.fill(field('wrapUpMs'), '30');
    await page.click('#save');
    await expect.poll(() => page.textContent('#saved')).toMatch(/^Saved\./);
    const saved = await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${id}`);
    expect(saved.wrapUpMs).toBe(30_000);
    expect(saved.settings).toEqual(settings);

    // Above every regime's limit: refused with the reason, and nothing is stored.
    await page.fill(field('abandonTarget'), '4');
    await page.click('#save');
    // Said in the box's own units: 3 (%), not the API's share of 0.03.
    await expect.poll(() => page.textContent('#form-error')).toBe('Abandonment budget, % of live answers: at most 3.');
    expect((await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${id}`)).abandonTarget).toBe(0.03);
    await page.fill(field('abandonTarget'), '3');
    // Seconds, not the milliseconds the API keeps.
    await page.fill(field('ringTimeoutMs'), '10');
    await page.click('#save');
    await expect.poll(() => page.textContent('#form-error')).toBe('Ring for, seconds: at least 15.');
    await page.fill(field('ringTimeoutMs'), '');
    await page.click('#save');
    expect(await page.textContent('#form-error')).toBe('Ring for, seconds: enter a number.');
  }, 60_000);

  it("edits what agents see and the team's targets, the other settings kept", async () => {
    const id = new URL(page.url()).searchParams.get('campaign');
    await expect.poll(() => page.locator('#target-rows .target-row').count()).toBe(1);
    expect(await page.inputValue('#target-rows .count')).toBe('5');
    await page.fill('#screen-script', 'Hello {first_name}, this is {agent_name}.');
    await page.click('#faq-add');
    await page.fill('#faq-rows .faq-row:last-child .question', 'How much is it?');
    await page.fill('#faq-rows .faq-row:last-child .answer', 'From 10 a month.');
    await page.click('#faq-add'); // left empty: dropped
    await page.fill('#screen-pauses', 'break, coffee_time');
    await page.fill('#screen-pause-limits', 'coffee_time 10, break 15');
    await page.fill('#screen-distribute', 'industry');
    await page.fill('#screen-webhooks', 'https://crm.example.com/outpace\n\n  https://backup.example.com/in  ');
    await page.fill('#target-rows .count', '7');
    await page.click('#target-add');
    await page.fill('#target-rows .target-row:last-child .count', '20');
    await page.selectOption('#target-rows .target-row:last-child .measure', 'success');
    await page.selectOption('#target-rows .target-row:last-child .per', 'week');
    await page.click('#screen-save');
    await expect.poll(() => page.textContent('#screen-saved')).toMatch(/^Saved\./);
    const saved = await apiCall<CampaignJson & { script: string; faq: unknown[] }>(test, 'GET', `/api/campaigns/${id}`);
    expect(saved.script).toBe('Hello {first_name}, this is {agent_name}.');
    expect(saved.faq).toEqual([{ question: 'How much is it?', answer: 'From 10 a month.' }]);
    expect(saved.settings).toMatchObject({
      pauseReasons: ['break', 'coffee_time'], pauseLimitMinutes: { coffee_time: 10, break: 15 }, callingWindow: allDayWindow, distributeBy: 'industry',
      webhooks: [{ url: 'https://crm.example.com/outpace' }, { url: 'https://backup.example.com/in' }],
      targets: [{ measure: 'appointment', count: 7, per: 'day' }, { measure: 'success', count: 20, per: 'week' }],
    });
    expect(await page.locator('#faq-rows .faq-row').count()).toBe(1);
    // Every dial's result too: each URL takes calls beside the default events, and the box says so when the page comes back.
    await page.check('#screen-webhook-calls');
    await page.click('#screen-save');
    await expect.poll(async () => (await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${id}`)).settings.webhooks).toEqual([
      { url: 'https://crm.example.com/outpace', events: ['disposition', 'lead_erased', 'call'] },
      { url: 'https://backup.example.com/in', events: ['disposition', 'lead_erased', 'call'] },
    ]);
    await page.reload();
    await expect.poll(() => page.isChecked('#screen-webhook-calls')).toBe(true);
    expect(await page.isChecked('#screen-webhook-agents')).toBe(false);
    // Agents' states for one URL only, through the API: the box is half-ticked and, left so, changes nothing.
    await apiCall(test, 'PATCH', `/api/campaigns/${id}`, { settings: { webhooks: [
      { url: 'https://crm.example.com/outpace', events: ['disposition', 'lead_erased', 'call', 'agent_state'] },
      { url: 'https://backup.example.com/in', events: ['disposition', 'lead_erased', 'call'] },
    ] } });
    await page.reload();
    await expect.poll(() => page.evaluate(() => (document.getElementById('screen-webhook-agents') as HTMLInputElement).indeterminate)).toBe(true);
    const patched = page.waitForResponse((r) => r.url().endsWith(`/api/campaigns/${id}`) && r.request().method() === 'PATCH');
    await page.click('#screen-save');
    expect((await patched).status()).toBe(200);
    expect((await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${id}`)).settings.webhooks).toEqual([
      { url: 'https://crm.example.com/outpace', events: ['disposition', 'lead_erased', 'call', 'agent_state'] },
      { url: 'https://backup.example.com/in', events: ['disposition', 'lead_erased', 'call'] },
    ]);
    // Ticked, every URL takes them.
    await page.check('#screen-webhook-agents');
    await page.click('#screen-save');
    await expect.poll(async () => (await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${id}`)).settings.webhooks).toEqual([
      { url: 'https://crm.example.com/outpace', events: ['disposition', 'lead_erased', 'call', 'agent_state'] },
      { url: 'https://backup.example.com/in', events: ['disposition', 'lead_erased', 'call', 'agent_state'] },
    ]);

    // The allowances come back (in the order the database keeps them), and one left without its minutes is refused.
    expect(await page.inputValue('#screen-pause-limits')).toBe('break 15, coffee_time 10');
    await page.fill('#screen-pause-limits', 'coffee_time 10, break');
    await page.click('#screen-save');
    await expect.poll(() => page.textContent('#screen-error')).toBe('Refused: settings.pauseLimitMinutes.break: null is not a whole number of minutes from 1 to 480');
    await page.fill('#screen-pause-limits', '');
    await page.fill('#screen-pauses', 'break, Coffee Time');
    await page.click('#screen-save');
    await expect.poll(() => page.textContent('#screen-error')).toBe('Refused: settings.pauseReasons: "Coffee Time" is not a code (a-z, 0-9, _ and -, up to 40)');
    await page.fill('#screen-pauses', 'break');
    await page.fill('#screen-distribute', 'the industry');
    await page.click('#screen-save');
    await expect.poll(() => page.textContent('#screen-error')).toMatch(/^Refused: settings\.distributeBy: "the industry" is not a lead field name/);
    await page.fill('#screen-distribute', 'industry');
    await page.fill('#screen-webhooks', 'crm.example.com/outpace');
    await page.click('#screen-save');
    await expect.poll(() => page.textContent('#screen-error')).toBe('Refused: settings.webhooks[0].url: a webhook url is an http or https address');
    // Empty: the usual reasons again, and calls to whoever waited longest.
    await page.fill('#screen-distribute', '');
    await page.fill('#screen-webhooks', '');
    await page.fill('#screen-pauses', '');
    await page.click('#faq-rows .faq-row .remove');
    await page.click('#screen-save');
    await expect.poll(async () => (await apiCall<{ settings: Record<string, unknown>; faq: unknown[] }>(test, 'GET', `/api/campaigns/${id}`)).faq).toEqual([]);
    const cleared = (await apiCall<{ settings: Record<string, unknown> }>(test, 'GET', `/api/campaigns/${id}`)).settings;
    expect([cleared.pauseReasons, cleared.pauseLimitMinutes, cleared.distributeBy, cleared.webhooks]).toEqual([undefined, undefined, undefined, undefined]);
  }, 30_000);

  it('edits the dispositions: a label changed, a code retired, a code added, a taken hotkey refused by name', async () => {
    const id = new URL(page.url()).searchParams.get('campaign');
    const row = (code: string) => `#codes tr[data-code="${code}"]`;
    await page.waitForSelector(row('SALE'));
    // Not interested is a refusal of further calls (kept off the list where the campaign's rules say so).
    expect(await page.isChecked(`${row('NOT_INTERESTED')} input.refusal`)).toBe(true);
    await page.fill(`${row('NOT_INTERESTED')} input.label`, 'Not interested now');
    await page.uncheck(`${row('LANGUAGE_BARRIER')} input.active`);
    await page.fill('#new-code', 'voicemail left');
    await page.click('#code-add');
    await page.fill(`${row('VOICEMAIL_LEFT')} input.label`, 'Voicemail left');
    await page.fill(`${row('VOICEMAIL_LEFT')} input.hotkey`, '1');
    await page.fill(`${row('VOICEMAIL_LEFT')} input.retry`, '240');
    await page.uncheck(`${row('VOICEMAIL_LEFT')} input.humanAnswered`);
    await page.check(`${row('VOICEMAIL_LEFT')} input.notesRequired`);
    await page.click('#codes-save');
    await expect.poll(() => page.textContent('#codes-error')).toBe("VOICEMAIL_LEFT was not saved: hotkey 1 is already SALE's: give this code another or none");
    // The rows before it were saved; the refused one is still as typed.
    expect(await page.inputValue(`${row('VOICEMAIL_LEFT')} input.label`)).toBe('Voicemail left');
    await page.fill(`${row('VOICEMAIL_LEFT')} input.hotkey`, 'l');
    await page.click('#codes-save');
    await expect.poll(() => page.textContent('#codes-saved')).toBe('Saved: 1 changed.');

    const catalogue = await apiCall<Array<{ code: string; label: string; active: boolean; hotkey: string | null; retryDelayMinutes: number | null; humanAnswered: boolean; refusal: boolean; sortOrder: number }>>(
      test, 'GET', `/api/campaigns/${id}/disposition-codes?all=true`);
    const entry = (code: string) => catalogue.find((e) => e.code === code);
    expect(entry('NOT_INTERESTED')).toMatchObject({ label: 'Not interested now', refusal: true });
    expect(entry('LANGUAGE_BARRIER')?.active).toBe(false);
    expect(entry('VOICEMAIL_LEFT')).toMatchObject({ label: 'Voicemail left', hotkey: 'l', retryDelayMinutes: 240, humanAnswered: false, notesRequired: true, active: true });
    expect(entry('VOICEMAIL_LEFT')?.sortOrder).toBeGreaterThan(Math.max(...catalogue.filter((e) => e.code !== 'VOICEMAIL_LEFT').map((e) => e.sortOrder)));
    expect(await page.getAttribute(row('LANGUAGE_BARRIER'), 'class')).toBe('retired');
    // Agents are offered the codes in use only.
    expect((await apiCall<Array<{ code: string }>>(test, 'GET', `/api/campaigns/${id}/disposition-codes`)).map((e) => e.code)).not.toContain('LANGUAGE_BARRIER');
  }, 30_000);

  it("names each of a disposition's controls with its code, apart from one another and from other codes'", async () => {
    const row = page.locator('#codes tr[data-code="SALE"]');
    await row.waitFor();
    // As a screen reader finds them: by role and accessible name, one control each. A column
    // header names no control in its cells, so the hotkey and each yes/no box are named too.
    const flags = ['Success', 'Final', 'Callback', 'Notes needed', 'DNC', 'Refusal', 'Person reached', 'In use'].map((heading) => ['checkbox', `SALE: ${heading}`] as const);
    for (const [role, name] of [['textbox', 'SALE: label'], ['textbox', 'SALE: hotkey'], ['combobox', 'SALE: moves the lead to'], ['spinbutton', 'SALE: dial again after, minutes'], ...flags] as const) {
      expect(await page.getByRole(role, { name, exact: true }).count(), name).toBe(1);
    }
  });

  it('sets the calling hours, shows the hours in force under the regime, and records the change', async () => {
    const id = new URL(page.url()).searchParams.get('campaign');
    const row = (day: string) => `#hours-week tr[data-day="${day}"]`;
    // All day, every day, as the campaign was made: its own week under no legal bounds.
    await expect.poll(() => page.inputValue(`${row('mon')} input`)).toBe('00:00-24:00');
    expect(await page.inputValue('#hours-regime')).toBe('custom');
    expect(await page.isChecked('#hours-own')).toBe(true);
    expect(await page.textContent(`${row('sun')} .in-force`)).toBe('00:00-24:00');

    await page.selectOption('#hours-regime', 'us');
    expect(await page.textContent(`${row('mon')} .in-force`)).toBe('shown after saving');
    await page.fill(`${row('mon')} input`, '9 to 5');
    await page.click('#hours-save');
    expect(await page.textContent('#hours-error')).toBe('Monday: write the hours as 09:00-17:00, separated by commas.');
    await page.fill(`${row('mon')} input`, '18:00-09:00');
    await page.click('#hours-save');
    await expect.poll(() => page.textContent('#hours-error')).toBe('Refused: calling window: mon: 18:00-09:00 ends before it starts');

    await page.fill(`${row('mon')} input`, '7:00-12:00, 13:00-22:00');
    await page.fill(`${row('sun')} input`, '');
    await page.fill('#hours-holidays', '2030-12-25');
    await page.click('#hours-save');
    await expect.poll(() => page.textContent('#hours-saved')).toBe('Saved and recorded in the evidence log.');
    // Typed hours are kept as typed; dialling keeps them within 08:00-21:00.
    expect(await page.textContent(`${row('mon')} .in-force`)).toBe('08:00-12:00, 13:00-21:00');
    expect(await page.textContent(`${row('sun')} .in-force`)).toBe('closed');
    const rules = await apiCall<{ callingWindow: { regime: string; weekly: Record<string, unknown>; holidays: string[] } }>(test, 'GET', `/api/campaigns/${id}/dial-rules`);
    expect(rules.callingWindow).toMatchObject({
      regime: 'us', holidays: ['2030-12-25'],
      weekly: { mon: [{ start: '07:00', end: '12:00' }, { start: '13:00', end: '22:00' }], tue: [{ start: '00:00', end: '24:00' }], sun: [] },
    });
    const evidence = await test.node.pool.query("SELECT 1 FROM evidence_log WHERE campaign_id = $1 AND kind = 'rule_changed'", [id]);
    expect(evidence.rowCount).toBe(1);

    // States' own hours are kept unless the manager turns them off.
    expect(await page.isChecked('#hours-states')).toBe(true);
    await page.uncheck('#hours-states');
    await page.click('#hours-save');
    await expect.poll(async () => (await apiCall<{ jurisdictionHours: boolean }>(test, 'GET', `/api/campaigns/${id}/dial-rules`)).jurisdictionHours).toBe(false);
    await page.check('#hours-states');

    // The regime's default week instead of our own.
    await page.uncheck('#hours-own');
    await page.click('#hours-save');
    await expect.poll(async () => (await apiCall<{ callingWindow: { weekly?: unknown } }>(test, 'GET', `/api/campaigns/${id}/dial-rules`)).callingWindow.weekly).toBeUndefined();
    await expect.poll(() => page.textContent(`${row('sun')} .in-force`)).toBe('08:00-21:00');
    expect(await page.isDisabled(`${row('mon')} input`)).toBe(true);
    expect((await apiCall<{ jurisdictionHours: boolean }>(test, 'GET', `/api/campaigns/${id}/dial-rules`)).jurisdictionHours).toBe(true);
  }, 30_000);

  it('sets how often and when leads are dialled again, sends only what changed, and records it', async () => {
    const id = new URL(page.url()).searchParams.get('campaign');
    const wait = (outcome: string) => `#redial-waits tr[data-outcome="${outcome}"]`;
    // As the campaign was made (3 dials a lead, 5 minutes after a busy line), the rest the product's defaults.
    await expect.poll(() => page.inputValue('#redial-maxAttempts')).toBe('3');
    expect(await page.inputValue('#redial-maxAttemptsPerPhone')).toBe('4');
    expect(await page.inputValue(`${wait('busy')} input`)).toBe('5');
    expect(await page.inputValue(`${wait('abandoned')} input`)).toBe('4320');
    expect(await page.textContent(`${wait('abandoned')} .readable`)).toBe('3 d');
    expect(await page.inputValue('#redial-refusalDays')).toBe('0');
    expect(await page.textContent('#redial-rest')).toBe('');

    await page.fill('#redial-maxAttempts', '2.5');
    await page.click('#redial-save');
    expect(await page.textContent('#redial-error')).toBe('Dials per lead: enter a number from 1 to 50.');
    await page.fill('#redial-maxAttempts', '4');
    await page.fill(`${wait('machine')} input`, '90');
    expect(await page.textContent(`${wait('machine')} .readable`)).toBe('1.5 h');
    await page.fill('#redial-refusalDays', '30');
    await page.click('#redial-save');
    await expect.poll(() => page.textContent('#redial-saved')).toBe('Saved and recorded in the evidence log.');
    expect(await page.textContent('#redial-error')).toBe('');
    const stored = await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${id}`);
    expect(stored.settings).toMatchObject({ recycle: { maxAttempts: 4, busyRetryMinutes: 5, machineRetryMinutes: 90 }, refusalDnc: { days: 30 } });
    expect(Object.keys(stored.settings.recycle as object)).toHaveLength(3);
    const evidence = await test.node.pool.query<{ payload: { by: string; after: unknown } }>(
      "SELECT payload FROM evidence_log WHERE campaign_id = $1 AND kind = 'rule_changed' ORDER BY id DESC LIMIT 1", [id]);
    expect(evidence.rows[0]?.payload).toMatchObject({ by: 'test manager', after: { recycle: { maxAttempts: 4, machineRetryMinutes: 90 }, refusalDnc: { days: 30 } } });
    await page.click('#redial-save');
    await expect.poll(() => page.textContent('#redial-saved')).toBe('Nothing changed.');

    // Calling hours under UK rules: an abandoned number rests 72 h, said beside the waits.
    await page.selectOption('#hours-regime', 'uk');
    await page.click('#hours-save');
    await expect.poll(() => page.textContent('#redial-rest')).toBe('Under these rules an abandoned number rests at least 72 h, whatever its wait.');
    expect(await page.inputValue('#redial-maxAttempts')).toBe('4');
    await screenshot(page, 'campaigns-page-redial');
  }, 30_000);

  it('starts, pauses and stops a campaign', async () => {
    const pill = () => page.textContent('#status-pill');
    await page.click('#start');
    await expect.poll(pill).toBe('Running');
    expect(await page.isVisible('#start')).toBe(false);
    await page.click('#pause');
    await expect.poll(pill).toBe('Paused');
    await page.click('#stop');
    await expect.poll(pill).toBe('Stopped');
    expect(await page.isVisible('#start')).toBe(true);
    expect(await page.isVisible('#pause')).toBe(false);
  }, 30_000);

  it('names settings saved under older rules, which keep a campaign from starting until changed', async () => {
    const id = new URL(page.url()).searchParams.get('campaign') ?? '';
    await test.node.pool.query("UPDATE campaigns SET safe_harbor_media = 'tone:ring' WHERE id = $1", [id]);
    await page.reload();
    await expect.poll(() => page.textContent('#settings-problems')).toBe(
      'These settings stop the campaign from dialling until they are changed: safeHarborMedia must not play a tone: a tone plays until stopped, so the call would never be hung up.');
    await page.click('#start');
    await expect.poll(() => page.textContent('#form-error')).toContain(`campaign ${id} cannot start until its settings are changed`);
    expect(await page.textContent('#status-pill')).toBe('Stopped');
    await test.node.pool.query("UPDATE campaigns SET safe_harbor_media = 'sound:outpace/sh' WHERE id = $1", [id]);
    await page.reload();
    await expect.poll(() => page.isVisible('#settings-problems')).toBe(false);
  }, 30_000);

  it('loads a CSV list: columns matched from the header, the rest kept as custom fields, bad rows reported', async () => {
    await page.setInputFiles('#upload-file', 'test/fixtures/csv/mixed-leads.csv');
    await expect.poll(() => page.isVisible('#mapping')).toBe(true);
    expect(await page.inputValue('#upload-list')).toBe('mixed-leads');
    const mapped = await page.$$eval('#mapping select', (selects) => Object.fromEntries(selects.map((s) => [(s as HTMLSelectElement).dataset.field, (s as HTMLSelectElement).value])));
    expect(mapped).toEqual({
      phone: 'Phone', phone2: 'Mobile', phone3: '', first_name: 'First', last_name: 'Last', external_id: 'CustomerId',
      timezone: 'TZ', postal_code: 'Zip', grade: 'Grade', priority: '',
    });
    await page.click('#upload');
    await expect.poll(() => page.textContent('#upload-status'), { timeout: 20_000 })
      .toMatch(/^Done: 9 rows read, 6 leads loaded\. Duplicates: 1\. Rejected: 2\. On the DNC list: \d+\.$/);

    const campaignId = new URL(page.url()).searchParams.get('campaign');
    const { rows } = await test.node.pool.query<{ external_id: string; first_name: string; fields: Record<string, string> }>(
      `SELECT l.external_id, l.first_name, l.fields FROM leads l JOIN lists li ON li.id = l.list_id
       WHERE li.campaign_id = $1 AND li.name = 'mixed-leads' ORDER BY l.external_id`, [campaignId]);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({ external_id: '1', first_name: 'Ann', fields: { plan: 'gold' } });

    await screenshot(page, 'campaigns-page-list-loaded');
    // The first rows of the report on the page, with why in the page's language.
    const problems = () => page.$$eval('#upload-problems li', (items) => items.map((item) => item.textContent));
    expect(await problems()).toEqual([
      'Row 4: row rejected: no valid phone number', 'Row 4, Phone: phone ignored: not a phone number',
      'Row 6, CustomerId: same person as row 2 (same external id 1): not added again', 'Row 7, Grade: grade "Z" is not A-E, used C',
      'Row 7, TZ: unknown time zone "Mars/Base": used the lead\'s postal code instead (America/New_York, America/Los_Angeles)', 'More rows are in the error report.',
    ]);
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(problems).toEqual([
      '第 4 行：该行被拒绝：没有有效的电话号码', '第 4 行，Phone：号码已忽略：不是电话号码',
      '第 6 行，CustomerId：与第 2 行为同一人（外部 ID 同为 1）：不再添加', '第 7 行，Grade：等级“Z”不是 A-E，已使用 C',
      '第 7 行，TZ：未知时区“Mars/Base”，已改用线索的邮政编码（America/New_York, America/Los_Angeles）', '更多行见错误报告。',
    ]);
    await page.selectOption('#locale', 'en');
    await expect.poll(problems).toContain('Row 4: row rejected: no valid phone number');
    // The rows refused, with why, as the manager downloads them.
    expect(await page.isVisible('#upload-errors')).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#upload-errors')]);
    const report = await readFile(await download.path(), 'utf8');
    // A byte order mark, for a spreadsheet to read it as UTF-8.
    expect(report.charCodeAt(0)).toBe(0xfeff);
    const lines = report.slice(1).trim().split('\n');
    expect(lines[0]).toBe('row,column,reason');
    expect(lines.filter((line) => line.includes('row rejected'))).toEqual([
      '4,,row rejected: no valid phone number', '8,"Phone, Mobile",row rejected: no phone number (its Phone and Mobile cells are empty)',
    ]);
  }, 60_000);

  it("shows the lists with their leads, switches one off, sets its share, its own caller ID and message, and gives it another pass", async () => {
    const campaignId = new URL(page.url()).searchParams.get('campaign');
    const row = '#lists-table tbody:has(td.name:text-is("mixed-leads"))';
    // The list just loaded, counted as soon as its import finished.
    await expect.poll(() => page.textContent(`${row} td[data-count="total"]`)).toBe('6');
    expect(await page.textContent(`${row} td[data-count="new"]`)).toBe('6');
    expect(await page.getAttribute('#lists-find', 'href')).toBe(`/leads/?campaign=${campaignId}`);

    await page.uncheck(`${row} input.active`);
    await expect.poll(() => page.textContent('#lists-status')).toBe('mixed-leads saved.');
    expect(await page.getAttribute(row, 'class')).toBe('off');
    await page.fill(`${row} input.weight`, '3');
    await page.press(`${row} input.weight`, 'Enter');
    await expect.poll(async () => (await apiCall<Array<{ name: string; active: boolean; mixWeight: number }>>(test, 'GET', `/api/campaigns/${campaignId}/lists`))
      .find((l) => l.name === 'mixed-leads')).toMatchObject({ active: false, mixWeight: 3 });

    // Its own caller ID and message on machines; a message that is no sound on the PBX is refused,
    // and emptied, the caller ID is the campaign's again.
    const listOf = async () => (await apiCall<Array<{ name: string; callerId: string | null; machineMessageMedia: string | null }>>(
      test, 'GET', `/api/campaigns/${campaignId}/lists`)).find((l) => l.name === 'mixed-leads');
    expect(await page.getAttribute(`${row} input.caller-id`, 'placeholder')).toBe("the campaign's");
    await page.fill(`${row} input.caller-id`, '"Brand B" <+14155550199>');
    await page.press(`${row} input.caller-id`, 'Enter');
    await expect.poll(listOf).toMatchObject({ callerId: '"Brand B" <+14155550199>', machineMessageMedia: null });
    await page.fill(`${row} input.machine-message`, 'brand-b vm');
    await page.press(`${row} input.machine-message`, 'Enter');
    await expect.poll(() => page.textContent('#lists-error')).toContain('a sound or recording on the PBX, e.g. sound:acme/vm-message');
    expect(await page.inputValue(`${row} input.machine-message`)).toBe('');
    await page.fill(`${row} input.machine-message`, 'sound:brand-b/vm');
    await page.press(`${row} input.machine-message`, 'Enter');
    await expect.poll(listOf).toMatchObject({ callerId: '"Brand B" <+14155550199>', machineMessageMedia: 'sound:brand-b/vm' });
    await page.fill(`${row} input.caller-id`, '');
    await page.press(`${row} input.caller-id`, 'Enter');
    await expect.poll(listOf).toMatchObject({ callerId: null, machineMessageMedia: 'sound:brand-b/vm' });

    // Two leads out of dials: another pass, once the manager confirms.
    await test.node.pool.query(
      `UPDATE leads SET status = 'exhausted', attempts = 6 WHERE id IN (SELECT l.id FROM leads l JOIN lists li ON li.id = l.list_id WHERE li.campaign_id = $1 ORDER BY l.id LIMIT 2)`, [campaignId]);
    await page.reload();
    await expect.poll(() => page.textContent(`${row} td[data-count="exhausted"]`)).toBe('2');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click(`${row} button[data-reset]`);
    await expect.poll(() => page.textContent('#lists-status')).toBe('2 leads of mixed-leads will be dialled again.');
    expect(await page.textContent(`${row} td[data-count="exhausted"]`)).toBe('0');
    expect(await page.textContent(`${row} td[data-count="retry"]`)).toBe('2');
    expect(await page.locator(`${row} button[data-reset]`).count()).toBe(0);
    const evidence = await test.node.pool.query<{ payload: { by: string; leadsReset: number } }>("SELECT payload FROM evidence_log WHERE campaign_id = $1 AND kind = 'list_reset'", [campaignId]);
    expect(evidence.rows.map((r) => r.payload)).toMatchObject([{ by: 'test manager', leadsReset: 2 }]);

    // The list's leads downloaded as they stand, the download on record.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${row} button[data-download]`)]);
    expect(download.suggestedFilename()).toMatch(/^leads-list-\d+\.csv$/);
    const leadsFile = await readFile(await download.path(), 'utf8');
    expect(leadsFile.charCodeAt(0)).toBe(0xfeff);
    const leads = parse(leadsFile, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(Object.keys(leads[0] ?? {}).slice(0, 9)).toEqual(['lead_id', 'campaign', 'list', 'external_id', 'first_name', 'last_name', 'phone', 'other_phones', 'status']);
    expect(leads).toHaveLength(6);
    expect(leads.filter((lead) => lead.status === 'retry')).toHaveLength(2);
    const exported = await test.node.pool.query<{ payload: { by: string; list: string } }>("SELECT payload FROM evidence_log WHERE campaign_id = $1 AND kind = 'leads_exported'", [campaignId]);
    expect(exported.rows.map((r) => r.payload)).toMatchObject([{ by: 'test manager', list: 'mixed-leads' }]);
  }, 30_000);

  it('loads a list saved by Excel on Windows: read as Windows-1252, said so, the accented names kept', async () => {
    const campaignId = new URL(page.url()).searchParams.get('campaign');
    const csv = toWindows1252('Id,Prénom,Nom,Téléphone\r\n901,José,Muñoz,2125550181\r\n902,Zoë,Brontë,2125550182\r\n');
    await page.setInputFiles('#upload-file', { name: 'excel-export.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(() => page.isVisible('#mapping')).toBe(true);
    expect(await page.inputValue('#upload-encoding')).toBe('windows-1252');
    expect(await page.textContent('#upload-encoding-note')).toContain('not UTF-8, so it is read as Windows-1252');
    await page.selectOption('#mapping select[data-field="phone"]', 'Téléphone');
    await page.selectOption('#mapping select[data-field="first_name"]', 'Prénom');
    await page.selectOption('#mapping select[data-field="last_name"]', 'Nom');
    await page.click('#upload');
    await expect.poll(() => page.textContent('#upload-status'), { timeout: 20_000 }).toMatch(/^Done: 2 rows read, 2 leads loaded\./);
    const { rows } = await test.node.pool.query<{ first_name: string; last_name: string }>(
      `SELECT l.first_name, l.last_name FROM leads l JOIN lists li ON li.id = l.list_id
       WHERE li.campaign_id = $1 AND li.name = 'excel-export' ORDER BY l.id`, [campaignId]);
    expect(rows).toEqual([{ first_name: 'José', last_name: 'Muñoz' }, { first_name: 'Zoë', last_name: 'Brontë' }]);
  }, 30_000);

  const namesLoaded = async (list: string) => (await test.node.pool.query<{ first_name: string; last_name: string }>(
    `SELECT l.first_name, l.last_name FROM leads l JOIN lists li ON li.id = l.list_id
     WHERE li.campaign_id = $1 AND li.name = $2 ORDER BY l.id`, [new URL(page.url()).searchParams.get('campaign'), list])).rows;
  const columnsOffered = () => page.$$eval('#mapping select[data-field="phone"] option', (options) => options.map((o) => o.textContent));

  it('keeps a UTF-8 file with a stray byte further down as UTF-8, says where the import will stop, and it stops there', async () => {
    // Accented names first, then one Windows-1252 ñ: the import reads UTF-8 and stops at row 4.
    const csv = Buffer.concat([
      Buffer.from('Id,Prénom,Nom,Téléphone\r\n911,José,Muñoz,2125550191\r\n912,Zoë,Brontë,2125550192\r\n913,Ana,Pe'),
      toWindows1252('ña,2125550193\r\n'),
    ]);
    // Straight after a file the page read as Windows-1252: that reading is not kept for this one.
    await page.setInputFiles('#upload-file', { name: 'mixed-export.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(columnsOffered).toContain('Téléphone');
    await page.fill('#upload-list', 'mixed-export');
    expect(await page.inputValue('#upload-encoding')).toBe('utf-8');
    expect(await page.textContent('#upload-encoding-note')).toMatch(/^Line 4 has a byte that is not UTF-8.*the import will stop there/);
    await page.selectOption('#mapping select[data-field="phone"]', 'Téléphone');
    await page.selectOption('#mapping select[data-field="first_name"]', 'Prénom');
    await page.selectOption('#mapping select[data-field="last_name"]', 'Nom');
    await page.click('#upload');
    await expect.poll(() => page.textContent('#upload-error'), { timeout: 20_000 })
      .toMatch(/^The import failed: reading the CSV failed at row 4: byte 0xF1 is not UTF-8/);
    // Worded by its code: in Chinese after a switch.
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#upload-error')).toMatch(/^导入失败：读取 CSV 在第 4 行失败：字节 0xF1 不是 UTF-8，而此前的文本是/);
    await page.selectOption('#locale', 'en');
    expect(await namesLoaded('mixed-export')).toEqual([{ first_name: 'José', last_name: 'Muñoz' }, { first_name: 'Zoë', last_name: 'Brontë' }]);
  }, 30_000);

  it('reads a UTF-16 file with its byte order mark: the column names right, sent with the default encoding', async () => {
    await page.selectOption('#upload-encoding', 'windows-1252');
    const csv = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Id,Prénom,Nom,Téléphone\r\n921,Chloé,Dubois,2125550201\r\n', 'utf16le')]);
    await page.setInputFiles('#upload-file', { name: 'utf16-export.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(columnsOffered).toEqual(['— not used —', 'Id', 'Prénom', 'Nom', 'Téléphone']);
    await page.fill('#upload-list', 'utf16-export');
    expect(await page.inputValue('#upload-encoding')).toBe('utf-8');
    expect(await page.textContent('#upload-encoding-note')).toBe('This file starts with a mark saying it is UTF-16, so it is read as UTF-16.');
    await page.selectOption('#mapping select[data-field="phone"]', 'Téléphone');
    await page.selectOption('#mapping select[data-field="first_name"]', 'Prénom');
    await page.selectOption('#mapping select[data-field="last_name"]', 'Nom');
    await page.click('#upload');
    await expect.poll(() => page.textContent('#upload-status'), { timeout: 20_000 }).toMatch(/^Done: 1 row read, 1 lead loaded\./);
    expect(await namesLoaded('utf16-export')).toEqual([{ first_name: 'Chloé', last_name: 'Dubois' }]);
  }, 30_000);

  it('reads a semicolon-separated file, as Excel saves CSV where the comma is the decimal mark: its columns offered one by one', async () => {
    const csv = toWindows1252('Id;Prénom;Nom;Téléphone;Solde\r\n931;Agnès;Dupré;2125550211;12,50\r\n');
    await page.setInputFiles('#upload-file', { name: 'excel-europe.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(columnsOffered).toEqual(['— not used —', 'Id', 'Prénom', 'Nom', 'Téléphone', 'Solde']);
    await page.fill('#upload-list', 'excel-europe');
    await page.selectOption('#mapping select[data-field="phone"]', 'Téléphone');
    await page.selectOption('#mapping select[data-field="first_name"]', 'Prénom');
    await page.selectOption('#mapping select[data-field="last_name"]', 'Nom');
    await page.click('#upload');
    await expect.poll(() => page.textContent('#upload-status'), { timeout: 20_000 }).toMatch(/^Done: 1 row read, 1 lead loaded\./);
    expect(await namesLoaded('excel-europe')).toEqual([{ first_name: 'Agnès', last_name: 'Dupré' }]);
  }, 30_000);

  it('reads a file whose first line names its separator for Excel (sep=;): the header from the next line, the columns offered one by one', async () => {
    const csv = Buffer.from('sep=;\r\nId;First;Last;Phone,home\r\n941;Ann;Lee;2125550241\r\n');
    await page.setInputFiles('#upload-file', { name: 'sep-line.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(columnsOffered).toEqual(['— not used —', 'Id', 'First', 'Last', 'Phone,home']);
    await page.fill('#upload-list', 'sep-line');
    await page.selectOption('#mapping select[data-field="phone"]', 'Phone,home');
    await page.selectOption('#mapping select[data-field="first_name"]', 'First');
    await page.selectOption('#mapping select[data-field="last_name"]', 'Last');
    await page.click('#upload');
    await expect.poll(() => page.textContent('#upload-status'), { timeout: 20_000 }).toMatch(/^Done: 1 row read, 1 lead loaded\./);
    expect(await namesLoaded('sep-line')).toEqual([{ first_name: 'Ann', last_name: 'Lee' }]);
  }, 30_000);

  it('says which part of a bad number is wrong, the country of a number of another, and the range of a priority, in the page\'s language', async () => {
    const csv = Buffer.from('First,Last,Phone,Mobile,Prio\r\nAnn,Lee,(212) 055-0100,2125550251,\r\nBo,Li,+44 20 7183 87,2125550252,\r\n'
      + 'Cy,Fox,2125550253,,99999999999999999999\r\nDi,Ng,020 7183 8750,2125550254,\r\nEd,Ko,011 44 20 7183 875,2125550255,\r\n');
    await page.setInputFiles('#upload-file', { name: 'bad-parts.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(columnsOffered).toEqual(['— not used —', 'First', 'Last', 'Phone', 'Mobile', 'Prio']);
    await page.fill('#upload-list', 'bad-parts');
    await page.selectOption('#mapping select[data-field="phone"]', 'Phone');
    await page.selectOption('#mapping select[data-field="phone2"]', 'Mobile');
    await page.selectOption('#mapping select[data-field="priority"]', 'Prio');
    await page.click('#upload');
    await expect.poll(() => page.textContent('#upload-status'), { timeout: 20_000 }).toMatch(/^Done: 5 rows read, 5 leads loaded\./);
    const problems = () => page.$$eval('#upload-problems li', (items) => items.map((item) => item.textContent));
    expect(await problems()).toEqual([
      'Row 2, Phone: phone ignored: not a valid North American number: its exchange (the three digits after the area code 212) is 055, and no exchange starts with 0 or 1',
      'Row 3, Phone: phone ignored: not a valid number: a number of country code +44 (United Kingdom) in a list whose region is US, but no number there has that many digits; '
        + 'the list takes numbers of other countries written with + and their country code, as this one is: check its digits',
      'Row 4, Prio: priority "99999999999999999999" is out of range (-1000000 to 1000000), used 0',
      'Row 5, Phone: phone ignored: not a valid number for US: too long for a number of country code +1; it could be a number as written in United Kingdom, Germany and 3 more, '
        + 'without its country code: write a number of another country with + and its country code (+44 20 7183 8750, not 020 7183 8750)',
      'Row 6, Phone: phone ignored: not a valid number: a number of country code +44 (United Kingdom) in a list whose region is US, but no number there is in that range; '
        + 'the list takes numbers of other countries written with + and their country code, as this one is: check its digits; '
        + '011 is the international dialling prefix from North America, read here as the + before a country code: '
        + 'write a number of another country with + and its country code (+44 20 7183 8750, not 011 44 20 7183 8750)',
    ]);
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(problems).toEqual([
      '第 2 行，Phone：号码已忽略：不是有效的北美号码：局号（区号 212 之后的 3 位）是 055，而局号不会以 0 或 1 开头',
      '第 3 行，Phone：号码已忽略：不是有效号码：国家代码 +44（英国）的号码，所在名单的地区为 US，但那里没有这个位数的号码；名单接受以 + 和国家代码书写的其他国家号码（此号码正是这样书写的）：请核对其数字',
      '第 4 行，Prio：优先级“99999999999999999999”超出范围（-1000000 到 1000000），已使用 0',
      '第 5 行，Phone：号码已忽略：不是 US 的有效号码：作为国家代码 +1 的号码位数太多；它可能是按英国、德国及另外 3 个国家和地区的写法、未带国家代码书写的号码：'
        + '其他国家的号码请以 + 和国家代码书写（+44 20 7183 8750，而不是 020 7183 8750）',
      '第 6 行，Phone：号码已忽略：不是有效号码：国家代码 +44（英国）的号码，所在名单的地区为 US，但那里没有这个号段的号码；名单接受以 + 和国家代码书写的其他国家号码（此号码正是这样书写的）：请核对其数字'
        + '；011 是北美的国际拨号前缀，此处按国家代码前的 + 读取：其他国家的号码请以 + 和国家代码书写（+44 20 7183 8750，而不是 011 44 20 7183 8750）',
    ]);
    await page.selectOption('#locale', 'en');
    await expect.poll(problems).toHaveLength(5);
  }, 30_000);

  it("shows a campaign's CRM deliveries and sends a failed one again", async () => {
    const campaignId = new URL(page.url()).searchParams.get('campaign');
    const received: string[] = [];
    const crm = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(request.url ?? '');
        response.end();
      });
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/crm`;
    const zoneBefore = (await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${campaignId}`)).timezone;
    try {
      // Dialling where the browser is not: when a delivery was made is read on the campaign's clock.
      await apiCall(test, 'PATCH', `/api/campaigns/${campaignId}`, { timezone: 'Asia/Kolkata', settings: { webhooks: [{ url }] } });
      // A delivery the CRM refused on every try while it was down.
      // One that failed long ago, whose body (the person's data) the retention deleted: listed, not sent again.
      const { rows: [old] } = await test.node.pool.query<{ id: string }>(
        `INSERT INTO webhook_deliveries (campaign_id, event, url, payload, payload_deleted_at, status, tries, last_error, created_at, last_try_at)
         VALUES ($1, 'disposition', $2, NULL, now(), 'failed', 8, 'HTTP 503', now() - interval '40 days', now() - interval '40 days') RETURNING id::text`, [campaignId, url]);
      const { rows: [failed] } = await test.node.pool.query<{ id: string; created_at: Date }>(
        `INSERT INTO webhook_deliveries (campaign_id, event, url, payload, status, tries, last_error, created_at, last_try_at)
         VALUES ($1, 'disposition', $2, '{"event": "disposition", "version": 1}', 'failed', 8, 'HTTP 503', now(), now()) RETURNING id::text, created_at`, [campaignId, url]);
      await page.reload();
      const gone = `#webhooks-table tr[data-delivery="${old?.id}"]`;
      await expect.poll(() => page.textContent(`${gone} td.status`)).toBe('Failed');
      expect(await page.textContent(`${gone} .body-deleted`)).toBe('Body deleted by retention: cannot be sent again');
      expect(await page.locator(`${gone} button[data-resend]`).count()).toBe(0);
      const row = `#webhooks-table tr[data-delivery="${failed?.id}"]`;
      await expect.poll(() => page.textContent(`${row} td.status`)).toBe('Failed');
      const kolkata = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Kolkata' }).format(failed?.created_at);
      expect((await page.textContent(`${row} td.when`))?.replace(/\s/g, ' ')).toBe(`${kolkata} Asia/Kolkata`.replace(/\s/g, ' '));
      expect([await page.textContent(`${row} td.event`), await page.textContent(`${row} td.url`), await page.textContent(`${row} td.tries`), await page.textContent(`${row} td.error`)])
        .toEqual(['Disposition', url, '8', 'HTTP 503']);
      await page.click(`${row} button[data-resend]`);
      await expect.poll(() => page.textContent('#webhooks-status')).toBe(`Sent again to ${url}.`);
      await expect.poll(() => received).toEqual(['/crm']);
      await expect.poll(async () => {
        await page.click('#webhooks-refresh');
        return page.textContent(`${row} td.status`);
      }).toBe('Delivered');
      expect(await page.locator(`${row} button[data-resend]`).count()).toBe(0);
    } finally {
      await apiCall(test, 'PATCH', `/api/campaigns/${campaignId}`, { timezone: zoneBefore, settings: { webhooks: null } });
      crm.close();
    }
  }, 30_000);

  it('reads a header row as CSV does and guesses each field once', async () => {
    // The page's own module, in the browser it runs in (as source: the test runner rewrites imports in functions).
    const read = await page.evaluate(`(async () => {
      const m = await import('/campaigns/column-mapping.js');
      const columns = m.headerRow('\\uFEFF"Tel","Name, first",Surname,"Say ""hi""",,Cell,Phone 2,Renewal Date,renewal-date\\r\\n1,2,3');
      return { columns, guess: m.guessMapping(columns), mapping: m.importMapping({ phone: 'Tel', phone2: 'Cell', last_name: 'Surname' }, columns, true) };
    })()`) as { columns: string[]; guess: Record<string, string>; mapping: unknown };
    expect(read.columns).toEqual(['Tel', 'Name, first', 'Surname', 'Say "hi"', 'Cell', 'Phone 2', 'Renewal Date', 'renewal-date']);
    // Tel is the phone and Cell the second; "Phone 2" is left for the manager, each column used once.
    expect(read.guess).toEqual({ phone: 'Tel', phone2: 'Cell', last_name: 'Surname' });
    expect(read.mapping).toEqual({
      phones: ['Tel', 'Cell'], last_name: 'Surname',
      fields: { name_first: 'Name, first', say_hi: 'Say "hi"', phone_2: 'Phone 2', renewal_date: 'Renewal Date', renewal_date_: 'renewal-date' },
    });
  });

  it('shows a supervisor the settings without letting them change anything', async () => {
    const supervisor = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await supervisor.goto(`${test.node.url}/campaigns/?lang=en`);
    await supervisor.fill('#token', roleTokens.supervisor);
    await supervisor.click('#signin-form button[type=submit]');
    await supervisor.waitForSelector('#editor:visible');
    expect(await supervisor.isVisible('#read-only')).toBe(true);
    expect(await supervisor.isDisabled(field('mode'))).toBe(true);
    // The campaign that has a list, named in the address.
    await supervisor.goto(`${test.node.url}/campaigns/?lang=en&campaign=${(await campaignByName(`Kept ${now}`))?.id}`);
    await supervisor.waitForSelector('#lists-table input.active');
    for (const disabled of ['#hours-regime', '#screen-script', '#screen-pauses', '#screen-pause-limits', '#screen-distribute', '#redial-maxAttempts', '#redial-refusalDays', '#lists-table input.active', '#lists-table input.weight', '#lists-table input.caller-id']) expect(await supervisor.isDisabled(disabled), disabled).toBe(true);
    expect(await supervisor.locator('#lists-table button[data-download]').count()).toBe(0); // the download is for managers
    for (const hidden of ['#save', '#start', '#pause', '#stop', '#new-form', '#upload-form', '#hours-save', '#screen-save', '#faq-add', '#codes-save', '#code-add', '#redial-save']) expect(await supervisor.isVisible(hidden), hidden).toBe(false);
  }, 30_000);

  it('reads in Simplified Chinese, with no key left untranslated', async () => {
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('fieldset[data-section="pacing"] legend')).toBe('外呼节奏');
    expect(await page.textContent('#save')).toBe('保存');
    await expect.poll(() => page.getByRole('combobox', { name: 'SALE：线索进入阶段', exact: true }).count()).toBe(1);
    expect(await page.getByRole('spinbutton', { name: 'SALE：多少分钟后重拨', exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'SALE：快捷键', exact: true }).count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'SALE：接通真人', exact: true }).count()).toBe(1);
    expect(await page.textContent('body')).not.toMatch(/\b(campaigns|mode|nav|codes|hours|redial|screen|lists|listsPanel|leads|stage|target|outcome)\.[a-zA-Z_.]+/);
    await screenshot(page, 'campaigns-page-zh-CN');
  });

  it('shows the lists of the campaign chosen last, not those of one chosen before that answer late', async () => {
    const [first, second] = await Promise.all(['Late', 'Last'].map(async (name) => {
      const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `${name} lists ${now}` });
      await createList(test.node.pool, { campaignId: id, name: `${name.toLowerCase()}-list` });
      return id;
    }));
    const manager = await (await browser.newContext({ viewport: { width: 1300, height: 1100 }, locale: 'en-US' })).newPage();
    await manager.goto(`${test.node.url}/campaigns/?lang=en&campaign=${second}`);
    await manager.fill('#token', roleTokens.manager);
    await manager.click('#signin-form button[type=submit]');
    const listNames = () => manager.locator('#lists-table td.name').allTextContents();
    await expect.poll(listNames).toEqual(['last-list']);
    // The first campaign's lists come late; the second is chosen again meanwhile.
    const late = `**/api/campaigns/${first}/lists`;
    await firstAnswerLate(manager, late);
    try {
      const answered = manager.waitForResponse((response) => response.url().endsWith(`/api/campaigns/${first}/lists`), { timeout: 10_000 });
      await manager.click(`#campaign-list li[data-campaign="${first}"] button`);
      await manager.click(`#campaign-list li[data-campaign="${second}"] button`);
      await answered;
      // Let the page handle the late answer before checking it changed nothing.
      await manager.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 200); }));
      expect(await listNames()).toEqual(['last-list']);
      expect(await manager.getAttribute('#lists-find', 'href')).toBe(`/leads/?campaign=${second}`);
    } finally {
      await manager.unroute(late);
    }
  }, 30_000);
});

describe("a campaign's regime on the campaigns page", () => {
  it("shows why a running campaign's regime cannot change to one its calling hours never open under", async () => {
    // Outside a laboratory custom hours are held to the US hours under US or strict rules, as dialling holds them.
    await markLaboratory(test.node.pool, { laboratory: false, by: 'campaigns page test' });
    try {
      const early = { regime: 'custom', weekly: { mon: [{ start: '06:00', end: '07:30' }] } };
      const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Early ${now}`, regime: 'uk', timezone: 'Europe/London', settings: { callingWindow: early } });
      await apiCall(test, 'POST', `/api/campaigns/${id}/start`);
      await page.goto(`${test.node.url}/campaigns/?lang=en&campaign=${id}`);
      if (await page.isVisible('#token')) {
        await page.fill('#token', roleTokens.manager);
        await page.click('#signin-form button[type=submit]');
      }
      await expect.poll(() => page.textContent('#editor-title')).toBe(`Early ${now}`);
      await page.selectOption(field('regime'), 'us');
      await page.click('#save');
      await expect.poll(() => page.textContent('#form-error')).toBe('Refused: regime us: settings.callingWindow under it: the window never opens: no hours are left on any day '
        + "within the US calling hours (08:00-21:00 in the called person's local time): mon 06:00-07:30 is outside them; no lead would ever be dialled. Give hours "
        + "within 08:00-21:00 on at least one day, or pause the campaign to stop dialling (change the hours first, in the campaign's calling hours or "
        + 'PUT /api/campaigns/{id}/dial-rules, or keep regime uk)');
      expect(await page.textContent('#saved')).toBe('');
      expect(await apiCall<CampaignJson>(test, 'GET', `/api/campaigns/${id}`)).toMatchObject({ regime: 'uk', status: 'running' });
      await apiCall(test, 'POST', `/api/campaigns/${id}/stop`);
    } finally {
      await markLaboratory(test.node.pool, { laboratory: true, by: 'test suite' });
    }
  }, 60_000);
});
