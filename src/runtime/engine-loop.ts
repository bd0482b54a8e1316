// The live shell around the pure core: stamps inputs with the wall clock, runs `step`, and hands
// the commands to the command router. Inputs are processed one at a time because `step` is
// synchronous; effects run asynchronously and report back as new inputs.

import type { Logger } from 'pino';
import type { Command } from '../core/commands.js';
import { step } from '../core/engine.js';
import { createEngineState, type EngineState } from '../core/engine-state.js';
import type { Input } from '../core/inputs.js';
import { invariantViolations } from '../core/invariants.js';

export type CommandSink = (commands: readonly Command[], nowMs: number) => void;

export interface EngineLoopOptions {
  clock: () => number;
  tickMs: number;
  logger: Logger;
  /** Checks whole-state invariants after every step (tests and the demo turn this on). */
  checkInvariants: boolean;
  /** Told how long each tick's step took (deadlines and pacing of every campaign), in seconds. */
  onTickDuration?: (seconds: number) => void;
}

export class EngineLoop {
  readonly state: EngineState = createEngineState();
  private readonly sinks: CommandSink[] = [];
  private timer: NodeJS.Timeout | null = null;
  private violations = 0;
  /** Counts the inputs fed, to tell an older view of the state from a newer. It starts from the
   * clock (in thousandths of a millisecond), so it also grows across restarts. */
  private fed: number;

  constructor(private readonly options: EngineLoopOptions) {
    this.fed = options.clock() * 1000;
  }

  onCommands(sink: CommandSink): void {
    this.sinks.push(sink);
  }

  nowMs(): number {
    return this.options.clock();
  }

  steps(): number {
    return this.fed;
  }

  /** Feeds one input to the core and routes what it emits; returns the commands. */
  submit(input: Input): Command[] {
    const nowMs = this.options.clock();
    const commands = step(this.state, input, nowMs);
    this.fed += 1;
    if (this.options.checkInvariants) this.check(nowMs, input);
    for (const sink of this.sinks) sink(commands, nowMs);
    return commands;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  invariantViolationCount(): number {
    return this.violations;
  }

  private tick(): void {
    try {
      const started = performance.now();
      this.submit({ type: 'tick' });
      this.options.onTickDuration?.((performance.now() - started) / 1000);
    } catch (error) {
      this.options.logger.fatal({ err: error }, 'engine step failed');
      throw error;
    }
  }

  private check(nowMs: number, input: Input): void {
    const problems = invariantViolations(this.state, nowMs);
    if (problems.length === 0) return;
    this.violations += problems.length;
    this.options.logger.error({ problems, input: input.type }, 'engine invariant violated');
  }
}
