// A recording paused for card details, against the simulated PBX, when the customer changes
// bridges: handed to a colleague, or left with a third party. Nothing is recorded in the new
// bridge until the recording is resumed; then it goes on there, in the same file.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerWith, startHarnessWithAgent, type Harness, ariAuth as auth, until } from './telephony-harness.js';

describe('ARI telephony: a paused recording handed on with its call', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarnessWithAgent('ag1', 'Local/1001@sim-agent');
    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag2', endpoint: 'Local/1002@sim-agent' });
    await h.waitFor('agent_leg_up', (i) => i.agentId === 'ag2');
  });

  afterAll(async () => {
    await h.close();
  });

  /** The call's live recording: its state and bridge, or null when nothing records it. */
  const liveRecording = async (attemptId: string): Promise<{ state: string; target_uri: string } | null> => {
    const response = await fetch(`${h.pbx.url}/ari/recordings/live/${h.telephony.recordingName(attemptId)}`, { headers: auth });
    return response.status === 404 ? null : (await response.json()) as { state: string; target_uri: string };
  };
  const pause = (attemptId: string, agentId: string, paused: boolean) => ({
    type: 'set_recording_paused' as const, campaignId: '1', attemptId, agentId, paused, reason: 'agent' as const, atMs: Date.now(),
  });

  /** ag1 with a customer whose recording runs, then is paused: the attempt id. */
  async function pausedWithAg1(): Promise<string> {
    const attemptId = await customerWith(h, 'ag1');
    await h.telephony.execute({ type: 'start_recording', attemptId, agentId: 'ag1' });
    await until(async () => (await liveRecording(attemptId))?.state === 'recording');
    await h.telephony.execute(pause(attemptId, 'ag1', true));
    expect((await liveRecording(attemptId))?.state).toBe('paused');
    return attemptId;
  }

  /** Nothing records the call, now or once a recording just started would be under way. */
  async function expectNotRecording(attemptId: string): Promise<void> {
    expect(['paused', undefined]).toContain((await liveRecording(attemptId))?.state);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(['paused', undefined]).toContain((await liveRecording(attemptId))?.state);
  }

  it('records nothing in the colleague\'s bridge until the colleague resumes the recording', async () => {
    const attemptId = await pausedWithAg1();
    await h.telephony.execute({ type: 'transfer_call', campaignId: '1', attemptId, fromAgentId: 'ag1', toAgentId: 'ag2' });
    await h.waitFor('call_bridged', (i) => i.attemptId === attemptId && i.agentId === 'ag2');
    await h.telephony.execute({ type: 'start_recording', attemptId, agentId: 'ag2', append: true, paused: true });
    await expectNotRecording(attemptId);

    await h.telephony.execute(pause(attemptId, 'ag2', false));
    await until(async () => (await liveRecording(attemptId))?.state === 'recording');
    expect((await liveRecording(attemptId))?.target_uri).toBe('bridge:agent-bridge-ag2');
    // Paused again and resumed, as any recording.
    await h.telephony.execute(pause(attemptId, 'ag2', true));
    expect((await liveRecording(attemptId))?.state).toBe('paused');
    await h.telephony.execute(pause(attemptId, 'ag2', false));
    expect((await liveRecording(attemptId))?.state).toBe('recording');

    await h.telephony.execute({ type: 'hangup_call', attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === attemptId);
    await until(async () => (await liveRecording(attemptId)) === null);
  });

  it('records nothing in the bridge of the customer and the third party until the recording is resumed', async () => {
    const attemptId = await pausedWithAg1();
    await h.telephony.execute({
      type: 'dial_third_party', campaignId: '1', attemptId, agentId: 'ag1', number: '+442079460120',
      callerId: null, endpointTemplate: null, ringTimeoutMs: 20_000, holdCustomer: true,
    });
    await h.waitFor('third_party_answered', (i) => i.attemptId === attemptId);
    await h.telephony.execute({ type: 'hand_off_third_party', campaignId: '1', attemptId, agentId: 'ag1', record: true, recordPaused: true });
    await h.waitFor('third_party_handed_off', (i) => i.attemptId === attemptId);
    await expectNotRecording(attemptId);

    // Resumed at the pause's time limit (the agent has gone): it goes on with the two of them.
    await h.telephony.execute({ ...pause(attemptId, 'ag1', false), reason: 'time_limit' });
    await until(async () => (await liveRecording(attemptId))?.state === 'recording');
    expect((await liveRecording(attemptId))?.target_uri).toBe(`bridge:third-party-${attemptId}`);

    await h.telephony.execute({ type: 'hangup_call', attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === attemptId);
    await h.telephony.execute({ type: 'hang_up_third_party', attemptId });
    await until(async () => (await liveRecording(attemptId)) === null);
  });
});
