// Calling one of the campaign's third parties from the agent desktop in headless Chromium against a
// whole node (engine, simulated PBX, Postgres): the Transfer panel lists them, a third party is
// called first (never handed the customer unheard); a busy one is said so with the customer back,
// as is one whose line the network refuses (in words, not its hang-up cause's number), and a desk
// that hangs up as the customer is being left with it (the customer back with the agent, off hold);
// a desk that answers is spoken to with the customer on hold, brought into a conference, and left
// with the customer, the agent then wrapping up with the disposition to give.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simAuth } from '../helpers/crash-mid-call.js';
import type { TestNode } from '../helpers/outpace-node.js';
import { apiCall, openWallboard, screenshot, startDesktopOnACall, waitUntil, type DesktopOnACall } from './browser-helpers.js';

// Digit outcomes: a number ending in 0 answers and stays, one ending in 5 is busy, one ending in 7 rings unanswered.
const desk = { name: 'Verification desk', number: '+442079460120' };
const supplier = { name: 'Supplier', number: '+442079460125' };
const lender = { name: 'Lender', number: '+442079460127' };

let session: DesktopOnACall;
let test: TestNode;
let page: Page;

interface AgentState { status: string; callId: string | null; owesDispositionFor: string | null }

const stateOf = () => apiCall<AgentState>(test, 'GET', '/api/agents/tess');
const membersOf = (bridgeId: string) => test.pbx.bridges().find((b) => b.id === bridgeId)?.channels ?? [];

async function callThirdParty(name: string): Promise<void> {
  await page.click('body');
  await page.keyboard.press('x');
  await page.waitForSelector('#transfer-target:visible');
  await page.selectOption('#transfer-target', `third:${name}`);
  expect(await page.isDisabled('#transfer-go')).toBe(true);
  expect(await page.textContent('#transfer-consult')).toBe('Call first');
  await page.click('#transfer-consult');
}

