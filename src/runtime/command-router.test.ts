// What the PBX refuses of an agent's action goes back to the core, so the desktop shows how things
// really are: a hold not made, a microphone not muted. A dial whose last check or write fails, or
// that the core hung up before it was sent, is not placed and goes back as a failed originate.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../adapters/log/logger.js';
import type { Input } from '../core/inputs.js';
import { CommandRouter } from './command-router.js';
import type { EngineStore } from './engine-store.js';
import type { Command, TelephonyCommand } from '../core/commands.js';
import type { PreDialCheck, TelephonyPort } from './telephony-port.js';

/** A refused hold or mute writes nothing: any use of the store is a failure of the test. */
const untouchedStore = new Proxy({}, {
  get: (_target, name) => {
    throw new Error(`the store was not expected to be used (${String(name)})`);
  },
}) as EngineStore;

const refusingPbx: TelephonyPort = {
  execute: () => Promise.reject(new Error('ARI 404: Channel not found')),
  recordingName: (attemptId) => attemptId,
};

describe('command router', () => {
  it('tells the core of a hold and a mute the PBX refused', async () => {
    const submitted: Input[] = [];
    const router = new CommandRouter({
      store: untouchedStore, telephony: refusingPbx, preDialCheck: null, submit: (input) => submitted.push(input), nowMs: () => 0, logger: createLogger({ level: 'silent' }),
    });
    router.route([
      { type: 'set_agent_muted', agentId: 'ag1', attemptId: 'a1', muted: true, atMs: 0 },
      { type: 'set_call_held', campaignId: 'c1', attemptId: 'a2', agentId: 'ag2', held: true, atMs: 0, heldMs: 0, reason: 'agent' },
    ], 0);
    await router.drain();
    expect(submitted).toEqual([
      { type: 'mute_failed', agentId: 'ag1', muted: true },
      { type: 'hold_failed', attemptId: 'a2', held: true },
    ]);
  });

  it("tells the core of the campaign's recording the PBX refused, and keeps no recording name with the call", async () => {
    const submitted: Input[] = [];
    const closed: Array<string | null> = [];
    const store = { closeAttempt: async (_summary: unknown, recording: string | null) => { closed.push(recording); } } as unknown as EngineStore;
    const router = new CommandRouter({ store, telephony: refusingPbx, preDialCheck: null, submit: (input) => submitted.push(input), nowMs: () => 0, logger: createLogger({ level: 'silent' }) });
    router.route([{ type: 'start_recording', attemptId: 'a1', agentId: 'ag1' }], 0);
    await router.drain();
    expect(submitted).toEqual([{ type: 'recording_start_failed', attemptId: 'a1' }]);
    router.route([{ type: 'attempt_closed', summary: { attemptId: 'a1' } as Extract<Command, { type: 'attempt_closed' }>['summary'] }], 1_000);
    await router.drain();
    expect(closed).toEqual([null]);
  });

  it('keeps no recording name with a call whose recording the PBX gave up with nothing kept', async () => {
    const closed: Array<string | null> = [];
    const store = { closeAttempt: async (_summary: unknown, recording: string | null) => { closed.push(recording); } } as unknown as EngineStore;
    const recordingPbx: TelephonyPort = { execute: () => Promise.resolve(), recordingName: (attemptId) => `outpace-${attemptId}` };
    const router = new CommandRouter({ store, telephony: recordingPbx, preDialCheck: null, submit: () => undefined, nowMs: () => 0, logger: createLogger({ level: 'silent' }) });
    router.route([{ type: 'start_recording', attemptId: 'a1', agentId: 'ag1' }, { type: 'forget_recording', attemptId: 'a1' }], 0);
    router.route([{ type: 'attempt_closed', summary: { attemptId: 'a1' } as Extract<Command, { type: 'attempt_closed' }>['summary'] }], 1_000);
    await router.drain();
    expect(closed).toEqual([null]);
  });

  const originate: Extract<Command, { type: 'originate' }> = {
    type: 'originate', campaignId: 'c1', attemptId: 'a1', leadId: 'l1', phone: '+12125550100', ringTimeoutMs: 25_000, amd: false, amdAfterGreetingMs: 800, callerId: '+16505550199', endpointTemplate: null,
  };

  /** A router over a PBX that records what it sends (a dial once its last check clears it), a
   * store that writes nothing, and the check given; the PBX sends a dial when `turn` resolves. */
  function dialling(
    preDialCheck: PreDialCheck,
    writeProgress: (attemptId: string, stage: string, at: Date) => Promise<void> = async () => undefined,
    options: { turn?: Promise<void>; nowMs?: () => number } = {},
  ) {
    const submitted: Input[] = [];
    const sent: TelephonyCommand['type'][] = [];
    const pbx: TelephonyPort = {
      execute: async (command, clearToDial) => {
        if (command.type === 'originate') {
          await options.turn;
          if (clearToDial && !(await clearToDial())) return;
        }
        sent.push(command.type);
      },
      recordingName: (attemptId) => attemptId,
    };
    const store = { recordAttemptProgress: writeProgress } as unknown as EngineStore;
    const router = new CommandRouter({
      store, telephony: pbx, preDialCheck, submit: (input) => submitted.push(input), nowMs: options.nowMs ?? (() => 0), logger: createLogger({ level: 'silent' }),
    });
    return { router, submitted, sent };
  }

  it('checks a dial that waited for its turn to be sent at the time it goes out, not when it was asked for', async () => {
    let clock = 0;
    let turnComes: () => void = () => undefined;
    const turn = new Promise<void>((resolve) => { turnComes = resolve; });
    const checkedAt: number[] = [];
    const written: number[] = [];
    // The calling window closes at 20:59:59 local, here at 60 s past the dial's asking.
    const windowCheck: PreDialCheck = async (_command, nowMs) => {
      checkedAt.push(nowMs);
      return nowMs < 60_000 ? { allowed: true } : { allowed: false, rule: 'calling_window', reason: 'outside the calling window' };
    };
    const late = dialling(windowCheck, async (_attemptId, _stage, at) => { written.push(at.getTime()); }, { turn, nowMs: () => clock });
    late.router.route([originate], 59_000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(checkedAt).toEqual([]);
    clock = 61_000;
    turnComes();
    await late.router.drain();
    expect(checkedAt).toEqual([61_000]);
    expect(late.sent).toEqual([]);
    expect(late.submitted).toEqual([{ type: 'dial_blocked', attemptId: 'a1', rule: 'calling_window', reason: 'outside the calling window' }]);

    const onTime = dialling(windowCheck, async (_attemptId, _stage, at) => { written.push(at.getTime()); }, { nowMs: () => 59_500 });
    onTime.router.route([originate], 59_000);
    await onTime.router.drain();
    expect(onTime.sent).toEqual(['originate']);
    expect(written).toEqual([59_500]);
  });

  it('places no dial the core hung up while its last check was running, and says so', async () => {
    let answerCheck: () => void = () => undefined;
    const slowCheck: PreDialCheck = () => new Promise((resolve) => { answerCheck = () => resolve({ allowed: true }); });
    const { router, submitted, sent } = dialling(slowCheck);
    router.route([originate], 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The core gave up on the dial (the database was slow): the hang-up finds no channel yet.
    router.route([{ type: 'hangup_call', attemptId: 'a1', reason: 'no_answer' }], 35_000);
    answerCheck();
    await router.drain();
    expect(sent).toEqual(['hangup_call']);
    expect(submitted).toEqual([{ type: 'originate_failed', attemptId: 'a1', reason: 'not dialled: the call was hung up before its dial was sent', notSent: true }]);
  });

  it('places no dial whose last check or write failed, and gives the core a failed originate', async () => {
    const down = dialling(() => Promise.reject(new Error('Connection terminated unexpectedly')));
    down.router.route([originate], 0);
    await down.router.drain();
    expect(down.sent).toEqual([]);
    expect(down.submitted).toEqual([{ type: 'originate_failed', attemptId: 'a1', reason: 'not dialled: Connection terminated unexpectedly', notSent: true }]);

    const unwritten = dialling(async () => ({ allowed: true }), () => Promise.reject(new Error('invalid input syntax for type uuid')));
    unwritten.router.route([originate], 0);
    await unwritten.router.drain();
    expect(unwritten.sent).toEqual([]);
    expect(unwritten.submitted).toEqual([{ type: 'originate_failed', attemptId: 'a1', reason: 'not dialled: invalid input syntax for type uuid', notSent: true }]);
  });

  it('dials as before when nothing stands in the way', async () => {
    const { router, submitted, sent } = dialling(async () => ({ allowed: true }));
    router.route([originate], 0);
    await router.drain();
    expect(sent).toEqual(['originate']);
    expect(submitted).toEqual([]);
  });
});

describe('command router logs', () => {
  it("warns of an agent logged out because their phone's line ended, and notes a logout asked for", async () => {
    const lines: Array<{ level: number; msg: string; agentId: string; reason: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const store = { recordAgentState: async () => undefined } as unknown as EngineStore;
    const router = new CommandRouter({ store, telephony: refusingPbx, preDialCheck: null, submit: () => undefined, nowMs: () => 0, logger });
    const change = { type: 'agent_state_changed', campaignId: 'c1', from: 'paused', to: 'logged_out', atMs: 0, durationMs: 0, attemptId: null, by: null } as const;
    router.route([{ ...change, agentId: 'ag1', reason: 'phone_lost' }, { ...change, agentId: 'ag2', reason: 'logout' }, { ...change, agentId: 'ag3', to: 'ready', reason: 'ready' }], 0);
    await router.drain();
    expect(lines.map(({ level, msg, agentId, reason }) => ({ level, msg, agentId, reason }))).toEqual([
      { level: 40, msg: "agent logged out: their phone's line ended", agentId: 'ag1', reason: 'phone_lost' },
      { level: 30, msg: 'agent logged out', agentId: 'ag2', reason: 'logout' },
    ]);
  });
});
