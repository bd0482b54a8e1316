// A campaign's calling line, through a whole node and the simulated PBX: the caller ID it
// presents (its own, or its local presence number of the dialled number's area, or the lead's list's
// own, written with each dial's evidence and read back in the results by caller ID), none meaning no dialling (said why) until it is given one, and the trunk its
// calls go out on; a bad local number or trunk is refused by name.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { allDayWindow, apiCall, waitUntil } from '../../browser/browser-helpers.js';

let test: TestNode;

beforeAll(async () => {
  // No caller ID for campaigns without their own.
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1, sounds: { 'brand-b/vm': 3_000 } }, 'caller-id:', { callerId: '' });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

/** A running progressive campaign with one busy lead per number (digit 5), and its agent ready. */
async function campaignDialling(name: string, fields: Record<string, unknown>, phones: string[], agentId: string): Promise<string> {
  const id = await progressiveCampaign(name, fields);
  const list = await createList(test.node.pool, { campaignId: id, name: 'numbers' });
  await insertLeads(test.node.pool, list.id, phones.map((phone) => ({ phones: [phone] })));
  await startWithAgent(id, agentId);
  return id;
}

async function progressiveCampaign(name: string, fields: Record<string, unknown>): Promise<string> {
  const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `${name} ${Date.now()}`, mode: 'progressive', wrapUpMode: 'manual', ...fields,
    settings: { callingWindow: allDayWindow, ...(fields.settings as Record<string, unknown> | undefined) },
  });
  return id;
}

/** Starts the campaign and has its agent log in and go ready. */
async function startWithAgent(campaignId: string, agentId: string): Promise<void> {
  await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
  await apiCall(test, 'PUT', `/api/agents/${agentId}`, { name: agentId });
  const { token } = await apiCall<{ token: string }>(test, 'POST', `/api/agents/${agentId}/tokens`);
  await apiCall(test, 'POST', `/api/agents/${agentId}/login`, { campaignId }, token);
  await waitUntil(`${agentId} logged in`, async () => test.node.runtime.state().agents.get(agentId)?.status === 'paused');
  await apiCall(test, 'POST', `/api/agents/${agentId}/ready`, undefined, token);
}

// By the campaign's attempts: evidence outlives the campaigns other tests delete, whose ids come back.
const presented = async (campaignId: string) => (await test.node.pool.query<{ e164: string; caller: string }>(
  `SELECT payload ->> 'e164' AS e164, payload ->> 'callerId' AS caller FROM evidence_log
   WHERE kind = 'dial_checked' AND attempt_id IN (SELECT id FROM attempts WHERE campaign_id = $1) ORDER BY payload ->> 'e164'`, [campaignId])).rows;

/** The caller IDs presented once the campaign has dialled `count` numbers. */
const presentedOnceDialled = (campaignId: string, count: number) => waitUntil(`${count} numbers dialled`, async () => {
  const found = await presented(campaignId);
  return found.length === count && found;
});

