// Pausing a call's recording through the whole engine: only the agent in a recorded conversation,
// once however often asked, back on when the agent says or at the time limit, and as it was when
// the PBX refuses.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings, settingsProblems, type CampaignSettings } from '../campaign-settings.js';
import { recordingPauseLimitMs } from '../limits.js';
import { agentInConversation } from '../testing/agent-in-conversation.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';

const AGENT = 'ag1';
const pause = { type: 'agent_recording_paused', agentId: AGENT, paused: true } as const;
const resume = { ...pause, paused: false } as const;

/** An agent in a conversation on call a1 of a campaign that records (or not). */
function talking(recordingEnabled = true, limit: Partial<CampaignSettings> = {}): EngineDriver {
  return agentInConversation(AGENT, { recordingEnabled, ...limit });
}

const changes = (d: EngineDriver) => ofType(d.log, 'set_recording_paused').map((c) => [c.paused, c.reason, c.atMs]);

describe('pausing a recording', () => {
  it('pauses and resumes the recording of the agent in a recorded conversation, once however often asked', () => {
    const d = talking();
    const start = d.nowMs;
    expect(ofType(d.feed(pause), 'set_recording_paused')).toEqual([
      { type: 'set_recording_paused', campaignId: 'c1', attemptId: 'a1', agentId: AGENT, paused: true, reason: 'agent', atMs: start },
    ]);
    expect(d.state.calls.get('a1')?.recordingPausedAtMs).toBe(start);
    expect(d.feed(pause)).toEqual([]);
    d.advance(40_000);
    d.feed(resume);
    d.feed(resume);
    expect(changes(d)).toEqual([[true, 'agent', start], [false, 'agent', start + 40_000]]);
    expect(d.state.calls.get('a1')?.recordingPausedAtMs).toBeNull();
  });

  it('resumes at the campaign\'s own limit when it sets one, within the bounds', () => {
    const d = talking(true, { recordingPauseLimitMs: 60_000 });
    const start = d.nowMs;
    d.feed(pause);
    d.advance(59_000);
    expect(changes(d)).toHaveLength(1);
    d.advance(1_000);
    expect(changes(d)).toEqual([[true, 'agent', start], [false, 'time_limit', start + 60_000]]);
    expect(settingsProblems({ ...defaultCampaignSettings, recordingPauseLimitMs: 5_000 })).toEqual(['recordingPauseLimitMs must be between 30000 and 900000']);
  });

  it('resumes a pause left on at the time limit, and not before', () => {
    const d = talking();
    const start = d.nowMs;
    d.feed(pause);
    d.advance(recordingPauseLimitMs - 1_000);
    expect(changes(d)).toHaveLength(1);
    d.advance(1_000);
    expect(changes(d)).toEqual([[true, 'agent', start], [false, 'time_limit', start + recordingPauseLimitMs]]);
    // A later pause is the agent's to make again.
    d.advance(1_000);
    d.feed(pause);
    expect(changes(d)).toHaveLength(3);
  });

  it('refuses an agent who is not in a conversation, and a campaign that does not record', () => {
    const d = new EngineDriver(0);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, recordingEnabled: true } });
    d.feed({ type: 'agent_login', agentId: AGENT, campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' });
    d.feed({ type: 'agent_leg_up', agentId: AGENT });
    expect(ofType(d.feed(pause), 'input_rejected')).toMatchObject([{ code: 'not_recording', message: 'agent ag1 is not in a conversation whose recording could be paused' }]);
    const unrecorded = talking(false);
    expect(ofType(unrecorded.feed(pause), 'input_rejected')).toMatchObject([{ code: 'not_recording', message: 'campaign c1 does not record its calls' }]);
    expect(changes(unrecorded)).toEqual([]);
  });

  it('keeps the recording as it was when the PBX refuses, so a later request is made again', () => {
    const d = talking();
    d.feed(pause);
    d.feed({ type: 'recording_pause_failed', attemptId: 'a1', paused: true });
    expect(d.state.calls.get('a1')?.recordingPausedAtMs).toBeNull();
    d.advance(recordingPauseLimitMs);
    expect(changes(d)).toHaveLength(1);
    d.feed(pause);
    expect(changes(d)).toHaveLength(2);
    // A resumption refused leaves it paused, and the limit asks again.
    d.feed(resume);
    d.feed({ type: 'recording_pause_failed', attemptId: 'a1', paused: false });
    expect(d.state.calls.get('a1')?.recordingPausedAtMs).toBe(d.nowMs);
    d.advance(recordingPauseLimitMs);
    expect(changes(d).at(-1)?.[1]).toBe('time_limit');
  });
});
