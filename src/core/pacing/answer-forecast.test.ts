// An answered call in AMD analysis is judged by when it was answered (people early, machines
// late), and its live answer is expected when the verdict is due, not at once.

import { describe, expect, it } from 'vitest';
import { createCampaignStats, recordDialResult } from '../stats/campaign-stats.js';
import { answerForecastModel, answeredLiveChance, liveChances } from './answer-forecast.js';
import { forecastHorizonsMs } from './predictive.js';

function learned() {
  const stats = createCampaignStats();
  // People answer around 8-11 s, machines AMD recognises around 20-22 s, the rest ring out.
  for (let i = 0; i < 2_000; i++) {
    const k = i % 10;
    if (k < 2) recordDialResult(stats, 'live', 8_000 + (i % 4) * 1_000);
    else if (k < 4) recordDialResult(stats, 'machine', 20_000 + (i % 3) * 1_000);
    else recordDialResult(stats, 'none', 30_000);
  }
  return stats;
}

const amd = { enabled: true, afterGreetingMs: 800 };

describe('answer forecast with AMD', () => {
  const model = answerForecastModel(learned(), 0.2, amd);

  it('takes an early answer as a person and a late one as a machine', () => {
    expect(model.answeredIsLive).toBeCloseTo(0.5, 1);
    expect(answeredLiveChance(model, 9_000)).toBeGreaterThan(0.95);
    expect(answeredLiveChance(model, 21_000)).toBeLessThan(0.05);
    expect(answeredLiveChance(model, undefined)).toBe(model.answeredIsLive);
  });

  it('expects the live answer when the verdict is due, all of it once overdue', () => {
    const out = new Float64Array(forecastHorizonsMs.length);
    const final = liveChances(model, { elapsedMs: 9_500, answered: true, sinceAnswerMs: 200 }, forecastHorizonsMs, out);
    expect(final).toBeGreaterThan(0.95);
    // Horizons 2 s and 4 s: most verdicts (1.2-2.3 s after the answer) are due by the second.
    expect(out[0]).toBeLessThan(final);
    expect(out[1]).toBeCloseTo(final, 6);
    const overdue = liveChances(model, { elapsedMs: 15_000, answered: true, sinceAnswerMs: 5_000 }, forecastHorizonsMs, out);
    expect(out[0]).toBeCloseTo(overdue, 6);
  });

  it('without AMD a call is live the moment it is answered', () => {
    const plain = answerForecastModel(learned(), 0.2, { enabled: false, afterGreetingMs: 800 });
    expect(plain.liveDelayNodesMs).toEqual([0]);
  });
});
