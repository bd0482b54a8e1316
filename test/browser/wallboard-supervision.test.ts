// A supervisor listening in from the wallboard reloads the page: a listen goes on into the agent's
// next calls until it is ended, so the wallboard opened again takes up every session their token
// holds, names each and ends each with its End, in headless Chromium against a whole node. Another
// supervisor's session is not taken up as theirs, nor one of another token of the same name.
// While another supervisor whispers or barges, whisper and barge are not offered (the server would
// refuse them): the tile says who speaks, and the listen goes on. Asked all the same (the page not
// knowing yet), the whisper is refused and the listen goes on; not refused, it takes the listen's place.
// Whisper and listen pressed at once take turns: the second replaces the session the first started,
// and the supervisor's phone, moved from one to the next, stays on the line.
// While the agent's call has its recording paused for card details, the session's line and the
// agent's tile say the supervisor hears nothing of it (their phone muted), until the recording goes on;
// the line says what the session says, which a phone the PBX would not unmute keeps paused.

import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/adapters/pg/api-token-repository.js';
import { hashToken } from '../../src/adapters/http/authenticate.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openWallboard, waitUntil, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;

const agentStatus = (): Promise<{ status: string }> => apiCall(test, 'GET', `/api/agents/${scenario.agentId}`);
const openSessions = async () => (await apiCall<{ sessions: Array<{ sessionId: string; by: { name: string }; mine: boolean }> }>(
  test, 'GET', '/api/supervision/sessions', undefined, roleTokens.supervisor)).sessions;
const listen = (endpoint: string, token: string) => apiCall<{ sessionId: string }>(test, 'POST', '/api/supervision/sessions',
  { agentId: scenario.agentId, mode: 'listen', endpoint }, token);

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'wallboard-supervision:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Wallboard supervision ${Date.now()}`, agentId: 'sam', agentName: 'Sam Heard',
    leads: [{ firstName: 'Ada', lastName: 'Lovelace', phones: ['+15550100540'] }],
  });
  await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
  await waitUntil('agent paused', async () => (await agentStatus()).status === 'paused');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

/** A wallboard signed in as the supervisor, once Sam's tile shows `status`, listening to Sam from `endpoint`. */
async function listenFromWallboard(status: string, endpoint: string): Promise<{ page: Page; tile: Locator }> {
  const page = await openWallboard(browser, test);
  const tile = page.locator('.agent[data-agent-id="sam"]');
  await expect.poll(() => tile.getAttribute('data-status'), { timeout: 10_000 }).toBe(status);
  await page.fill('#supervisor-endpoint', endpoint);
  await tile.locator('button[data-mode="listen"]').click();
  await page.waitForSelector('#session-banner:visible');
  return { page, tile };
}

