// Each real Asterisk recording's WebSocket events, in the order they came, through the adapter's
// own parser (ari-events.ts) and mappers (CustomerCalls, AgentLegs): the core inputs Outpace would
// act on against a real Asterisk 22, not only against the simulated PBX. The test plays the part of
// the rest of the adapter as the recording's REST calls show it: what was originated is registered
// before its events (as the adapter registers before it originates), and so are the playbacks
// started and the agent each customer was bridged to; the bridge they met in is named as the
// adapter names an agent's (the recorder named its own). The recorder's snoop in 01 is no
// supervision session, so supervision.ts is left out.

import { describe, expect, it } from 'vitest';
import { AgentLegs } from '../../src/adapters/ari/agent-legs.js';
import { parseAriEvent } from '../../src/adapters/ari/ari-events.js';
import { ariTelephonyDefaults } from '../../src/adapters/ari/ari-telephony.js';
import { agentBridgeId } from '../../src/adapters/ari/channel-ids.js';
import { CustomerCalls } from '../../src/adapters/ari/customer-calls.js';
import type { Input } from '../../src/core/inputs.js';
import { readRecording, type AriEvent, type RecordingEntry, type RestEntry, recordingsMissing } from './recording-file.js';

/** What the dialer did, read from the recording's REST calls. */
interface DialerActs {
  customers: string[];
  /** Agent leg channel id to its agent. */
  agents: Map<string, string>;
  /** Playback id to the customer channel it played to. */
  playbacks: Map<string, string>;
  /** Customer channel id to the agent it was bridged with. */
  bridgedTo: Map<string, string>;
  /** The recorder's bridge id to the adapter's name for it. */
  bridgeNames: Map<string, string>;
}

function restEntries(entries: RecordingEntry[]): RestEntry[] {
  return entries.flatMap((entry) => (entry.dir === 'rest' && entry.status < 300 ? [entry] : []));
}

function dialerActs(entries: RecordingEntry[]): DialerActs {
  const acts: DialerActs = { customers: [], agents: new Map(), playbacks: new Map(), bridgedTo: new Map(), bridgeNames: new Map() };
  for (const rest of restEntries(entries)) {
    const query = rest.query ?? {};
    if (rest.method !== 'POST') continue;
    if (/^\/channels(\/[^/]+)?$/.test(rest.path)) noteOriginate(acts, query, rest.response);
    const play = /^\/channels\/([^/]+)\/play(?:\/([^/]+))?$/.exec(rest.path);
    const playbackId = play?.[2] ?? query.playbackId;
    if (play?.[1] !== undefined && playbackId !== undefined) acts.playbacks.set(playbackId, play[1]);
    const added = /^\/bridges\/([^/]+)\/addChannel$/.exec(rest.path);
    if (added?.[1] !== undefined) noteBridge(acts, added[1], (query.channel ?? '').split(','));
  }
  return acts;
}

function noteOriginate(acts: DialerActs, query: Record<string, string>, response: unknown): void {
  const id = query.channelId ?? (response as { id?: string } | undefined)?.id;
  if (id === undefined) return;
  const [kind, agentId] = (query.appArgs ?? '').split(',');
  if (kind === 'agent' && agentId !== undefined) acts.agents.set(id, agentId);
  else if (kind === 'customer' || query.context === 'dialer-amd') acts.customers.push(id);
}

function noteBridge(acts: DialerActs, bridgeId: string, channels: string[]): void {
  const customer = channels.find((id) => acts.customers.includes(id));
  const agentId = channels.map((id) => acts.agents.get(id)).find((agent) => agent !== undefined);
  if (customer === undefined || agentId === undefined) return;
  acts.bridgedTo.set(customer, agentId);
  acts.bridgeNames.set(bridgeId, agentBridgeId(agentId));
}

/** Timers on the recording's clock: they fire as its time passes, the rest at the end. */
class RecordingClock {
  private nowMs = 0;
  private readonly timers: Array<{ dueMs: number; run: () => void; cancelled: boolean }> = [];

  setTimer = (run: () => void, ms: number): (() => void) => {
    const timer = { dueMs: this.nowMs + ms, run, cancelled: false };
    this.timers.push(timer);
    return () => { timer.cancelled = true; };
  };

