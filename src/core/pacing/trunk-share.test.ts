import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../agent.js';
import { defaultCampaignSettings, type CampaignSettings } from '../campaign-settings.js';
import { createEngineState } from '../engine-state.js';
import { createCampaignStats } from '../stats/campaign-stats.js';
import { EngineDriver } from '../testing/engine-driver.js';
import { meanLineHoldMs } from './line-hold-time.js';
import { linesWantedSmoothingMs, noteLinesWanted } from './lines-wanted.js';
import { nodeDialRateOf, trunkDemandOf, trunkShareOf, trunkShares, type TrunkMember } from './trunk-share.js';

const even = (...nodeIds: string[]): TrunkMember[] => nodeIds.map((nodeId) => ({ nodeId, demand: 0 }));
const sharesOf = (limit: number, members: TrunkMember[]) => Object.fromEntries(trunkShares(limit, members));

describe("a trunk's calls a second split between nodes", () => {
  it('gives every node present its share, the shares adding up to the limit exactly', () => {
    const demand = fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 500, noNaN: true }));
    const member = fc.record({ nodeId: fc.string({ minLength: 1, maxLength: 6 }), demand: fc.option(demand) });
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000 }), fc.uniqueArray(member, { minLength: 1, maxLength: 20, selector: (m) => m.nodeId }), (limit, members) => {
      const shares = members.map((m) => trunkShareOf(limit, members, m.nodeId));
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(limit);
      for (const share of shares) expect(share).toBeGreaterThanOrEqual(0);
    }));
  });

  it('splits evenly while no node has agents, the remainder to the first nodes by id', () => {
    expect(['b', 'a', 'c'].map((node) => trunkShareOf(10, even('c', 'a', 'b'), node))).toEqual([3, 4, 3]);
    expect(trunkShareOf(10, even('a', 'b'), 'c')).toBe(0);
    expect(trunkShareOf(2, even('a', 'b', 'c'), 'c')).toBe(0);
  });

  it('gives nothing to a node without agents while another has some', () => {
    expect(sharesOf(10, [{ nodeId: 'a', demand: 0 }, { nodeId: 'b', demand: 3 }])).toEqual({ a: 0, b: 10 });
  });

  it('gives each node with agents one call first, then the rest by demand, largest remainders first', () => {
    // 8 after one each, split 3:1 -> 6 and 2.
    expect(sharesOf(10, [{ nodeId: 'a', demand: 3 }, { nodeId: 'b', demand: 1 }])).toEqual({ a: 7, b: 3 });
    // A team of one beside a hundred still dials.
    expect(sharesOf(10, [{ nodeId: 'a', demand: 100 }, { nodeId: 'b', demand: 1 }])).toEqual({ a: 9, b: 1 });
    // 7 left, 1:1:1 -> 2 each and the last one to the first by id.
    expect(sharesOf(10, [{ nodeId: 'c', demand: 5 }, { nodeId: 'a', demand: 5 }, { nodeId: 'b', demand: 5 }, { nodeId: 'd', demand: 0 }])).toEqual({ a: 4, b: 3, c: 3, d: 0 });
    // Fewer calls than nodes with agents: one each to the first by id.
    expect(sharesOf(2, [{ nodeId: 'c', demand: 9 }, { nodeId: 'a', demand: 1 }, { nodeId: 'b', demand: 4 }])).toEqual({ a: 1, b: 1, c: 0 });
    // Lines wanted need not be whole: 8 left, 2 : 6.5 -> 1.88 and 6.12, the remainder to the first.
    expect(sharesOf(10, [{ nodeId: 'a', demand: 2 }, { nodeId: 'b', demand: 6.5 }])).toEqual({ a: 3, b: 7 });
  });

  it('takes a node that did not say its demand as asking as much as the most', () => {
    expect(sharesOf(10, [{ nodeId: 'a', demand: 4 }, { nodeId: 'b', demand: null }])).toEqual({ a: 5, b: 5 });
    expect(sharesOf(10, [{ nodeId: 'a', demand: 0 }, { nodeId: 'b', demand: null }])).toEqual({ a: 0, b: 10 });
  });

  it("takes the smaller of the node's own limit and its share, or none when neither is set", () => {
    expect(nodeDialRateOf(0, null)).toBeNull();
    expect(nodeDialRateOf(5, null)).toBe(5);
    expect(nodeDialRateOf(0, 7)).toBe(7);
    expect(nodeDialRateOf(5, 7)).toBe(5);
    expect(nodeDialRateOf(5, 0)).toBe(0);
  });
});

