// A small driver for core tests and the simulator: feeds inputs with a clock and keeps every
// command emitted, checking the whole-state invariants after each step.

import { defaultCampaignSettings, type CampaignSettings } from '../campaign-settings.js';
import type { Command } from '../commands.js';
import { step } from '../engine.js';
import { createEngineState, type EngineState } from '../engine-state.js';
import type { Input } from '../inputs.js';
import { assertInvariants } from '../invariants.js';

export class EngineDriver {
  readonly state: EngineState = createEngineState();
  readonly log: Command[] = [];
  nowMs: number;

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  feed(input: Input): Command[] {
    const commands = step(this.state, input, this.nowMs);
    assertInvariants(this.state, this.nowMs);
    this.log.push(...commands);
    return commands;
  }

  advance(ms: number): Command[] {
    this.nowMs += ms;
    return this.feed({ type: 'tick' });
  }
}

export function ofType<T extends Command['type']>(commands: readonly Command[], type: T): Extract<Command, { type: T }>[] {
  return commands.filter((c): c is Extract<Command, { type: T }> => c.type === type);
}

/** A driver with campaign c1 configured (the default settings and `settings`) and running. */
export function runningCampaign(settings: Partial<CampaignSettings> = {}, startMs = 1_000_000): EngineDriver {
  const d = new EngineDriver(startMs);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, ...settings } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  return d;
}

/** Agent `agentId` logged in on c1, their phone leg up, and ready. */
export function readyAgent(d: EngineDriver, agentId: string): void {
  d.feed({ type: 'agent_login', agentId, campaignId: 'c1', endpoint: `Local/${agentId}@sim-agent` });
  d.feed({ type: 'agent_leg_up', agentId });
  d.feed({ type: 'agent_ready', agentId });
}
