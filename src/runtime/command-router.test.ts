// What the PBX refuses of an agent's action goes back to the core, so the desktop shows how things
// really are: a hold not made, a microphone not muted.

import { describe, expect, it } from 'vitest';
import { createLogger } from '../adapters/log/logger.js';
import type { Input } from '../core/inputs.js';
import { CommandRouter } from './command-router.js';
import type { EngineStore } from './engine-store.js';
import type { TelephonyPort } from './telephony-port.js';

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
      store: untouchedStore, telephony: refusingPbx, preDialCheck: null, submit: (input) => submitted.push(input), logger: createLogger({ level: 'silent' }),
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
});
