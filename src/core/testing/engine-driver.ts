// A small driver for core tests and the simulator: feeds inputs with a clock and keeps every
// command emitted, checking the whole-state invariants after each step.

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
