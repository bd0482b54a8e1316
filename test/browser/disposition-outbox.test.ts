// The agent desktop's outbox of dispositions on a browser shared between agents: each agent's
// queue is their own, sent only with their token; signing out stops the sending (no retry goes
// out with no token), and the queue waits in the browser for its agent's next sign-in. A token
// refused (401, 403) keeps what was queued.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, launchChromium, waitUntil } from './browser-helpers.js';

const ANN = 'outbox-ann';
const BOB = 'outbox-bob';
const ATTEMPT = '6f1d2c3b-4a59-4e87-9c10-2b3a4d5e6f70';
const annKey = `outpace.dispositionOutbox.${ANN}`;

let test: TestNode;
let browser: Browser;
let page: Page;
const tokens: Record<string, string> = {};
/** The dispositions the page sent, with the token each went with. */
const posts: { attemptId: string; authorization: string }[] = [];
let online = false;

async function signIn(agentId: string): Promise<void> {
  await page.fill('#token', tokens[agentId] ?? '');
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#sign-out:visible');
}

async function signOut(): Promise<void> {
  await page.click('#sign-out');
  await page.waitForSelector('#signin:visible');
}

const stored = (key: string) => page.evaluate((k) => localStorage.getItem(k), key);
const pause = (ms: number) => new Promise((resolve) => { setTimeout(resolve, ms); });

beforeAll(async () => {
  test = await startTestNode({}, 'browser-outbox:');
  browser = await launchChromium();
  for (const [id, name] of [[ANN, 'Ann Early'], [BOB, 'Bob Late']] as const) {
    await apiCall(test, 'PUT', `/api/agents/${id}`, { name });
    tokens[id] = (await apiCall<{ token: string }>(test, 'POST', `/api/agents/${id}/tokens`)).token;
  }
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
  await page.route('**/api/attempts/*/disposition', async (route) => {
    const attemptId = /attempts\/([^/]+)\/disposition/.exec(route.request().url())?.[1] ?? '';
    posts.push({ attemptId, authorization: route.request().headers().authorization ?? '' });
    if (online) await route.continue();
    else await route.abort('internetdisconnected');
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('agent desktop: the disposition outbox on a shared browser', () => {
  it("keeps each agent's queue their own, sends nothing once signed out, and sends it at their next sign-in", async () => {
    await page.goto(`${test.node.url}/agent/?lang=en`);
    // Ann's disposition, queued while the link was down.
    const queued = JSON.stringify([{ attemptId: ATTEMPT, body: { code: 'NOT_INTERESTED', notes: "Ann's private notes" }, queuedAt: Date.now() }]);
    await page.evaluate(([key, value]) => localStorage.setItem(key ?? '', value ?? ''), [annKey, queued]);
    await signIn(ANN);
    await waitUntil('Ann\'s disposition tried', async () => posts.length > 0);
    expect(posts.every((p) => p.authorization === `Bearer ${tokens[ANN]}`)).toBe(true);
    await expect.poll(() => page.textContent('#outbox-status')).toMatch(/^1 disposition/);

    await signOut();
    const triedBySignOut = posts.length;
    await pause(3_500); // past the retries' first delays (1 s, 2 s)
    expect(posts.slice(triedBySignOut)).toEqual([]);
    expect(await stored(annKey)).toBe(queued);

    // Bob, on the same browser, neither sees nor sends Ann's.
    await signIn(BOB);
    await pause(1_500);
    expect(posts.slice(triedBySignOut)).toEqual([]);
    expect(await page.textContent('#outbox-status')).toBe('');
    await signOut();

    // Ann back, the link up: hers goes, with her token (the server does not know the call: refused, and dropped).
    online = true;
    await signIn(ANN);
    await waitUntil('Ann\'s disposition sent again', async () => posts.length > triedBySignOut);
    expect(posts.slice(triedBySignOut)).toEqual([{ attemptId: ATTEMPT, authorization: `Bearer ${tokens[ANN]}` }]);
    await expect.poll(() => stored(annKey)).toBe('[]');
    await signOut();
  }, 45_000);

  it('keeps what a refused token could not send: a 401 holds the queue, a 403 only its entry', async () => {
    const outcome = await page.evaluate(`(async () => {
      const { DispositionOutbox } = await import('/agent/disposition-outbox.js');
      const refusal = (status) => Object.assign(new Error('HTTP ' + status), { status, retryable: false });
      let answers = {};
      const sent = [];
      const rejected = [];
      const outbox = new DispositionOutbox({
        api: { post: async (path) => { const id = path.split('/')[3]; sent.push(id); if (answers[id]) throw answers[id]; return { created: true }; } },
        onChange: () => undefined, onSent: () => undefined, onRejected: (entry) => rejected.push(entry.attemptId),
      });
      outbox.open('cara');
      answers = { a1: refusal(401) };
      await outbox.add('a1', { code: 'X' });
      await outbox.add('a2', { code: 'X' });
      const afterUnauthorised = { sent: [...sent], queued: outbox.entries().map((e) => e.attemptId) };
      sent.length = 0;
      answers = { a1: refusal(403) };
      await outbox.flush();
      const afterForbidden = { sent: [...sent], queued: outbox.entries().map((e) => e.attemptId) };
      outbox.close();
      localStorage.removeItem('outpace.dispositionOutbox.cara');
      return { afterUnauthorised, afterForbidden, rejected };
    })()`);
    expect(outcome).toEqual({
      // The token refused: nothing after it is tried, everything is kept.
      afterUnauthorised: { sent: ['a1', 'a1'], queued: ['a1', 'a2'] },
      // Not this agent's with this token: that one is kept, the rest goes.
      afterForbidden: { sent: ['a1', 'a2'], queued: ['a1'] },
      rejected: [],
    });
  });
});
