// PATCH /api/campaigns/:id on a running node: the free-form settings change key by key (a key
// sent as null is removed, the others are kept), dial rules are refused there unless they are
// unchanged, because they change through PUT dial-rules, which keeps the evidence, pause
// reasons must be codes, and the longest recording pause stays within its bounds; a carrier's
// calls-per-second limit and a lead filter are checked and worked by, their bounds served for a
// form to offer. Every change of settings or
// status is kept in the evidence log.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { nodeRequest } from '../../helpers/node-request.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { markLaboratory } from '../../../src/adapters/pg/laboratory-marker.js';
import { maxReturnCallHoldSeconds } from '../../../src/core/campaign-settings.js';
import { maxDialsPerSecondCap } from '../../../src/core/limits.js';

let test: TestNode;

const call = <T>(method: string, path: string, body?: unknown) => nodeRequest<T>(test, method, path, body);

const window = { regime: 'custom', weekly: { mon: [{ start: '09:00', end: '17:00' }] } };
const allDay = { regime: 'custom', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])) };
const initial = {
  callingWindow: window, recycle: { maxAttempts: 3 }, pauseReasons: ['break', 'lunch'], targets: [{ measure: 'appointment', count: 4, per: 'day' }],
};

beforeAll(async () => {
  // Campaign ids start again from 1 after a truncation: earlier files' evidence under the same ids would read as ours.
  const reset = createTestPool(1);
  await truncateTables(reset, ['campaigns', 'evidence_log']);
  await reset.end();
  test = await startTestNode({ storedRecordings: { 'acme/recorded-sh': 6000 } }, 'campaign-patch:');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('PATCH /api/campaigns/:id settings', () => {
  it('changes the settings sent, removes those sent as null and keeps the rest', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Patch ${Date.now()}`, settings: initial });
    const targets = [{ measure: 'success', count: 9, per: 'week' }];
    const patched = await call<{ settings: Record<string, unknown> }>('PATCH', `/api/campaigns/${created.id}`, { settings: { targets, pauseReasons: null, greeting: 'hello' } });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({ callingWindow: window, recycle: { maxAttempts: 3 }, targets, greeting: 'hello' });
  });

  it('serves the bounds it holds the calling line\'s numbers to, which a form offers, to staff', async () => {
    const bounds = await nodeRequest<Record<string, { min: number; max: number }>>(test, 'GET', '/api/campaign-settings/bounds', undefined, roleTokens.viewer);
    expect(bounds).toEqual({ status: 200, body: { returnCallHoldSeconds: { min: 0, max: maxReturnCallHoldSeconds }, maxDialsPerSecond: { min: 0, max: maxDialsPerSecondCap } } });
    expect((await nodeRequest(test, 'GET', '/api/campaign-settings/bounds', undefined, roleTokens.agent)).status).toBe(403);
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Bounds ${Date.now()}` });
    for (const [key, { max }] of Object.entries(bounds.body)) {
      expect((await call('PATCH', `/api/campaigns/${created.id}`, { settings: { [key]: max } })).status).toBe(200);
      expect((await call('PATCH', `/api/campaigns/${created.id}`, { settings: { [key]: max + 1 } })).status).toBe(400);
    }
  });

  it('refuses a time zone that is not one, on create and on change; and an id past what the database holds', async () => {
    const bad = await call<{ message: string }>('POST', '/api/campaigns', { name: `Zone ${Date.now()}`, timezone: 'America/Chicgo' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('an IANA time zone such as America/Chicago');
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Zone ${Date.now()}`, timezone: 'America/Chicago' });
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { timezone: 'Mars/Olympus' })).status).toBe(400);
    // A fixed-offset abbreviation runs an hour off its region's clocks half the year.
    const fixed = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { timezone: 'EST' });
    expect(fixed.status).toBe(400);
    expect(fixed.body.message).toContain('EST is an abbreviation, not a region\'s zone: give America/New_York');
    // One the platform reads as a region far from the one meant (IST: Kolkata, Israel or Ireland?).
    const unclear = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { timezone: 'IST' });
    expect([unclear.status, unclear.body.message]).toEqual([400, expect.stringContaining("IST is not a region's zone: give one by its region")]);
    const huge = await call<{ error: string }>('GET', '/api/campaigns/99999999999999999999');
    expect(huge.status).toBe(400);
    expect(huge.body.error).toBe('invalid_request');
  });

  it('refuses a dial rule changed here and names the route that records it; an unchanged one passes', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Rules ${Date.now()}`, settings: initial });
    const changed = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { settings: { recycle: { maxAttempts: 9 }, callingWindow: null } });
    expect(changed.status).toBe(400);
    expect(changed.body.message).toBe('settings.callingWindow, settings.recycle: dial rules change through PUT /api/campaigns/{id}/dial-rules, which records the change in the evidence log');
    expect((await call<{ settings: unknown }>('GET', `/api/campaigns/${created.id}`)).body.settings).toEqual(initial);

    // A client that sends the whole settings back, rules unchanged, is not refused.
    const whole = await call<{ settings: Record<string, unknown> }>('PATCH', `/api/campaigns/${created.id}`, { settings: { ...initial, pauseReasons: ['break'] } });
    expect(whole.status).toBe(200);
    expect(whole.body.settings).toEqual({ ...initial, pauseReasons: ['break'] });
  });
});