describe('a supervision session on a wallboard opened again', () => {
  it('takes up every open listen of the supervisor\'s token after a reload, and ends each with its End', async () => {
    // Another staff member's listen is theirs: not shown as this supervisor's.
    const others = await listen('Local/sup5@sim-agent', roleTokens.manager);
    // Nor one of another token that bears the same name.
    const namesake = (await issueToken(test.node.pool, { role: 'supervisor', name: 'test supervisor' }, hashToken)).token;

    const page = await openWallboard(browser, test);
    const tile = page.locator('.agent[data-agent-id="sam"]');
    await expect.poll(() => tile.getAttribute('data-status'), { timeout: 10_000 }).toBe('paused');
    expect(await page.isVisible('#session-banner')).toBe(false);
    await page.fill('#supervisor-endpoint', 'Local/sup6@sim-agent');
    await tile.locator('button[data-mode="listen"]').click();
    await page.waitForSelector('#session-banner:visible');
    const first = await waitUntil('the listen open', async () => (await openSessions()).find((s) => s.mine));
    // Another listen of theirs, from another screen; then the namesake's, the newest.
    const second = await listen('Local/sup3@sim-agent', roleTokens.supervisor);
    const theirs = await listen('Local/sup4@sim-agent', namesake);

    await page.reload();
    const rows = page.locator('#session-banner .session');
    await expect.poll(() => rows.evaluateAll((found) => found.map((row) => (row as HTMLElement).dataset.sessionId)), { timeout: 10_000 })
      .toEqual([first.sessionId, second.sessionId]);
    expect(await rows.locator('.session-text').allTextContents()).toEqual(['Listening to Sam Heard', 'Listening to Sam Heard']);
    for (const ended of [first, second]) {
      await page.click(`#session-banner .session[data-session-id="${ended.sessionId}"] .session-end`);
      await waitUntil('the listen ended', async () => !(await openSessions()).some((s) => s.sessionId === ended.sessionId));
      expect(test.pbx.channels().some((c) => c.id.startsWith(ended.sessionId))).toBe(false);
    }
    expect(await page.isVisible('#session-banner')).toBe(false);
    // The manager's listen and the namesake's go on.
    expect((await openSessions()).map((s) => s.sessionId)).toEqual([others.sessionId, theirs.sessionId]);
    await apiCall(test, 'DELETE', `/api/supervision/sessions/${theirs.sessionId}`, undefined, namesake);
  });

  it('names on the tile every supervisor on the agent, and what each does', async () => {
    const whisper = await apiCall<{ sessionId: string }>(test, 'POST', '/api/supervision/sessions',
      { agentId: scenario.agentId, mode: 'whisper', endpoint: 'Local/sup6@sim-agent' }, roleTokens.supervisor);
    const page = await openWallboard(browser, test);
    const supervisors = page.locator('.agent[data-agent-id="sam"] .agent-supervisors');
    // The manager's listen from before, and this whisper.
    await expect.poll(() => supervisors.textContent(), { timeout: 10_000 }).toBe('Supervised by test manager (Listen) · test supervisor (Whisper)');
    for (const session of await openSessions()) await apiCall(test, 'DELETE', `/api/supervision/sessions/${session.sessionId}`, undefined, roleTokens.supervisor);
    expect((await openSessions()).some((s) => s.sessionId === whisper.sessionId)).toBe(false);
    await expect.poll(() => supervisors.textContent(), { timeout: 10_000 }).toBe('');
  });

  it('names on the tile the sessions read last, not an earlier reading whose answer comes late', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    // The readings the page asks for as it opens (none open yet) are answered only once a later
    // reading, after the supervisor starts a listen, has been drawn.
    let holding = true;
    const held: Array<() => Promise<void>> = [];
    await page.route('**/api/supervision/sessions', async (route) => {
      if (route.request().method() !== 'GET' || !holding) return route.continue();
      const response = await route.fetch();
      held.push(() => route.fulfill({ response }));
      return undefined;
    });
    await page.goto(`${test.node.url}/wallboard/?lang=en`);
    await page.fill('#token', roleTokens.supervisor);
    await page.click('#signin-form button[type=submit]');
    const tile = page.locator('.agent[data-agent-id="sam"]');
    await expect.poll(() => tile.getAttribute('data-status'), { timeout: 10_000 }).toBe('paused');
    await waitUntil('the opening readings asked', async () => held.length >= 2);
    holding = false;
    await page.fill('#supervisor-endpoint', 'Local/sup7@sim-agent');
    await tile.locator('button[data-mode="listen"]').click();
    await page.waitForSelector('#session-banner:visible');
    const supervisors = tile.locator('.agent-supervisors');
    await expect.poll(() => supervisors.textContent(), { timeout: 10_000 }).toBe('Supervised by test supervisor (Listen)');
    // The earlier readings answer now, with no session open.
    for (const answer of held) await answer();
    await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 300); }));
    expect(await supervisors.textContent()).toBe('Supervised by test supervisor (Listen)');
    await page.click('#session-banner .session-end');
    await expect.poll(() => supervisors.textContent(), { timeout: 10_000 }).toBe('');
  });

  it("offers no whisper or barge while another supervisor speaks to the agent, so the supervisor's listen is not given up for a refusal", async () => {
    const { page, tile } = await listenFromWallboard('paused', 'Local/sup8@sim-agent');
    const listening = await waitUntil('the listen open', async () => (await openSessions()).find((s) => s.mine));
    const whisper = await apiCall<{ sessionId: string }>(test, 'POST', '/api/supervision/sessions',
      { agentId: scenario.agentId, mode: 'whisper', endpoint: 'Local/sup5@sim-agent' }, roleTokens.manager);
    const whisperButton = tile.locator('button[data-mode="whisper"]');
    await expect.poll(() => whisperButton.isDisabled(), { timeout: 10_000 }).toBe(true);
    expect(await whisperButton.getAttribute('title')).toBe('test manager is already speaking on this agent\'s calls (Whisper): one supervisor speaks at a time. Listen, or ask them to end theirs.');
    expect(await tile.locator('button[data-mode="listen"]').isDisabled()).toBe(false);
    expect((await openSessions()).map((s) => s.sessionId)).toEqual([listening.sessionId, whisper.sessionId]);
    expect(await page.locator('#session-banner .session').count()).toBe(1);
    // The whisper over, whisper is offered again.
    await apiCall(test, 'DELETE', `/api/supervision/sessions/${whisper.sessionId}`, undefined, roleTokens.manager);
    await expect.poll(() => whisperButton.isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(await whisperButton.getAttribute('title')).toBeNull();
    await page.click('#session-banner .session-end');
    await waitUntil('the listen ended', async () => (await openSessions()).length === 0);
  });

  it("keeps the supervisor's listen when the whisper asked in its place is refused, and swaps it for the whisper when not", async () => {
    const { page, tile } = await listenFromWallboard('paused', 'Local/sup9@sim-agent');
    const listening = await waitUntil('the listen open', async () => (await openSessions()).find((s) => s.mine));
    // The page's reading of the sessions fails, so it still offers whisper while the manager whispers.
    await page.route('**/api/supervision/sessions', (route) => (route.request().method() === 'GET' ? route.abort() : route.continue()));
    const whisper = await apiCall<{ sessionId: string }>(test, 'POST', '/api/supervision/sessions',
      { agentId: scenario.agentId, mode: 'whisper', endpoint: 'Local/sup5@sim-agent' }, roleTokens.manager);
    await tile.locator('button[data-mode="whisper"]').click();
    await expect.poll(() => page.textContent('#toast'), { timeout: 10_000 }).toMatch(/^Could not start: test manager \(manager\) is already whispering to Sam Heard:/);
    expect((await openSessions()).map((s) => s.sessionId)).toEqual([listening.sessionId, whisper.sessionId]);
    expect(test.pbx.channels().some((c) => c.id === `${listening.sessionId}-phone`)).toBe(true);
    expect(await page.locator('#session-banner .session-text').allTextContents()).toEqual(['Listening to Sam Heard']);

    await apiCall(test, 'DELETE', `/api/supervision/sessions/${whisper.sessionId}`, undefined, roleTokens.manager);
    await page.unroute('**/api/supervision/sessions');
    await tile.locator('button[data-mode="whisper"]').click();
    await expect.poll(() => page.locator('#session-banner .session-text').allTextContents(), { timeout: 10_000 }).toEqual(['Whispering to Sam Heard']);
    const sessions = await openSessions();
    expect(sessions.map((s) => [s.mine, s.sessionId === listening.sessionId])).toEqual([[true, false]]);
    // The listen's end is the swap's, not news for the supervisor, whose phone stays on the line and does not ring again.
    expect(await page.textContent('#toast')).toBe('Whisper: Sam Heard — on the call your phone is on.');
    expect(test.pbx.channels().some((c) => c.id === `${listening.sessionId}-phone`)).toBe(true);
    await page.click('#session-banner .session-end');
    await waitUntil('the whisper ended', async () => (await openSessions()).length === 0);
  });

  it('switches whisper and back to listen pressed at once, each start taking the place of the one before, the phone kept on the line', async () => {
    const { page, tile } = await listenFromWallboard('paused', 'Local/sup9@sim-agent');
    const listening = await waitUntil('the listen answered', async () => {
      const mine = (await openSessions()).find((s) => s.mine);
      return mine && test.pbx.bridges().some((b) => b.channels.includes(`${mine.sessionId}-phone`)) ? mine : undefined;
    });
    // The PBX is slow to answer: the second press comes while the first start is on its way.
    const posted: string[] = [];
    await page.route('**/api/supervision/sessions', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posted.push(String((route.request().postDataJSON() as { replaces?: string }).replaces));
      await new Promise((resolve) => { setTimeout(resolve, 400); });
      return route.continue();
    });
    await tile.locator('button[data-mode="whisper"]').click();
    await tile.locator('button[data-mode="listen"]').click();
    await expect.poll(() => posted.length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => page.locator('#session-banner .session-text').allTextContents(), { timeout: 10_000 }).toEqual(['Listening to Sam Heard']);
    // The second took the place of the whisper the first started, not the listen again (refused: being replaced).
    expect(posted[0]).toBe(listening.sessionId);
    expect(posted[1]).not.toBe(listening.sessionId);
    expect(await page.textContent('#toast')).toBe('Listen: Sam Heard — on the call your phone is on.');
    const open = await openSessions();
    expect(open.map((s) => [s.mine, s.sessionId === listening.sessionId])).toEqual([[true, false]]);
    expect(test.pbx.channels().filter((c) => c.id.endsWith('-phone')).map((c) => c.id)).toEqual([`${listening.sessionId}-phone`]);
    await page.unroute('**/api/supervision/sessions');
    await page.click('#session-banner .session-end');
    await waitUntil('the listen ended', async () => (await openSessions()).length === 0);
  });

  it("says on the session's line that listening is paused while the call's recording is paused, until it goes on", async () => {
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/ready`, undefined, scenario.agentToken);
    await waitUntil('agent talking', async () => (await agentStatus()).status === 'talking');
    const { page, tile } = await listenFromWallboard('talking', 'Local/sup6@sim-agent');
    const { sessionId } = await waitUntil('the listen open', async () => (await openSessions()).find((s) => s.mine));
    const line = page.locator('#session-banner .session-text');
    expect(await line.textContent()).toBe('Listening to Sam Heard');

    const recording = (action: string) => apiCall(test, 'POST', `/api/agents/${scenario.agentId}/${action}`, undefined, scenario.agentToken);
    await recording('recording-pause');
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toBe('Listening to Sam Heard · listening paused: recording paused');
    await waitUntil('the supervisor phone muted', async () => test.pbx.channelMuted(`${sessionId}-phone`).includes('out'));
    // The agent's tile, which every supervisor sees, says so too.
    const supervisors = tile.locator('.agent-supervisors');
    await expect.poll(() => supervisors.textContent(), { timeout: 10_000 }).toBe('Supervised by test supervisor (Listen, hearing nothing: recording paused)');
    await recording('recording-resume');
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toBe('Listening to Sam Heard');
    await expect.poll(() => supervisors.textContent(), { timeout: 10_000 }).toBe('Supervised by test supervisor (Listen)');
    await waitUntil('the supervisor phone hearing again', async () => test.pbx.channelMuted(`${sessionId}-phone`).length === 0);

    // The line says what the session says, not what the agent's recording does: had the PBX refused
    // to let the phone hear the call again, the session would still be paused with the recording going on.
    await page.route('**/api/supervision/sessions', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const read = await response.json() as { sessions: Array<{ sessionId: string; listeningPaused: boolean }> };
      return route.fulfill({ response, json: { ...read, sessions: read.sessions.map((s) => ({ ...s, listeningPaused: s.sessionId === sessionId || s.listeningPaused })) } });
    });
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toBe('Listening to Sam Heard · listening paused: recording paused');
    expect(await tile.getAttribute('data-status')).toBe('talking');
    await page.unroute('**/api/supervision/sessions');
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toBe('Listening to Sam Heard');
    await page.click('#session-banner .session-end');
    await waitUntil('the listen ended', async () => (await openSessions()).length === 0);
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/hangup`, undefined, scenario.agentToken);
  });

  it("names the zone of the wallboard's clock, this browser's", async () => {
    const page = await (await browser.newContext({ locale: 'en-US', timezoneId: 'America/St_Johns' })).newPage();
    await page.goto(`${test.node.url}/wallboard/?lang=en`);
    await expect.poll(async () => (await page.textContent('#clock') ?? '').replace(/\s/g, ' ')).toMatch(/^\d{1,2}:\d{2}:\d{2} [AP]M America\/St_Johns$/);
  });
});
