// Recording a call whose person may be in an all-party consent state, through the whole engine: a
// campaign that records every call does not record it at connection; its agent starts the
// recording having told the person and heard them agree, the start naming the states so that it
// is kept as the disclosure; they may stop it again. Other calls are recorded from connection.

import { describe, expect, it } from 'vitest';
import { agentInConversation } from '../testing/agent-in-conversation.js';
import { ofType } from '../testing/engine-driver.js';

const AGENT = 'ag1';

describe('recording a call that needs the person\'s consent first', () => {
  it('waits for its agent to start it, the start naming the states whose law asks for consent', () => {
    const d = agentInConversation(AGENT, { recordingEnabled: true }, { phone: '+14155550100', recordingConsentStates: ['US-CA', 'US-FL'] });
    expect(ofType(d.log, 'start_recording')).toEqual([]);
    expect(d.state.calls.get('a1')?.recorded).toBe(false);

    expect(ofType(d.feed({ type: 'agent_record', agentId: AGENT }), 'start_recording')).toEqual([{
      type: 'start_recording', attemptId: 'a1', agentId: AGENT, onDemand: { campaignId: 'c1', atMs: d.nowMs, consentStates: ['US-CA', 'US-FL'] },
    }]);
    expect(d.state.calls.get('a1')?.recorded).toBe(true);
    // Started by its agent, they may stop it, as a recording on demand.
    expect(ofType(d.feed({ type: 'agent_stop_recording', agentId: AGENT }), 'stop_recording')).toHaveLength(1);
  });

  it('records any other call of the campaign from its connection, as before', () => {
    const d = agentInConversation(AGENT, { recordingEnabled: true }, { recordingConsentStates: [] });
    expect(ofType(d.log, 'start_recording')).toEqual([{ type: 'start_recording', attemptId: 'a1', agentId: AGENT }]);
  });

  it('records nothing in a campaign that does not record', () => {
    const d = agentInConversation(AGENT, { recordingEnabled: false }, { recordingConsentStates: ['US-CA'] });
    expect(ofType(d.feed({ type: 'agent_record', agentId: AGENT }), 'input_rejected').map((r) => r.code)).toEqual(['not_recording']);
    expect(ofType(d.log, 'start_recording')).toEqual([]);
  });
});
