// The disposition catalogue through the API of a running node: a manager adds a code and changes
// one, a hotkey another active code holds is refused with its holder named, a retired code leaves
// the agents' list but stays in the whole catalogue, and a code that is not one is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { nodeRequest } from '../../helpers/node-request.js';

let test: TestNode;
let campaignId: string;

const call = <T>(method: string, path: string, body?: unknown, token = roleTokens.manager) => nodeRequest<T>(test, method, path, body, token);

interface Entry {
  code: string;
  label: string;
  hotkey: string | null;
  active: boolean;
  retryDelayMinutes: number | null;
  movesStageTo: string | null;
}

beforeAll(async () => {
  test = await startTestNode({}, 'disposition-catalog:');
  campaignId = (await call<{ id: string }>('POST', '/api/campaigns', { name: `Catalogue ${Date.now()}` })).body.id;
}, 60_000);

afterAll(async () => {
  await test?.close();
});

const codes = async (all = false) => (await call<Entry[]>('GET', `/api/campaigns/${campaignId}/disposition-codes${all ? '?all=true' : ''}`, undefined, roleTokens.agent)).body;

describe('disposition catalogue', () => {
  it('adds a code and changes one', async () => {
    const added = await call<Entry>('PUT', `/api/campaigns/${campaignId}/disposition-codes/VOICEMAIL_LEFT`, {
      label: 'Voicemail left', hotkey: 'l', humanAnswered: false, retryDelayMinutes: 240, sortOrder: 95,
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ code: 'VOICEMAIL_LEFT', label: 'Voicemail left', hotkey: 'l', retryDelayMinutes: 240, active: true, movesStageTo: null });
    const changed = await call<Entry>('PUT', `/api/campaigns/${campaignId}/disposition-codes/NOT_INTERESTED`, {
      label: 'Not interested now', hotkey: '4', final: true, movesStageTo: 'valid_contact', sortOrder: 40,
    });
    expect(changed.body).toMatchObject({ label: 'Not interested now', hotkey: '4' });
    const list = await codes();
    expect(list.find((e) => e.code === 'VOICEMAIL_LEFT')?.label).toBe('Voicemail left');
    expect(list.find((e) => e.code === 'NOT_INTERESTED')?.label).toBe('Not interested now');
  });

  it("refuses a hotkey another active code holds, naming it; a retired code's hotkey is free", async () => {
    const taken = await call<{ message: string }>('PUT', `/api/campaigns/${campaignId}/disposition-codes/VOICEMAIL_LEFT`, { label: 'Voicemail left', hotkey: '1' });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toBe("hotkey 1 is already SALE's: give this code another or none");
    const retired = await call<Entry>('PUT', `/api/campaigns/${campaignId}/disposition-codes/LANGUAGE_BARRIER`, { label: 'Language barrier', hotkey: '9', final: true, active: false, sortOrder: 90 });
    expect(retired.body.active).toBe(false);
    expect((await codes()).map((e) => e.code)).not.toContain('LANGUAGE_BARRIER');
    expect((await codes(true)).find((e) => e.code === 'LANGUAGE_BARRIER')?.active).toBe(false);
    expect((await call('PUT', `/api/campaigns/${campaignId}/disposition-codes/VOICEMAIL_LEFT`, { label: 'Voicemail left', hotkey: '9' })).status).toBe(200);
  });

  it("refuses a hotkey the agent desktop keeps for itself, which the code could never be chosen by", async () => {
    for (const hotkey of ['o', 'e']) {
      const held = await call<{ message: string }>('PUT', `/api/campaigns/${campaignId}/disposition-codes/VOICEMAIL_LEFT`, { label: 'Voicemail left', hotkey });
      expect(held.status).toBe(400);
      expect(held.body.message).toContain("r, p, h, o, m, x, v, e, q, n, d, s are the agent desktop's own keys: give the code another");
    }
  });

  it('refuses a code that is not one, and a campaign that does not exist', async () => {
    const bad = await call<{ message: string }>('PUT', `/api/campaigns/${campaignId}/disposition-codes/no%20good`, { label: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('codes are capitals, digits and _');
    expect((await call('PUT', '/api/campaigns/987654321/disposition-codes/SALE', { label: 'Sale' })).status).toBe(404);
    // Read too: an empty catalogue would pass for a campaign with no codes.
    const missing = await call<{ message: string }>('GET', '/api/campaigns/987654321/disposition-codes');
    expect([missing.status, missing.body.message]).toEqual([404, 'campaign 987654321 does not exist']);
    expect((await call('PUT', `/api/campaigns/${campaignId}/disposition-codes/SALE`, { label: 'Sale' }, roleTokens.supervisor)).status).toBe(403);
  });
});
