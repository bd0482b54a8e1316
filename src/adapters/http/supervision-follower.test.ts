// The supervision follower against the real engine core (its commands) and a telephony stand-in:
// listen and whisper follow the agent, one evidence entry per call heard; barge is per call; every
// session ends with the agent's login; a session whose next call cannot be recorded is ended; the
// supervisor's wallboard is told once why each session ended.

import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { agentInConversation } from '../../core/testing/agent-in-conversation.js';
import { ofType, readyAgent, runningCampaign, type EngineDriver } from '../../core/testing/engine-driver.js';
import type { SupervisionEvidence } from '../pg/supervision-sessions.js';
import { ApiError } from './api-error.js';
import { SupervisionFollower, type SupervisionEnded, type SupervisionMode } from './supervision-follower.js';

/** The telephony's sessions: which are open, and a way to end one as the PBX would (a hang-up). */
class TelephonyStandIn {
  readonly open = new Map<string, () => void>();
  /** Each mute (true) or unmute of a session's phone asked, in order. */
  readonly muting: Array<[string, boolean]> = [];
  /** Whether the PBX refuses to mute, and to unmute. */
  refuseMute = false;
  refuseUnmute = false;
  private seq = 0;

  async supervise(): Promise<{ sessionId: string; ended: Promise<void> }> {
    const sessionId = `sup-${++this.seq}`;
    const ended = new Promise<void>((resolve) => this.open.set(sessionId, resolve));
    return { sessionId, ended };
  }

  async endSupervision(sessionId: string): Promise<void> {
    this.open.get(sessionId)?.();
    this.open.delete(sessionId);
  }

  async setListeningPaused(sessionId: string, paused: boolean): Promise<void> {
    if (paused ? this.refuseMute : this.refuseUnmute) throw new Error('Channel not in Stasis application');
    this.muting.push([sessionId, paused]);
  }
}

function setUp(d: EngineDriver, record: (evidence: SupervisionEvidence) => Promise<void> = async () => undefined) {
  const telephony = new TelephonyStandIn();
  const entries: SupervisionEvidence[] = [];
  const endings: SupervisionEnded[] = [];
  const follower = new SupervisionFollower({
    record: async (evidence) => {
      await record(evidence);
      entries.push(evidence);
    },
    engine: { state: () => d.state, nodeId: () => 'node-1', nowMs: () => d.nowMs }, telephony, logger: createLogger({ level: 'silent' }),
    onEnded: (ended) => endings.push(ended),
  });
  const feed = (input: Parameters<EngineDriver['feed']>[0]) => follower.onCommands(d.feed(input));
  const supervise = (mode: SupervisionMode) => follower.supervise({ agentId: 'ag1', supervisorEndpoint: 'Local/sup@sim-agent', mode, by: { id: 'token:7', name: 'Sam', role: 'supervisor' } });
  const heard = () => entries.map((e) => [e.entry, e.call.attemptId]);
  const ended = () => endings.map((e) => [e.sessionId, e.reason]);
  return { telephony, entries, feed, supervise, heard, ended, follower };
}