  advanceTo(ms: number): void {
    for (let due = this.nextDue(ms); due !== undefined; due = this.nextDue(ms)) {
      due.cancelled = true;
      this.nowMs = due.dueMs;
      due.run();
    }
    if (Number.isFinite(ms)) this.nowMs = Math.max(this.nowMs, ms);
  }

  private nextDue(ms: number): { dueMs: number; run: () => void; cancelled: boolean } | undefined {
    return this.timers.filter((t) => !t.cancelled && t.dueMs <= ms).sort((a, b) => a.dueMs - b.dueMs)[0];
  }
}

function renameBridge(event: AriEvent, names: Map<string, string>): AriEvent {
  const bridge = event.bridge as { id?: string } | undefined;
  const name = bridge?.id === undefined ? undefined : names.get(bridge.id);
  return name === undefined ? event : { ...event, bridge: { ...bridge, id: name } };
}

interface Mapped {
  acts: DialerActs;
  inputs: Input[];
  warnings: string[];
  malformed: string[];
}

function mapRecording(name: string): Mapped {
  const entries = readRecording(name);
  const acts = dialerActs(entries);
  const clock = new RecordingClock();
  const mapped: Mapped = { acts, inputs: [], warnings: [], malformed: [] };
  const emit = (input: Input): void => { mapped.inputs.push(input); };
  const calls = new CustomerCalls({
    emit, setTimer: clock.setTimer, peerCauseWaitMs: ariTelephonyDefaults.peerCauseWaitMs,
    onEnded: () => undefined, onUnexpected: (message) => mapped.warnings.push(message), onPlaybackFailed: () => undefined,
  });
  // The executor puts an answered leg into its bridge, then marks it up (the recordings' 204s).
  const legs = new AgentLegs({ emit, onAnswered: (leg) => legs.markUp(leg) });
  registerActs(acts, calls, legs);
  for (const entry of entries) {
    clock.advanceTo(entry.t);
    if (entry.dir !== 'event') continue;
    const parsed = parseAriEvent(renameBridge(entry.event, acts.bridgeNames));
    if (!parsed.ok) {
      if (parsed.reason === 'malformed') mapped.malformed.push(`${parsed.type}: ${parsed.issues ?? ''}`);
      continue;
    }
    if (!calls.handle(parsed.event)) legs.handle(parsed.event);
  }
  clock.advanceTo(Number.POSITIVE_INFINITY);
  return mapped;
}

function registerActs(acts: DialerActs, calls: CustomerCalls, legs: AgentLegs): void {
  for (const [channelId, agentId] of acts.agents) legs.register(agentId, channelId);
  for (const id of acts.customers) {
    const call = calls.register(id, 'campaign');
    call.bridgingTo = acts.bridgedTo.get(id) ?? null;
  }
  for (const [playbackId, owner] of acts.playbacks) {
    const call = calls.get(owner);
    // The recordings' playbacks are safe-harbor messages.
    if (call) calls.addPlayback(call, playbackId, 'safe_harbor');
  }
}

/** The inputs with the recording's customer channel id shown as `cust`. */
function inputsOf(mapped: Mapped): Array<Record<string, unknown>> {
  return mapped.inputs.map((input) => ('attemptId' in input ? { ...input, attemptId: 'cust' } : { ...input }));
}

const ended = (cause: number, causeText: string, dialStatus: string) => ({ type: 'call_ended', attemptId: 'cust', cause, causeText, dialStatus });
const ringing = { type: 'call_ringing', attemptId: 'cust' };
const answered = { type: 'call_answered', attemptId: 'cust' };

