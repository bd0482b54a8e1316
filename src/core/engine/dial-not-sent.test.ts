// A dial that never reached the PBX (its last check or write failed, it waited for an originate
// slot and was hung up meanwhile, telephony was down) rang no one: it closes as no dial, and says
// nothing about how often people answer. One the PBX refused is a failed dial.

import { describe, expect, it } from 'vitest';
import type { AttemptSummary } from '../commands.js';
import { ofType, readyAgent, runningCampaign, type EngineDriver } from '../testing/engine-driver.js';

/** Campaign c1 running with one ready agent and call a1 on its way. */
function dialling(): EngineDriver {
  const d = runningCampaign();
  readyAgent(d, 'ag1');
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
  expect(d.state.calls.get('a1')).toMatchObject({ status: 'dialing' });
  return d;
}

const dialsLearned = (d: EngineDriver): number => d.state.campaigns.get('c1')?.stats.dials ?? Number.NaN;
const closed = (commands: ReturnType<EngineDriver['feed']>): AttemptSummary | undefined => ofType(commands, 'attempt_closed')[0]?.summary;

describe('a dial that never reached the PBX', () => {
  it('closes failed and unsent when telephony refused it before sending, learning nothing from it', () => {
    const d = dialling();
    const before = dialsLearned(d);
    const end = d.feed({ type: 'originate_failed', attemptId: 'a1', reason: 'ARI_DISCONNECTED: telephony is down', notSent: true });
    expect(closed(end)).toMatchObject({ outcome: 'failed', dialSent: false });
    expect(dialsLearned(d)).toBe(before);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready' });
  });

  it('closes cancelled and unsent when the engine had hung it up while it waited for a slot', () => {
    const d = dialling();
    d.feed({ type: 'call_withdrawn', attemptId: 'a1', reason: 'campaign stopped' });
    const end = d.feed({ type: 'originate_failed', attemptId: 'a1', reason: 'not dialled: the call was hung up before its dial was sent', notSent: true });
    expect(closed(end)).toMatchObject({ outcome: 'cancelled', dialSent: false });
  });

  it('counts one the PBX refused as a failed dial that went out', () => {
    const d = dialling();
    const before = dialsLearned(d);
    const end = d.feed({ type: 'originate_failed', attemptId: 'a1', reason: 'ARI_ERROR: Allocation failed' });
    expect(closed(end)).toMatchObject({ outcome: 'failed', dialSent: true });
    expect(dialsLearned(d)).toBe(before + 1);
  });
});
