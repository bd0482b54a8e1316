import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/random.js';
import { drawCallFate, trafficModel, withLiveAnswerFactor, type CallOutcome } from './traffic-model.js';

function sample(n: number, ringTimeoutMs = 25_000, seed = 7) {
  const model = trafficModel();
  const random = seededRandom(seed, 'fates');
  return Array.from({ length: n }, () => drawCallFate(model, random, ringTimeoutMs));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('traffic model', () => {
  it('is reproducible for a seed', () => {
    expect(sample(50, 25_000, 3)).toEqual(sample(50, 25_000, 3));
    expect(sample(50, 25_000, 3)).not.toEqual(sample(50, 25_000, 4));
  });

  it('follows the outcome mix and ring-time shape', () => {
    const fates = sample(20_000);
    const share = (o: CallOutcome) => fates.filter((f) => f.nature === o).length / fates.length;
    expect(share('live')).toBeCloseTo(0.25 / 0.92, 1);
    expect(share('busy')).toBeCloseTo(0.05 / 0.92, 1);
    const liveRings = fates.filter((f) => f.outcome === 'live').map((f) => f.ringMs);
    expect(median(liveRings)).toBeGreaterThan(8_500);
    expect(median(liveRings)).toBeLessThan(10_500);
    const machineRings = fates.filter((f) => f.outcome === 'machine').map((f) => f.ringMs);
    expect(median(machineRings)).toBeGreaterThan(18_000);
    expect(median(machineRings)).toBeLessThan(25_000);
  });

  it('turns slow answers into no-answers at the ring timeout', () => {
    const fates = sample(5_000, 15_000);
    for (const fate of fates) {
      if (fate.outcome === 'noAnswer') expect(fate.ringMs).toBe(15_000);
      if (fate.answerAtMs !== null) expect(fate.answerAtMs).toBeLessThan(15_000);
    }
    expect(fates.some((f) => f.nature === 'machine' && f.outcome === 'noAnswer')).toBe(true);
  });

  it('draws AMD errors at the configured rates', () => {
    const model = trafficModel({ outcomeMix: { live: 1, machine: 1, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 },
      amd: { falsePositiveRate: 0.1, missRate: 0.2, notSureRate: 0 } });
    const random = seededRandom(1, 'amd');
    const fates = Array.from({ length: 20_000 }, () => drawCallFate(model, random, 60_000));
    const humans = fates.filter((f) => f.outcome === 'live');
    const machines = fates.filter((f) => f.outcome === 'machine');
    expect(humans.filter((f) => f.amdVerdict === 'MACHINE').length / humans.length).toBeCloseTo(0.1, 1);
    expect(machines.filter((f) => f.amdVerdict === 'HUMAN').length / machines.length).toBeCloseTo(0.2, 1);
    expect(humans.every((f) => f.amdMs <= 3_500)).toBe(true);
  });

  it("runs NOTSURE to the AMD continue context's total analysis time", () => {
    const model = trafficModel({ outcomeMix: { live: 1, machine: 1, noAnswer: 0, busy: 0, congestion: 0, invalid: 0 }, amd: { notSureRate: 1 } });
    const random = seededRandom(2, 'amd');
    const fates = Array.from({ length: 50 }, () => drawCallFate(model, random, 60_000));
    expect(new Set(fates.map((f) => `${f.amdVerdict} ${f.amdCause} ${f.amdMs}`))).toEqual(new Set(['NOTSURE TOOLONG-3500 3500']));
  });

  it('keeps the other draws in place when the outcome mix changes', () => {
    const a = drawCallFate(trafficModel(), seededRandom(9), 25_000);
    const b = drawCallFate(withLiveAnswerFactor(trafficModel(), 0.5), seededRandom(9), 25_000);
    expect(b.talkMs).toBe(a.talkMs);
    expect(b.optOutAfterMs).toBe(a.optOutAfterMs);
  });
});
