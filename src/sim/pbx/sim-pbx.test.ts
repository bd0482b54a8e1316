// Model mode: the traffic model decides outcomes; the far end behaves as modelled after answer.

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimPbx, type SimPbx } from './sim-pbx.js';

const auth = { Authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` };
type Event = { type: string; timestamp?: string; channel?: { id: string }; peer?: { id: string }; args?: string[]; cause?: number; dialstatus?: string; playback?: { media_uri: string; state: string } };

async function connect(pbx: SimPbx): Promise<{ events: Event[]; socket: WebSocket }> {
  const events: Event[] = [];
  const socket = new WebSocket(`${pbx.url.replace('http', 'ws')}/ari/events?app=dialer&api_key=dialer:dialer`);
  socket.on('message', (data) => events.push(JSON.parse(String(data)) as Event));
  await new Promise((resolve) => socket.once('open', resolve));
  return { events, socket };
}

const post = (pbx: SimPbx, path: string): Promise<Response> => fetch(`${pbx.url}/ari${path}`, { method: 'POST', headers: auth });

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('simulated PBX in model mode', () => {
  let pbx: SimPbx | undefined;
  afterEach(async () => {
    await pbx?.close();
  });

  it('draws a mix of outcomes from the traffic model, reproducibly per seed', async () => {
    const run = async (seed: number) => {
      const instance = await startSimPbx({ seed, timeScale: 0.001, amiPort: null,
        traffic: { patienceMeanMs: 1000, machineMaxMessageMs: 1000 } });
      pbx = instance;
      const { events, socket } = await connect(instance);
      for (let i = 0; i < 60; i++) await post(instance, `/channels?endpoint=Local/555${i}@sim-pstn&app=dialer&channelId=c${i}&timeout=25`);
      await until(() => events.filter((e) => e.type === 'ChannelDestroyed' && !String(e.channel?.id).endsWith(';2')).length === 60);
      socket.close();
      await instance.close();
      return { ...instance.counters };
    };
    const a = await run(11);
    const b = await run(11);
    expect(a).toEqual(b);
    expect(a.originated).toBe(60);
    expect(a.answered).toBeGreaterThan(10);
    expect(a.noAnswer).toBeGreaterThan(5);
    expect(a.answered + a.noAnswer + a.busy + a.congestion + a.invalid).toBe(60);
    // Unbridged people run out of patience; machines end their message: the far end hangs up.
    expect(a.hungUpByFarEnd).toBe(a.answered);
  });

  it('a desk answers whatever the model draws, and stays on the line', async () => {
    pbx = await startSimPbx({ seed: 5, timeScale: 0.01, amiPort: null, desks: ['+44 20 7946 0123'], traffic: {
      outcomeMix: { live: 0, machine: 0, noAnswer: 1, busy: 0, congestion: 0, invalid: 0 },
    } });
    const { events, socket } = await connect(pbx);
    await post(pbx, '/channels?endpoint=Local/442079460123@sim-pstn&app=dialer&channelId=desk&timeout=20');
    await post(pbx, '/channels?endpoint=Local/442079460124@sim-pstn&app=dialer&channelId=other&timeout=20');
    await until(() => events.some((e) => e.type === 'ChannelDestroyed' && e.channel?.id === 'other'));
    expect(events.some((e) => e.type === 'StasisStart' && e.channel?.id === 'desk')).toBe(true);
    expect(pbx.channels().some((c) => c.id === 'desk' && c.state === 'Up')).toBe(true);
    expect(pbx.counters).toMatchObject({ answered: 1, noAnswer: 1 });
    socket.close();
  });

  it("leaves an agent's phone ringing when told to, until the originate's ring time, as Asterisk ends an unanswered call", async () => {
    pbx = await startSimPbx({ timeScale: 0.01, amiPort: null });
    const { events, socket } = await connect(pbx);
    pbx.setAgentPhoneAnswers('ann', false);
    await post(pbx, '/channels?endpoint=Local/ann@sim-agent&app=dialer&appArgs=agent,ann&channelId=leg-1&timeout=4');
    await until(() => events.some((e) => e.type === 'ChannelDestroyed' && e.channel?.id === 'leg-1;2'));
    // Cause 19 on both halves and no final Dial status, as recorded for a ring timeout.
    expect(events.filter((e) => e.type === 'ChannelDestroyed').map((e) => [e.channel?.id, e.cause])).toEqual([['leg-1', 19], ['leg-1;2', 19]]);
    expect(events.filter((e) => e.type === 'Dial').map((e) => e.dialstatus)).toEqual(['', 'RINGING']);
    expect(events.some((e) => e.type === 'StasisStart')).toBe(false);

    pbx.setAgentPhoneAnswers('ann', true);
    await post(pbx, '/channels?endpoint=Local/ann@sim-agent&app=dialer&appArgs=agent,ann&channelId=leg-2&timeout=4');
    await until(() => events.some((e) => e.type === 'StasisStart' && e.channel?.id === 'leg-2'));
    expect(events.some((e) => e.type === 'StasisStart' && e.channel?.id === 'leg-2')).toBe(true);
    socket.close();
  });

  it("makes an agent's phone busy or unreachable when told to, with the signals recordings 02 and 03 show", async () => {
    pbx = await startSimPbx({ timeScale: 0.01, amiPort: null });
    const { events, socket } = await connect(pbx);
    const signals = async (channelId: string) => {
      await until(() => events.filter((e) => e.type === 'ChannelDestroyed' && e.channel?.id.startsWith(channelId)).length === 2);
      return {
        dial: events.filter((e) => e.type === 'Dial' && e.peer?.id === channelId).map((e) => e.dialstatus),
        causes: Object.fromEntries(events.filter((e) => e.type === 'ChannelDestroyed' && e.channel?.id.startsWith(channelId)).map((e) => [e.channel?.id, e.cause])),
      };
    };
    pbx.setAgentPhoneFault('ann', 'busy');
    await post(pbx, '/channels?endpoint=Local/ann@sim-agent&app=dialer&appArgs=agent,ann&channelId=busy-1&timeout=4');
    expect(await signals('busy-1')).toEqual({ dial: ['', 'BUSY'], causes: { 'busy-1': 0, 'busy-1;2': 17 } });
    pbx.setAgentPhoneFault('ann', 'unreachable');
    await post(pbx, '/channels?endpoint=Local/ann@sim-agent&app=dialer&appArgs=agent,ann&channelId=gone-1&timeout=4');
    expect(await signals('gone-1')).toEqual({ dial: ['', 'CONGESTION'], causes: { 'gone-1': 0, 'gone-1;2': 34 } });
    expect(events.some((e) => e.type === 'StasisStart')).toBe(false);
    pbx.setAgentPhoneFault('ann', null);
    await post(pbx, '/channels?endpoint=Local/ann@sim-agent&app=dialer&appArgs=agent,ann&channelId=ok-1&timeout=4');
    await until(() => events.some((e) => e.type === 'StasisStart' && e.channel?.id === 'ok-1'));
    socket.close();
  });

  it('a person hearing a message presses 1 when the model says so', async () => {
    pbx = await startSimPbx({ seed: 3, timeScale: 0.01, amiPort: null, traffic: {
      outcomeMix: { live: 1, machine: 0, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 },
      optOutProbability: 1, patienceMeanMs: 1_000_000_000,
    } });
    const { events, socket } = await connect(pbx);
    await post(pbx, '/channels?endpoint=PJSIP/5550100@carrier&app=dialer&channelId=p1&timeout=60');
    await until(() => events.some((e) => e.type === 'StasisStart'));
    expect((await post(pbx, '/channels/p1/play?media=sound:outpace/sh&playbackId=pb1')).status).toBe(201);
    await until(() => events.some((e) => e.type === 'ChannelDtmfReceived'));
    socket.close();
    expect(events.find((e) => e.type === 'ChannelDtmfReceived')).toMatchObject({ digit: '1', channel: { id: 'p1' } });
  });

  it("talk detection hears a machine's greeting until it has been quiet for the threshold", async () => {
    // A tenth of the time: the greeting lasts 800 ms, long enough for the detection to be set
    // while it plays however slowly this machine answers.
    const timeScale = 0.1;
    pbx = await startSimPbx({ seed: 3, timeScale, amiPort: null, traffic: {
      outcomeMix: { live: 0, machine: 1, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 },
      machineGreeting: { medianMs: 8_000, sigma: 0.01 },
    } });
    const { events, socket } = await connect(pbx);
    await post(pbx, '/channels?endpoint=PJSIP/5550100@carrier&app=dialer&channelId=vm&timeout=60');
    await until(() => events.some((e) => e.type === 'StasisStart'));
    // The greeting starts at answer, when the channel enters the application.
    const answeredAt = Date.parse(events.find((e) => e.type === 'StasisStart')?.timestamp ?? '');
    expect((await post(pbx, `/channels/vm/variable?variable=${encodeURIComponent('TALK_DETECT(set)')}&value=1500`)).status).toBe(204);
    const setAt = Date.now();
    await until(() => events.some((e) => e.type === 'ChannelTalkingFinished'));
    const talk = events.filter((e) => e.type.startsWith('ChannelTalking'));
    expect(talk.map((e) => e.type)).toEqual(['ChannelTalkingStarted', 'ChannelTalkingFinished']);
    expect(talk[1]).toMatchObject({ channel: { id: 'vm' } });
    // About 8 s of greeting from answer, then 1.5 s of quiet: heard from the moment detection was
    // set (at most setAt) to the greeting's end, then the silence waited out.
    expect(Date.now() - setAt).toBeGreaterThanOrEqual(1_500 * timeScale);
    // (The greeting is drawn round 8 s: within 5 %.)
    const missed = (setAt - answeredAt + 1) / timeScale;
    expect((talk[1] as { duration?: number }).duration).toBeGreaterThanOrEqual(7_600 - missed);
    // A function's setter is no variable: no ChannelVarset for it.
    expect(events.some((e) => e.type === 'ChannelVarset' && (e as { variable?: string }).variable?.startsWith('TALK_DETECT'))).toBe(false);
    socket.close();
  });

  it('mutes a channel in Stasis by direction, as Asterisk does, and refuses what Asterisk refuses', async () => {
    // The person waits hours at this time scale (as in the tests around): on a slow machine, a
    // patience of a minute (0.6 s here) could end the call before the requests reach it.
    pbx = await startSimPbx({ seed: 3, timeScale: 0.01, amiPort: null, traffic: {
      outcomeMix: { live: 1, machine: 0, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 }, patienceMeanMs: 1_000_000_000,
      // Ringing 0.3 s here, so that the requests made while it rings reach it ringing on a busy machine.
      liveRing: { medianMs: 30_000, sigma: 0.01 },
    } });
    const { events, socket } = await connect(pbx);
    const mute = (path: string, method = 'POST') => fetch(`${pbx!.url}/ari/channels/${path}`, { method, headers: auth });
    await post(pbx, '/channels?endpoint=PJSIP/5550100@carrier&app=dialer&channelId=m1&timeout=60');
    expect((await mute('nobody/mute')).status).toBe(404);
    // Ringing, the channel is not in the application yet.
    expect((await mute('m1/mute')).status).toBe(409);
    await until(() => events.some((e) => e.type === 'StasisStart'));
    expect((await mute('m1/mute?direction=sideways')).status).toBe(400);
    expect((await mute('m1/mute')).status).toBe(204);
    expect(pbx.channelMuted('m1')).toEqual(['in', 'out']);
    expect((await mute('m1/mute?direction=out', 'DELETE')).status).toBe(204);
    expect(pbx.channelMuted('m1')).toEqual(['in']);
    socket.close();
  });

  it('plays and sets variables only on a channel in Stasis, as Asterisk does', async () => {
    pbx = await startSimPbx({ seed: 3, timeScale: 0.01, amiPort: null, traffic: {
      outcomeMix: { live: 1, machine: 0, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 }, patienceMeanMs: 1_000_000_000,
      // Ringing 0.3 s here, so that the requests made while it rings reach it ringing on a busy machine.
      liveRing: { medianMs: 30_000, sigma: 0.01 },
    } });
    const { events, socket } = await connect(pbx);
    await post(pbx, '/channels?endpoint=PJSIP/5550100@carrier&app=dialer&channelId=r1&timeout=60');
    // Ringing, the channel is not in the application yet.
    expect((await post(pbx, '/channels/r1/play?media=sound:beep')).status).toBe(409);
    expect((await post(pbx, '/channels/r1/variable?variable=X&value=1')).status).toBe(409);
    expect((await post(pbx, '/channels/nobody/play?media=sound:beep')).status).toBe(404);
    await until(() => events.some((e) => e.type === 'StasisStart'));
    expect((await post(pbx, '/channels/r1/play?media=sound:beep')).status).toBe(201);
    expect((await post(pbx, '/channels/r1/variable?variable=X&value=1')).status).toBe(204);
    socket.close();
  });

  it('reads a channel variable as Asterisk answers: the value, or 404 for a channel or variable not there, 400 without a name', async () => {
    // The person waits days (hours at this time scale): a slow machine's reads come while the channel is there.
    pbx = await startSimPbx({ seed: 3, timeScale: 0.01, amiPort: null, traffic: {
      outcomeMix: { live: 1, machine: 0, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 }, patienceMeanMs: 1_000_000_000,
    } });
    const { events, socket } = await connect(pbx);
    await post(pbx, '/channels?endpoint=PJSIP/5550100@carrier&app=dialer&channelId=v1&timeout=60');
    await until(() => events.some((e) => e.type === 'StasisStart'));
    expect((await post(pbx, '/channels/v1/variable?variable=LEAD_ID&value=42')).status).toBe(204);
    const get = async (path: string) => {
      const response = await fetch(`${pbx!.url}/ari${path}`, { headers: auth });
      return { status: response.status, body: await response.json() as unknown };
    };
    expect(await get('/channels/v1/variable?variable=LEAD_ID')).toEqual({ status: 200, body: { value: '42' } });
    expect(await get('/channels/v1/variable?variable=AMDSTATUS')).toEqual({ status: 404, body: { message: 'Provided variable was not found' } });
    expect(await get('/channels/nobody/variable?variable=AMDSTATUS')).toEqual({ status: 404, body: { message: 'Provided channel was not found' } });
    expect(await get('/channels/nobody/variable')).toEqual({ status: 400, body: { message: 'Variable name is required' } });
    socket.close();
  });

  it('fails a sound it does not have, as Asterisk: started, then finished failed; a list goes on past it', async () => {
    pbx = await startSimPbx({ seed: 3, timeScale: 0.01, amiPort: null, sounds: { 'acme/vm': 500 }, traffic: {
      outcomeMix: { live: 1, machine: 0, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 }, patienceMeanMs: 1_000_000_000,
    } });
    const { events, socket } = await connect(pbx);
    await post(pbx, '/channels?endpoint=PJSIP/5550100@carrier&app=dialer&channelId=s1&timeout=60');
    await until(() => events.some((e) => e.type === 'StasisStart'));
    const playbacks = () => events.filter((e) => e.type.startsWith('Playback')).map((e) => `${e.type} ${e.playback?.media_uri} ${e.playback?.state}`);
    expect((await post(pbx, '/channels/s1/play?media=sound:outpace/not-recorded&playbackId=pb1')).status).toBe(201);
    await until(() => playbacks().length === 2);
    expect(playbacks()).toEqual(['PlaybackStarted sound:outpace/not-recorded playing', 'PlaybackFinished sound:outpace/not-recorded failed']);
    events.length = 0;
    expect((await post(pbx, '/channels/s1/play?media=sound:outpace/not-recorded,sound:acme/vm&playbackId=pb2')).status).toBe(201);
    await until(() => playbacks().length === 4);
    expect(playbacks()).toEqual([
      'PlaybackStarted sound:outpace/not-recorded playing', 'PlaybackContinuing sound:outpace/not-recorded continuing',
      'PlaybackStarted sound:acme/vm playing', 'PlaybackFinished sound:acme/vm done',
    ]);
    socket.close();
  });

  it('plays a stored recording it holds and fails one it does not, as a sound; answers for each by its name', async () => {
    pbx = await startSimPbx({ seed: 3, timeScale: 0.01, amiPort: null, storedRecordings: { 'acme/vm': 500 }, traffic: {
      outcomeMix: { live: 1, machine: 0, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 }, patienceMeanMs: 1_000_000_000,
    } });
    const stored = async (name: string) => (await fetch(`${pbx!.url}/ari/recordings/stored/${encodeURIComponent(name)}`, { headers: auth })).status;
    expect([await stored('acme/vm'), await stored('acme/none')]).toEqual([200, 404]);
    const { events, socket } = await connect(pbx);
    await post(pbx, '/channels?endpoint=PJSIP/5550100@carrier&app=dialer&channelId=r1&timeout=60');
    await until(() => events.some((e) => e.type === 'StasisStart'));
    const playbacks = () => events.filter((e) => e.type.startsWith('Playback')).map((e) => `${e.type} ${e.playback?.media_uri} ${e.playback?.state}`);
    expect((await post(pbx, '/channels/r1/play?media=recording:acme/none,recording:acme/vm&playbackId=pb1')).status).toBe(201);
    await until(() => playbacks().length === 4);
    expect(playbacks()).toEqual([
      'PlaybackStarted recording:acme/none playing', 'PlaybackContinuing recording:acme/none continuing',
      'PlaybackStarted recording:acme/vm playing', 'PlaybackFinished recording:acme/vm done',
    ]);
    socket.close();
  });

  it('lists the sounds it has and answers 404 for one it lacks, as Asterisk', async () => {
    pbx = await startSimPbx({ amiPort: null, sounds: { 'acme/vm': 500 }, withoutSounds: ['outpace/sh'] });
    const get = async (path: string) => {
      const response = await fetch(`${pbx!.url}/ari${path}`, { headers: auth });
      return { status: response.status, body: await response.json() as unknown };
    };
    const listed = (await get('/sounds')).body as { id: string }[];
    expect(listed.map((sound) => sound.id)).toEqual(expect.arrayContaining(['acme/vm', 'outpace/return-call', 'beep']));
    expect(listed.map((sound) => sound.id)).not.toContain('outpace/sh');
    expect(await get('/sounds/beep')).toEqual({ status: 200, body: { id: 'beep', formats: [{ language: 'en', format: 'wav' }] } });
    expect(await get('/sounds/no-such-sound')).toEqual({ status: 404, body: { message: 'Sound not found' } });
  });

  it('refuses Stasis while the app has no socket: the answered call hangs up', async () => {
    pbx = await startSimPbx({ outcomes: 'digit', timeScale: 0.01, amiPort: null });
    await post(pbx, '/channels?endpoint=Local/5550000@sim-pstn&app=dialer&channelId=x1');
    await until(() => pbx?.counters.stasisFailed === 1);
    expect(pbx.channels()).toEqual([]);
  });
});

describe('simulated PBX: a bridge created under an id in use', () => {
  let pbx: SimPbx | undefined;
  afterEach(async () => {
    await pbx?.close();
  });

  it('is returned as it is when nothing is to change, refused (as Asterisk does) when a type or another name is given', async () => {
    const instance = await startSimPbx({ amiPort: null });
    pbx = instance;
    expect((await post(instance, '/bridges/b-used?type=holding&name=b-used')).status).toBe(200);
    const again = await post(instance, '/bridges/b-used?type=holding&name=b-used');
    expect(again.status).toBe(500);
    expect(await again.json()).toMatchObject({ message: 'Supplying a bridge type when updating a bridge is not allowed.' });
    expect((await post(instance, '/bridges/b-used?name=other')).status).toBe(500);
    const same = await post(instance, '/bridges/b-used?name=b-used');
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ id: 'b-used', bridge_type: 'holding' });
  });
});

describe('simulated PBX: a call coming in', () => {
  let pbx: SimPbx | undefined;
  afterEach(async () => {
    await pbx?.close();
  });

  type InboundEvent = Event & { digit?: string; channel?: { id: string; name: string; state: string; caller: { number: string }; dialplan: { exten: string } } };

  it('enters the app ringing with the caller and the number dialled, hears the keys pressed and goes when hung up', async () => {
    pbx = await startSimPbx({ amiPort: null, timeScale: 0.01 });
    const { events, socket } = await connect(pbx);
    const channel = pbx.placeInboundCall({ from: '+12125550104', to: '+12125550199' });
    await until(() => events.some((e) => e.type === 'StasisStart'));
    const start = events.find((e) => e.type === 'StasisStart') as InboundEvent;
    expect(start.args).toEqual(['return', '+12125550199']);
    expect(start.channel).toMatchObject({ id: channel.id, state: 'Ring', caller: { number: '+12125550104' }, dialplan: { exten: '+12125550199' } });
    expect(start.channel?.name).toMatch(/^PJSIP\/carrier-[0-9a-f]{8}$/);
    expect((await post(pbx, `/channels/${channel.id}/answer`)).status).toBe(204);
    expect(pbx.callerPresses(channel.id, '9')).toBe(true);
    await until(() => events.some((e) => e.type === 'ChannelDtmfReceived'));
    expect(events.find((e) => e.type === 'ChannelDtmfReceived')).toMatchObject({ digit: '9', channel: { id: channel.id, state: 'Up' } });
    await fetch(`${pbx.url}/ari/channels/${channel.id}`, { method: 'DELETE', headers: auth });
    // The app's subscription, which Stasis gave, ends with it: no ChannelDestroyed follows.
    await until(() => events.some((e) => e.type === 'StasisEnd'));
    expect(events.map((e) => e.type)).toEqual(['StasisStart', 'ChannelStateChange', 'ChannelDtmfReceived', 'ChannelHangupRequest', 'StasisEnd']);
    expect([pbx.channels(), pbx.callerPresses(channel.id, '1')]).toEqual([[], false]);
    socket.close();
  });

  it('goes when the caller hangs up first, unanswered; and is hung up at once while the app has no socket', async () => {
    pbx = await startSimPbx({ amiPort: null, timeScale: 0.01 });
    const { events, socket } = await connect(pbx);
    const channel = pbx.placeInboundCall({ from: '', to: '442079460999' });
    await until(() => events.some((e) => e.type === 'StasisStart'));
    expect(pbx.callerHangsUp(channel.id)).toBe(true);
    await until(() => events.some((e) => e.type === 'StasisEnd'));
    expect([events.map((e) => e.type), pbx.channels()]).toEqual([['StasisStart', 'ChannelHangupRequest', 'StasisEnd'], []]);
    socket.close();
    await until(() => events.length > 3, 100);
    const unheard = pbx.placeInboundCall({ from: '+442079460104', to: '442079460999' });
    expect([pbx.counters.stasisFailed, pbx.channels().some((c) => c.id === unheard.id)]).toEqual([1, false]);
  });
});