const singleCallScenarios: Record<string, Array<Record<string, unknown>>> = {
  '01-answer-bridge-agent': [
    { type: 'agent_leg_up', agentId: '1001' }, ringing, answered, { type: 'call_bridged', attemptId: 'cust', agentId: '1001' },
    ended(16, 'Normal Clearing', 'ANSWER'), { type: 'agent_leg_down', agentId: '1001', cause: 16, dialStatus: 'ANSWER' },
  ],
  // `;1` ends with cause 0; the far half's cause is the one that says why.
  '02-busy': [ended(17, 'Unknown (peer: User busy)', 'BUSY')],
  '03-congestion': [ended(34, 'Unknown (peer: Circuit/channel congestion)', 'CONGESTION')],
  // The ring timeout: no Dial status after RINGING, the cause says it.
  '04-no-answer-timeout': [ringing, ended(19, 'User alerting, no answer', 'RINGING')],
  '05-answer-then-customer-hangs-up': [ringing, answered, ended(16, 'Normal Clearing', 'ANSWER')],
  // The tone, a generator, is silenced by the hang-up with no PlaybackFinished.
  '06-abandon-safe-harbor': [ringing, answered, ended(16, 'Normal Clearing', 'ANSWER')],
  '07-hangup-while-ringing': [ringing, ended(16, 'Normal Clearing', 'NOANSWER')],
  // Originated into the AMD dialplan: its StasisStart is the answer; the recording stops before the end.
  '08-amd-via-dialplan': [answered, { type: 'amd_result', attemptId: 'cust', verdict: 'notsure', detail: 'NOTSURE' }],
  '09-errors': [],
  '10-ws-disconnect-keeps-channels': [{ type: 'agent_leg_up', agentId: '1002' }, { type: 'agent_leg_down', agentId: '1002', cause: 16, dialStatus: 'ANSWER' }],
  '11-agent-hangs-up-mid-call': [
    { type: 'agent_leg_up', agentId: '1003' }, ringing, answered, { type: 'call_bridged', attemptId: 'cust', agentId: '1003' },
    { type: 'agent_leg_down', agentId: '1003', cause: 16, dialStatus: 'ANSWER' }, ended(16, 'Normal Clearing', 'ANSWER'),
  ],
  '13-amd-continue-human': [ringing, answered, { type: 'amd_result', attemptId: 'cust', verdict: 'human', detail: 'HUMAN-818-800' }, ended(16, 'Normal Clearing', 'ANSWER')],
  '14-amd-continue-machine': [ringing, answered, { type: 'amd_result', attemptId: 'cust', verdict: 'machine', detail: 'MAXWORDS-5-4' }, ended(16, 'Normal Clearing', 'ANSWER')],
  // The message was cut off by the hang-up the opt-out asked for: Asterisk says `failed`, yet it played.
  '15-safe-harbor-dtmf-opt-out': [
    ringing, answered, { type: 'dtmf_received', attemptId: 'cust', digit: '1' }, { type: 'playback_finished', attemptId: 'cust', failed: false },
    ended(16, 'Normal Clearing', 'ANSWER'),
  ],
};

describe.skipIf(recordingsMissing)('the ARI adapter against the Asterisk recordings', () => {
  for (const [name, expected] of Object.entries(singleCallScenarios)) {
    it(`${name}: the core inputs its events give`, () => {
      const mapped = mapRecording(name);
      expect(mapped.malformed, 'events the parser refuses').toEqual([]);
      expect(mapped.warnings, 'events the mapper did not expect').toEqual([]);
      expect(inputsOf(mapped)).toEqual(expected);
    });
  }

  it('15-safe-harbor-dtmf-opt-out: the playback the adapter started maps back to its call', () => {
    expect([...mapRecording('15-safe-harbor-dtmf-opt-out').acts.playbacks.values()]).toHaveLength(1);
  });

  it('12-burst-40-originates: every call ends once, with the cause its Dial status implies', () => {
    const mapped = mapRecording('12-burst-40-originates');
    expect(mapped.malformed).toEqual([]);
    expect(mapped.acts.customers).toHaveLength(40);
    const causeOf: Record<string, number> = { BUSY: 17, CONGESTION: 34, ANSWER: 16, RINGING: 19 };
    const ends = mapped.inputs.flatMap((input) => (input.type === 'call_ended' ? [input] : []));
    expect(ends.map((end) => end.attemptId).sort()).toEqual([...mapped.acts.customers].sort());
    const wrong = ends.filter((end) => causeOf[end.dialStatus] !== end.cause).map((end) => `${end.attemptId}: ${end.dialStatus} ${end.cause}`);
    expect(wrong).toEqual([]);
    const answers = mapped.inputs.filter((input) => input.type === 'call_answered').length;
    expect(answers).toBe(ends.filter((end) => end.dialStatus === 'ANSWER').length);
  });
});
