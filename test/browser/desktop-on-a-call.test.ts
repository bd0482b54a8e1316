// What an agent on a call meets on the desktop in headless Chromium, against a whole node: a
// screen pop with very long unbroken text (a script's link, a name, an FAQ answer, a field) stays
// within its column; the disposition codes and the pop's tabs are named for screen readers, to
// whom the agent's state and the call that came are told; the
// keys still work after the agent picked who makes the callback (a radio button is no text being
// typed), and a key held down presses its button once; a logout asked for during the call is said
// to be waiting for its end, and its wrap-up counted down.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;

const LONG = 'x'.repeat(400);

beforeAll(async () => {
  desk = await startDesktopOnACall('browser-desktop-on-a-call:', {
    name: `On a call ${Date.now()}`, agentId: 'oncall-ivy', agentName: 'Ivy Oncall',
    campaign: {
      script: `Hello {first_name}. See https://example.com/${LONG} for the offer.`,
      faq: [{ question: `Why ${LONG}?`, answer: `Because ${LONG}.` }],
    },
    leads: [
      { firstName: `Ada${LONG}`, lastName: 'Long', timezone: 'Europe/London', priority: 10, phones: ['+15550101010'], fields: { company: `Co${LONG}`, note: LONG } },
      { firstName: 'Bea', lastName: 'Next', timezone: 'Europe/London', phones: ['+15550101020'] },
    ],
  });
}, 90_000);

afterAll(async () => {
  await desk?.close();
});

/** The elements of the cards `selector` finds whose box or text runs past their card's right edge. */
async function stickingOut(selector: string): Promise<string[]> {
  return desk.page.$$eval(selector, (cards) => cards.flatMap((card) => {
    const edge = card.getBoundingClientRect().right + 1;
    const boxes = [card, ...Array.from(card.querySelectorAll('*'))].filter((element) => element.getClientRects().length > 0);
    return boxes.filter((element) => element.getBoundingClientRect().right > edge || element.scrollWidth > element.clientWidth + 1)
      .map((element) => `${card.className} > ${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${element.className}`);
  }));
}

describe('the agent desktop on a call', () => {
  it('keeps long unbroken text of the screen pop within its column', async () => {
    const { page } = desk;
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent?.startsWith('Ada'));
    await page.click('.tab[data-tab="faq"]');
    await page.click('#faq summary');
    expect(await stickingOut('#pop > .card, #state-card')).toEqual([]);
    // Nothing wider than the window: the disposition column stays on screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.click('.tab[data-tab="history"]');
  });

  it('names the disposition codes and the tabs of the pop for screen readers', async () => {
    const { page } = desk;
    expect(await page.getByRole('radiogroup', { name: 'Disposition' }).count()).toBe(1);
    for (const name of ['History', 'Callbacks', 'FAQ']) {
      const tab = page.getByRole('tab', { name });
      const panel = await tab.getAttribute('aria-controls');
      expect(panel, name).toBeTruthy();
      expect(await page.locator(`#${panel}`).getAttribute('role'), name).toBe('tabpanel');
      expect(await page.getByRole('tabpanel', { name, includeHidden: true }).count(), name).toBe(1);
    }
    // The call that came is told to a screen reader, once: not the timers redrawn each second.
    const told = page.locator('#state-announce');
    expect(await told.getAttribute('role')).toBe('status');
    await expect.poll(() => told.textContent()).toMatch(/^Talking · On the line with Adax{400} Long$/);
    const mutations = await page.evaluate(() => new Promise<number>((resolve) => {
      let count = 0;
      const observer = new MutationObserver((records) => { count += records.length; });
      observer.observe(document.getElementById('state-announce') as HTMLElement, { childList: true, characterData: true, subtree: true });
      setTimeout(() => { observer.disconnect(); resolve(count); }, 2_500);
    }));
    expect(mutations).toBe(0);
  });

  it("still takes the desktop's keys once the agent picked who makes the callback", async () => {
    const { page } = desk;
    // 3: the default catalogue's callback code.
    await page.keyboard.press('3');
    await page.waitForSelector('#callback-box:not([hidden])');
    await page.click('input[name="callback-owner"][value="anyone"]');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('callback-owner');
    await page.keyboard.press('h');
    await page.waitForSelector('#state-pill[data-status="wrap_up"]', { timeout: 5_000 });
  });

  it('goes on to the next call', async () => {
    const { page } = desk;
    // This call's disposition (7: no answer), then ready for the next.
    await page.keyboard.press('7');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.textContent('#outbox-status')).toBe('');
    // R presses Ready, which stays disabled until the engine's word that nothing is owed arrives.
    await page.waitForSelector('#ready-btn:not([disabled])');
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Bea Next', undefined, { timeout: 15_000 });
    await page.waitForSelector('#state-pill[data-status="talking"]');
  });

  it('presses a button once for a key held down (its repeats would take the customer off hold again)', async () => {
    const { page } = desk;
    const actions: string[] = [];
    page.on('request', (request) => {
      const action = /\/api\/agents\/[^/]+\/(hold|unhold|mute|unmute)$/.exec(new URL(request.url()).pathname)?.[1];
      if (action && request.method() === 'POST') actions.push(action);
    });
    await page.keyboard.down('o');
    await page.waitForSelector('#call-held:not([hidden])');
    // The key still down: the browser repeats it.
    await page.keyboard.down('o');
    await page.keyboard.up('o');
    // Keys are handled in order: once the mute that follows is asked for, so would a repeat's unhold have been.
    await page.keyboard.press('m');
    await page.waitForSelector('#agent-muted:not([hidden])');
    expect(actions).toEqual(['hold', 'mute']);
    expect(await page.isVisible('#call-held')).toBe(true);
    await page.keyboard.press('o');
    await page.keyboard.press('m');
    await page.waitForSelector('#agent-muted', { state: 'hidden' });
    await page.waitForSelector('#call-held', { state: 'hidden' });
  });

  it('says a logout asked for during the call waits for its end', async () => {
    const { page } = desk;
    await page.click('#logout-btn');
    await expect.poll(() => page.textContent('#state-sub')).toBe('On the line with Bea Next · logging out after this call');
    await page.keyboard.press('h');
    await page.waitForSelector('#state-pill[data-status="wrap_up"]');
    // The wrap-up then ends on the campaign's wrap-up time: counted down.
    await expect.poll(() => page.textContent('#state-sub'))
      .toMatch(/^Choose a disposition to finish this call · logged out in \d+:\d\d: a disposition not given by then waits under To disposition$/);
    await page.keyboard.press('7');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#state-card[data-status="logged_out"]', { timeout: 10_000 });
  });
});
