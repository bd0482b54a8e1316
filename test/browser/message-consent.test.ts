// A lead without consent to prerecorded messages on the agent desktop in headless Chromium against
// a whole node (engine, simulated PBX, Postgres): the screen pop says the agent is to hang up on a
// machine, in the desktop's languages; asked to leave the message all the same, the desktop says
// why none is left, and the call stays the agent's.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;

beforeAll(async () => {
  desk = await startDesktopOnACall('message-consent:', {
    name: `Message consent ${Date.now()}`, agentId: 'nina', agentName: 'Nina Agent',
    leads: [{ firstName: 'Emmy', lastName: 'Noether', phones: ['+12125550150'] }],
  });
  ({ test, page } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('a lead without consent to prerecorded messages on the desktop', () => {
  it('tells the agent to hang up on a machine, and why no message is left when asked', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Emmy Noether');
    await expect.poll(() => page.textContent('#lead-meta .message-withheld')).toBe('No consent to prerecorded messages: on an answering machine, hang up');
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#lead-meta .message-withheld')).toBe('未同意接收预录消息：遇到答录机请挂断');
    await page.selectOption('#locale', 'en');

    await page.click('#message-btn');
    await expect.poll(() => page.textContent('#problems .problem-text'))
      .toBe('No message left: this person has not consented to prerecorded messages. Hang up and give the call its disposition.');
    expect(test.node.runtime.state().agents.get('nina')?.status).toBe('talking');
  }, 60_000);
});
