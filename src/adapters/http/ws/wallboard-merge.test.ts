import { describe, expect, it } from 'vitest';
import { mergeWallboardParts } from './wallboard-merge.js';
import { liveCallFigures } from './live-call-figures.js';
import { callStatuses } from '../../../core/call.js';
import type { WallboardAgent, WallboardCampaign, WallboardSnapshot } from './wallboard-snapshot.js';

const agent = (id: string, name: string, status: string, nodeId: string): WallboardAgent => ({
  id, name, campaignId: '1', status, sinceMs: 0, secondsInState: 0, pauseReason: null, pauseAllowedUntilMs: null, wrapUpEndsAtMs: null, callId: null, leadId: null, leadGroup: null, pendingPause: null, pendingLogout: false, groups: [], nodeId, recordingPaused: false, heldSinceMs: null, consultWith: null, thirdParty: null, muted: false, waitingForGroup: null, waitingForCampaign: null,
});
const campaign = (id: string, name: string, nodeId: string): WallboardCampaign => ({
  id, name, status: 'running', mode: 'predictive', dialLevel: 1, targetDialLevel: null, binding: null, ...liveCallFigures(Object.fromEntries(callStatuses.map((s) => [s, 0])) as WallboardCampaign['calls']), handoversWaiting: 0, overPauseLimit: 0, agents: {},
  abandonRate: 0, abandonBudget: 0.03, liveAnswers: 0, abandoned: 0, attempts24h: 0, contactRate: null, leadsRemaining: null, leadsDue: null,
  targets: [], undispositioned: null, nodeId,
});

describe('mergeWallboardParts', () => {
  const own: WallboardSnapshot = {
    atMs: 1, nodeId: 'a', nodeUrls: {},
    agents: [agent('zoe', 'Zoe', 'talking', 'a'), agent('ann', 'Ann', 'logged_out', 'a'), agent('cy', 'Cy', 'ready', 'a')],
    campaigns: [campaign('1', 'One', 'a')],
  };

  it('adds the other nodes\' agents and campaigns marked with their node, this node\'s first, and names them as this node does', () => {
    const others = new Map<string, unknown>([
      ['b', { agents: [agent('ann', 'ann', 'paused', 'b'), agent('cy', 'Cy elsewhere', 'logged_out', 'b'), agent('bob', 'bob', 'ready', 'b')], campaigns: [campaign('1', '#1', 'b'), campaign('2', '#2', 'b')] }],
      ['c', { agents: 'not a list' }],
    ]);
    const { snapshot, unreadable } = mergeWallboardParts(own, others, { agents: new Map([['ann', 'Ann'], ['bob', 'Bob']]), campaigns: new Map([['2', 'Two']]) });
    expect(unreadable).toEqual(['c']);
    // Ann logged out here and works on b: b's Ann; Cy works here: this node's Cy.
    expect(snapshot.agents.map((a) => [a.id, a.name, a.status, a.nodeId])).toEqual([
      ['ann', 'Ann', 'paused', 'b'], ['bob', 'Bob', 'ready', 'b'], ['cy', 'Cy', 'ready', 'a'], ['zoe', 'Zoe', 'talking', 'a'],
    ]);
    expect(snapshot.campaigns.map((c) => [c.id, c.name, c.nodeId])).toEqual([['1', 'One', 'a'], ['2', 'Two', 'b']]);
    expect(snapshot.nodeId).toBe('a');
  });
});