describe("a carrier's calls-per-second limit in settings", () => {
  it('takes a whole number of calls a second from 0 to 1000, and the engine paces by it', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Rate ${Date.now()}`, settings: initial });
    for (const bad of [-1, 1_001, 2.5, '5']) {
      const refused = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { settings: { maxDialsPerSecond: bad } });
      expect(refused.status, String(bad)).toBe(400);
      expect(refused.body.message).toContain('maxDialsPerSecond');
    }
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { settings: { maxDialsPerSecond: 5 } })).status).toBe(200);
    await call('POST', `/api/campaigns/${created.id}/start`);
    const loaded = () => test.node.runtime.state().campaigns.get(created.id)?.settings.maxDialsPerSecond;
    const until = Date.now() + 10_000;
    while (loaded() !== 5 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(loaded()).toBe(5);
  });
});

describe('a lead filter in settings', () => {
  it('refuses a bad condition by its place, and selection dials only the leads meeting every one, callbacks kept', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Filter ${Date.now()}`, settings: initial });
    const refusals: [unknown, string][] = [
      [{ field: 'state', op: 'in', values: ['CA'] }, 'settings.leadFilter: a list of conditions {field, op, values}'],
      [[{ field: 'state', op: 'in', values: ['CA'] }, { field: 'state', op: 'state is CA' }], 'settings.leadFilter[1]: op: "state is CA" is not one of in, not_in, empty, not_empty'],
      [[{ field: 'plan', op: 'not_in', values: [] }], 'settings.leadFilter[0]: values: 1 to 200 texts to compare the field with'],
    ];
    for (const [leadFilter, message] of refusals) {
      const refused = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { settings: { leadFilter } });
      expect([refused.status, refused.body.message]).toEqual([400, message]);
    }
    const leadFilter = [{ field: 'state', op: 'in', values: ['CA', 'NV'] }, { field: 'plan', op: 'not_in', values: ['gold'] }];
    // Open all day, so that only the filter decides.
    expect((await call('PUT', `/api/campaigns/${created.id}/dial-rules`, { callingWindow: allDay })).status).toBe(200);
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { settings: { leadFilter } })).status).toBe(200);

    const list = await createList(test.node.pool, { campaignId: created.id, name: 'filtered' });
    const [ca, , gold, , promised] = await insertLeads(test.node.pool, list.id, [
      { phones: ['+12125550140'], fields: { state: ' ca ', plan: 'silver' } }, { phones: ['+12125550141'], fields: { state: 'TX' } },
      { phones: ['+12125550142'], fields: { state: 'NV', plan: 'Gold' } }, { phones: ['+12125550143'] },
      { phones: ['+12125550144'], fields: { state: 'TX' }, status: 'callback' },
    ]);
    const leased = await leaseLeadsAndCreateAttempts(test.node.pool, { campaignId: created.id, count: 10, nodeId: 'filter-test', now: new Date(), leaseMs: 60_000 });
    expect(leased.map((l) => l.leadId).sort()).toEqual([ca, promised].sort());
    const why = await call<{ checks: { rule: string; blocks: boolean; detail: string }[] }>('GET', `/api/leads/${gold}/why-not-dialled`);
    expect(why.body.checks.find((c) => c.rule === 'lead_filter')).toMatchObject({ blocks: true, detail: "left out by the campaign's filter: not plan not in gold" });
  });
});

