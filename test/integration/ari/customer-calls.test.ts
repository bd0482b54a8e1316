// Customer legs against the simulated PBX: ringing, answer, busy, congestion, ring timeout,
// withdrawal while ringing, AMD via continue, listening for a machine's greeting to end,
// safe-harbor playback with a DTMF opt-out, a playback of a sound the PBX does not have.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dial, startHarness, type Harness } from './telephony-harness.js';

describe('ARI telephony: customer calls', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.waitFor('telephony_up');
  });

  afterAll(async () => {
    await h.close();
  });

  it('answered: call_ringing, then call_answered', async () => {
    const command = dial(0);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    expect(h.inputsFor(command.attemptId).map((i) => i.type)).toEqual(['call_ringing', 'call_answered']);
    // The campaign's caller ID goes out with the originate.
    expect(h.pbx.channels().find((c) => c.id === command.attemptId)?.caller).toEqual({ name: 'Outpace', number: '+16505550100' });
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' });
    const ended = await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
    expect(ended).toMatchObject({ cause: 16, dialStatus: 'ANSWER' });
  });

  it('busy: call_ended with cause 17 and dialstatus BUSY', async () => {
    const command = dial(5);
    await h.telephony.execute(command);
    const ended = await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
    expect(ended).toMatchObject({ cause: 17, dialStatus: 'BUSY' });
    expect(ended.causeText).toContain('User busy');
    expect(h.inputsFor(command.attemptId).map((i) => i.type)).toEqual(['call_ended']);
  });

  it('congestion: call_ended with cause 34 and dialstatus CONGESTION', async () => {
    const command = dial(6);
    await h.telephony.execute(command);
    const ended = await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
    expect(ended).toMatchObject({ cause: 34, dialStatus: 'CONGESTION' });
  });

  it('ring timeout: cause 19 after ringing', async () => {
    const command = dial(7, 4000);
    await h.telephony.execute(command);
    const ended = await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
    expect(ended).toMatchObject({ cause: 19, causeText: 'User alerting, no answer' });
    expect(h.inputsFor(command.attemptId).map((i) => i.type)).toEqual(['call_ringing', 'call_ended']);
  });

  it('hang-up while ringing: cause 16 with dialstatus NOANSWER', async () => {
    const command = dial(7);
    await h.telephony.execute(command);
    await h.waitFor('call_ringing', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'withdrawn' });
    const ended = await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
    expect(ended).toMatchObject({ cause: 16, dialStatus: 'NOANSWER' });
  });

  it('a hang-up of a channel that is already gone is fine', async () => {
    await expect(h.telephony.execute({ type: 'hangup_call', attemptId: 'never-existed', reason: 'x' })).resolves.toBeUndefined();
  });

  it('AMD human via continue: amd_result human, no call_ended from the StasisEnd', async () => {
    const command = dial(3, 30_000, true);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'start_amd', attemptId: command.attemptId });
    const verdict = await h.waitFor('amd_result', (i) => i.attemptId === command.attemptId);
    expect(verdict).toMatchObject({ verdict: 'human', detail: 'HUMAN-818-800' });
    expect(h.inputsFor(command.attemptId).some((i) => i.type === 'call_ended')).toBe(false);
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
  });

  it('AMD machine via continue: amd_result machine', async () => {
    const command = dial(9, 30_000, true);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'start_amd', attemptId: command.attemptId });
    const verdict = await h.waitFor('amd_result', (i) => i.attemptId === command.attemptId);
    expect(verdict).toMatchObject({ verdict: 'machine', detail: 'MAXWORDS-5-4' });
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
  });

  it('safe harbor: the message plays, the person presses 1, playback_finished after the hang-up', async () => {
    const command = dial(4);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'play_media', attemptId: command.attemptId, media: 'sound:outpace/sh', purpose: 'safe_harbor' });
    const dtmf = await h.waitFor('dtmf_received', (i) => i.attemptId === command.attemptId);
    expect(dtmf.digit).toBe('1');
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'opt_out' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
    expect(h.inputsFor(command.attemptId).map((i) => i.type)).toEqual(['call_ringing', 'call_answered', 'dtmf_received', 'playback_finished', 'call_ended']);
    // Asterisk fails a file cut off by the hang-up: the message did play, up to the opt-out.
    expect(h.inputsFor(command.attemptId).find((i) => i.type === 'playback_finished')).toMatchObject({ failed: false });
  });

  it('a sound the PBX does not have fails at once: playback_finished failed, the line still up', async () => {
    const command = dial(0);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'play_media', attemptId: command.attemptId, media: 'sound:outpace/never-recorded', purpose: 'safe_harbor' });
    expect(await h.waitFor('playback_finished', (i) => i.attemptId === command.attemptId)).toMatchObject({ failed: true });
    expect(h.pbx.channels().some((c) => c.id === command.attemptId)).toBe(true);
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
  });

  it('a playback that runs to its end gives playback_finished', async () => {
    const command = dial(0);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'play_media', attemptId: command.attemptId, media: 'sound:outpace/hello', purpose: 'safe_harbor' });
    expect(await h.waitFor('playback_finished', (i) => i.attemptId === command.attemptId)).toMatchObject({ failed: false });
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
  });

  it('media a comma would break is refused, and the engine is not left waiting', async () => {
    const command = dial(0);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'play_media', attemptId: command.attemptId, media: 'tone:425/500,0/500', purpose: 'safe_harbor' });
    // Never played: the engine must not take it for a message heard.
    expect(await h.waitFor('playback_finished', (i) => i.attemptId === command.attemptId)).toMatchObject({ failed: true });
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' });
  });

  it('a burst of 40 originates: all placed (bounded in parallel), all answered', async () => {
    const commands = Array.from({ length: 40 }, () => dial(0));
    await Promise.all(commands.map((command) => h.telephony.execute(command)));
    await Promise.all(commands.map((command) => h.waitFor('call_answered', (i) => i.attemptId === command.attemptId)));
    expect(h.inputs.some((i) => i.type === 'originate_failed')).toBe(false);
    await Promise.all(commands.map((command) => h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' })));
    await Promise.all(commands.map((command) => h.waitFor('call_ended', (i) => i.attemptId === command.attemptId)));
  });

  it('an unknown technology fails the originate with ARI_ALLOCATION_FAILED', async () => {
    const command = dial(0);
    const other = await startHarness({ url: h.pbx.url, app: 'dialer-b', customerEndpointTemplate: 'Nope/{number}' });
    try {
      await other.waitFor('telephony_up');
      await other.telephony.execute(command);
      const failed = await other.waitFor('originate_failed', (i) => i.attemptId === command.attemptId);
      expect(failed.reason).toMatch(/^ARI_ALLOCATION_FAILED/);
    } finally {
      await other.close();
    }
  });
});

