// Recording on demand through the whole engine: a campaign that records only when its agents ask
// starts no recording on connection; the agent starts it once, after which it pauses and goes on
// to a colleague the customer is handed to as any recording does; the agent may stop it, and start
// it again in the same file.

import { describe, expect, it } from 'vitest';
import { agentInConversation, withReadyColleagues } from '../testing/agent-in-conversation.js';
import { ofType } from '../testing/engine-driver.js';

const AGENT = 'ag1';
const record = { type: 'agent_record', agentId: AGENT } as const;
const pause = { type: 'agent_recording_paused', agentId: AGENT, paused: true } as const;

describe('recording on demand', () => {
  it('records a call only once its agent starts the recording, then as any recorded call', () => {
    const d = withReadyColleagues(agentInConversation(AGENT, { recordingEnabled: true, recordingOnDemand: true }), [{ id: 'ag2' }]);
    expect(ofType(d.log, 'start_recording')).toEqual([]);
    expect(ofType(d.feed(pause), 'input_rejected').map((r) => r.message)).toEqual(['call a1 is not being recorded: its agent has not started the recording']);

    expect(ofType(d.feed(record), 'start_recording')).toEqual([{ type: 'start_recording', attemptId: 'a1', agentId: AGENT, onDemand: { campaignId: 'c1', atMs: d.nowMs } }]);
    expect(d.feed(record)).toEqual([]);
    expect(ofType(d.feed(pause), 'set_recording_paused')).toHaveLength(1);
    d.feed({ ...pause, paused: false });

    d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: 'ag2' } });
    expect(ofType(d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' }), 'start_recording')).toEqual([
      { type: 'start_recording', attemptId: 'a1', agentId: 'ag2', append: true },
    ]);
  });

  it('lets the agent ask again when the PBX did not start the recording', () => {
    const d = agentInConversation(AGENT, { recordingEnabled: true, recordingOnDemand: true });
    d.feed(record);
    expect(ofType(d.feed({ type: 'recording_start_failed', attemptId: 'a1' }), 'pbx_refused')).toEqual([
      { type: 'pbx_refused', agentId: AGENT, action: 'record' },
    ]);
    expect(d.state.calls.get('a1')?.recorded).toBe(false);
    expect(ofType(d.feed(pause), 'input_rejected')).toHaveLength(1);
    expect(ofType(d.feed(record), 'start_recording')).toHaveLength(1);
    expect(d.state.calls.get('a1')?.recorded).toBe(true);
  });

  it('hands over a call never recorded without starting a recording, and refuses a campaign that does not record', () => {
    const d = withReadyColleagues(agentInConversation(AGENT, { recordingEnabled: true, recordingOnDemand: true }), [{ id: 'ag2' }]);
    d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: 'ag2' } });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    expect(ofType(d.log, 'start_recording')).toEqual([]);

    const off = agentInConversation(AGENT, { recordingEnabled: false });
    expect(ofType(off.feed(record), 'input_rejected').map((r) => [r.code, r.message])).toEqual([['not_recording', 'campaign c1 does not record its calls']]);
  });

  it('lets the agent stop the recording and start it again, the same file going on', () => {
    const d = withReadyColleagues(agentInConversation(AGENT, { recordingEnabled: true, recordingOnDemand: true }), [{ id: 'ag2' }]);
    const stop = { type: 'agent_stop_recording', agentId: AGENT } as const;
    expect(d.feed(stop)).toEqual([]);
    d.feed(record);
    d.feed(pause);
    const stoppedAt = d.nowMs;
    expect(ofType(d.feed(stop), 'stop_recording')).toEqual([{ type: 'stop_recording', attemptId: 'a1', agentId: AGENT, onDemand: { campaignId: 'c1', atMs: stoppedAt } }]);
    expect(d.state.calls.get('a1')).toMatchObject({ recorded: false, recordingPausedAtMs: null });
    expect(d.feed(stop)).toEqual([]);
    // Started again, the same file goes on.
    expect(ofType(d.feed(record), 'start_recording')).toEqual([
      { type: 'start_recording', attemptId: 'a1', agentId: AGENT, onDemand: { campaignId: 'c1', atMs: d.nowMs }, append: true },
    ]);
    // The PBX refusing to stop it: it goes on, and the agent is told.
    d.feed(stop);
    expect(ofType(d.feed({ type: 'recording_stop_failed', attemptId: 'a1' }), 'pbx_refused')).toEqual([{ type: 'pbx_refused', agentId: AGENT, action: 'stop_record' }]);
    expect(d.state.calls.get('a1')?.recorded).toBe(true);
  });

  it('refuses to stop the recording of a campaign that records every call', () => {
    const d = agentInConversation(AGENT, { recordingEnabled: true });
    expect(d.state.calls.get('a1')?.recorded).toBe(true);
    expect(ofType(d.feed({ type: 'agent_stop_recording', agentId: AGENT }), 'input_rejected').map((r) => r.message))
      .toEqual(['campaign c1 records every call: its recordings cannot be stopped']);
    expect(d.state.calls.get('a1')?.recorded).toBe(true);
  });
});
