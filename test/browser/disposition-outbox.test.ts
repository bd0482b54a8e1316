// The agent desktop's outbox of dispositions on a browser shared between agents: each agent's
// queue is their own, sent only with their token; signing out sends it once more, and what could
// not go (leads' data) does not stay for the next person: the agent stays signed in until it goes,
// or signs out and it is deleted, nothing more sent. A token
// refused (401, 403) keeps what was queued. What an earlier version queued in the browser's one
// shared queue goes to the agent whose call it is, and is sent at their sign-in; what it queued
// for a call that no longer exists is dropped. One the server refuses is listed with its reason,
// apart from those waiting for the connection, for the agent to fix or drop.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { insertPastCall } from '../helpers/past-calls.js';
import { apiCall, launchChromium, waitUntil } from './browser-helpers.js';

const ANN = 'outbox-ann';
const BOB = 'outbox-bob';
const ATTEMPT = '6f1d2c3b-4a59-4e87-9c10-2b3a4d5e6f70';
const annKey = `outpace.dispositionOutbox.${ANN}`;
/** The one queue of every agent's, as an earlier version kept it. */
const sharedKey = 'outpace.dispositionOutbox';

let test: TestNode;
let browser: Browser;
let page: Page;
const tokens: Record<string, string> = {};
/** The dispositions the page sent, with the token each went with. */
const posts: { attemptId: string; authorization: string }[] = [];
let online = false;
/** Calls whose dispositions find no connection while the rest go. */
const cut = new Set<string>();

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
    if (online && !cut.has(attemptId)) await route.continue();
    else await route.abort('internetdisconnected');
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('agent desktop: the disposition outbox on a shared browser', () => {
  it("keeps each agent's queue their own, sends it as they sign out, and leaves nothing of what could not go for the next person", async () => {
    await page.goto(`${test.node.url}/agent/?lang=en`);
    // Ann's disposition, queued while the link was down.
    const queued = JSON.stringify([{ attemptId: ATTEMPT, body: { code: 'NOT_INTERESTED', notes: "Ann's private notes" }, queuedAt: Date.now() }]);
    await page.evaluate(([key, value]) => localStorage.setItem(key ?? '', value ?? ''), [annKey, queued]);
    await signIn(ANN);
    await waitUntil('Ann\'s disposition tried', async () => posts.length > 0);
    expect(posts.every((p) => p.authorization === `Bearer ${tokens[ANN]}`)).toBe(true);
    await expect.poll(() => page.textContent('#outbox-status')).toMatch(/^1 disposition/);
    await pause(300); // the failure taken in; the retry is a second away

    const triedBeforeSignOut = posts.length;
    await page.click('#sign-out');
    // Tried once more with her token as she signs out; what could not go, she is told, and chooses.
    await page.waitForSelector('#unsent:visible', { timeout: 10_000 });
    expect(posts.slice(triedBeforeSignOut)).toEqual([{ attemptId: ATTEMPT, authorization: `Bearer ${tokens[ANN]}` }]);
    expect(await page.textContent('#unsent-text')).toBe("1 disposition could not be sent (no connection to the server). It holds your lead's details, so it cannot stay on this computer once you sign out: stay signed in until it goes, or sign out and delete it; its call then waits for you under To disposition (for a day) to give again.");
    expect(await page.isVisible('#signin')).toBe(false);
    // Staying, she is still signed in (a reload too), her queue kept and tried again.
    await page.click('#unsent-stay');
    expect(await page.isVisible('#unsent')).toBe(false);
    await page.reload();
    await page.waitForSelector('#sign-out:visible');
    await expect.poll(() => page.textContent('#outbox-status')).toMatch(/^1 disposition/);
    await pause(300);

    // Signing out anyway deletes it: nothing of it stays in the browser, and nothing more is sent.
    await page.click('#sign-out');
    await page.waitForSelector('#unsent:visible', { timeout: 10_000 });
    await page.click('#unsent-delete');
    await page.waitForSelector('#signin:visible');
    const triedBySignOut = posts.length;
    expect(await stored(annKey)).toBeNull();
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('outpace.disposition') || key === 'outpace.agentToken'))).toEqual([]);
    expect(await page.content()).not.toContain("Ann's private notes");
    await pause(3_500); // past the retries' first delays (1 s, 2 s)
    expect(posts.slice(triedBySignOut)).toEqual([]);

    // Bob, on the same browser, neither sees nor sends Ann's.
    await signIn(BOB);
    await pause(1_500);
    expect(posts.slice(triedBySignOut)).toEqual([]);
    expect(await page.textContent('#outbox-status')).toBe('');
    await signOut();

    // Ann again, with one queued (a desktop closed without signing out), the link down as she
    // signs out and back while she is asked: it goes, and the sign-out goes on by itself.
    await page.evaluate(([key, value]) => localStorage.setItem(key ?? '', value ?? ''), [annKey, queued]);
    await signIn(ANN);
    await waitUntil('Ann\'s disposition tried at sign-in', async () => posts.length > triedBySignOut);
    await pause(300);
    await page.click('#sign-out');
    await page.waitForSelector('#unsent:visible', { timeout: 10_000 });
    const triedAtSignOut = posts.length;
    online = true;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForSelector('#signin:visible');
    expect(posts.slice(triedAtSignOut)).toEqual([{ attemptId: ATTEMPT, authorization: `Bearer ${tokens[ANN]}` }]);
    // The server does not know the call: refused, and dropped.
    expect(await stored(annKey)).toBeNull();
    expect(await page.isVisible('#unsent')).toBe(false);
  }, 60_000);

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

  it("puts nothing back into a queue deleted at sign-out while the server was asked whose a shared entry is", async () => {
    const left = await page.evaluate(`(async () => {
      const { DispositionOutbox } = await import('/agent/disposition-outbox.js');
      localStorage.setItem('outpace.dispositionOutbox', JSON.stringify([{ attemptId: 'b1', body: { code: 'X', notes: 'private' }, queuedAt: 1 }]));
      let asked;
      const asking = new Promise((resolve) => { asked = resolve; });
      let answer;
      const outbox = new DispositionOutbox({
        api: { get: () => new Promise((resolve) => { answer = resolve; asked(); }), post: async () => ({ created: true }) },
        onChange: () => undefined, onSent: () => undefined, onRejected: () => undefined,
      });
      outbox.open('dee');
      const flushing = outbox.flush();
      await asking;
      // Signed out, deleting what could not go, before the server says the call is hers.
      outbox.discard();
      answer({});
      await flushing;
      const own = localStorage.getItem('outpace.dispositionOutbox.dee');
      localStorage.removeItem('outpace.dispositionOutbox');
      return own;
    })()`);
    expect(left).toBeNull();
  });
});

