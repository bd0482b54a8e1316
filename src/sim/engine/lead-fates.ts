// The fate of every lead on the simulated list, drawn from the lead's own seeded stream: every
// pacer meets the same people, machines and no-answers in the same order, whatever it dials when.
// An answer-rate shock changes the outcome of a lead only when it is dialled inside the shock.

import { seededRandom } from '../../core/random.js';
import { drawCallFate, withLiveAnswerFactor, type CallFate, type TrafficModel } from '../traffic/traffic-model.js';
import type { AnswerShock } from './scenario.js';

export class LeadFates {
  private readonly shocked: TrafficModel | null;

  constructor(
    private readonly seed: number,
    private readonly model: TrafficModel,
    private readonly shock: AnswerShock | undefined,
  ) {
    this.shocked = shock ? withLiveAnswerFactor(model, shock.factor) : null;
  }

  fateOf(leadIndex: number, dialledAtMs: number, ringTimeoutMs: number): CallFate {
    const random = seededRandom(this.seed, `lead:${leadIndex}`);
    return drawCallFate(this.modelAt(dialledAtMs), random, ringTimeoutMs);
  }

  modelAt(atMs: number): TrafficModel {
    const s = this.shock;
    const inShock = s !== undefined && atMs >= s.startMs && atMs < s.startMs + s.durationMs;
    return inShock && this.shocked ? this.shocked : this.model;
  }
}