describe('changes kept in the evidence log', () => {
  interface Entry { kind: string; payload: Record<string, unknown> }
  const evidence = async (id: string) => (await call<{ entries: Entry[] }>('GET', `/api/campaigns/${id}/evidence?kinds=campaign_created,campaign_changed,campaign_status_changed`)).body.entries.reverse();

  it('keeps each change of settings and status, by whom, before and after; one that changes nothing or is refused is not kept', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Audit ${Date.now()}`, abandonTarget: 0.03, settings: initial });
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { abandonTarget: 0.02, recordingEnabled: true, settings: { holdLimitMs: 60_000, pauseReasons: null } })).status).toBe(200);
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { abandonTarget: 0.02 })).status).toBe(200);
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { abandonTarget: 0.05 })).status).toBe(400);
    expect((await call('POST', `/api/campaigns/${created.id}/start`)).status).toBe(200);
    expect((await call('POST', `/api/campaigns/${created.id}/start`)).status).toBe(409);
    expect((await call('POST', `/api/campaigns/${created.id}/pause`)).status).toBe(200);

    expect(await evidence(created.id)).toEqual([
      { kind: 'campaign_created', payload: { by: 'test manager', campaign: expect.objectContaining({ name: expect.stringMatching(/^Audit /), status: 'draft', abandonTarget: 0.03, settings: initial }) } },
      {
        kind: 'campaign_changed', payload: {
          by: 'test manager', changes: {
            abandonTarget: { before: 0.03, after: 0.02 }, recordingEnabled: { before: false, after: true },
            'settings.pauseReasons': { before: ['break', 'lunch'], after: null }, 'settings.holdLimitMs': { before: null, after: 60_000 },
          },
        },
      },
      { kind: 'campaign_status_changed', payload: { by: 'test manager', from: 'draft', to: 'running' } },
      { kind: 'campaign_status_changed', payload: { by: 'test manager', from: 'running', to: 'paused' } },
    ].map((entry) => expect.objectContaining(entry)));
  });
});

describe('a copy of a campaign', () => {
  it('is a draft with its settings and codes, kept in the evidence as copied; managers only, of a campaign that exists', async () => {
    const { body: source } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Source ${Date.now()}`, mode: 'power', dialLevel: 2, settings: initial });
    expect((await call('PUT', `/api/campaigns/${source.id}/disposition-codes/WRONG_PERSON`, { label: 'Wrong person', final: true })).status).toBe(200);
    await call('POST', `/api/campaigns/${source.id}/start`);
    const copied = await call<{ id: string; status: string; mode: string; dialLevel: number; settings: unknown }>('POST', `/api/campaigns/${source.id}/copy`, { name: `Copy ${Date.now()}` });
    expect(copied.status).toBe(201);
    expect(copied.body).toMatchObject({ status: 'draft', mode: 'power', dialLevel: 2, settings: initial });
    const codes = async (id: string) => (await call<{ code: string }[]>('GET', `/api/campaigns/${id}/disposition-codes?all=true`)).body.map((c) => c.code);
    expect(await codes(copied.body.id)).toEqual(await codes(source.id));
    expect(await codes(copied.body.id)).toContain('WRONG_PERSON');
    const created = await call<{ entries: { payload: Record<string, unknown> }[] }>('GET', `/api/campaigns/${copied.body.id}/evidence?kinds=campaign_created`);
    expect(created.body.entries.map((e) => [e.payload.by, e.payload.copiedFrom])).toEqual([['test manager', source.id]]);
    expect((await call('POST', '/api/campaigns/999999/copy', { name: 'Nothing' })).status).toBe(404);
    expect((await nodeRequest(test, 'POST', `/api/campaigns/${source.id}/copy`, { name: 'Mine' }, roleTokens.supervisor)).status).toBe(403);
  });
});

