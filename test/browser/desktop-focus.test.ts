// Keyboard focus on the agent desktop when a call ends before its screen pop has loaded: the
// agent's Hang up goes with the call, the focus waits on Pause, and moves to the first
// disposition code once the pop (and its codes) arrive, in headless Chromium against a whole node.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { createScenario, holdAnswers, launchChromium, openAgentDesktop, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let desktop: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'desktop-focus:', { closeDrainMs: 0 });
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Desktop focus ${Date.now()}`, agentId: 'fay', agentName: 'Fay Focus',
    leads: [{ firstName: 'Pat', lastName: 'Popless', phones: ['+15550107321'] }, { firstName: 'Sam', lastName: 'Second', phones: ['+15550107322'] }],
  });
  desktop = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const focusedId = (page: Page) => page.evaluate(() => {
  const active = document.activeElement;
  return active?.id || (active instanceof HTMLElement ? active.dataset.code ?? '' : '');
});

const POP = '**/api/agents/*/call';

/** Holds the call's screen pop until the returned function lets it go; the pop's codes are drawn then. */
async function holdPop(page: Page): Promise<() => Promise<void>> {
  const letGo = await holdAnswers(page, POP);
  return async () => {
    letGo();
    await page.waitForSelector('#dispo-codes [data-code]');
    await page.unroute(POP);
  };
}

/** The agent goes ready, takes the next call and hangs it up with the mouse before its pop loads. */
async function hangUpBeforePop(): Promise<void> {
  await desktop.keyboard.press('r');
  await desktop.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
  expect(await desktop.locator('#dispo-codes [data-code]').count()).toBe(0);
  await desktop.click('#hangup-btn');
  await desktop.waitForSelector('#state-card[data-status="wrap_up"]');
  // No codes yet: the focus Hang up had is on the next thing the agent may do.
  await expect.poll(() => focusedId(desktop)).toBe('pause-btn');
}

describe('desktop focus', () => {
  it('moves from Pause to the first disposition code once the pop of a call ended before it loaded arrives', async () => {
    const letGo = await holdPop(desktop);
    await hangUpBeforePop();
    await letGo();
    const first = await desktop.locator('#dispo-codes [data-code]').first().getAttribute('data-code');
    await expect.poll(() => focusedId(desktop)).toBe(first);
    await desktop.click('#dispo-codes [data-code="NOT_INTERESTED"]');
    await desktop.click('#dispo-submit');
    await expect.poll(() => desktop.textContent('#toast')).toMatch(/Disposition saved/);
  }, 60_000);

  it('leaves the focus where the agent moved it while the pop was on its way', async () => {
    const letGo = await holdPop(desktop);
    await hangUpBeforePop();
    await desktop.focus('#pause-reason');
    await letGo();
    await expect.poll(() => desktop.locator('#dispo-codes [data-code]').first().isEnabled()).toBe(true);
    expect(await focusedId(desktop)).toBe('pause-reason');
  }, 60_000);
});
