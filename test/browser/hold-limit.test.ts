// A hold left on, on the agent desktop in headless Chromium against a whole node (engine,
// simulated PBX, Postgres): the desktop counts down to the campaign's hold limit; at the limit the
// customer is back in the agent's bridge by themselves, the desktop says why, and the attempt
// keeps the time on hold. The engine's clock is moved on to the limit.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { apiCall, startDesktopOnACall, waitUntil, type DesktopOnACall } from './browser-helpers.js';

const HOLD_LIMIT_MS = 30_000;

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let clockAheadMs = 0;

interface AgentState { status: string; callId: string | null; heldSinceMs: number | null; heldUntilMs: number | null }

const stateOf = () => apiCall<AgentState>(test, 'GET', '/api/agents/alice');
const membersOf = (bridgeId: string) => test.pbx.bridges().find((b) => b.id === bridgeId)?.channels ?? [];

beforeAll(async () => {
  desk = await startDesktopOnACall('hold-limit:', {
    name: `Hold limit ${Date.now()}`, agentId: 'alice', agentName: 'Alice Agent',
    campaign: { settings: { holdLimitMs: HOLD_LIMIT_MS } },
    leads: [{ firstName: 'Lin', lastName: 'Wei', phones: ['+15550100080'] }],
  }, { clock: () => Date.now() + clockAheadMs });
  ({ test, page } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('the hold limit on the agent desktop', () => {
  it('counts down, brings a customer left on hold back to the agent, says why, and keeps the time on hold', async () => {
    await page.click('body');
    await page.keyboard.press('o');
    await expect.poll(() => page.textContent('#call-held')).toMatch(/^Customer on hold \(music\) for 0:0\d; back with you in 0:(30|2\d)\.$/);
    const { callId, heldSinceMs, heldUntilMs } = await stateOf();
    expect(heldUntilMs).toBe((heldSinceMs ?? 0) + HOLD_LIMIT_MS);
    await waitUntil('the customer on hold', async () => membersOf(`hold-${callId}`).includes(callId ?? ''));

    clockAheadMs = HOLD_LIMIT_MS;
    await waitUntil('the customer back with alice', async () => membersOf('agent-bridge-alice').includes(callId ?? ''));
    expect(membersOf(`hold-${callId}`)).toEqual([]);
    await expect.poll(() => page.textContent('#toast')).toBe("Your customer is back with you: the hold reached the campaign's limit.");
    expect(await page.isVisible('#call-held')).toBe(false);
    expect(await page.textContent('#hold-label')).toBe('Hold');
    expect(await stateOf()).toMatchObject({ status: 'talking', callId, heldSinceMs: null, heldUntilMs: null });
    const kept = await waitUntil('the hold kept with the attempt', async () => {
      const { rows } = await test.node.pool.query<{ held_ms: number; held_since: Date | null }>('SELECT held_ms, held_since FROM attempts WHERE id = $1', [callId]);
      return rows[0]?.held_since === null ? rows[0] : undefined;
    });
    expect(kept.held_ms).toBeGreaterThanOrEqual(HOLD_LIMIT_MS);
  }, 60_000);
});