describe('the longest recording pause and hold in settings', () => {
  it.each(['recordingPauseLimitMs', 'holdLimitMs'] as const)('%s takes whole milliseconds from 30 s to 15 min, and the engine works by it', async (key) => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `${key} ${Date.now()}`, settings: initial });
    for (const bad of [5_000, 1_000_000, 60_000.5, '60000']) {
      const refused = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { settings: { [key]: bad } });
      expect(refused.status, String(bad)).toBe(400);
      expect(refused.body.message).toContain(key);
    }
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { settings: { [key]: 60_000 } })).status).toBe(200);
    await call('POST', `/api/campaigns/${created.id}/start`);
    const loaded = async () => test.node.runtime.state().campaigns.get(created.id)?.settings[key];
    const until = Date.now() + 10_000;
    while ((await loaded()) !== 60_000 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await loaded()).toBe(60_000);
  });
});

describe("how a message on an answering machine waits for the greeting's end, in settings", () => {
  it('takes the silence from 0 (no wait) to 10 s and the longest wait from 5 s to 2 min, and the engine works by them', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Greeting ${Date.now()}`, settings: initial });
    const refusals: [string, unknown][] = [
      ['machineMessageSilenceMs', -1], ['machineMessageSilenceMs', 10_001], ['machineMessageSilenceMs', 1_500.5],
      ['machineMessageMaxWaitMs', 4_999], ['machineMessageMaxWaitMs', 120_001], ['machineMessageMaxWaitMs', '30000'],
    ];
    for (const [key, bad] of refusals) {
      const refused = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { settings: { [key]: bad } });
      expect(refused.status, `${key} ${String(bad)}`).toBe(400);
      expect(refused.body.message).toContain(key);
    }
    const saved = await call('PATCH', `/api/campaigns/${created.id}`, { settings: { machineMessageSilenceMs: 0, machineMessageMaxWaitMs: 45_000 } });
    expect(saved.status).toBe(200);
    await call('POST', `/api/campaigns/${created.id}/start`);
    const loaded = () => {
      const settings = test.node.runtime.state().campaigns.get(created.id)?.settings;
      return settings && [settings.machineMessageSilenceMs, settings.machineMessageMaxWaitMs];
    };
    const until = Date.now() + 10_000;
    while (loaded()?.[1] !== 45_000 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(loaded()).toEqual([0, 45_000]);
  });
});

describe('recording on demand in settings', () => {
  it('takes true or false, and the engine records by it', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `On demand ${Date.now()}`, settings: initial });
    const refused = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { settings: { recordingOnDemand: 'yes' } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('settings.recordingOnDemand: "yes" is not true or false');
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { settings: { recordingOnDemand: true } })).status).toBe(200);
    await call('POST', `/api/campaigns/${created.id}/start`);
    const loaded = () => test.node.runtime.state().campaigns.get(created.id)?.settings.recordingOnDemand;
    const until = Date.now() + 10_000;
    while (loaded() !== true && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(loaded()).toBe(true);
  });
});

describe('pause reasons in settings', () => {
  it('refuses a list with something that is not a code, naming it, on create and on change', async () => {
    const created = await call<{ message: string }>('POST', '/api/campaigns', { name: `Pauses ${Date.now()}`, settings: { pauseReasons: ['break', 'Coffee Time'] } });
    expect(created.status).toBe(400);
    expect(created.body.message).toBe('settings.pauseReasons: "Coffee Time" is not a code (a-z, 0-9, _ and -, up to 40)');
    const { body: campaign } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Pauses ${Date.now()}` });
    const empty = await call<{ message: string }>('PATCH', `/api/campaigns/${campaign.id}`, { settings: { pauseReasons: [] } });
    expect(empty.body.message).toBe('settings.pauseReasons: a list of at least one code');
    const good = await call<{ settings: Record<string, unknown> }>('PATCH', `/api/campaigns/${campaign.id}`, { settings: { pauseReasons: ['break', 'coffee_time'] } });
    expect(good.body.settings).toEqual({ pauseReasons: ['break', 'coffee_time'] });
  });
});

