// A preview lead on screen stays there when the desktop is reloaded: the lead is still leased to
// the agent (and, with a preview time limit, still counted down), so the reloaded desktop shows it
// again, with its Dial and Skip, rather than an empty screen asking for the next lead.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { createScenario, launchChromium, openAgentDesktop, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-preview-reload:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Browser preview reload ${Date.now()}`, agentId: 'preview-reload-agent', agentName: 'Rita Reload',
    campaign: { mode: 'preview', settings: { previewTimeLimitMs: 120_000, previewTimeoutAction: 'dial' } },
    leads: [{ firstName: 'Kept', lastName: 'Onscreen', phones: ['+15550104590'] }],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('a preview lead and a reload', () => {
  it('shows the lead still leased to the agent again, with its countdown and buttons', async () => {
    const page = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
    await page.waitForSelector('#preview-card:visible');
    await page.click('#preview-next');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Kept Onscreen');

    await page.reload();
    await page.waitForSelector('#state-card[data-status="paused"]');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Kept Onscreen', undefined, { timeout: 10_000 });
    expect(await page.isVisible('#pop')).toBe(true);
    expect(await page.isEnabled('#preview-dial')).toBe(true);
    expect(await page.isEnabled('#preview-skip')).toBe(true);
    expect(await page.isEnabled('#preview-next')).toBe(false);
    expect(await page.textContent('#preview-timer')).toMatch(/^Dialled by itself in \d+ s$/);
  }, 60_000);
});