// The machine's greeting lasts 6 s of its time: at the shared harness's scale that is 300 ms of wall
// time, which a loaded machine can spend before the test starts listening. At half speed the greeting
// outlasts the AMD verdict by seconds, so the listening starts while it plays whatever the load.
describe('ARI telephony: listening to a machine', () => {
  const slowScale = 0.5;
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({}, { timeScale: slowScale });
    await h.waitFor('telephony_up');
  });

  afterAll(async () => {
    await h.close();
  });

  it('far_end_talking while its greeting plays, and again once it has been quiet after it', async () => {
    const command = dial(9, 30_000, true);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    const answeredAt = Date.now();
    await h.telephony.execute({ type: 'start_amd', attemptId: command.attemptId });
    await h.waitFor('amd_result', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'listen_for_greeting_end', attemptId: command.attemptId, silenceMs: 1_000 });
    await h.waitFor('far_end_talking', (i) => i.attemptId === command.attemptId && i.talking);
    await h.waitFor('far_end_talking', (i) => i.attemptId === command.attemptId && !i.talking, 10_000);
    // The test machine's greeting and beep take 6 s from answer; then 1 s of quiet.
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(0.9 * 7_000 * slowScale);
    expect(h.inputsFor(command.attemptId).filter((i) => i.type === 'far_end_talking').map((i) => 'talking' in i && i.talking)).toEqual([true, false]);
    await h.telephony.execute({ type: 'play_media', attemptId: command.attemptId, media: 'sound:outpace/vm-message', purpose: 'machine_message' });
    expect(await h.waitFor('playback_finished', (i) => i.attemptId === command.attemptId)).toMatchObject({ failed: false });
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'machine' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
  }, 20_000);
});