describe('a campaign whose stored settings the engine would not load', () => {
  it('names them, and is not started until they are changed', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Tone ${Date.now()}`, settings: { callingWindow: allDay } });
    // A tone in the safe-harbor message was accepted once; a tone plays until stopped.
    await test.node.pool.query("UPDATE campaigns SET safe_harbor_media = 'tone:ring' WHERE id = $1", [created.id]);
    const problem = 'safeHarborMedia must not play a tone: a tone plays until stopped, so the call would never be hung up';
    expect((await call<{ settingsProblems: string[] }>('GET', `/api/campaigns/${created.id}`)).body.settingsProblems).toEqual([problem]);
    const refused = await call<{ message: string; details: unknown }>('POST', `/api/campaigns/${created.id}/start`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ message: `campaign ${created.id} cannot start until its settings are changed: ${problem}`, details: { problems: [problem] } });
    expect((await call<{ status: string }>('GET', `/api/campaigns/${created.id}`)).body.status).toBe('draft');

    expect((await call('PATCH', `/api/campaigns/${created.id}`, { safeHarborMedia: 'sound:outpace/sh' })).status).toBe(200);
    expect((await call<{ settingsProblems: string[] }>('GET', `/api/campaigns/${created.id}`)).body.settingsProblems).toEqual([]);
    expect((await call<{ status: string }>('POST', `/api/campaigns/${created.id}/start`)).body.status).toBe('running');
    await call('POST', `/api/campaigns/${created.id}/stop`);
  });
});

describe("a campaign's safe-harbor and machine messages", () => {
  it('are a sound or recording on the PBX, on create and on change; anything else is refused by its field and nothing is kept', async () => {
    const hint = 'a sound or recording on the PBX, e.g. sound:acme/vm-message';
    const badCreate = await call<{ message: string }>('POST', '/api/campaigns', { name: `Media ${Date.now()}`, safeHarborMedia: 'just some text' });
    expect([badCreate.status, badCreate.body.message]).toEqual([400, `body.safeHarborMedia: ${hint}`]);
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Media ${Date.now()}`, machineMessageMedia: 'recording:acme/vm' });
    const badPatch = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { machineMessageMedia: 'foo', mode: 'power' });
    expect([badPatch.status, badPatch.body.message]).toEqual([400, `body.machineMessageMedia: ${hint}`]);
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { safeHarborMedia: 'sound:outpace/sh,sound:more' })).status).toBe(400);
    const kept = await call<{ mode: string; machineMessageMedia: string; safeHarborMedia: string }>('GET', `/api/campaigns/${created.id}`);
    expect(kept.body).toMatchObject({ machineMessageMedia: 'recording:acme/vm', safeHarborMedia: 'sound:outpace/sh' });
    expect(kept.body.mode).not.toBe('power');
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { safeHarborMedia: ' sound:acme/sorry ' })).status).toBe(200);
  });
});

