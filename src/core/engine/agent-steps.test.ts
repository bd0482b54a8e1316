// Agent actions through the whole engine: every action an agent can take, in every state, is
// either a legal transition (timestamped, with the time spent in the state before) or refused
// with a stable code and no change at all.

import { describe, expect, it } from 'vitest';
import type { AgentStatus } from '../agent.js';
import { defaultCampaignSettings, type CampaignSettings } from '../campaign-settings.js';
import type { Input } from '../inputs.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';

const AGENT = 'ag1';

function running(settings: Partial<CampaignSettings> = {}): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, ...settings } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  return d;
}

/** Drives one agent into the given state through legal inputs only. */
function agentIn(status: AgentStatus, settings: Partial<CampaignSettings> = { wrapUpMode: 'manual' }): EngineDriver {
  const d = running(settings);
  d.feed({ type: 'agent_login', agentId: AGENT, campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' });
  if (status === 'logged_out') {
    d.feed({ type: 'agent_logout', agentId: AGENT });
    return d;
  }
  if (status === 'connecting') return d;
  d.feed({ type: 'agent_leg_up', agentId: AGENT });
  if (status === 'paused') return d;
  d.feed({ type: 'agent_ready', agentId: AGENT });
  if (status === 'ready') return d;
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
  d.feed({ type: 'call_ringing', attemptId: 'a1' });
  d.feed({ type: 'call_answered', attemptId: 'a1' });
  if (status === 'reserved') return d;
  d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: AGENT });
  if (status === 'talking') return d;
  d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: '' });
  return d;
}