/** The engine puts the next lead's call through to the ready agent ag1. */
function nextCall(d: EngineDriver, feed: (input: Parameters<EngineDriver['feed']>[0]) => void, attemptId: string): void {
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 1;
  feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId, leadId: `lead-${attemptId}`, phone: '+15550100001' }] });
  feed({ type: 'call_ringing', attemptId });
  feed({ type: 'call_answered', attemptId });
  feed({ type: 'call_bridged', attemptId, agentId: 'ag1' });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('supervision follower', () => {
  it('records a listen for each call it goes on into, once each, until the agent logs out', async () => {
    const d = runningCampaign({ wrapUpMode: 'manual' });
    readyAgent(d, 'ag1');
    const { telephony, entries, feed, supervise, heard } = setUp(d);
    const { sessionId } = await supervise('listen');
    nextCall(d, feed, 'a1');
    feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'a1' });
    feed({ type: 'agent_ready', agentId: 'ag1' });
    nextCall(d, feed, 'a2');
    await settle();
    expect(heard()).toEqual([['started', null], ['next_call', 'a1'], ['next_call', 'a2']]);
    expect(entries[1]).toMatchObject({ sessionId, agentId: 'ag1', mode: 'listen', by: { name: 'Sam', role: 'supervisor' }, nodeId: 'node-1',
      call: { campaignId: 'c1', attemptId: 'a1', leadId: 'lead-a1' } });
    expect(telephony.open.has(sessionId)).toBe(true);
    // A logout asked mid-call waits for the call and its disposition; the listen goes on until then.
    feed({ type: 'agent_logout', agentId: 'ag1' });
    feed({ type: 'call_ended', attemptId: 'a2', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(telephony.open.has(sessionId)).toBe(true);
    feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'a2' });
    expect(d.state.agents.get('ag1')?.status ?? 'logged_out').toBe('logged_out');
    expect(telephony.open.has(sessionId)).toBe(false);
  });

  it('ends a barge when its call leaves the agent, and refuses one between calls', async () => {
    const d = agentInConversation('ag1');
    const { telephony, feed, supervise, heard } = setUp(d);
    const { sessionId } = await supervise('barge');
    expect(heard()).toEqual([['started', 'a1']]);
    feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(telephony.open.has(sessionId)).toBe(false);
    await expect(supervise('barge')).rejects.toThrow(ApiError);
    await expect(supervise('barge')).rejects.toThrow('agent ag1 is not on a call');
    expect(telephony.open.size).toBe(0);
  });

  it("mutes a listen while its call's recording is paused and lets it hear again when the call ends paused; ends one whose phone the PBX would not mute", async () => {
    const d = agentInConversation('ag1', { recordingEnabled: true });
    const { telephony, feed, supervise, heard, ended } = setUp(d);
    const { sessionId } = await supervise('listen');
    feed({ type: 'agent_recording_paused', agentId: 'ag1', paused: true });
    // The customer hangs up while reading out their card: the listen goes on, hearing again.
    feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    await settle();
    expect(telephony.muting).toEqual([[sessionId, true], [sessionId, false]]);
    expect(heard()).toEqual([['started', 'a1'], ['listening_paused', 'a1'], ['listening_resumed', 'a1']]);
    expect(telephony.open.has(sessionId)).toBe(true);

    const paused = agentInConversation('ag1', { recordingEnabled: true });
    const second = setUp(paused);
    const listen = await second.supervise('listen');
    second.telephony.refuseMute = true;
    second.feed({ type: 'agent_recording_paused', agentId: 'ag1', paused: true });
    await settle();
    expect(second.ended()).toEqual([[listen.sessionId, 'listening_not_paused']]);
    expect(second.telephony.open.has(listen.sessionId)).toBe(false);
    expect(ended()).toEqual([]);
  });

  it('says the listen hears nothing still when the PBX would not unmute its phone, until a later resumption does', async () => {
    const d = agentInConversation('ag1', { recordingEnabled: true });
    const { telephony, feed, supervise, follower } = setUp(d);
    const { sessionId } = await supervise('listen');
    const listed = () => follower.openSessions().map((s) => [s.sessionId, s.listeningPaused]);
    feed({ type: 'agent_recording_paused', agentId: 'ag1', paused: true });
    await settle();
    expect(listed()).toEqual([[sessionId, true]]);
    telephony.refuseUnmute = true;
    feed({ type: 'agent_recording_paused', agentId: 'ag1', paused: false });
    await settle();
    expect(listed()).toEqual([[sessionId, true]]);
    expect(telephony.open.has(sessionId)).toBe(true);
    telephony.refuseUnmute = false;
    feed({ type: 'agent_recording_paused', agentId: 'ag1', paused: true });
    feed({ type: 'agent_recording_paused', agentId: 'ag1', paused: false });
    await settle();
    expect(listed()).toEqual([[sessionId, false]]);
  });

  it('ends every session of an agent whose phone leg goes down mid-call', async () => {
    const d = agentInConversation('ag1');
    const { telephony, feed, supervise } = setUp(d);
    const barge = await supervise('barge');
    const listen = await supervise('listen');
    feed({ type: 'agent_leg_down', agentId: 'ag1', cause: 16 });
    expect([telephony.open.has(barge.sessionId), telephony.open.has(listen.sessionId)]).toEqual([false, false]);
  });

  it('writes nothing more for a session the supervisor hung up, and ends one whose next call cannot be recorded', async () => {
    const d = runningCampaign({ wrapUpMode: 'manual' });
    readyAgent(d, 'ag1');
    let failing = false;
    const { telephony, feed, supervise, heard } = setUp(d, async () => {
      if (failing) throw new Error('database away');
    });
    const hungUp = await supervise('listen');
    await telephony.endSupervision(hungUp.sessionId);
    await settle();
    const kept = await supervise('whisper');
    failing = true;
    nextCall(d, feed, 'a1');
    await settle();
    // The hung-up session's end is on the record; the failing one's could not be written either.
    expect(heard()).toEqual([['started', null], ['ended', null], ['started', null]]);
    expect(telephony.open.has(kept.sessionId)).toBe(false);
  });

  it('puts every end on the record: why, who ended it when a staff member did, and the call it was on', async () => {
    const d = agentInConversation('ag1');
    const { feed, supervise, entries, follower, telephony } = setUp(d);
    const barge = await supervise('barge');
    const listen = await supervise('listen');
    const ended = await supervise('listen');
    const hungUp = await supervise('listen');
    await follower.endSupervision(ended.sessionId, { name: 'Mia', role: 'manager' });
    await telephony.endSupervision(hungUp.sessionId);
    feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'a1' });
    feed({ type: 'agent_logout', agentId: 'ag1' });
    await settle();
    const ends = entries.filter((e) => e.entry === 'ended').map((e) => [e.sessionId, e.end, e.call.attemptId, e.call.campaignId]);
    expect(ends).toEqual([
      [ended.sessionId, { reason: 'ended_by_staff', by: { name: 'Mia', role: 'manager' } }, 'a1', 'c1'],
      [hungUp.sessionId, { reason: 'hung_up', by: null }, 'a1', 'c1'],
      [barge.sessionId, { reason: 'call_ended', by: null }, 'a1', 'c1'],
      [listen.sessionId, { reason: 'agent_logged_out', by: null }, null, 'c1'],
    ]);
    expect(entries.filter((e) => e.entry === 'ended').every((e) => e.by.name === 'Sam')).toBe(true);
  });

  it('lists the sessions still open, oldest first, with who started each and since when', async () => {
    const d = agentInConversation('ag1');
    const { supervise, follower, feed } = setUp(d);
    const barge = await supervise('barge');
    d.advance(5_000);
    const listen = await supervise('listen');
    expect(follower.openSessions()).toEqual([
      { sessionId: barge.sessionId, agentId: 'ag1', mode: 'barge', by: { name: 'Sam', role: 'supervisor' }, byId: 'token:7', since: new Date(d.nowMs - 5_000).toISOString(), nodeId: 'node-1', listeningPaused: false },
      { sessionId: listen.sessionId, agentId: 'ag1', mode: 'listen', by: { name: 'Sam', role: 'supervisor' }, byId: 'token:7', since: new Date(d.nowMs).toISOString(), nodeId: 'node-1', listeningPaused: false },
    ]);
    feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(follower.openSessions().map((s) => s.sessionId)).toEqual([listen.sessionId]);
  });

  it('tells the wallboard once why each session ended, and nothing of one whose start failed', async () => {
    const d = agentInConversation('ag1');
    let failing = false;
    const { telephony, feed, supervise, ended, follower } = setUp(d, async () => {
      if (failing) throw new Error('database away');
    });
    const barge = await supervise('barge');
    const listen = await supervise('listen');
    const hungUp = await supervise('listen');
    await follower.endSupervision(hungUp.sessionId);
    await settle();
    feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'a1' });
    feed({ type: 'agent_logout', agentId: 'ag1' });
    await settle();
    expect(ended()).toEqual([[hungUp.sessionId, 'hung_up'], [barge.sessionId, 'call_ended'], [listen.sessionId, 'agent_logged_out']]);
    failing = true;
    await expect(supervise('listen')).rejects.toThrow('database away');
    await settle();
    expect(telephony.open.size).toBe(0);
    expect(ended()).toHaveLength(3);
  });
});