describe("a campaign's sounds on the PBX", () => {
  it('keeps a campaign from starting, or a running one from changing, to play a sound the PBX does not have', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: 'Sounds elsewhere', safeHarborMedia: 'sound:acme/sh' });
    const list = await createList(test.node.pool, { campaignId: created.id, name: 'Brand B' });
    expect((await call('PATCH', `/api/lists/${list.id}`, { machineMessageMedia: 'sound:brand-b/vm' })).status).toBe(200);
    const refused = await call<{ message: string }>('POST', `/api/campaigns/${created.id}/start`);
    expect([refused.status, refused.body.message]).toEqual([400, `campaign ${created.id} cannot start: the PBX has no sound `
      + '"acme/sh" (the safe-harbor message of campaign "Sounds elsewhere": its abandoned calls would get none), '
      + '"brand-b/vm" (the message list "Brand B" of campaign "Sounds elsewhere" leaves on answering machines): '
      + "place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started"]);
    expect((await call<{ status: string }>('GET', `/api/campaigns/${created.id}`)).body.status).toBe('draft');
    await call('PATCH', `/api/lists/${list.id}`, { machineMessageMedia: null });
    await call('PATCH', `/api/campaigns/${created.id}`, { safeHarborMedia: 'sound:tt-monkeys' });
    expect((await call<{ status: string }>('POST', `/api/campaigns/${created.id}/start`)).body.status).toBe('running');
    const whileRunning = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { returnCallMedia: 'sound:acme/return', mode: 'power' });
    expect([whileRunning.status, whileRunning.body.message]).toEqual([400, `campaign ${created.id} is running: the PBX has no sound `
      + `"acme/return" (what a person calling campaign "Sounds elsewhere" back hears): place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started`]);
    expect((await call<{ mode: string; returnCallMedia: string }>('GET', `/api/campaigns/${created.id}`)).body).toMatchObject({ returnCallMedia: 'sound:outpace/return-call' });
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { returnCallMedia: 'sound:hello-world', safeHarborMedia: 'sound:tt-monkeys' })).status).toBe(200);
    await call('POST', `/api/campaigns/${created.id}/stop`);
  });
});

describe("a campaign's stored recordings on the PBX", () => {
  it('keeps a campaign from starting, or a running one from changing, to play a recording the PBX does not hold', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: 'Recorded elsewhere', safeHarborMedia: 'recording:acme/never-recorded' });
    const refused = await call<{ message: string }>('POST', `/api/campaigns/${created.id}/start`);
    expect([refused.status, refused.body.message]).toEqual([400, `campaign ${created.id} cannot start: the PBX has no stored recording `
      + '"acme/never-recorded" (the safe-harbor message of campaign "Recorded elsewhere": its abandoned calls would get none): '
      + "record it on the PBX under that name, or place the file in Asterisk's recordings directory (/var/spool/asterisk/recording/acme/vm.wav for acme/vm)"]);
    expect((await call<{ status: string }>('GET', `/api/campaigns/${created.id}`)).body.status).toBe('draft');
    await call('PATCH', `/api/campaigns/${created.id}`, { safeHarborMedia: 'recording:acme/recorded-sh' });
    expect((await call<{ status: string }>('POST', `/api/campaigns/${created.id}/start`)).body.status).toBe('running');
    const whileRunning = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { machineMessageMedia: 'recording:acme/gone' });
    expect([whileRunning.status, whileRunning.body.message]).toEqual([400, `campaign ${created.id} is running: the PBX has no stored recording `
      + '"acme/gone" (the message campaign "Recorded elsewhere" leaves on answering machines): '
      + "record it on the PBX under that name, or place the file in Asterisk's recordings directory (/var/spool/asterisk/recording/acme/vm.wav for acme/vm)"]);
    await call('POST', `/api/campaigns/${created.id}/stop`);
  });
});

describe("a campaign's return-call message", () => {
  it('is the default prompt until set, a sound or recording on the PBX, and kept in the evidence when changed', async () => {
    const { body: created } = await call<{ id: string; returnCallMedia: string }>('POST', '/api/campaigns', { name: `Return ${Date.now()}` });
    expect(created.returnCallMedia).toBe('sound:outpace/return-call');
    const refused = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { returnCallMedia: 'tone:ring' });
    expect([refused.status, refused.body.message]).toEqual([400, 'body.returnCallMedia: a sound or recording on the PBX, e.g. sound:acme/vm-message']);
    expect((await call('PATCH', `/api/campaigns/${created.id}`, { returnCallMedia: ' sound:acme/return ' })).status).toBe(200);
    expect((await call<{ returnCallMedia: string }>('GET', `/api/campaigns/${created.id}`)).body.returnCallMedia).toBe('sound:acme/return');
    const changes = await test.node.pool.query<{ payload: { changes: Record<string, unknown> } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'campaign_changed' AND campaign_id = $1", [created.id]);
    expect(changes.rows.map((row) => row.payload.changes.returnCallMedia)).toEqual([{ before: 'sound:outpace/return-call', after: 'sound:acme/return' }]);
  });
});

