// The campaigns page's live figures of this node: agents logged in, ready, calls in progress.
// Agents stay in the engine's state once logged out; they are not counted as at work.

import { describe, expect, it } from 'vitest';
import { readyAgent, runningCampaign } from '../../../core/testing/engine-driver.js';
import { liveFiguresOf } from './campaign-routes.js';

describe("a campaign's live figures", () => {
  it('count the agents logged in now, not those who logged out during the shift', () => {
    const d = runningCampaign();
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    readyAgent(d, 'ag3');
    d.feed({ type: 'agent_logout', agentId: 'ag2' });
    d.feed({ type: 'agent_pause', agentId: 'ag3', reason: 'break' });
    expect(liveFiguresOf(d.state, 'c1')).toMatchObject({ engineStatus: 'running', agents: 2, agentsReady: 1, callsInProgress: 0 });
    expect(liveFiguresOf(d.state, 'elsewhere')).toBeNull();
  });
});
