import { describe, expect, it } from 'vitest';
import { createAgent, type Agent, type AgentStatus } from './agent.js';
import type { Call, CallStatus } from './call.js';
import { groupsToDialFor } from './dial-groups.js';

function agent(id: string, status: AgentStatus, groups: string[], campaignId = 'c1'): Agent {
  return { ...createAgent(id, campaignId, `PJSIP/${id}`, 0), status, groups };
}

function call(attemptId: string, status: CallStatus, group: string | null, campaignId = 'c1'): Call {
  return {
    attemptId, campaignId, leadId: `l-${attemptId}`, phone: '+15550100001', group, status, previewAgentId: null, agentId: null,
    originatedAtMs: 0, ringingAtMs: null, answeredAtMs: null, liveAtMs: null, connectedAtMs: null, safeHarborAtMs: null,
    amdVerdict: null, amdDetail: '', abandoned: false, forecastCounted: false, hangupRequested: false, optedOut: false, endedBy: null,
    endOutcome: null, recorded: false, recordingPausedAtMs: null, recordingStopped: false, heldAtMs: null, heldMs: 0, transferToAgentId: null, handoverWait: null, consult: null, completingSinceMs: null, handovers: [], messageLeftAtMs: null, thirdParty: null, machineMessage: null, listOverrides: null, recordingConsentStates: [], prerecordedConsent: false, messageWithheld: null,
  };
}

describe('groupsToDialFor', () => {
  it('wants the groups of the ready agents that the calls on their way do not cover, most wanted first', () => {
    const agents = [
      agent('ann', 'ready', ['north']), agent('bob', 'ready', ['north', 'retail']), agent('cal', 'ready', ['south']),
      agent('dee', 'talking', ['east']), agent('eve', 'ready', []), agent('fay', 'ready', ['west'], 'c2'),
    ];
    expect(groupsToDialFor(agents, [], 'c1')).toEqual(['north', 'retail', 'south']);
    // A south call ringing already covers Cal; a connected north call covers nobody.
    const calls = [call('a1', 'ringing', 'south'), call('a2', 'connected', 'north'), call('a3', 'dialing', 'north', 'c2')];
    expect(groupsToDialFor(agents, calls, 'c1')).toEqual(['north', 'retail']);
  });

  it('wants the groups of agents wrapping up when nobody is ready, and nothing when no agent has a group', () => {
    const wrapping = [agent('ann', 'wrap_up', ['north']), agent('bob', 'talking', ['south']), agent('cal', 'paused', ['east'])];
    expect(groupsToDialFor(wrapping, [], 'c1')).toEqual(['north']);
    expect(groupsToDialFor([agent('eve', 'ready', [])], [], 'c1')).toEqual([]);
    // An agent held for a personal callback is about to dial it.
    const held = { ...agent('ann', 'ready', ['north']), callbackHoldSinceMs: 5 };
    expect(groupsToDialFor([held], [], 'c1')).toEqual([]);
  });
});