describe("a campaign's opt-out key", () => {
  it('may be none under UK rules only: the US safe harbor asks the message for a key-press opt-out', async () => {
    const refused = await call<{ message: string }>('POST', '/api/campaigns', { name: `No opt-out ${Date.now()}`, optOutDigit: '' });
    expect([refused.status, refused.body.message]).toEqual([400, 'optOutDigit must be a key under US rules: the safe-harbor message must let the person opt out by pressing it (47 CFR 64.1200(a)(7)(i)(B))']);
    const { status, body: uk } = await call<{ id: string }>('POST', '/api/campaigns', { name: `UK no opt-out ${Date.now()}`, regime: 'uk', optOutDigit: '' });
    expect(status).toBe(201);
    const toStrict = await call<{ message: string }>('PATCH', `/api/campaigns/${uk.id}`, { regime: 'strict' });
    expect([toStrict.status, toStrict.body.message]).toEqual([400, expect.stringMatching(/^optOutDigit must be a key under STRICT rules/)]);
    expect((await call('PATCH', `/api/campaigns/${uk.id}`, { regime: 'strict', optOutDigit: '9' })).status).toBe(200);
  });
});

describe("a change of a campaign's abandonment regime", () => {
  it('is refused, running or paused, when its custom calling hours would never open under the new one, and saved once they do', async () => {
    // Outside a laboratory custom hours are held to the US hours under US or strict rules, as dialling holds them.
    await markLaboratory(test.node.pool, { laboratory: false, by: 'campaign patch test' });
    try {
      const early = { regime: 'custom', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '06:00', end: '07:30' }]])) };
      const created = await call<{ id: string }>('POST', '/api/campaigns', { name: `Regime ${Date.now()}`, regime: 'uk', timezone: 'Europe/London', settings: { callingWindow: early } });
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect((await call('POST', `/api/campaigns/${id}/start`)).status).toBe(200);
      const refusal = (regime: string) => `regime ${regime}: settings.callingWindow under it: the window never opens: no hours are left on any day within the US calling hours `
        + "(08:00-21:00 in the called person's local time): mon 06:00-07:30, tue 06:00-07:30, wed 06:00-07:30, thu 06:00-07:30, fri 06:00-07:30, sat 06:00-07:30, sun 06:00-07:30 "
        + 'are outside them; no lead would ever be dialled. Give hours within 08:00-21:00 on at least one day, or pause the campaign to stop dialling '
        + "(change the hours first, in the campaign's calling hours or PUT /api/campaigns/{id}/dial-rules, or keep regime uk)";
      for (const status of ['running', 'paused']) {
        if (status === 'paused') expect((await call('POST', `/api/campaigns/${id}/pause`)).status).toBe(200);
        for (const regime of ['us', 'strict']) {
          const refused = await call<{ message: string }>('PATCH', `/api/campaigns/${id}`, { regime, abandonTarget: 0.02 });
          expect([refused.status, refused.body.message]).toEqual([400, refusal(regime)]);
        }
        // Nothing of the refused change is kept.
        expect((await call<{ regime: string; status: string; abandonTarget: number }>('GET', `/api/campaigns/${id}`)).body).toMatchObject({ regime: 'uk', status });
      }
      // Hours within the US ones first: the change goes through.
      expect((await call('PUT', `/api/campaigns/${id}/dial-rules`, { callingWindow: { ...early, weekly: { mon: [{ start: '09:00', end: '17:00' }] } } })).status).toBe(200);
      const changed = await call<{ regime: string; settingsProblems: string[] }>('PATCH', `/api/campaigns/${id}`, { regime: 'us' });
      expect([changed.status, changed.body.regime, changed.body.settingsProblems]).toEqual([200, 'us', []]);
      await call('POST', `/api/campaigns/${id}/stop`);
    } finally {
      await markLaboratory(test.node.pool, { laboratory: true, by: 'test suite' });
    }
  });
});