const actions: Record<string, Input> = {
  ready: { type: 'agent_ready', agentId: AGENT },
  pause: { type: 'agent_pause', agentId: AGENT, reason: 'lunch' },
  logout: { type: 'agent_logout', agentId: AGENT },
  logout_after_disposition: { type: 'agent_logout', agentId: AGENT, afterDisposition: true },
  hangup: { type: 'agent_hangup', agentId: AGENT },
  disposition: { type: 'agent_dispositioned', agentId: AGENT, attemptId: 'a1' },
  login: { type: 'agent_login', agentId: AGENT, campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' },
  preview_dial: { type: 'preview_dial', agentId: AGENT, campaignId: 'c1', lead: { attemptId: 'p1', leadId: 'l9', phone: '+15550100009' } },
};

type Expected = { to: AgentStatus } | { rejected: string } | 'deferred' | 'unchanged';

/**
 * What each action does in each state. `deferred`: taken note of, applied after the call's
 * wrap-up; `unchanged`: accepted with nothing to do (already there, or a stale disposition).
 */
const table: Record<AgentStatus, Record<keyof typeof actions, Expected>> = {
  logged_out: { ready: { rejected: 'illegal_agent_transition' }, pause: { rejected: 'illegal_agent_transition' }, logout: { rejected: 'illegal_agent_transition' },
    logout_after_disposition: { rejected: 'illegal_agent_transition' }, hangup: { rejected: 'unknown_call' }, disposition: 'unchanged', login: { to: 'connecting' }, preview_dial: { rejected: 'agent_busy' } },
  connecting: { ready: { rejected: 'illegal_agent_transition' }, pause: { rejected: 'illegal_agent_transition' }, logout: { to: 'logged_out' },
    logout_after_disposition: { to: 'logged_out' }, hangup: { rejected: 'unknown_call' }, disposition: 'unchanged', login: { rejected: 'agent_busy' }, preview_dial: { rejected: 'agent_busy' } },
  paused: { ready: { to: 'ready' }, pause: { to: 'paused' }, logout: { to: 'logged_out' }, logout_after_disposition: { to: 'logged_out' }, hangup: { rejected: 'unknown_call' },
    disposition: 'unchanged', login: { rejected: 'agent_busy' }, preview_dial: { to: 'reserved' } },
  ready: { ready: 'unchanged', pause: { to: 'paused' }, logout: { to: 'logged_out' }, logout_after_disposition: { to: 'logged_out' }, hangup: { rejected: 'unknown_call' },
    disposition: 'unchanged', login: { rejected: 'agent_busy' }, preview_dial: { to: 'reserved' } },
  reserved: { ready: { rejected: 'illegal_agent_transition' }, pause: 'deferred', logout: 'deferred', logout_after_disposition: 'deferred', hangup: { rejected: 'unknown_call' },
    disposition: { rejected: 'agent_busy' }, login: { rejected: 'agent_busy' }, preview_dial: { rejected: 'agent_busy' } },
  talking: { ready: { rejected: 'illegal_agent_transition' }, pause: 'deferred', logout: 'deferred', logout_after_disposition: 'deferred', hangup: 'unchanged',
    disposition: { rejected: 'agent_busy' }, login: { rejected: 'agent_busy' }, preview_dial: { rejected: 'agent_busy' } },
  wrap_up: { ready: { rejected: 'illegal_agent_transition' }, pause: { to: 'paused' }, logout: { to: 'logged_out' }, logout_after_disposition: 'deferred', hangup: { rejected: 'unknown_call' },
    disposition: 'unchanged', login: { rejected: 'agent_busy' }, preview_dial: { rejected: 'agent_busy' } },
};

describe('agent actions in every state, through the engine', () => {
  for (const [status, row] of Object.entries(table) as [AgentStatus, Record<string, Expected>][]) {
    for (const [name, expected] of Object.entries(row)) {
      const label = typeof expected === 'string' ? expected : 'to' in expected ? `moves to ${expected.to}` : `is refused (${expected.rejected})`;
      it(`${name} when ${status} ${label}`, () => {
        const d = agentIn(status);
        expect(d.state.agents.get(AGENT)?.status).toBe(status);
        const before = structuredClone(d.state.agents.get(AGENT) ?? null);
        expect(before).not.toBeNull();
        // A live customer is put through to a reserved agent within the connect limit, or taken back.
        d.nowMs += status === 'reserved' ? 1_000 : 5_000;
        const out = d.feed(actions[name] as Input);
        const after = d.state.agents.get(AGENT);
        const changes = ofType(out, 'agent_state_changed');
        const rejections = ofType(out, 'input_rejected');
        if (typeof expected === 'object' && 'rejected' in expected) {
          expect(rejections.map((r) => r.code)).toEqual([expected.rejected]);
          expect(changes).toEqual([]);
          expect(after ?? null).toEqual(before);
        } else if (typeof expected === 'object') {
          expect(rejections).toEqual([]);
          expect(changes).toHaveLength(1);
          expect(changes[0]).toMatchObject({ from: status, to: expected.to, atMs: d.nowMs, durationMs: d.nowMs - (before?.sinceMs ?? 0) });
          expect(after?.status).toBe(expected.to);
          expect(after?.sinceMs).toBe(d.nowMs);
        } else {
          expect(rejections).toEqual([]);
          expect(changes).toEqual([]);
          expect(after?.status).toBe(status);
          if (expected === 'deferred') expect(after?.pendingPause === 'lunch' || after?.pendingLogout === true).toBe(true);
        }
      });
    }
  }

  it('refuses a disposition in wrap-up for a call that is not the one owed, and keeps owing the right one', () => {
    const d = agentIn('wrap_up');
    d.feed({ type: 'agent_dispositioned', agentId: AGENT, attemptId: 'other' });
    expect(d.state.agents.get(AGENT)?.owesDispositionFor).toBe('a1');
    expect(ofType(d.feed({ type: 'agent_ready', agentId: AGENT }), 'input_rejected')[0]?.message).toMatch(/disposition first/);
    d.feed({ type: 'agent_dispositioned', agentId: AGENT, attemptId: 'a1' });
    expect(ofType(d.feed({ type: 'agent_ready', agentId: AGENT }), 'agent_state_changed')[0]).toMatchObject({ from: 'wrap_up', to: 'ready' });
  });

  it('takes new lead groups at once, normalised, in any state and without moving the agent', () => {
    const d = agentIn('talking');
    const out = d.feed({ type: 'agent_groups_changed', agentId: AGENT, groups: [' West ', 'west', 'North', ' '] });
    expect(out).toEqual([]);
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'talking', groups: ['west', 'north'] });
  });

  it('in manual wrap-up, a pause taken before the disposition does not skip it on the way back', () => {
    const d = agentIn('wrap_up');
    d.feed({ type: 'agent_pause', agentId: AGENT, reason: 'break' });
    expect(ofType(d.feed(actions.ready!), 'input_rejected')).toEqual([
      expect.objectContaining({ code: 'illegal_agent_transition', message: 'cannot go ready: the last call needs a disposition first' }),
    ]);
    d.feed(actions.disposition!);
    d.feed(actions.ready!);
    expect(d.state.agents.get(AGENT)?.status).toBe('ready');
    // In automatic wrap-up the agent may come back and give it later.
    const auto = agentIn('wrap_up', { wrapUpMode: 'auto', wrapUpMs: 60_000 });
    auto.feed({ type: 'agent_pause', agentId: AGENT, reason: 'break' });
    auto.feed(actions.ready!);
    expect(auto.state.agents.get(AGENT)?.status).toBe('ready');
  });

  it("holds a supervisor's pause in a wrap-up that owes a disposition until it is given (or the automatic wrap-up ends), then pauses naming them", () => {
    const sue = { id: 'token:9', name: 'Sue', role: 'supervisor' };
    const d = agentIn('wrap_up');
    expect(ofType(d.feed({ type: 'agent_pause', agentId: AGENT, reason: 'meeting', by: sue }), 'agent_move_pending')).toHaveLength(1);
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'wrap_up', owesDispositionFor: 'a1', pendingPause: 'meeting', pendingPauseBy: sue });
    expect(ofType(d.feed(actions.disposition!), 'agent_state_changed')).toEqual([expect.objectContaining({ from: 'wrap_up', to: 'paused', reason: 'meeting', by: sue })]);
    expect(d.state.agents.get(AGENT)).toMatchObject({ pauseReason: 'meeting', pausedBy: sue, pendingPause: null, pendingPauseBy: null });
    // In automatic wrap-up its time running out brings the pause; the disposition waits on their list.
    const auto = agentIn('wrap_up', { wrapUpMode: 'auto', wrapUpMs: 30_000 });
    auto.feed({ type: 'agent_pause', agentId: AGENT, reason: 'meeting', by: sue });
    expect(auto.state.agents.get(AGENT)?.status).toBe('wrap_up');
    auto.advance(31_000);
    expect(auto.state.agents.get(AGENT)).toMatchObject({ status: 'paused', pausedBy: sue, owesDispositionFor: 'a1' });
  });

  describe('a logout that waits for the disposition (a stopping node)', () => {
    for (const wrapUpMode of ['auto', 'manual'] as const) {
      it(`keeps a ${wrapUpMode} wrap-up open past its timer until the disposition, then logs out`, () => {
        const d = agentIn('talking', { wrapUpMode, wrapUpMs: 1_000 });
        d.feed({ type: 'agent_logout', agentId: AGENT, afterDisposition: true });
        d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: '' });
        d.advance(10_000);
        expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'wrap_up', owesDispositionFor: 'a1', pendingLogout: true });
        const out = d.feed({ type: 'agent_dispositioned', agentId: AGENT, attemptId: 'a1' });
        expect(ofType(out, 'agent_state_changed').map((c) => c.to)).toEqual(['logged_out']);
        expect(ofType(out, 'hangup_agent')).toHaveLength(1);
        expect(d.state.agents.get(AGENT)).toMatchObject({ pendingLogout: false, logoutAwaitsDisposition: false });
      });
    }

    for (const wrapUpMode of ['auto', 'manual'] as const) {
      it(`ends a ${wrapUpMode} wrap-up after its time for a plain logout asked during the call (a supervisor's, a deactivation)`, () => {
        const d = agentIn('talking', { wrapUpMode, wrapUpMs: 1_000 });
        d.feed({ type: 'agent_logout', agentId: AGENT });
        d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: '' });
        d.advance(500);
        expect(d.state.agents.get(AGENT)?.status).toBe('wrap_up');
        d.advance(1_000);
        expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'logged_out', owesDispositionFor: null });
      });
    }

    it('leaves nothing owed to the engine once a plain logout in wrap-up is done', () => {
      const d = agentIn('wrap_up');
      d.feed({ type: 'agent_logout', agentId: AGENT });
      expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'logged_out', owesDispositionFor: null });
    });

    it('logs out at once an agent in wrap-up who owes nothing', () => {
      const d = agentIn('wrap_up');
      d.feed({ type: 'agent_dispositioned', agentId: AGENT, attemptId: 'a1' });
      const out = d.feed({ type: 'agent_logout', agentId: AGENT, afterDisposition: true });
      expect(ofType(out, 'agent_state_changed').map((c) => c.to)).toEqual(['logged_out']);
    });
  });

  it('refuses every action of an agent the engine does not know', () => {
    const d = running();
    for (const name of ['ready', 'pause', 'logout', 'hangup'] as const) {
      const input = { ...(actions[name] as Input), agentId: 'ghost' } as Input;
      expect(ofType(d.feed(input), 'input_rejected')[0]?.code, name).toBe('unknown_agent');
    }
  });

  it('keeps the state durations: each state accumulates the time spent in it', () => {
    const d = agentIn('paused');
    d.nowMs += 60_000;
    d.feed({ type: 'agent_ready', agentId: AGENT });
    d.nowMs += 30_000;
    d.feed({ type: 'agent_pause', agentId: AGENT, reason: 'training' });
    const agent = d.state.agents.get(AGENT);
    expect(agent?.durationsMs.paused).toBe(60_000);
    expect(agent?.durationsMs.ready).toBe(30_000);
    expect(agent?.pauseReason).toBe('training');
  });
});