describe('calling line', () => {
  it("presents the local presence number of the dialled number's area, else the campaign's own", async () => {
    const campaignId = await campaignDialling('Local presence', {
      callerId: '"Acme Energy" <+16505550100>', settings: { callerIdPool: ['+12125550100', '+13125550100'] },
    }, ['+12125551235', '+14155551235'], 'cid-local');
    expect(await presentedOnceDialled(campaignId, 2)).toEqual([
      { e164: '+12125551235', caller: '"Acme Energy" <+12125550100>' },
      { e164: '+14155551235', caller: '"Acme Energy" <+16505550100>' },
    ]);
    // The results by the number shown: both busy, so no one answered either.
    const report = await waitUntil('both calls closed', async () => {
      const read = await apiCall<{ callerIds: unknown[]; dials: number; outcomes: Record<string, number> }>(test, 'GET', `/api/reports/campaigns/${campaignId}`);
      return read.outcomes.busy === 2 && read;
    });
    expect(report.callerIds).toEqual([
      { callerId: '"Acme Energy" <+12125550100>', dials: 1, liveAnswers: 0, connected: 0, answerRate: 0 },
      { callerId: '"Acme Energy" <+16505550100>', dials: 1, liveAnswers: 0, connected: 0, answerRate: 0 },
    ]);
  }, 30_000);

  it("presents the lead's list's own caller ID where the list sets one, and its message for machines goes with the call", async () => {
    // Two lines for the agent, to numbers that ring on (digit 7): both calls are in the engine at once.
    const id = await progressiveCampaign('List caller ID', {
      mode: 'power', dialLevel: 2, callerId: '"Acme Energy" <+16505550100>', settings: { callerIdPool: ['+12125550100'] },
    });
    const brandB = await createList(test.node.pool, { campaignId: id, name: 'brand B' });
    const own = await createList(test.node.pool, { campaignId: id, name: 'own' });
    await insertLeads(test.node.pool, brandB.id, [{ phones: ['+12125551247'] }]);
    await insertLeads(test.node.pool, own.id, [{ phones: ['+12125551257'] }]);
    const set = await apiCall<{ callerId: string | null; machineMessageMedia: string | null }>(test, 'PATCH', `/api/lists/${brandB.id}`, {
      callerId: ' "Brand B" <+14155550199> ', machineMessageMedia: 'sound:brand-b/vm',
    });
    expect(set).toMatchObject({ callerId: '"Brand B" <+14155550199>', machineMessageMedia: 'sound:brand-b/vm' });
    const refused = await fetch(`${test.node.url}/api/lists/${own.id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ machineMessageMedia: 'vm message' }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain('machineMessageMedia: a sound or recording on the PBX, e.g. sound:acme/vm-message');

    await startWithAgent(id, 'cid-list');
    expect(await presentedOnceDialled(id, 2)).toEqual([
      { e164: '+12125551247', caller: '"Brand B" <+14155550199>' },
      { e164: '+12125551257', caller: '"Acme Energy" <+12125550100>' },
    ]);
    const calls = await waitUntil('both calls in the engine', async () => {
      const found = [...test.node.runtime.state().calls.values()].filter((call) => call.campaignId === id);
      return found.length === 2 && found;
    });
    expect(Object.fromEntries(calls.map((call) => [call.phone, call.listOverrides]))).toEqual({
      '+12125551247': { callerId: '"Brand B" <+14155550199>', machineMessageMedia: 'sound:brand-b/vm' },
      '+12125551257': null,
    });
  }, 30_000);

  it('does not dial a campaign with no caller ID, says why, and dials once it has one', async () => {
    const campaignId = await campaignDialling('No caller ID', {}, ['+12125552345'], 'cid-none');
    const decision = await waitUntil('a decision held by the missing caller ID', async () => {
      const decisions = await apiCall<{ binding: string; launch: number }[]>(test, 'GET', `/api/campaigns/${campaignId}/decisions`);
      return decisions.find((d) => d.binding === 'no_caller_id');
    });
    expect(decision.launch).toBe(0);
    const dials = await test.node.pool.query('SELECT 1 FROM attempts WHERE campaign_id = $1', [campaignId]);
    expect(dials.rowCount).toBe(0);

    await apiCall(test, 'PATCH', `/api/campaigns/${campaignId}`, { callerId: '+16505550100' });
    expect(await presentedOnceDialled(campaignId, 1)).toEqual([{ e164: '+12125552345', caller: '+16505550100' }]);
  }, 30_000);

  it("sends the campaign's calls out on its own trunk", async () => {
    // A number ending in 7 rings on and on, so its channel can be read.
    const campaignId = await campaignDialling('Own trunk', {
      callerId: '+16505550100', settings: { customerEndpoint: 'Local/9{number}@sim-pstn' },
    }, ['+12125553457'], 'cid-trunk');
    const [attempt] = await waitUntil('the number dialled', async () => {
      const found = await test.node.pool.query<{ id: string }>('SELECT id FROM attempts WHERE campaign_id = $1', [campaignId]);
      return found.rows.length > 0 && found.rows;
    });
    const channel = await waitUntil('its channel', async () => test.pbx.channels().find((c) => c.id === attempt?.id));
    expect(channel.name).toMatch(/^Local\/912125553457@sim-pstn-/);
  }, 30_000);

  it('refuses a caller ID that is no number to call back', async () => {
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Bad caller ID ${Date.now()}` });
    const response = await fetch(`${test.node.url}/api/campaigns/${id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ callerId: 'Acme Energy' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain('callerId: a number to call back, e.g. +16505550100 or "Acme Energy" <+16505550100>');
  });

  it('refuses an invalid, premium-rate, personal or pager number as caller ID or local presence number, saying why', async () => {
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Costly caller ID ${Date.now()}` });
    const patch = (body: unknown) => fetch(`${test.node.url}/api/campaigns/${id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, message: ((await response.json()) as { message?: string }).message }));
    expect(await patch({ callerId: '"Acme Energy" <+449098790000>' })).toEqual({
      status: 400, message: expect.stringContaining('callerId: +449098790000 is a premium-rate number: a caller ID must be a number the person can call back at no more than a normal rate') as unknown,
    });
    expect((await patch({ callerId: '+19002345678' })).message).toContain('+19002345678 is a premium-rate number');
    expect((await patch({ callerId: '+447012345678' })).message).toContain('+447012345678 is a personal (follow-me) number');
    expect(await patch({ settings: { callerIdPool: ['+12125550100', '+447640123456'] } })).toEqual({
      status: 400, message: 'settings.callerIdPool[1]: +447640123456 is a pager number: a caller ID must be a number the person can call back at no more than a normal rate',
    });
    // Nor a number its country has none like (too short for the US and Canada), nor one in no range in use.
    expect(await patch({ callerId: '+15550100' })).toEqual({
      status: 400, message: expect.stringContaining('callerId: +15550100 is not a valid phone number: too short for a number of country code +1; a caller ID must be a number the person can call back') as unknown,
    });
    expect((await patch({ callerId: '"Acme Energy" <+15555550100>' })).message).toContain('+15555550100 is not a valid phone number: no number of country code +1 is in that range');
    // A geographic or freephone number is one to call back.
    expect((await patch({ callerId: '"Acme Energy" <+18005550100>' })).status).toBe(200);
    expect((await patch({ callerId: '+442079460958' })).status).toBe(200);
  });

  it('refuses a caller ID written in national form, which could not be judged, saying how to write it', async () => {
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `National caller ID ${Date.now()}` });
    const patch = (path: string, body: unknown) => fetch(`${test.node.url}${path}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, message: ((await response.json()) as { message?: string }).message }));
    const howTo = "is not in E.164 form: write the caller ID's number with + and its country code";
    // A UK premium-rate number and a personal one, written as dialled in the UK, are not let through unjudged.
    expect(await patch(`/api/campaigns/${id}`, { callerId: '09098790000' })).toEqual({ status: 400, message: expect.stringContaining(`callerId: "09098790000" ${howTo}`) as unknown });
    expect((await patch(`/api/campaigns/${id}`, { callerId: '"Acme Energy" <07012 345678>' })).message).toContain(`"07012 345678" ${howTo}`);
    expect((await patch(`/api/campaigns/${id}`, { callerId: '020 7946 0018' })).message).toContain(`"020 7946 0018" ${howTo}`);
    expect((await patch(`/api/campaigns/${id}`, { callerId: '(212) 555-0101' })).message).toContain(`"(212) 555-0101" ${howTo}`);
    // A list's caller ID is checked as the campaign's.
    const list = await test.node.pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'national') RETURNING id::text`, [id]);
    expect(await patch(`/api/lists/${list.rows[0]?.id}`, { callerId: '2125550101' })).toEqual({ status: 400, message: expect.stringContaining(`"2125550101" ${howTo}`) as unknown });
    // Written in E.164 it is judged, and a geographic number is one to call back.
    expect((await patch(`/api/campaigns/${id}`, { callerId: '"Acme Energy" <+442079460018>' })).status).toBe(200);
  });

  it('keeps a caller ID written in E.164 with spaces, dashes, dots or brackets in E.164 form, and judges it', async () => {
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Spaced caller ID ${Date.now()}` });
    const patch = (path: string, body: unknown) => fetch(`${test.node.url}${path}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { message?: string; callerId?: string } }));
    const storedOf = async () => (await apiCall<{ callerId: string | null }>(test, 'GET', `/api/campaigns/${id}`)).callerId;
    expect((await patch(`/api/campaigns/${id}`, { callerId: '+44 20 7946 0018' })).status).toBe(200);
    expect(await storedOf()).toBe('+442079460018');
    expect((await patch(`/api/campaigns/${id}`, { callerId: '"Acme Energy" <+1 (212) 555-0101>' })).status).toBe(200);
    expect(await storedOf()).toBe('"Acme Energy" <+12125550101>');
    expect((await patch(`/api/campaigns/${id}`, { callerId: '+1.212.555.0102' })).status).toBe(200);
    expect(await storedOf()).toBe('+12125550102');
    // Judged in E.164 form: a premium-rate number written with spaces is refused as one.
    expect((await patch(`/api/campaigns/${id}`, { callerId: '+44 909 879 0000' })).body.message).toContain('+449098790000 is a premium-rate number');
    expect((await patch(`/api/campaigns/${id}`, { callerId: '+44 (' })).body.message).toContain('"+44 (" is not a number in E.164 form');
    // A list's caller ID is kept alike.
    const list = await test.node.pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'spaced') RETURNING id::text`, [id]);
    expect((await patch(`/api/lists/${list.rows[0]?.id}`, { callerId: '"Acme" <+44 20-7946-0019>' })).status).toBe(200);
    const listed = await test.node.pool.query<{ caller_id: string }>('SELECT caller_id FROM lists WHERE id = $1', [list.rows[0]?.id]);
    expect(listed.rows[0]?.caller_id).toBe('"Acme" <+442079460019>');
  });

  it('refuses a trunk without the number in it, naming the setting', async () => {
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Bad trunk ${Date.now()}` });
    const response = await fetch(`${test.node.url}/api/campaigns/${id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { customerEndpoint: 'PJSIP/carrier' } }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message)
      .toBe('settings.customerEndpoint: "PJSIP/carrier" is not a dial string with {number} or {e164}, e.g. PJSIP/{number}@carrier');
  });

  it('refuses a local presence list with a number not in E.164 form, naming it', async () => {
    const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Bad pool ${Date.now()}` });
    const response = await fetch(`${test.node.url}/api/campaigns/${id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { callerIdPool: ['+12125550100', '2125550100'] } }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message)
      .toBe('settings.callerIdPool[1]: "2125550100" is not a valid number in E.164 form (+, country code, number)');
  });
});
