// The team page in headless Chromium: a manager adds an agent and is shown their token once, the
// agent signs in with it; the manager changes a phone, gives a new token, revokes every token and
// stops the agent logging in, each change then on record; a supervisor reads the team without
// changing it, and logs out an agent left logged in, also one who works on another engine node,
// and reads an agent's state log (who of the staff paused and logged them out, or hung up their
// call or their own dial still ringing), a day at a time, a state begun the day before shown again from the day's start;
// times name the browser's zone; the page reads in Chinese, the lines it had already said
// included; a late answer (the change log's, a state log's) is not drawn over a later pick.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { nodeRequest } from '../helpers/node-request.js';
import { closeAgentSession } from '../../src/adapters/pg/agent-session-repository.js';
import { recordAgentState } from '../../src/adapters/pg/agent-state-log-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { insertPastCall } from '../helpers/past-calls.js';
import { apiCall, createScenario, firstAnswerLate, launchChromium, screenshot, waitUntil } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let page: Page;
const agentId = `tm-${Date.now().toString(36)}`;
const row = `#roster tr[data-agent="${agentId}"]`;

interface Member { id: string; name: string; endpoint: string | null; active: boolean; tokens: number }
const member = async () => (await apiCall<Member[]>(test, 'GET', '/api/team')).find((m) => m.id === agentId);

