// A recording the PBX gives up while the call goes on (RecordingFailed, as when it cannot write
// the file): the core hears the call is no longer recorded, and the call's end stops nothing.

import { afterEach, describe, expect, it } from 'vitest';
import { agentBridgeId } from '../../../src/adapters/ari/channel-ids.js';
import { customerWith, startHarnessWithAgent, until, type Harness } from './telephony-harness.js';

describe('ARI telephony: a recording the PBX gives up', () => {
  let h: Harness | null = null;

  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('reaches the core as recording_failed, and leaves no live recording to the call', async () => {
    h = await startHarnessWithAgent('ag1', 'Local/1001@sim-agent');
    const harness = h;
    const attemptId = await customerWith(harness, 'ag1');
    await harness.telephony.execute({ type: 'start_recording', attemptId, agentId: 'ag1' });
    await until(async () => (await harness.telephony.recordingState(attemptId)) === 'recording', 'the recording under way');

    expect(harness.pbx.failRecording(agentBridgeId('ag1'), 'disk full')).toBe(true);
    await harness.waitFor('recording_failed', (i) => i.attemptId === attemptId);
    expect(await harness.telephony.recordingState(attemptId)).toBeNull();

    await harness.telephony.execute({ type: 'hangup_call', attemptId, reason: 'test' });
    await harness.waitFor('call_ended', (i) => i.attemptId === attemptId);
    expect(harness.pbx.bridgeRecording(agentBridgeId('ag1'))).toBeNull();
  });
});