describe("a node's demand on the trunk", () => {
  /** Calls a second one line needs while a campaign's figures are still the priors: 20% live
   * answers ringing 10 s and talking 120 s, the rest ringing 20 s, so a line is held 42 s. */
  const perLineAtPriors = 1 / 42;

  const teamOf = (d: EngineDriver, campaignId: string, settings: Partial<CampaignSettings>, agents: number): void => {
    d.feed({ type: 'campaign_configured', campaignId, settings: { ...defaultCampaignSettings, ...settings } });
    d.feed({ type: 'campaign_started', campaignId });
    for (let i = 0; i < agents; i += 1) {
      const agentId = `${campaignId}-agent-${i}`;
      d.feed({ type: 'agent_login', agentId, campaignId, endpoint: `Local/${agentId}@sim-agent` });
      d.feed({ type: 'agent_leg_up', agentId });
      d.feed({ type: 'agent_ready', agentId });
    }
  };

  it('counts its agents logged in, paused ones included, while their campaigns want no more lines than agents', () => {
    const state = createEngineState();
    const statuses = ['logged_out', 'paused', 'ready', 'talking', 'wrap_up'] as const;
    statuses.forEach((status, i) => {
      const agent = createAgent(`agent-${i}`, '1', `PJSIP/${i}`, 0);
      agent.status = status;
      state.agents.set(agent.id, agent);
    });
    expect(trunkDemandOf(state)).toBeCloseTo(4 * perLineAtPriors, 12);
  });

  it('asks for the lines each campaign paces for: a power team at three lines an agent three times a preview team', () => {
    const d = new EngineDriver(1_000_000);
    d.feed({ type: 'telephony_up' });
    teamOf(d, 'preview', { mode: 'preview' }, 2);
    teamOf(d, 'power', { mode: 'power', dialLevel: 3, maxLinesPerAgent: 3 }, 2);
    d.advance(500);
    expect(d.state.campaigns.get('power')?.linesWanted?.lines).toBe(6);
    expect(d.state.campaigns.get('preview')?.linesWanted?.lines).toBe(0);
    expect(trunkDemandOf(d.state)).toBeCloseTo((2 + 6) * perLineAtPriors, 12);
  });

  it("asks a line's calls a second by how long the campaign's dials hold one", () => {
    expect(meanLineHoldMs(createCampaignStats())).toBe(42_000);
    const d = new EngineDriver(1_000_000);
    d.feed({ type: 'telephony_up' });
    teamOf(d, 'short', { mode: 'power', dialLevel: 3, maxLinesPerAgent: 3 }, 2);
    teamOf(d, 'long', { mode: 'power', dialLevel: 3, maxLinesPerAgent: 3 }, 2);
    // Long conversations hold a line longer: the same six lines need fewer calls a second.
    const long = d.state.campaigns.get('long')?.stats;
    if (!long) throw new Error('no campaign');
    Object.assign(long.liveAnswerRate, { mean: 0.5 });
    Object.assign(long.talkMs, { mean: 600_000 });
    expect(meanLineHoldMs(long)).toBe(0.5 * (10_000 + 600_000) + 0.5 * 20_000);
    d.advance(500);
    expect(trunkDemandOf(d.state)).toBeCloseTo(6 / 42 + 6 / 315, 12);
    // Figures that say nothing holds a line do not ask for calls no trunk has.
    Object.assign(long.liveAnswerRate, { mean: 0 });
    Object.assign(long.failedDialMs, { mean: 0 });
    expect(meanLineHoldMs(long)).toBe(1_000);
  });

  it('asks the lines a campaign held back would dial, and none for one that cannot dial', () => {
    const d = new EngineDriver(1_000_000);
    d.feed({ type: 'telephony_up' });
    // Held to one call a second, the power team still asks its six lines.
    teamOf(d, 'power', { mode: 'power', dialLevel: 3, maxLinesPerAgent: 3, maxDialsPerSecond: 1 }, 2);
    d.advance(500);
    expect(d.state.campaigns.get('power')?.decisions.at(-1)?.binding).toBe('dial_rate');
    expect(trunkDemandOf(d.state)).toBeCloseTo(6 * perLineAtPriors, 12);
    // Paused, it asks only the floor of its agents, once the smoothing has let the six go.
    d.feed({ type: 'campaign_paused', campaignId: 'power' });
    for (let s = 0; s < 120; s += 1) d.advance(1_000);
    expect(trunkDemandOf(d.state)).toBeCloseTo(2 * perLineAtPriors, 12);
  });

  it('follows a rise at once and a fall over a quarter minute', () => {
    const campaign = { linesWanted: null as { lines: number; atMs: number } | null };
    noteLinesWanted(campaign, 4, 0);
    noteLinesWanted(campaign, 10, 0);
    expect(campaign.linesWanted?.lines).toBe(10);
    noteLinesWanted(campaign, 0, 500);
    expect(campaign.linesWanted?.lines).toBeGreaterThan(9.5);
    noteLinesWanted(campaign, 0, 500 + linesWantedSmoothingMs);
    expect(campaign.linesWanted?.lines).toBeCloseTo(10 * Math.exp(-500 / linesWantedSmoothingMs) * Math.exp(-1), 6);
  });
});
