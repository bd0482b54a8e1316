// The agent desktop and the supervisor wallboard in headless Chromium against a whole node
// (simulated PBX in digit mode, engine, API): an agent signs in, goes ready, gets a call, sees
// the screen pop with the script filled in, pauses the recording for card details and resumes it,
// and dispositions it with a callback; a supervisor
// sees the agent talking and listens in. Both pages are rendered in English and Chinese.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRecordingName } from '../../src/adapters/ari/channel-ids.js';
import { localDateTimeToUtc } from '../../src/adapters/pg/callback-follow-up.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, screenshot, waitUntil, type Scenario } from './browser-helpers.js';
import { noonZone } from '../helpers/noon-zone.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let agentContext: BrowserContext;
let supervisorContext: BrowserContext;
let agentPage: Page;
let wallboard: Page;

const SCRIPT = 'Hello {first_name} {last_name}, this is {agent_name} calling for Outpace about {company}. Your plan: {plan}.';

beforeAll(async () => {
  // Digit mode: numbers ending in 0 answer as a person after two rings; timeScale 0.1 makes that 0.2 s.
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-desktop:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Browser desktop ${Date.now()}`, agentId: 'ada-agent', agentName: 'Grace Hopper',
    campaign: {
      // "Appointments today" counts from the campaign's midnight: kept far from the run's hour.
      timezone: noonZone,
      script: SCRIPT,
      faq: [{ question: 'Who are you?', answer: 'Outpace, calling about your plan.' }, { question: 'Can you call later?', answer: 'Yes: schedule a callback.' }],
      settings: { targets: [{ measure: 'appointment', count: 4, per: 'day' }] },
    },
    leads: [
      { firstName: 'Ada', lastName: 'Lovelace', timezone: 'America/New_York', priority: 10, phones: ['+15550100010'],
        fields: { company: 'Analytical Engines Ltd', plan: 'Gold', email: 'ada@example.com' } },
      { firstName: 'Charles', lastName: 'Babbage', timezone: 'Europe/London', phones: ['+15550100020'], fields: { company: 'Difference Ltd' } },
    ],
  });
  // The industries whose calls she is given first, shown on her wallboard tile.
  await apiCall(test, 'PUT', `/api/agents/${scenario.agentId}`, { name: 'Grace Hopper', groups: ['Finance', 'retail'] });
  // The agent's clock is UTC whatever the machine's, so My callbacks says their own time too.
  agentContext = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'en-US', timezoneId: 'UTC' });
  supervisorContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  agentPage = await agentContext.newPage();
  wallboard = await supervisorContext.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

/** A callback day on the lead's clock two months ahead (a callback is at most a year ahead), as
 * the desktop's field takes it and as the page writes it. */
function callbackDay(zone: string) {
  const day = new Date(Date.now() + 60 * 86_400_000);
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(day);
  const shown = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'short', day: 'numeric' }).format(day);
  return { local, shown };
}

async function attemptOf(leadId: string): Promise<string> {
  return waitUntil('an attempt for the lead', async () => {
    const result = await test.node.pool.query<{ id: string }>('SELECT id FROM attempts WHERE lead_id = $1 ORDER BY created_at DESC LIMIT 1', [leadId]);
    return result.rows[0]?.id;
  });
}

describe('agent desktop and wallboard in a browser', () => {
  it('signs in, goes ready, pops the call with the script filled in, and the supervisor listens', async () => {
    await agentPage.goto(`${test.node.url}/agent/?lang=en`);
    await agentPage.fill('#token', scenario.agentToken);
    await agentPage.click('#signin-form button[type=submit]');
    await agentPage.waitForSelector('#login-btn:visible');
    await agentPage.selectOption('#campaign-select', scenario.campaignId);
    await agentPage.click('#login-btn');
    await agentPage.waitForSelector('#state-card[data-status="paused"]');
    await expect.poll(() => agentPage.textContent('#state-sub')).toContain('Just logged in');
    await screenshot(agentPage, 'agent-desktop-paused-en');

    await agentPage.keyboard.press('r');
    // The call is reserved for the agent and bridged: the pop must follow within the same second.
    await agentPage.waitForSelector('#state-pill[data-status="reserved"], #state-pill[data-status="talking"]', { timeout: 15_000 });
    const calledAt = Date.now();
    await agentPage.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Ada Lovelace', undefined, { timeout: 1_000 });
    expect(Date.now() - calledAt).toBeLessThan(1_000);
    await agentPage.waitForSelector('#state-pill[data-status="talking"]');
    expect(await agentPage.textContent('#script')).toBe(
      'Hello Ada Lovelace, this is Grace Hopper calling for Outpace about Analytical Engines Ltd. Your plan: Gold.');
    expect(await agentPage.textContent('#lead-meta')).toContain('+*******0010');
    // The number the customer saw: the node's default caller ID, as the campaign has none of its own.
    expect(await agentPage.textContent('#lead-meta .shown-as')).toBe('Shown as +16505550199');
    expect(await agentPage.textContent('#lead-zone')).toBe('America/New_York');
    await agentPage.click('.tab[data-tab="faq"]');
    expect(await agentPage.textContent('#faq')).toContain('Who are you?');

    await wallboard.goto(`${test.node.url}/wallboard/?lang=en`);
    await wallboard.fill('#token', roleTokens.supervisor);
    await wallboard.click('#signin-form button[type=submit]');
    await wallboard.fill('#supervisor-endpoint', 'Local/sup1@sim-agent');
    const tile = wallboard.locator(`.agent[data-agent-id="${scenario.agentId}"]`);
    await expect.poll(() => tile.getAttribute('data-status'), { timeout: 5_000 }).toBe('talking');
    expect(await tile.locator('.agent-name').textContent()).toBe('Grace Hopper');
    expect(await tile.locator('.agent-groups').textContent()).toBe('finance · retail');
    await expect.poll(() => wallboard.locator('.campaign .kpi').first().textContent()).toContain('Dial level');
    // What decides the dialling, linked to the campaign's decision log on the pacing page.
    const card = wallboard.locator(`.campaign[data-campaign-id="${scenario.campaignId}"]`);
    const decided = card.locator('.decided-by');
    await expect.poll(() => decided.getAttribute('data-binding')).toMatch(/^[a-z_]+$/);
    expect(await decided.getAttribute('href')).toBe(`${test.node.url}/pacing/?campaign=${scenario.campaignId}`);
    const pacing = await wallboard.context().newPage();
    await pacing.goto(`${test.node.url}/pacing/?campaign=${scenario.campaignId}&lang=en`);
    await pacing.waitForSelector(`section.campaign[data-campaign="${scenario.campaignId}"] .now[data-binding]`);
    expect(await pacing.inputValue('#campaign')).toBe(scenario.campaignId);
    expect(await pacing.locator('section.campaign').count()).toBe(1);
    // Its decisions to the second on the campaign's clock, the zone named, as its charts' times are.
    const section = pacing.locator(`section.campaign[data-campaign="${scenario.campaignId}"]`);
    const onCampaignClock = `\\d{1,2}:\\d{2}:\\d{2}\\s[AP]M ${noonZone.replace(/[+-]/g, '\\$&')}`;
    expect(await section.locator('.now').textContent()).toMatch(new RegExp(`^Since ${onCampaignClock}: `));
    await expect.poll(() => section.locator('.decisions td.when').first().textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^${onCampaignClock}$`));
    expect(await section.locator('.clock').textContent()).toBe(`· times on its clock, ${noonZone}`);
    // The predictive model's check, as the core keeps it (set here: this team is too small for the model to pace).
    const campaignRuntime = test.node.runtime.state().campaigns.get(scenario.campaignId);
    if (!campaignRuntime) throw new Error('the campaign is not in the engine');
    campaignRuntime.calibration = { ...campaignRuntime.calibration, expected: 2.25, abandoned: 1, atMs: test.node.runtime.nowMs() };
    await expect.poll(() => pacing.textContent(`section.campaign[data-campaign="${scenario.campaignId}"] .forecast`), { timeout: 15_000 })
      .toMatch(/^The predictive model's check, over about the last hour: it expected 2\.\d abandons among the live answers it paced for, and 1\.0 happened\./);
    await pacing.close();

    expect(await tile.locator('button[data-mode="barge"]').isDisabled()).toBe(false);
    await tile.locator('button[data-mode="listen"]').click();
    await wallboard.waitForSelector('#session-banner:visible');
    expect(await wallboard.textContent('#session-banner .session-text')).toBe('Listening to Grace Hopper');
    await waitUntil('a snoop channel on the agent leg', async () => test.pbx.channels().some((c) => c.name.startsWith('Snoop/')));

    await screenshot(agentPage, 'agent-desktop-talking-en');
    await screenshot(wallboard, 'wallboard-listening-en');

    // Card details: the agent pauses the recording, the PBX's recording pauses, and it is on record why.
    const attemptId = await attemptOf(scenario.leadIds[0] ?? '');
    const recordingState = async () => {
      const response = await fetch(`${test.pbx.url}/ari/recordings/live/${defaultRecordingName(attemptId)}`, { headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` } });
      return response.ok ? ((await response.json()) as { state: string }).state : `HTTP ${response.status}`;
    };
    await expect.poll(recordingState).toBe('recording');
    expect(await agentPage.textContent('#recording-label')).toBe('Pause recording (card details)');
    await agentPage.click('#recording-btn');
    await expect.poll(() => agentPage.textContent('#recording-paused')).toMatch(/^Recording paused: it goes on by itself in (3:00|2:5\d)\.$/);
    await expect.poll(recordingState).toBe('paused');
    expect(await agentPage.textContent('#recording-label')).toBe('Resume recording');
    // The supervisor's wallboard says so on the agent's tile, whose line links to the call's lead.
    const onCall = `on call with lead ${scenario.leadIds[0]}`;
    await expect.poll(() => tile.locator('.agent-detail').textContent()).toBe(`${onCall} · recording paused`);
    expect(await tile.locator('.agent-detail a.agent-lead').getAttribute('href')).toBe(`/leads/?lead=${scenario.leadIds[0]}`);
    await screenshot(agentPage, 'agent-desktop-recording-paused-en');
    await agentPage.click('#recording-btn');
    await expect.poll(recordingState).toBe('recording');
    await expect.poll(() => agentPage.isVisible('#recording-paused')).toBe(false);
    // The evidence is written once the PBX has answered, a moment after the desktop changed.
    const recordingEvidence = async () => (await test.node.pool.query<{ kind: string; payload: Record<string, unknown> }>(
      "SELECT kind, payload FROM evidence_log WHERE attempt_id = $1 AND kind LIKE 'recording_%' ORDER BY id", [attemptId])).rows;
    await expect.poll(recordingEvidence).toEqual([
      { kind: 'recording_paused', payload: { agentId: scenario.agentId, by: 'agent' } },
      { kind: 'recording_resumed', payload: { agentId: scenario.agentId, by: 'agent' } },
    ]);

    // Hold: the customer waits with music in a bridge of their own, and comes back to the agent.
    const membersOf = (bridgeId: string) => test.pbx.bridges().find((b) => b.id === bridgeId)?.channels;
    expect(await agentPage.textContent('#hold-label')).toBe('Hold');
    await agentPage.click('#hold-btn');
    // It counts down to the campaign's hold limit (three minutes here), which would bring the customer back.
    await expect.poll(() => agentPage.textContent('#call-held')).toMatch(/^Customer on hold \(music\) for 0:0\d; back with you in (3:00|2:5\d)\.$/);
    // The desktop says it as the engine decides it; the PBX moves the customer a moment later.
    await expect.poll(() => membersOf(`hold-${attemptId}`)).toEqual([attemptId]);
    expect(test.pbx.bridgeMusic(`hold-${attemptId}`)).toBe('default');
    expect(await agentPage.textContent('#hold-label')).toBe('Take off hold');
    await expect.poll(() => tile.locator('.agent-detail').textContent()).toMatch(new RegExp(`^${onCall} · customer on hold 0:0\\d$`));
    await screenshot(agentPage, 'agent-desktop-on-hold-en');
    // Its key takes the customer off hold.
    await agentPage.click('body');
    await agentPage.keyboard.press('o');
    await expect.poll(() => agentPage.isVisible('#call-held')).toBe(false);
    await expect.poll(() => membersOf(`agent-bridge-${scenario.agentId}`)).toContain(attemptId);
    // The holding bridge goes once the customer has left it, a moment after the desktop shows them back.
    await expect.poll(() => membersOf(`hold-${attemptId}`)).toBeUndefined();
    await expect.poll(() => tile.locator('.agent-detail').textContent()).toBe(onCall);

    // Mute: what the agent says stops at their phone leg; the desktop and the wallboard say so.
    const leg = membersOf(`agent-bridge-${scenario.agentId}`)?.find((id) => id !== attemptId) ?? '';
    expect(await agentPage.textContent('#mute-label')).toBe('Mute');
    await agentPage.keyboard.press('m');
    await expect.poll(() => agentPage.textContent('#agent-muted')).toBe('Your microphone is off: the customer does not hear you.');
    await expect.poll(() => test.pbx.channelMuted(leg)).toEqual(['in']);
    // The label changes once the desktop has the engine's answer, a moment after the PBX muted.
    await expect.poll(() => agentPage.textContent('#mute-label')).toBe('Unmute');
    await expect.poll(() => tile.locator('.agent-detail').textContent()).toBe(`${onCall} · microphone off`);
    await screenshot(agentPage, 'agent-desktop-muted-en');
    await agentPage.click('#mute-btn');
    await expect.poll(() => agentPage.isVisible('#agent-muted')).toBe(false);
    expect(test.pbx.channelMuted(leg)).toEqual([]);
    await expect.poll(() => tile.locator('.agent-detail').textContent()).toBe(onCall);
  }, 60_000);

  it('renders both pages in Simplified Chinese with locale formats', async () => {
    await agentPage.selectOption('#locale', 'zh-CN');
    await expect.poll(() => agentPage.textContent('#pill-label')).toBe('通话中');
    expect(await agentPage.textContent('.script-card h2')).toBe('话术');
    expect(await agentPage.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await agentPage.textContent('#dispo-stage')).toContain('有效联系人');
    await screenshot(agentPage, 'agent-desktop-talking-zh-CN');

    await wallboard.selectOption('#locale', 'zh-CN');
    await expect.poll(() => wallboard.textContent(`.agent[data-agent-id="${scenario.agentId}"] .state-badge`)).toBe('通话中');
    expect(await wallboard.textContent('#session-banner .session-text')).toBe('正在监听 Grace Hopper');
    expect(await wallboard.textContent('.campaign')).toContain('拨号比');
    await screenshot(wallboard, 'wallboard-listening-zh-CN');

    await agentPage.selectOption('#locale', 'en');
    await wallboard.selectOption('#locale', 'en');
    await expect.poll(() => agentPage.textContent('#pill-label')).toBe('Talking');
  }, 30_000);

  it('dispositions with a callback on the lead clock and a stage change, through a lost response, exactly once', async () => {
    const attemptId = await attemptOf(scenario.leadIds[0] ?? '');
    await agentPage.click('body');
    await agentPage.keyboard.press('3'); // CALLBACK in the default catalogue
    await expect.poll(() => agentPage.getAttribute('.code[data-code="CALLBACK"]', 'aria-checked')).toBe('true');
    await agentPage.waitForSelector('#callback-box:visible');
    const callback = callbackDay('America/New_York');
    await agentPage.fill('#callback-at', `${callback.local}T15:30`);
    await agentPage.selectOption('#dispo-stage', 'appointment');
    await agentPage.fill('#dispo-notes', 'Wants a demo next spring.');

    // The first submission reaches the server but its response is lost; the second never leaves.
    let calls = 0;
    await agentPage.route('**/api/attempts/*/disposition', async (route) => {
      calls += 1;
      if (calls === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else if (calls === 2) await route.abort('internetdisconnected');
      else await route.continue();
    });

    // The hang-up's own response (the agent still talking) comes after the live link has brought
    // the wrap-up: the older state must not undo the newer one.
    await agentPage.route('**/api/agents/*/hangup', async (route) => {
      const response = await route.fetch();
      await agentPage.waitForSelector('#state-card[data-status="wrap_up"]');
      await route.fulfill({ response });
    });
    await wallboard.locator('#session-banner .session-end').click();
    await agentPage.locator('#dispo-notes').blur();
    const hangupAnswered = agentPage.waitForEvent('requestfinished', (request) => request.url().endsWith('/hangup'));
    await agentPage.keyboard.press('h');
    await agentPage.waitForSelector('#state-card[data-status="wrap_up"]');
    await hangupAnswered;
    // The time the customer spent on hold is kept with the attempt.
    await expect.poll(async () => (await test.node.pool.query<{ held_ms: number }>('SELECT held_ms FROM attempts WHERE id = $1', [attemptId])).rows[0]?.held_ms ?? 0).toBeGreaterThan(0);
    // Let the page handle the late answer before checking it changed nothing.
    await agentPage.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 100); }));
    expect(await agentPage.getAttribute('#state-card', 'data-status')).toBe('wrap_up');
    await expect.poll(() => agentPage.isEnabled('#dispo-submit')).toBe(true);
    await agentPage.focus('#dispo-notes');
    await agentPage.keyboard.press('Control+Enter');

    await expect.poll(() => agentPage.textContent('#toast'), { timeout: 15_000 }).toMatch(/Disposition (was already )?saved/);
    expect(calls).toBeGreaterThanOrEqual(3);
    const dispositions = await test.node.pool.query<{ code: string; notes: string; stage_after: string; agent_id: string }>(
      'SELECT code, notes, stage_after, agent_id FROM dispositions WHERE attempt_id = $1', [attemptId]);
    expect(dispositions.rows).toEqual([{ code: 'CALLBACK', notes: 'Wants a demo next spring.', stage_after: 'appointment', agent_id: scenario.agentId }]);
    const callbacks = await test.node.pool.query<{ due_at: Date; timezone: string; agent_id: string; status: string }>(
      'SELECT due_at, timezone, agent_id, status FROM callbacks WHERE attempt_id = $1', [attemptId]);
    // 15:30 in New York that day.
    const dueAt = localDateTimeToUtc(`${callback.local}T15:30`, 'America/New_York');
    expect(callbacks.rows).toEqual([{ due_at: dueAt, timezone: 'America/New_York', agent_id: scenario.agentId, status: 'pending' }]);
    const lead = await test.node.pool.query<{ status: string; stage: string }>('SELECT status, stage FROM leads WHERE id = $1', [scenario.leadIds[0]]);
    expect(lead.rows[0]).toEqual({ status: 'scheduled', stage: 'appointment' });

    // The callback is on the agent's own list, at the person's time.
    const promised = agentPage.locator('#my-callbacks .my-callback');
    await expect.poll(() => promised.count(), { timeout: 10_000 }).toBe(1);
    expect(await promised.locator('.my-callback-name').textContent()).toBe('Ada Lovelace');
    expect(await promised.locator('.muted:not(.my-callback-own)').textContent()).toMatch(new RegExp(`^${callback.shown}, 3:30\\sPM America/New_York \\(their time\\) · `));
    // The browser's clock is UTC, not the person's: the agent's own time is said beside theirs.
    expect(await promised.locator('.my-callback-own').textContent()).toMatch(/, 8:30\sPM UTC \(your time\)$/);
    expect(await promised.locator('.my-callback-notes').textContent()).toBe('Wants a demo next spring.');
    expect(await agentPage.textContent('#my-callbacks-count')).toBe('1');

    // The appointment counts towards the campaign's daily target on the wallboard.
    const target = wallboard.locator(`.campaign[data-campaign-id="${scenario.campaignId}"] .target[data-measure="appointment"]`);
    await expect.poll(() => target.locator('.target-value').textContent(), { timeout: 10_000 }).toBe('1 / 4');
    expect(await target.locator('.target-label').textContent()).toBe('Appointments today');

    // Manual wrap-up: the agent is still wrapping up, with nothing owed, until they press Ready.
    await expect.poll(() => agentPage.isEnabled('#ready-btn')).toBe(true);
    await expect.poll(() => agentPage.isHidden('#pop')).toBe(true);
    await agentPage.unroute('**/api/attempts/*/disposition');
    await agentPage.unroute('**/api/agents/*/hangup');
    await screenshot(agentPage, 'agent-desktop-after-disposition-en');
  }, 45_000);

  it('keeps the live link: reconnects after the server drops it and shows the next call', async () => {
    const server = (test.node.app as unknown as { websocketServer: { clients: Set<{ terminate(): void }> } }).websocketServer;
    const dropped = new Set(server.clients);
    for (const client of dropped) client.terminate();
    await waitUntil('both pages to reconnect', async () => [...server.clients].filter((c) => !dropped.has(c)).length >= 2, 15_000);
    await expect.poll(() => agentPage.getAttribute('#conn', 'data-state')).toBe('live');
    await agentPage.locator('#dispo-notes').blur();
    await agentPage.keyboard.press('r');
    await agentPage.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Charles Babbage', undefined, { timeout: 15_000 });
    await expect.poll(() => wallboard.locator(`.agent[data-agent-id="${scenario.agentId}"]`).getAttribute('data-status'), { timeout: 5_000 })
      .toMatch(/reserved|talking/);
    await wallboard.reload();
    await wallboard.waitForSelector('#recordings-panel:visible');
    await expect.poll(() => wallboard.locator('#recordings tr').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await wallboard.textContent('#recordings')).toContain('Ada Lovelace');

    // The supervisor reviews Ada's call; the agent reads it on the desktop (below).
    const adaRow = wallboard.locator('#recordings tr', { hasText: 'Ada Lovelace' });
    // The lead opens on the leads page.
    expect(await adaRow.locator('a.lead').getAttribute('href')).toBe(`/leads/?lead=${scenario.leadIds[0]}`);
    await adaRow.locator('button[data-action="review"]').click();
    await wallboard.selectOption('.review-form select', '4');
    await wallboard.fill('.review-form input', 'Good opening; slow down on the price.');
    // The list drawn again (a language switch, as the 15-s refresh does) keeps the review being written.
    await wallboard.selectOption('#locale', 'zh-CN');
    await wallboard.selectOption('#locale', 'en');
    await expect.poll(() => adaRow.locator('button[data-action="review"]').textContent()).toBe('Review');
    expect([await wallboard.inputValue('.review-form select'), await wallboard.inputValue('.review-form input')]).toEqual(['4', 'Good opening; slow down on the price.']);
    await wallboard.click('.review-form button[type=submit]');
    await expect.poll(() => adaRow.locator('button[data-action="review"]').textContent(), { timeout: 5_000 }).toBe('Reviewed 4/5');
    await screenshot(wallboard, 'wallboard-recordings-en');
  }, 45_000);
  it('lists a call that ended without a disposition and takes its disposition late', async () => {
    const attemptId = await attemptOf(scenario.leadIds[1] ?? '');
    await agentPage.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await agentPage.locator('#dispo-notes').blur();
    await agentPage.keyboard.press('h');
    await agentPage.waitForSelector('#state-card[data-status="wrap_up"]');
    // Logged out in wrap-up: the call is left without a disposition.
    await agentPage.click('#logout-btn');
    await agentPage.waitForSelector('#state-card[data-status="logged_out"]');
    // The review the supervisor wrote on the first call is on the coaching card.
    await agentPage.waitForSelector('#coaching-card:visible');
    expect(await agentPage.textContent('#coaching .review')).toContain('Good opening; slow down on the price.');
    expect(await agentPage.textContent('#coaching .review-score')).toBe('4/5');
    const item = agentPage.locator(`#backlog [data-attempt-id="${attemptId}"]`);
    await item.waitFor({ timeout: 5_000 });
    expect(await item.textContent()).toContain('Charles Babbage');
    await screenshot(agentPage, 'agent-desktop-backlog-en');

    await item.click();
    await expect.poll(() => agentPage.textContent('#dispo-hint')).toBe('This call ended without a disposition: choose one now.');
    await agentPage.waitForSelector('#pop:visible');
    expect(await agentPage.textContent('#lead-name')).toBe('Charles Babbage');
    await agentPage.click('.code[data-code="NOT_INTERESTED"]');
    await expect.poll(() => agentPage.isEnabled('#dispo-submit')).toBe(true);
    await agentPage.click('#dispo-submit');
    await expect.poll(() => agentPage.isHidden('#backlog-card'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => agentPage.isHidden('#pop')).toBe(true);
    const rows = await test.node.pool.query('SELECT code, agent_id FROM dispositions WHERE attempt_id = $1', [attemptId]);
    expect(rows.rows).toEqual([{ code: 'NOT_INTERESTED', agent_id: scenario.agentId }]);
  }, 45_000);
  it('tells the agent when the node is stopping (the last test: the node drains after it)', async () => {
    expect(await agentPage.isHidden('#notice')).toBe(true);
    void test.node.close(60_000);
    await agentPage.waitForSelector('#notice:visible', { timeout: 5_000 });
    expect(await agentPage.textContent('#notice')).toContain('This server is restarting');
    await screenshot(agentPage, 'agent-desktop-node-stopping-en');
  }, 15_000);
});
