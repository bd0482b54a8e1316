// The agent handing a customer over loses their phone, through the whole engine: a handover far
// enough along goes on without them (the customer is the colleague's, who owes the disposition;
// the agent who left owes none), one that then fails, or a team's wait that runs out, hangs the
// customer up, and a colleague still being brought in hears nothing of a customer hung up with
// the agent's phone, as before.

import { describe, expect, it } from 'vitest';
import type { ConsultAction } from '../inputs.js';
import { agentInConversation, withReadyColleagues } from '../testing/agent-in-conversation.js';
import { ofType, type EngineDriver } from '../testing/engine-driver.js';

const AGENT = 'ag1';
const COLLEAGUE = 'ag2';
const ended = { type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;
const legDown = { type: 'agent_leg_down', agentId: AGENT, cause: 16 } as const;

function withColleague(groups: string[] = []): EngineDriver {
  return withReadyColleagues(agentInConversation(AGENT, { holdLimitMs: 60_000 }), [{ id: COLLEAGUE, groups }]);
}

function consulting(then: ConsultAction | null = null): EngineDriver {
  const d = withColleague();
  d.feed({ type: 'agent_consult', agentId: AGENT, to: { agentId: COLLEAGUE } });
  d.feed({ type: 'consult_joined', attemptId: 'a1', agentId: COLLEAGUE });
  if (then) d.feed({ type: 'agent_consult_action', agentId: AGENT, action: then });
  return d;
}

/** ag1's customer waiting on hold for the closers, whose one agent talks on a2. */
function waitingForBusyCloser(): EngineDriver {
  const d = withColleague(['closers']);
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a2', leadId: 'l2', phone: '+15550100002' }] });
  d.feed({ type: 'call_ringing', attemptId: 'a2' });
  d.feed({ type: 'call_answered', attemptId: 'a2' });
  d.feed({ type: 'call_bridged', attemptId: 'a2', agentId: COLLEAGUE });
  d.feed({ type: 'agent_transfer', agentId: AGENT, to: { group: 'closers' } });
  expect(d.state.calls.get('a1')?.handoverWait).toMatchObject({ group: 'closers' });
  return d;
}

const status = (d: EngineDriver, agentId: string) => d.state.agents.get(agentId)?.status;
const hangups = (commands: ReturnType<EngineDriver['feed']>) => ofType(commands, 'hangup_call').map((c) => [c.attemptId, c.reason]);
const moveToColleague = { type: 'transfer_call', campaignId: 'c1', attemptId: 'a1', fromAgentId: AGENT, toAgentId: COLLEAGUE } as const;

/** The customer reaches the colleague, talks and hangs up: the colleague owes the disposition. */
function expectColleagueTakesOver(d: EngineDriver): void {
  d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: COLLEAGUE });
  expect([status(d, AGENT), status(d, COLLEAGUE), d.state.calls.get('a1')?.agentId]).toEqual(['logged_out', 'talking', COLLEAGUE]);
  expect(d.state.calls.get('a1')?.handovers).toEqual([expect.objectContaining({ fromAgentId: AGENT, toAgentId: COLLEAGUE })]);
  d.feed(ended);
  expect([d.state.agents.get(COLLEAGUE)?.owesDispositionFor, d.state.agents.get(AGENT)?.owesDispositionFor]).toEqual(['a1', null]);
}

describe('the agent handing a customer over loses their phone', () => {
  it('in a consultation: the colleague takes the customer at once', () => {
    for (const stage of [null, 'conference'] as const) {
      const d = consulting(stage);
      const left = d.feed(legDown);
      expect(hangups(left)).toEqual([]);
      expect(ofType(left, 'transfer_call')).toEqual([moveToColleague]);
      expect(d.state.calls.get('a1')?.consult).toBe('completing');
      expectColleagueTakesOver(d);
    }
  });

  it('with a blind handover or a consultation completing on its way: the move goes on', () => {
    const blind = withColleague();
    blind.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: COLLEAGUE } });
    const left = blind.feed(legDown);
    expect([hangups(left), ofType(left, 'transfer_call')]).toEqual([[], []]);
    expectColleagueTakesOver(blind);
    const completing = consulting('complete');
    expect(ofType(completing.feed(legDown), 'transfer_call')).toEqual([]);
    expectColleagueTakesOver(completing);
  });

  it('and the move then fails: the customer, with nobody, is hung up', () => {
    const d = consulting();
    d.feed(legDown);
    const failed = d.feed({ type: 'bridge_failed', attemptId: 'a1', agentId: COLLEAGUE, reason: 'ARI_CONFLICT' });
    expect(hangups(failed)).toEqual([['a1', 'agent_left']]);
    expect(ofType(failed, 'return_agent_leg')).toEqual([{ type: 'return_agent_leg', attemptId: 'a1', agentId: COLLEAGUE }]);
  });

  it('waiting for the next agent of a group: the customer goes on waiting, and is hung up when the hold runs out', () => {
    const d = waitingForBusyCloser();
    expect(hangups(d.feed(legDown))).toEqual([]);
    d.feed({ type: 'call_ended', attemptId: 'a2', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    d.feed({ type: 'agent_dispositioned', agentId: COLLEAGUE, attemptId: 'a2' });
    d.feed({ type: 'agent_ready', agentId: COLLEAGUE });
    expect(ofType(d.advance(200), 'transfer_call')).toEqual([moveToColleague]);
    expectColleagueTakesOver(d);

    const nobody = waitingForBusyCloser();
    nobody.feed(legDown);
    expect(hangups(nobody.advance(61_000))).toEqual([['a1', 'agent_left']]);
  });

  it('while the colleague is still being brought in: the customer is hung up with the phone, as before', () => {
    const d = withColleague();
    d.feed({ type: 'agent_consult', agentId: AGENT, to: { agentId: COLLEAGUE } });
    expect(hangups(d.feed(legDown))).toEqual([['a1', 'agent_left']]);
  });
});

describe('a handover ending with both agents gone', () => {
  const hangups = (d: EngineDriver) => ofType(d.log, 'hangup_call').map((h) => [h.attemptId, h.reason]);

  it('hangs the customer up when the colleague of a consultation hangs up after the agent\'s phone went', () => {
    const d = consulting();
    d.feed(legDown);
    d.feed({ type: 'agent_hangup', agentId: COLLEAGUE });
    expect(hangups(d)).toEqual([['a1', 'agent_left']]);
  });

  it.each(['blind', 'consult'] as const)('hangs the customer up when both phones go during a %s handover', (kind) => {
    const d = kind === 'consult' ? consulting() : withColleague();
    if (kind === 'blind') d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: COLLEAGUE } });
    d.feed(legDown);
    d.feed({ type: 'agent_leg_down', agentId: COLLEAGUE, cause: 16 });
    expect(hangups(d)).toEqual([['a1', 'agent_left']]);
  });

  it('does not bridge a customer back to an agent whose phone has gone when a handover given up is confirmed late', () => {
    const d = withReadyColleagues(agentInConversation(AGENT), [{ id: COLLEAGUE }, { id: 'ag3' }]);
    d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: COLLEAGUE } });
    for (let i = 0; i < 26; i++) d.advance(200);
    d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: 'ag3' } });
    d.feed(legDown);
    const late = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: COLLEAGUE });
    expect(ofType(late, 'bridge_call')).toEqual([]);
    expect(ofType(late, 'unbridge_call')).toEqual([{ type: 'unbridge_call', attemptId: 'a1', agentId: COLLEAGUE }]);
    // The handover to ag3 goes on and completes.
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag3' });
    expect(d.state.calls.get('a1')?.agentId).toBe('ag3');
  });
});