describe('dial rules in a new campaign', () => {
  it('are checked as PUT dial-rules checks them, each problem by its field, and a campaign refused is not created', async () => {
    const name = `BadRules ${Date.now()}`;
    const badRules = await call<{ message: string }>('POST', '/api/campaigns', {
      name, settings: { recycle: { maxAttempts: -5, noAnswerRetryMinutes: 'soon' }, refusalDnc: 'yes' },
    });
    expect(badRules.status).toBe(400);
    for (const field of ['settings.recycle.maxAttempts', 'settings.recycle.noAnswerRetryMinutes', 'settings.refusalDnc']) expect(badRules.body.message).toContain(`${field}: `);
    const zeroCap = await call<{ message: string }>('POST', '/api/campaigns', { name, settings: { recycle: { maxAttemptsPerDay: 0 } } });
    expect([zeroCap.status, zeroCap.body.message]).toEqual([400,
      'settings.recycle.maxAttemptsPerDay: must be at least 1: 0 would stop every dial; pause the campaign to stop dialling, or send null for the default (3)']);
    const badHours = await call<{ message: string }>('POST', '/api/campaigns', {
      name, settings: { callingWindow: { regime: 'us', weekly: { mon: [{ start: '25:00', end: '03:00' }] } } },
    });
    expect([badHours.status, badHours.body.message]).toEqual([400, expect.stringMatching(/^settings\.callingWindow: mon: "25:00" is not a time of day/)]);
    // Hours all outside the US hours (typed on another clock, say): the campaign would show running and dial no one.
    const neverOpen = await call<{ message: string }>('POST', '/api/campaigns', {
      name, settings: { callingWindow: { regime: 'us', weekly: { mon: [{ start: '21:00', end: '23:30' }], sat: [{ start: '05:00', end: '08:00' }] } } },
    });
    expect([neverOpen.status, neverOpen.body.message]).toEqual([400, 'settings.callingWindow: the window never opens: no hours are left on any day within '
      + "the US calling hours (08:00-21:00 in the called person's local time): mon 21:00-23:30, sat 05:00-08:00 are outside them; no lead would ever be "
      + 'dialled. Give hours within 08:00-21:00 on at least one day, or pause the campaign to stop dialling']);
    const listed = await call<Array<{ name: string }>>('GET', '/api/campaigns');
    expect(listed.body.filter((campaign) => campaign.name === name)).toEqual([]);

    const good = { callingWindow: window, recycle: { maxAttempts: 4, noAnswerRetryMinutes: 90 }, refusalDnc: { days: 30 } };
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name, settings: good });
    const rules = await call<{ maxAttemptsPerLead: number; callingWindow: unknown }>('GET', `/api/campaigns/${created.id}/dial-rules`);
    expect(rules.body).toMatchObject({ maxAttemptsPerLead: 4, callingWindow: window });
  });

  it('of a campaign that does not exist are said not to, read or changed', async () => {
    for (const method of ['GET', 'PUT']) {
      const missing = await call<{ message: string }>(method, '/api/campaigns/987654321/dial-rules', method === 'PUT' ? { callingWindow: allDay } : undefined);
      expect([missing.status, missing.body.message]).toEqual([404, 'campaign 987654321 does not exist']);
    }
  });
});

describe('a bad calls-per-second limit or hold limit in settings', () => {
  it('is refused under its settings. path, as every other setting is', async () => {
    const { body: created } = await call<{ id: string }>('POST', '/api/campaigns', { name: `Paths ${Date.now()}` });
    const rate = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { settings: { maxDialsPerSecond: -3 } });
    expect([rate.status, rate.body.message]).toEqual([400, expect.stringMatching(/^settings\.maxDialsPerSecond: -3 is not a whole number/)]);
    const hold = await call<{ message: string }>('PATCH', `/api/campaigns/${created.id}`, { settings: { holdLimitMs: 5 } });
    expect([hold.status, hold.body.message]).toEqual([400, expect.stringMatching(/^settings\.holdLimitMs: 5 is not a whole number of milliseconds/)]);
  });
});
