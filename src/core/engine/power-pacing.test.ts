// Power mode through the engine: no line rides on an agent who will not take the next call (a
// pause or logout asked for during their call), a campaign allowed no abandon never overdials, and
// a burst past one step's calls is logged as launched, naming the step's cap.

import { describe, expect, it } from 'vitest';
import type { EngineDriver} from '../testing/engine-driver.js';
import { ofType, readyAgent, runningCampaign } from '../testing/engine-driver.js';

const ended = (attemptId: string) => ({ type: 'call_ended', attemptId, cause: 19, causeText: 'No Answer', dialStatus: 'NOANSWER' } as const);
const asked = (commands: ReturnType<EngineDriver['feed']>) => ofType(commands, 'request_leads').reduce((sum, r) => sum + r.count, 0);

/** Power 2.0 with ag1 and ag2 each talking to a customer, the other two calls unanswered. */
function bothTalking(): EngineDriver {
  const d = runningCampaign({ mode: 'power', dialLevel: 2 });
  for (const agentId of ['ag1', 'ag2']) readyAgent(d, agentId);
  const requested = asked(d.advance(200));
  expect(requested).toBe(4);
  const leads = [1, 2, 3, 4].map((n) => ({ attemptId: `a${n}`, leadId: `l${n}`, phone: `+1555010000${n}` }));
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads });
  for (const [attemptId, agentId] of [['a1', 'ag1'], ['a2', 'ag2']] as const) {
    d.feed({ type: 'call_ringing', attemptId });
    d.feed({ type: 'call_answered', attemptId });
    d.feed({ type: 'call_bridged', attemptId, agentId });
  }
  d.feed(ended('a3'));
  d.feed(ended('a4'));
  return d;
}

describe('power pacing', () => {
  it('dials a line for each agent on a call who takes the next one', () => {
    expect(asked(bothTalking().advance(200))).toBe(2);
  });

  it('dials none for agents who asked for a pause or a logout during their call', () => {
    const d = bothTalking();
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    d.feed({ type: 'agent_logout', agentId: 'ag2' });
    expect(asked(d.advance(200))).toBe(0);
  });

  it('keeps to one call per ready agent when the campaign is allowed no abandon', () => {
    const d = runningCampaign({ mode: 'power', dialLevel: 2, abandonTarget: 0 });
    for (const agentId of ['ag1', 'ag2']) readyAgent(d, agentId);
    const ticked = d.advance(200);
    expect(asked(ticked)).toBe(2);
    expect(ofType(ticked, 'pacing_decided').at(-1)?.decision).toMatchObject({ launch: 2, binding: 'abandon_budget' });
  });

  it('logs the calls one step launched, not the ratio\'s, when a step\'s cap holds the burst back', () => {
    const d = runningCampaign({ mode: 'power', dialLevel: 2 });
    for (let i = 0; i < 40; i++) readyAgent(d, `ag${i}`);
    const ticked = d.advance(200);
    expect(asked(ticked)).toBe(50);
    expect(ofType(ticked, 'pacing_decided').at(-1)?.decision).toMatchObject({ launch: 50, dialLevel: 50 / 40, binding: 'step_cap', inputs: { wanted: 80 } });
  });
});