beforeAll(async () => {
  test = await startTestNode({}, 'browser-team:');
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'en-US' })).newPage();
  // Confirmations are accepted, as a manager who means it would.
  page.on('dialog', (dialog) => void dialog.accept());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('team page', () => {
  it('adds an agent and shows their token once, which signs the agent in', async () => {
    await page.goto(`${test.node.url}/team/?lang=en`);
    await page.fill('#token', roleTokens.manager);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#page:visible');

    await page.fill('#add-id', 'not an id');
    await page.fill('#add-name', 'Tara Team');
    await page.click('#add-form button[type=submit]');
    expect(await page.textContent('#add-error')).toBe('Id: letters, digits, _ . - only, up to 64.');
    await page.fill('#add-id', agentId);
    await page.fill('#add-endpoint', 'PJSIP/2001');
    await page.click('#add-form button[type=submit]');
    await expect.poll(() => page.textContent('#roster-status')).toBe('Tara Team added.');
    expect(await page.textContent('#token-for')).toBe('Token for Tara Team:');
    const token = (await page.textContent('#token-value')) ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(await page.inputValue(`${row} input.endpoint`)).toBe('PJSIP/2001');
    expect(await page.textContent(`${row} td.status`)).toBe('Logged out');
    expect(await page.textContent(`${row} td.number`)).toBe('1');
    expect((await nodeRequest<{ role: string; agentId: string }>(test, 'GET', '/api/session', undefined, token)).body).toMatchObject({ role: 'agent', agentId });
    await screenshot(page, 'team-page-en');

    // The id is taken now.
    await page.fill('#add-id', agentId);
    await page.fill('#add-name', 'Someone Else');
    await page.click('#add-form button[type=submit]');
    expect(await page.textContent('#add-error')).toBe(`There is already an agent ${agentId}.`);
  }, 60_000);

  it('changes a phone and groups, gives a new token, revokes every token, and stops the agent logging in', async () => {
    const first = (await page.textContent('#token-value')) ?? '';
    await page.fill(`${row} input.endpoint`, '');
    await page.fill(`${row} input.name`, 'Tara T.');
    await page.fill(`${row} input.groups`, 'North East, Retail,, retail ');
    await page.click(`${row} button[data-action="save"]`);
    await expect.poll(() => page.textContent('#roster-status')).toBe('Tara T. saved.');
    expect(await member()).toMatchObject({ name: 'Tara T.', endpoint: null, active: true, groups: ['north east', 'retail'] });
    await expect.poll(() => page.inputValue(`${row} input.groups`)).toBe('north east, retail');

    await page.click(`${row} button[data-action="token"]`);
    await expect.poll(() => page.textContent('#token-value')).not.toBe(first);
    const second = (await page.textContent('#token-value')) ?? '';
    expect((await member())?.tokens).toBe(2);
    await page.click(`${row} button[data-action="revoke"]`);
    await expect.poll(() => page.textContent('#roster-status')).toBe('2 tokens of Tara T. revoked.');
    expect(await page.isVisible('#token-box')).toBe(false);
    for (const token of [first, second]) expect((await nodeRequest(test, 'GET', '/api/session', undefined, token)).status).toBe(401);

    await page.uncheck(`${row} input.active`);
    await expect.poll(() => page.getAttribute(row, 'class')).toBe('inactive');
    expect((await member())?.active).toBe(false);
    await expect.poll(() => page.textContent('#roster-status')).toBe('Tara T. saved.');
    const login = await nodeRequest(test, 'POST', `/api/agents/${agentId}/login`, { campaignId: '1' }, roleTokens.supervisor);
    expect(login.status).toBe(404);

    // Every change above is on record, newest first, with who made it.
    await page.selectOption('#changes-agent', agentId);
    await expect.poll(() => page.locator('#changes tbody tr').count()).toBe(6);
    expect(await page.locator('#changes td.what').allTextContents()).toEqual([
      'May log in: yes → no',
      '2 tokens revoked',
      'Token given out',
      'Name: Tara Team → Tara T. · Phone: PJSIP/2001 → the usual one · Groups: any call → north east, retail',
      'Token given out',
      'Added: Name: Tara Team · Phone: PJSIP/2001 · Groups: any call · May log in: yes',
    ]);
    expect(new Set(await page.locator('#changes tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set(['test manager']));
    // On no campaign's clock: the browser's, named.
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    for (const when of await page.locator('#changes td.when').allTextContents()) expect(when.endsWith(` ${browserZone}`), when).toBe(true);
    expect(new Set(await page.locator('#changes tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set(['Tara T.']));
    await screenshot(page, 'team-page-changes-en');
  }, 30_000);

  it('shows a supervisor the team without letting them change it, last logins on their clock, named', async () => {
    // Half an hour off UTC's: a last login on the wrong clock would not read right.
    const supervisor = await (await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Kolkata' })).newPage();
    await supervisor.goto(`${test.node.url}/team/?lang=en`);
    await supervisor.fill('#token', roleTokens.supervisor);
    await supervisor.click('#signin-form button[type=submit]');
    await supervisor.waitForSelector(row);
    expect(await supervisor.isVisible('#read-only')).toBe(true);
    expect(await supervisor.isVisible('#add-form')).toBe(false);
    expect(await supervisor.isDisabled(`${row} input.name`)).toBe(true);
    expect(await supervisor.isDisabled(`${row} input.active`)).toBe(true);
    // Only the agent's state log is theirs to open.
    expect(await supervisor.locator(`${row} button:visible`).allTextContents()).toEqual(['State log']);

    // An agent left logged in: the supervisor logs them out.
    const scenario = await createScenario(test, { name: `Team ${agentId}`, agentId: `${agentId}-on`, agentName: 'Lou Left', leads: [] });
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
    const onRow = `#roster tr[data-agent="${scenario.agentId}"]`;
    await supervisor.reload();
    await expect.poll(() => supervisor.locator(`${onRow} button[data-action="logout"]:visible`).count(), { timeout: 10_000 }).toBe(1);
    // On no campaign's clock (an agent works any): the browser's, named.
    const lastLogin = (await apiCall<Array<{ id: string; lastLoginAt: string }>>(test, 'GET', '/api/team')).find((m) => m.id === scenario.agentId)?.lastLoginAt ?? '';
    const inKolkata = new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Kolkata' }).format(new Date(lastLogin));
    // Named as the browser names its zone (Chromium: by its older name, Asia/Calcutta).
    const named = await supervisor.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect((await supervisor.textContent(`${onRow} td.when`))?.replace(/\s/g, ' ')).toBe(`${inKolkata} ${named}`.replace(/\s/g, ' '));
    supervisor.once('dialog', (dialog) => void dialog.accept());
    await supervisor.click(`${onRow} button[data-action="logout"]`);
    await expect.poll(() => supervisor.textContent('#roster-status')).toBe('Lou Left is logged out, or will be after the call in progress.');
    await expect.poll(async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${scenario.agentId}`)).status).toBe('logged_out');
    // A viewer is not let in.
    const viewer = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await viewer.goto(`${test.node.url}/team/?lang=en`);
    await viewer.fill('#token', roleTokens.viewer);
    await viewer.click('#signin-form button[type=submit]');
    await expect.poll(() => viewer.textContent('#signin-error')).toBe('The team page is for supervisors, managers and admins.');
  }, 30_000);

  it('shows a supervisor an agent who works on another node, with that node, and logs them out there', async () => {
    const other = await startTestNode({}, 'browser-team:', { nodeId: 'team-b', ariApp: 'outpace-b' });
    try {
      const scenario = await createScenario(other, { name: `Team B ${agentId}`, agentId: `${agentId}-b`, agentName: 'Bea Beyond', leads: [], leaseHere: true });
      await apiCall(other, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
      const supervisor = await (await browser.newContext({ locale: 'en-US' })).newPage();
      await supervisor.goto(`${test.node.url}/team/?lang=en`);
      await supervisor.fill('#token', roleTokens.supervisor);
      await supervisor.click('#signin-form button[type=submit]');
      const onRow = `#roster tr[data-agent="${scenario.agentId}"]`;
      await expect.poll(() => supervisor.textContent(`${onRow} td.status`), { timeout: 10_000 }).toBe('Paused on node team-b');
      const link = await supervisor.getAttribute(`${onRow} td.status a.node`, 'href');
      expect(new URL(link ?? '').port).toBe(new URL(other.node.url).port);
      expect(new URL(link ?? '').pathname).toBe('/team/');
      supervisor.once('dialog', (dialog) => void dialog.accept());
      await supervisor.click(`${onRow} button[data-action="logout"]`);
      await expect.poll(() => supervisor.textContent('#roster-status')).toBe('Bea Beyond is logged out, or will be after the call in progress.');
      await expect.poll(() => other.node.runtime.state().agents.get(scenario.agentId)?.status).toBe('logged_out');
      await expect.poll(() => supervisor.textContent(`${onRow} td.status`)).toBe('Logged out');
    } finally {
      await other.close();
    }
  }, 60_000);

  it('reads in Simplified Chinese, with no key left untranslated', async () => {
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#add-form button[type=submit]')).toBe('添加并发放令牌');
    // Lines said before the switch are said again in the new language.
    expect(await page.textContent('#roster-status')).toBe('Tara T. 已保存。');
    expect(await page.textContent('#add-error')).toBe(`已有编号为 ${agentId} 的坐席。`);
    expect(await page.textContent(`${row} td.status`)).toBe(await page.evaluate(`(async () => (await (await fetch('/web/locales/zh-CN.json')).json())['status.logged_out'])()`));
    expect(await page.textContent('body')).not.toMatch(/\b(team|nav|status)\.[a-zA-Z_.]+/);
    await screenshot(page, 'team-page-zh-CN');
  });

  it("fits the roster in its card on a desktop screen: a logged-in agent's row, buttons and all, in sight", async () => {
    // A row at its widest: groups, a campaign logged in to, a last login and every button.
    const scenario = await createScenario(test, { name: `Spring renewals ${agentId}`, agentId: `${agentId}-w`, agentName: 'Wim Wide', leads: [] });
    await apiCall(test, 'PUT', `/api/agents/${scenario.agentId}`, { name: 'Wim Wide', groups: ['retail', 'healthcare'] });
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
    const wide = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    await wide.goto(`${test.node.url}/team/?lang=en`);
    await wide.fill('#token', roleTokens.manager);
    await wide.click('#signin-form button[type=submit]');
    await wide.waitForSelector(`#roster tr[data-agent="${scenario.agentId}"] button[data-action="logout"]`);
    const overflow = await wide.locator('#roster').evaluate((table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0));
    expect(overflow).toBeLessThanOrEqual(0);
    await wide.context().close();
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/logout`, undefined, scenario.agentToken);
  });

  it('lists the team by name as people read them: number 2 before number 10', async () => {
    const names = ['Zora 10', 'Zora 2', 'Zora 1'];
    for (const [i, name] of names.entries()) await apiCall(test, 'PUT', `/api/agents/${agentId}-z${i}`, { name });
    await page.reload();
    await page.waitForSelector(`#roster tr[data-agent="${agentId}-z0"]`);
    const listed = await page.locator(`#roster tbody tr[data-agent^="${agentId}-z"] input.name`).evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(listed).toEqual(['Zora 1', 'Zora 2', 'Zora 10']);
  });

  it("shows another manager's change to a row left as it was, and keeps what is being typed in one", async () => {
    const other = `${agentId}-o`;
    const otherRow = `#roster tr[data-agent="${other}"]`;
    await apiCall(test, 'PUT', `/api/agents/${other}`, { name: 'Omar One' });
    await page.reload();
    await page.waitForSelector(otherRow);
    await page.fill(`${otherRow} input.groups`, 'south');
    // Another manager renames him; the page reads the team again (as every 15 s, here after a token given).
    await apiCall(test, 'PUT', `/api/agents/${other}`, { name: 'Omar Two' });
    await page.click(`${otherRow} button[data-action="token"]`);
    await expect.poll(() => page.inputValue(`${otherRow} input.name`)).toBe('Omar Two');
    expect(await page.inputValue(`${otherRow} input.groups`)).toBe('south');
  });

  it("draws only the changes of the agent picked, whether \"older changes\" or the pick is the one still loading", async () => {
    // More than a page of the whole team's changes: "Older changes" is offered.
    const busy = `${agentId}-busy`;
    for (let i = 0; i < 51; i++) await apiCall(test, 'PUT', `/api/agents/${busy}`, { name: `Busy ${i}` });
    await page.reload();
    await page.waitForSelector('#changes-more:visible');
    const agentsShown = async () => new Set(await page.locator('#changes tbody tr').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.agent)));
    const settled = async (late: Promise<unknown>) => {
      await late;
      // Let the page handle the late answer before checking what it drew.
      await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 200); }));
    };

    // Tara's changes come late; "Older changes" of the whole team is clicked meanwhile (a click
    // landing as the pick is made): Tara's are drawn, and only hers.
    const picked = /\/api\/team\/changes\?.*agent=/;
    await firstAnswerLate(page, picked);
    try {
      const late = page.waitForResponse((response) => picked.test(response.url()), { timeout: 10_000 });
      await page.selectOption('#changes-agent', agentId);
      await page.locator('#changes-more').dispatchEvent('click');
      await settled(late);
      await expect.poll(agentsShown).toEqual(new Set([agentId]));
      expect(await page.locator('#changes tbody tr').count()).toBe(6);
    } finally {
      await page.unroute(picked);
    }

    // The whole team's older changes come late, and Tara is picked meanwhile: hers are drawn, not
    // the whole team's added under them.
    await page.selectOption('#changes-agent', '');
    await page.waitForSelector('#changes-more:visible');
    const older = /\/api\/team\/changes\?.*before=/;
    await firstAnswerLate(page, older);
    try {
      const late = page.waitForResponse((response) => older.test(response.url()), { timeout: 10_000 });
      await page.click('#changes-more');
      await page.selectOption('#changes-agent', agentId);
      await settled(late);
      await expect.poll(agentsShown).toEqual(new Set([agentId]));
      expect(await page.locator('#changes tbody tr').count()).toBe(6);
    } finally {
      await page.unroute(older);
    }
  }, 60_000);

  it("shows a supervisor an agent's state log, newest first, a day at a time: who of the staff paused and logged them out, and hung up their own dial, on the browser's clock", async () => {
    const zone = 'America/St_Johns';
    const supervisor = await (await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'en-US', timezoneId: zone })).newPage();
    // Paused for a meeting and logged out by a supervisor today.
    const scenario = await createScenario(test, { name: `States ${agentId}`, agentId: `${agentId}-s`, agentName: 'Stan States', leads: [] });
    const status = async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${scenario.agentId}`)).status;
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
    await waitUntil('agent paused', async () => (await status()) === 'paused');
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/pause`, { reason: 'meeting' }, roleTokens.supervisor);
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/logout`, undefined, roleTokens.supervisor);
    await waitUntil('the logout on record', async () => (await apiCall<{ sessions: Array<{ logoutAt: string | null }> }>(
      test, 'GET', `/api/agents/${scenario.agentId}/state-log`)).sessions.at(-1)?.logoutAt);
    // Another agent, on a lunch a supervisor sent them on the day before.
    const earlier = `${agentId}-e`;
    await apiCall(test, 'PUT', `/api/agents/${earlier}`, { name: 'Eli Earlier' });
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    const sue = { id: 'sue-token', name: 'Sue', role: 'supervisor' };
    await recordAgentState(test.node.pool, { agentId: earlier, campaignId: scenario.campaignId, state: 'paused', reason: 'lunch', by: sue, at: hoursAgo(30) });
    await recordAgentState(test.node.pool, { agentId: earlier, campaignId: scenario.campaignId, state: 'ready', reason: 'agent_ready', at: hoursAgo(29) });
    await closeAgentSession(test.node.pool, { agentId: earlier, at: hoursAgo(28) });
    // In their lunch, a number they had typed still ringing, which Sue hung up.
    const typed = await createList(test.node.pool, { campaignId: scenario.campaignId, name: `Typed ${agentId}` });
    const [typedLead] = await insertLeads(test.node.pool, typed.id, [{ phones: ['+15550100371'] }]);
    const ownDial = await insertPastCall(test.node.pool, scenario.campaignId, { leadId: typedLead ?? '', agentId: earlier, outcome: 'cancelled', dialledAt: hoursAgo(29.5) });
    await test.node.pool.query('UPDATE attempts SET ended_by = $2 WHERE id = $1', [ownDial, sue]);

    await supervisor.goto(`${test.node.url}/team/?lang=en`);
    await supervisor.fill('#token', roleTokens.supervisor);
    await supervisor.click('#signin-form button[type=submit]');
    await supervisor.click(`#roster tr[data-agent="${scenario.agentId}"] button[data-action="state-log"]`);
    await expect.poll(() => supervisor.textContent('#state-log-title')).toBe('State log of Stan States');
    const what = () => supervisor.locator('#state-log td.what').allTextContents();
    await expect.poll(what).toEqual([
      'Logged out · by test supervisor (Supervisor)',
      'Paused · Meeting · by test supervisor (Supervisor)',
      'Paused · Just logged in',
      'Connecting',
      'Logged in',
    ]);
    // On this browser's clock, named as it names it; the times newest first; how long each state lasted.
    const named = await supervisor.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const log = await apiCall<{ from: string; to: string; sessions: Array<{ logoutAt: string }> }>(test, 'GET', `/api/agents/${scenario.agentId}/state-log`);
    const logoutShown = new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'medium', timeZone: zone }).format(new Date(log.sessions[0]?.logoutAt ?? ''));
    expect((await supervisor.locator('#state-log td.when').first().textContent())?.replace(/\s/g, ' ')).toBe(`${logoutShown} ${named}`.replace(/\s/g, ' '));
    for (const when of await supervisor.locator('#state-log td.when').allTextContents()) expect(when.endsWith(` ${named}`), when).toBe(true);
    expect(await supervisor.locator('#state-log td.lasted').allTextContents()).toEqual(['', expect.stringMatching(/^0:\d\d$/), expect.stringMatching(/^0:\d\d$/), expect.stringMatching(/^0:\d\d$/), '']);
    expect(await supervisor.textContent('#state-log-period')).toMatch(new RegExp(`^From .+ – .+ ${named}\\.$`));
    await screenshot(supervisor, 'team-page-state-log-en');

    // Another agent's log: nothing in the last 24 hours; the day before, their lunch, who sent them,
    // and the hour it lasted.
    await supervisor.click(`#roster tr[data-agent="${earlier}"] button[data-action="state-log"]`);
    await expect.poll(() => supervisor.isVisible('#state-log-none')).toBe(true);
    expect(await supervisor.textContent('#state-log-none')).toBe('No state began, and nobody logged in or out, in this period.');
    expect(await supervisor.isVisible('#state-log')).toBe(false);
    await supervisor.click('#state-log-more');
    await expect.poll(what).toEqual(['Ready', 'Own dial hung up before it was put through · by Sue (Supervisor)', 'Paused · Lunch · by Sue (Supervisor)']);
    expect(await supervisor.locator('#state-log td.lasted').allTextContents()).toEqual(['1:00:00', '', '1:00:00']);
    expect(await supervisor.isVisible('#state-log-more')).toBe(true);

    // Stan's log asked for, and Eli's after it while Stan's is still on its way: Eli's is drawn.
    const stans = new RegExp(`/api/agents/${scenario.agentId}/state-log`);
    await firstAnswerLate(supervisor, stans);
    try {
      const late = supervisor.waitForResponse((response) => stans.test(response.url()), { timeout: 10_000 });
      await supervisor.click(`#roster tr[data-agent="${scenario.agentId}"] button[data-action="state-log"]`);
      await supervisor.click(`#roster tr[data-agent="${earlier}"] button[data-action="state-log"]`);
      await expect.poll(() => supervisor.isVisible('#state-log-none')).toBe(true);
      await late;
      await supervisor.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 200); }));
      expect(await supervisor.textContent('#state-log-title')).toBe('State log of Eli Earlier');
      expect(await supervisor.locator('#state-log tbody tr').count()).toBe(0);
    } finally {
      await supervisor.unroute(stans);
    }
    await supervisor.click('#state-log-close');
    expect(await supervisor.isVisible('#state-log-card')).toBe(false);
  }, 60_000);

  it("names in an agent's state log the call a supervisor hung up, and shows a state begun the day before from the day's start, continuing", async () => {
    const zone = 'Asia/Kolkata';
    const supervisor = await (await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'en-US', timezoneId: zone })).newPage();
    const mia = `${agentId}-m`;
    await apiCall(test, 'PUT', `/api/agents/${mia}`, { name: 'Mia Midnight' });
    const campaign = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Midnight ${agentId}`, timezone: 'UTC' });
    const list = await createList(test.node.pool, { campaignId: campaign.id, name: 'midnight' });
    const [leadId] = (await insertLeads(test.node.pool, list.id, [{ firstName: 'Hal', phones: ['+15550400177'] }])).map(String);
    const base = Date.now();
    const hoursAgo = (hours: number) => new Date(base - hours * 3_600_000);
    const sue = { id: 'sue-token', name: 'Sue', role: 'supervisor' };
    // Sent to a meeting before the last 24 hours began, still in it after; then a call Sue hung up
    // six minutes in.
    await recordAgentState(test.node.pool, { agentId: mia, campaignId: campaign.id, state: 'paused', reason: 'meeting', by: sue, at: hoursAgo(24.5) });
    await recordAgentState(test.node.pool, { agentId: mia, campaignId: campaign.id, state: 'ready', reason: 'agent_ready', at: hoursAgo(23.9) });
    await recordAgentState(test.node.pool, { agentId: mia, campaignId: campaign.id, state: 'talking', reason: 'call_connected', at: hoursAgo(23.8) });
    await recordAgentState(test.node.pool, { agentId: mia, campaignId: campaign.id, state: 'wrap_up', reason: 'call_ended', at: hoursAgo(23.7) });
    await closeAgentSession(test.node.pool, { agentId: mia, at: hoursAgo(23.5) });
    const call = await insertPastCall(test.node.pool, campaign.id, {
      leadId: leadId ?? '', agentId: mia, outcome: 'connected', talkSeconds: 360, dialledAt: new Date(hoursAgo(23.8).getTime() - 10_000),
    });
    await test.node.pool.query('UPDATE attempts SET ended_by = $2 WHERE id = $1', [call, JSON.stringify(sue)]);

    await supervisor.goto(`${test.node.url}/team/?lang=en`);
    await supervisor.fill('#token', roleTokens.supervisor);
    await supervisor.click('#signin-form button[type=submit]');
    await supervisor.click(`#roster tr[data-agent="${mia}"] button[data-action="state-log"]`);
    await expect.poll(() => supervisor.textContent('#state-log-title')).toBe('State log of Mia Midnight');
    const what = () => supervisor.locator('#state-log td.what').allTextContents();
    // On this browser's clock, named as it names it.
    const named = await supervisor.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const begun = `${new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'medium', timeZone: zone }).format(hoursAgo(24.5))} ${named}`;
    await expect.poll(what).toEqual([
      'Wrap-up',
      'Call hung up · by Sue (Supervisor)',
      'Talking',
      'Ready',
      `Paused · Meeting · by Sue (Supervisor) · continuing, begun ${begun}`,
    ]);
    expect(await supervisor.locator('#state-log td.lasted').allTextContents()).toEqual(['12:00', '', '6:00', '6:00', '36:00']);
    // Shown from the start of the day read, not from when it began.
    expect((await supervisor.locator('#state-log td.when').allTextContents()).at(-1)).not.toContain(begun);
    // The day before: the meeting as it began.
    await supervisor.click('#state-log-more');
    await expect.poll(async () => (await what()).at(-1)).toBe('Paused · Meeting · by Sue (Supervisor)');
    expect((await supervisor.locator('#state-log td.when').allTextContents()).at(-1)).toContain(begun);
    expect((await supervisor.locator('#state-log td.lasted').allTextContents()).at(-1)).toBe('36:00');
  }, 60_000);
});
