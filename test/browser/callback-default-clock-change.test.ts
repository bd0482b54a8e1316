// The disposition form's default callback, "tomorrow 10:00 on the lead's clock", on the days the
// lead's clocks change, on the agent desktop in headless Chromium against a whole node whose clock
// is set to them: late on the evening before a US spring-forward (a 23-hour day) it is the next
// day, not the day after; just after midnight on a fall-back day (25 hours) it is the next day, not
// the same one. "Tomorrow" is the calendar day after the lead's today, not 24 hours on.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openAgentDesktop, waitUntil, type Scenario } from './browser-helpers.js';

/** The `nth` Sunday of a month (1-based), as YYYY-MM-DD, in the first year it is still ahead. */
function nextNthSunday(month: number, nth: number): string {
  for (let year = new Date().getUTCFullYear(); ; year++) {
    const first = new Date(Date.UTC(year, month - 1, 1));
    const day = new Date(Date.UTC(year, month - 1, 1 + ((7 - first.getUTCDay()) % 7) + (nth - 1) * 7));
    if (day.getTime() > Date.now() + 86_400_000) return day.toISOString().slice(0, 10);
  }
}
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** US clocks go forward at 02:00 on March's second Sunday and back at 02:00 on November's first. */
const springForward = nextNthSunday(3, 2);
const fallBack = nextNthSunday(11, 1);

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let desktop: Page;
let clockAheadMs = 0;
/** Sets the node's clock to `at`, from which it runs on. */
const setClock = (at: string) => { clockAheadMs = Date.parse(at) - Date.now(); };

beforeAll(async () => {
  // 23:30 on the Saturday before spring-forward in New York (still UTC-5).
  setClock(`${springForward}T04:30:00Z`);
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'callback-default-dst:', { clock: () => Date.now() + clockAheadMs, closeDrainMs: 0 });
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Callback default DST ${Date.now()}`, agentId: 'dana', agentName: 'Dana Default',
    campaign: { timezone: 'America/New_York' },
    leads: [
      { firstName: 'Sam', lastName: 'Spring', phones: ['+15550107461'], timezone: 'America/New_York' },
      { firstName: 'Fay', lastName: 'Fall', phones: ['+15550107462'], timezone: 'America/New_York' },
    ],
  });
  desktop = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const agentCall = <T>(method: string, path: string, body?: unknown) => apiCall<T>(test, method, path, body, scenario.agentToken);

/** The default callback time the form offers on the agent's next call. */
async function defaultCallbackOnNextCall(): Promise<string> {
  await desktop.keyboard.press('r');
  await desktop.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
  await desktop.click('[data-code="CALLBACK"]');
  await desktop.waitForSelector('#callback-box:visible');
  return desktop.inputValue('#callback-at');
}

async function endCall(): Promise<void> {
  const { callId } = await agentCall<{ callId: string | null }>('GET', `/api/agents/${scenario.agentId}`);
  await agentCall('POST', `/api/agents/${scenario.agentId}/hangup`);
  await desktop.waitForSelector('#state-pill[data-status="wrap_up"]');
  await agentCall('POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' });
  await agentCall('POST', `/api/agents/${scenario.agentId}/pause`, { reason: 'break' });
  await waitUntil('the agent paused', async () => (await agentCall<{ status: string }>('GET', `/api/agents/${scenario.agentId}`)).status === 'paused');
}

describe("the default callback on a day the lead's clocks change", () => {
  it('is the next day late on the evening before a spring-forward', async () => {
    const offered = await defaultCallbackOnNextCall();
    await endCall();
    expect(offered).toBe(`${springForward}T10:00`);
  }, 60_000);

  it('is the next day just after midnight on a fall-back day', async () => {
    // 00:30 on the fall-back Sunday in New York (still UTC-4); the desktop takes the clock anew.
    setClock(`${fallBack}T04:30:00Z`);
    await desktop.reload();
    await desktop.waitForSelector('#state-card[data-status="paused"]');
    expect(await defaultCallbackOnNextCall()).toBe(`${dayAfter(fallBack)}T10:00`);
  }, 60_000);
});
