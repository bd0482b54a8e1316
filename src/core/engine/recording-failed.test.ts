// A recording the PBX gave up (RecordingFailed) after it started: the call is not recorded from
// then on, its agent is told, and an attempt of which nothing was kept lists no recording.

import { describe, expect, it } from 'vitest';
import { agentInConversation, withReadyColleagues } from '../testing/agent-in-conversation.js';
import { ofType } from '../testing/engine-driver.js';

const AGENT = 'ag1';
const failed = { type: 'recording_failed', attemptId: 'a1' } as const;

describe('a recording the PBX gave up', () => {
  it('leaves the call unrecorded and unpaused, tells its agent, and has the attempt list no recording', () => {
    const d = agentInConversation(AGENT, { recordingEnabled: true });
    expect(d.state.calls.get('a1')?.recorded).toBe(true);
    d.feed({ type: 'agent_recording_paused', agentId: AGENT, paused: true });
    const out = d.feed(failed);
    expect(ofType(out, 'forget_recording')).toEqual([{ type: 'forget_recording', attemptId: 'a1' }]);
    expect(ofType(out, 'pbx_refused')).toEqual([{ type: 'pbx_refused', agentId: AGENT, action: 'record' }]);
    expect(d.state.calls.get('a1')).toMatchObject({ recorded: false, recordingPausedAtMs: null });
    // Heard twice (or for a call not recorded), nothing more happens.
    expect(d.feed(failed)).toEqual([]);
  });

  it('keeps the recording made before a handover when the one going on with the colleague fails', () => {
    const d = withReadyColleagues(agentInConversation(AGENT, { recordingEnabled: true }), [{ id: 'ag2' }]);
    d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: 'ag2' } });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    const out = d.feed(failed);
    expect(ofType(out, 'forget_recording')).toEqual([]);
    expect(d.state.calls.get('a1')?.recorded).toBe(false);
  });
});