describe('agent desktop: dispositions queued before queues were per agent', () => {
  /** A call of the agent's that ended a while ago without a disposition. */
  async function owedCall(agentId: string): Promise<string> {
    const campaign = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Outbox upgrade ${agentId} ${Date.now()}`, timezone: 'UTC' });
    const list = await createList(test.node.pool, { campaignId: campaign.id, name: 'upgrade' });
    const [leadId] = (await insertLeads(test.node.pool, list.id, [{ firstName: 'Queued', phones: ['+15550400099'] }])).map(String);
    return insertPastCall(test.node.pool, campaign.id, { leadId: leadId ?? '', agentId, outcome: 'connected', talkSeconds: 60, dialledAt: new Date(Date.now() - 600_000) });
  }
  const dispositionOf = async (attemptId: string) =>
    (await test.node.pool.query('SELECT code, notes, agent_id FROM dispositions WHERE attempt_id = $1', [attemptId])).rows[0];

  it("sends the signed-in agent's entries of the shared queue and leaves the others' there for them", async () => {
    online = true;
    const [annCall, bobCall] = [await owedCall(ANN), await owedCall(BOB)];
    const bobs = { attemptId: bobCall, body: { code: 'NOT_INTERESTED', notes: "Bob's" }, queuedAt: Date.now() - 2_000 };
    const anns = { attemptId: annCall, body: { code: 'NOT_INTERESTED', notes: "Ann's" }, queuedAt: Date.now() - 1_000 };
    await page.goto(`${test.node.url}/agent/?lang=en`);
    await page.evaluate(([key, value]) => localStorage.setItem(key ?? '', value ?? ''), [sharedKey, JSON.stringify([bobs, anns])]);
    await page.reload();

    const sentBefore = posts.length;
    await signIn(ANN);
    await waitUntil("Ann's queued disposition stored", () => dispositionOf(annCall));
    expect(await dispositionOf(annCall)).toEqual({ code: 'NOT_INTERESTED', notes: "Ann's", agent_id: ANN });
    await expect.poll(() => stored(sharedKey)).toBe(JSON.stringify([bobs]));
    await expect.poll(() => stored(annKey)).toBe('[]');
    await expect.poll(() => page.isHidden('#backlog-card')).toBe(true);
    // Bob's was neither sent with Ann's token nor taken into her queue.
    expect(posts.slice(sentBefore)).toEqual([{ attemptId: annCall, authorization: `Bearer ${tokens[ANN]}` }]);
    await signOut();

    await signIn(BOB);
    await waitUntil("Bob's queued disposition stored", () => dispositionOf(bobCall));
    expect(await dispositionOf(bobCall)).toEqual({ code: 'NOT_INTERESTED', notes: "Bob's", agent_id: BOB });
    await expect.poll(() => stored(sharedKey)).toBeNull();
    await signOut();
  }, 45_000);

  it('lists a disposition the server refused with its reason, for the agent to fix or drop, apart from one waiting for the connection', async () => {
    online = true;
    const [retired, mistaken, unsent] = [await owedCall(ANN), await owedCall(ANN), await owedCall(ANN)];
    cut.add(unsent);
    const entry = (attemptId: string, code: string, notes: string, ago: number) => ({ attemptId, body: { code, notes }, queuedAt: Date.now() - ago });
    await page.goto(`${test.node.url}/agent/?lang=en`);
    await page.evaluate(([key, value]) => localStorage.setItem(key ?? '', value ?? ''), [annKey, JSON.stringify([
      entry(retired, 'GONE_CODE', 'first', 3_000), entry(mistaken, 'GONE_CODE', "Ann's notes to keep", 2_000), entry(unsent, 'NOT_INTERESTED', 'third', 1_000),
    ])]);
    await page.reload();
    const sentBefore = posts.length;
    await signIn(ANN);

    // The refused ones are listed with the server's reason; the one without a connection waits.
    const refused = page.locator('#refused-list .refused-item');
    await expect.poll(() => refused.count(), { timeout: 10_000 }).toBe(2);
    for (const reason of await refused.locator('.refused-reason').allTextContents()) {
      // The campaign named as people know it, not by its id.
      expect(reason).toMatch(new RegExp(`^Refused by the server: GONE_CODE is not in the catalogue of campaign "Outbox upgrade ${ANN} \\d+"$`));
    }
    await expect.poll(() => page.textContent('#outbox-status')).toBe('1 disposition waiting for the connection — it will be sent automatically.');
    await page.click('#sign-out');
    await page.waitForSelector('#unsent:visible', { timeout: 10_000 });
    expect(await page.textContent('#unsent-text')).toBe("1 disposition could not be sent (no connection to the server), and 2 were refused by the server (listed under Refused by the server, each with why: fix or drop each). They hold your leads' details, so they cannot stay on this computer once you sign out: stay signed in until they go, or sign out and delete them; their calls then wait for you under To disposition (for a day) to give again.");
    await page.click('#unsent-stay');
    // Tried again with the link, the refused ones are not sent again as they are.
    await pause(500);
    expect(posts.slice(sentBefore).filter((p) => p.attemptId !== unsent).map((p) => p.attemptId).sort()).toEqual([retired, mistaken].sort());

    // Dropped: its call waits under To disposition.
    await page.click(`#refused-list .refused-item[data-attempt-id="${retired}"] .refused-drop`);
    await expect.poll(() => refused.count()).toBe(1);
    await page.waitForSelector(`#backlog .backlog-item[data-attempt-id="${retired}"]`);
    // Fixed: back in the form with what was typed, a code the campaign has picked, and sent.
    await page.click(`#refused-list .refused-item[data-attempt-id="${mistaken}"] .refused-fix`);
    await expect.poll(() => page.inputValue('#dispo-notes')).toBe("Ann's notes to keep");
    expect(await page.isHidden('#refused-card')).toBe(true);
    await page.click('.code[data-code="NOT_INTERESTED"]');
    await page.click('#dispo-submit');
    // Queued behind the one waiting for the connection; with the link back, both go by themselves.
    await expect.poll(() => page.textContent('#outbox-status')).toBe('2 dispositions waiting for the connection — they will be sent automatically.');
    cut.delete(unsent);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitUntil('the fixed disposition stored', () => dispositionOf(mistaken));
    expect(await dispositionOf(mistaken)).toEqual({ code: 'NOT_INTERESTED', notes: "Ann's notes to keep", agent_id: ANN });
    await waitUntil('the waiting disposition stored', () => dispositionOf(unsent));
    expect(await dispositionOf(retired)).toBeUndefined();
    await expect.poll(() => page.textContent('#outbox-status')).toBe('');
    await signOut();
  }, 60_000);

  it('drops an entry whose call no longer exists, and keeps the one that is another agent\'s', async () => {
    online = true;
    const bobCall = await owedCall(BOB);
    const gone = { attemptId: '0b7e3a51-9c2d-4f68-8a14-5d6e7f809a1b', body: { code: 'NOT_INTERESTED', notes: 'of a call since erased' }, queuedAt: Date.now() - 3_000 };
    const bobs = { attemptId: bobCall, body: { code: 'NOT_INTERESTED', notes: "Bob's" }, queuedAt: Date.now() - 2_000 };
    await page.goto(`${test.node.url}/agent/?lang=en`);
    await page.evaluate(([key, value]) => localStorage.setItem(key ?? '', value ?? ''), [sharedKey, JSON.stringify([gone, bobs])]);
    await page.reload();

    const sentBefore = posts.length;
    await signIn(ANN);
    await expect.poll(() => stored(sharedKey)).toBe(JSON.stringify([bobs]));
    expect(posts.slice(sentBefore)).toEqual([]);
    await signOut();

    // Not asked about again, at the next sign-in or ever: Bob's goes at his.
    await signIn(BOB);
    await waitUntil("Bob's queued disposition stored", () => dispositionOf(bobCall));
    await expect.poll(() => stored(sharedKey)).toBeNull();
    expect(posts.slice(sentBefore)).toEqual([{ attemptId: bobCall, authorization: `Bearer ${tokens[BOB]}` }]);
    await signOut();
  }, 45_000);

  it('takes up only what the server says is the agent\'s, drops what it says does not exist, and leaves what it cannot tell now for the next try', async () => {
    const outcome = await page.evaluate(`(async () => {
      const { DispositionOutbox } = await import('/agent/disposition-outbox.js');
      const failure = (status, retryable) => Object.assign(new Error('HTTP ' + status), { status, retryable });
      const noSuchAttempt = Object.assign(failure(404, false), { details: { reason: 'no_such_attempt' } });
      let calls = { mine: null, theirs: failure(404, false), gone: noSuchAttempt, later: failure(0, true) };
      const sent = [];
      const outbox = new DispositionOutbox({
        api: {
          get: async (path) => { const answer = calls[path.split('/')[5]]; if (answer) throw answer; return {}; },
          post: async (path) => { sent.push(path.split('/')[3]); return { created: true }; },
        },
        onChange: () => undefined, onSent: () => undefined, onRejected: () => undefined,
      });
      const entry = (attemptId, queuedAt) => ({ attemptId, body: { code: 'X' }, queuedAt });
      localStorage.setItem('${sharedKey}', JSON.stringify([entry('theirs', 1), entry('gone', 2), entry('mine', 3), entry('later', 4)]));
      outbox.open('dana');
      await outbox.flush();
      const first = { sent: [...sent], shared: JSON.parse(localStorage.getItem('${sharedKey}')).map((e) => e.attemptId) };
      calls = { ...calls, later: null };
      await outbox.flush();
      const second = { sent: [...sent], shared: JSON.parse(localStorage.getItem('${sharedKey}')).map((e) => e.attemptId) };
      outbox.close();
      localStorage.removeItem('${sharedKey}');
      localStorage.removeItem('outpace.dispositionOutbox.dana');
      return { first, second };
    })()`);
    expect(outcome).toEqual({
      // Another agent's stays for them; one not answered for now stays to be asked again; one whose
      // call does not exist goes.
      first: { sent: ['mine'], shared: ['theirs', 'later'] },
      second: { sent: ['mine', 'later'], shared: ['theirs'] },
    });
  });
});
