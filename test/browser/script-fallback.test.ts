// A campaign script read to a lead loaded without a name, in headless Chromium against a whole
// node: on the desktop, `{first_name|there}` reads its fallback and an empty `{first_name}` leaves
// no "Hi ,"; in the campaigns page's script editor, the preview reads the script as such a lead
// would have it and names the placeholders that lead lacks with no fallback.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { ARTIFACTS, createScenario, launchChromium, openAgentDesktop, screenshot, type Scenario } from './browser-helpers.js';

const PHONE = '+15550107452';
const SCRIPT = 'Hi {first_name|there}, this is {agent_name}. Dear {first_name} {last_name}, about {company|your account}.\n{first_name}, do you have a minute?';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'script-fallback:', { closeDrainMs: 0 });
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Script fallback ${Date.now()}`, agentId: 'sol', agentName: 'Sol Script',
    leads: [{ phones: [PHONE] }], campaign: { script: SCRIPT },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('a script read to a lead without a name', () => {
  it('reads fallbacks on the desktop, and an empty name leaves no stray space', async () => {
    const desktop = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
    await desktop.keyboard.press('r');
    await desktop.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => desktop.textContent('#script'))
      .toBe('Hi there, this is Sol Script. Dear, about your account.\ndo you have a minute?');
    await screenshot(desktop, 'script-fallback-desktop-en');
    await desktop.context().close();
  }, 60_000);

  it("previews the script in the campaign's editor and names what such a lead lacks", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    await page.goto(`${test.node.url}/campaigns/?lang=en&campaign=${scenario.campaignId}`);
    await page.fill('#token', roleTokens.manager);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#screen-form:visible');
    await expect.poll(() => page.textContent('#screen-script-preview'))
      .toBe('Hi there, this is (agent). Dear, about your account.\ndo you have a minute?');
    expect(await page.textContent('#screen-script-lacking')).toBe('Left out for a lead without them (give a fallback, as {first_name|there}): {first_name}, {last_name}');
    // Typing updates it: a fallback given, nothing is left out.
    await page.fill('#screen-script', 'Hello {first_name}! Calling for {plan|our plan}.');
    await expect.poll(() => page.textContent('#screen-script-preview')).toBe('Hello! Calling for our plan.');
    expect(await page.textContent('#screen-script-lacking')).toBe('Left out for a lead without them (give a fallback, as {first_name|there}): {first_name}');
    await page.fill('#screen-script', 'Hello {first_name|friend}!');
    await expect.poll(() => page.textContent('#screen-script-preview')).toBe('Hello friend!');
    expect(await page.textContent('#screen-script-lacking')).toBe('');
    await page.locator('#screen-form').screenshot({ path: `${ARTIFACTS}/script-fallback-editor-en.png` });
    await page.context().close();
  }, 30_000);
});