beforeAll(async () => {
  session = await startDesktopOnACall('browser-third-party:', {
    name: `Third party ${Date.now()}`, agentId: 'tess', agentName: 'Tess Agent',
    campaign: { settings: { thirdParties: [desk, supplier, lender] } },
    leads: [{ firstName: 'Omar', lastName: 'Haddad', phones: ['+15550100080'] }],
  });
  ({ test, page } = session);
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('third parties on the agent desktop', () => {
  it('lists the campaign\'s third parties under their own heading', async () => {
    await page.click('body');
    await page.keyboard.press('x');
    await page.waitForSelector('#transfer-target:visible');
    expect(await page.locator('#transfer-target optgroup').evaluateAll((groups) => groups.map((g) => (g as HTMLOptGroupElement).label))).toEqual(['Third parties']);
    expect(await page.locator('#transfer-target option').allTextContents()).toEqual(['Verification desk (+********0120)', 'Supplier (+********0125)', 'Lender (+********0127)']); // an agent sees a third party's last digits
    await page.click('#transfer-cancel');
  });

  it('says a busy third party is busy, the customer back with the agent', async () => {
    const { callId } = await stateOf();
    await callThirdParty(supplier.name);
    await expect.poll(() => page.textContent('#problems .problem-text')).toBe('Supplier: busy. The customer is back with you.');
    await page.click('#problems .problem-dismiss');
    await page.waitForSelector('#consult-bar', { state: 'hidden' });
    await waitUntil('the customer back with tess', async () => membersOf('agent-bridge-tess').includes(callId ?? ''));
    expect(await page.isVisible('#hold-btn')).toBe(true);
  });

  it("says in words, not as a cause number, why a third party's line ended unanswered", async () => {
    const { callId } = await stateOf();
    await callThirdParty(lender.name);
    await expect.poll(() => page.textContent('#consult-text')).toBe('Calling Lender; the customer is on hold (music).');
    const line = await waitUntil('the line to the lender ringing', async () =>
      test.pbx.channels().find((c) => c.id.startsWith('third-party-') && c.id.endsWith(callId ?? '')));
    // The network refuses the call (Q.850 cause 21, call rejected).
    expect((await fetch(`${test.pbx.url}/ari/channels/${line.id}?reason_code=21`, { method: 'DELETE', headers: simAuth })).status).toBe(204);
    await expect.poll(() => page.textContent('#problems .problem-text')).toBe('Lender: the call was refused. The customer is back with you.');
    await page.click('#problems .problem-dismiss');
    await page.waitForSelector('#consult-bar', { state: 'hidden' });
    await waitUntil('the customer back with tess', async () => membersOf('agent-bridge-tess').includes(callId ?? ''));
  });

  it('has the customer back with the agent when the desk hangs up as the customer is being left with it', async () => {
    const { callId } = await stateOf();
    await callThirdParty(desk.name);
    await expect.poll(() => page.textContent('#consult-text')).toBe('Speaking with Verification desk; the customer is on hold (music).');
    // The PBX is slow to make the bridge the two are to be left in, and the desk hangs up meanwhile.
    const release = test.pbx.holdBridgeAdds(`third-party-${callId}`);
    try {
      await page.click('#consult-complete');
      await expect.poll(() => page.textContent('#consult-text')).toBe('Leaving the customer with Verification desk…');
      const line = test.pbx.channels().find((c) => c.id.startsWith('third-party-') && c.id.endsWith(callId ?? ''));
      expect((await fetch(`${test.pbx.url}/ari/channels/${line?.id}`, { method: 'DELETE', headers: simAuth })).status).toBe(204);
    } finally {
      release();
    }
    await expect.poll(() => page.textContent('#problems .problem-text')).toBe('Verification desk: hung up. The customer is back with you.');
    // Off hold, as the desktop says: with the agent, not in a bridge of nobody's.
    expect(await page.isHidden('#call-held')).toBe(true);
    await waitUntil('the customer back with tess', async () => membersOf('agent-bridge-tess').includes(callId ?? ''));
    await page.click('#problems .problem-dismiss');
    await page.waitForSelector('#consult-bar', { state: 'hidden' });
  });

  it('speaks to the desk with the customer on hold, brings the customer in, then leaves them with the desk', async () => {
    const { callId } = await stateOf();
    // The wallboard, open already, is pushed the change between its snapshots: every line it shows
    // of Tess's call names the desk.
    const wallboard = await openWallboard(session.browser, test);
    const tile = wallboard.locator('.agent[data-agent-id="tess"]');
    await expect.poll(() => tile.textContent()).toContain('on call with lead');
    await tile.evaluate((element) => {
      const seen: string[] = [];
      (window as unknown as { tileTexts: string[] }).tileTexts = seen;
      new MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, { subtree: true, childList: true, characterData: true });
    });
    await callThirdParty(desk.name);
    await expect.poll(() => page.textContent('#consult-text')).toBe('Speaking with Verification desk; the customer is on hold (music).');
    await expect.poll(() => tile.textContent()).toContain('with Verification desk');
    const texts = await wallboard.evaluate(() => (window as unknown as { tileTexts: string[] }).tileTexts);
    expect(texts.filter((text) => text.includes('[object Object]'))).toEqual([]);
    await wallboard.context().close();
    expect(await page.isVisible('#hold-btn')).toBe(false);
    expect(await page.isVisible('#transfer-btn')).toBe(false);
    expect(await page.textContent('#consult-complete')).toBe('Leave the customer with Verification desk');
    await screenshot(page, 'agent-desktop-third-party-en');

    await page.click('#consult-conference');
    await expect.poll(() => page.textContent('#consult-text')).toBe('Conference: you, Verification desk and the customer.');
    await waitUntil('all three in tess\'s bridge', async () => membersOf('agent-bridge-tess').length === 3);

    await page.click('#consult-complete');
    await page.waitForSelector('#state-pill[data-status="wrap_up"]');
    await page.waitForSelector('#consult-bar', { state: 'hidden' });
    expect((await stateOf()).owesDispositionFor).toBe(callId);
    expect(membersOf(`third-party-${callId}`)).toContain(callId);
  }, 30_000);
});
