import { describe, expect, it } from 'vitest';
import {
  calibrationFactor, calibrationNow, calibrationTauMs, createForecastCalibration, noteCountedAbandon, noteForecastInForce, noteLiveAnswer,
} from './forecast-calibration.js';

describe('forecast calibration', () => {
  it('stays at one without evidence and moves, within bounds, as abandons are expected or seen', () => {
    expect(calibrationFactor(0, 0)).toBe(1);
    expect(calibrationFactor(10, 10)).toBe(1);
    const pessimistic = calibrationFactor(20, 10);
    expect(pessimistic).toBeGreaterThan(1);
    expect(pessimistic).toBeLessThanOrEqual(1.2);
    expect(calibrationFactor(500, 0)).toBe(1.2);
    const optimistic = calibrationFactor(5, 20);
    expect(optimistic).toBeLessThan(1);
    expect(calibrationFactor(0, 500)).toBe(0.25);
    // A single abandon says little: the prior keeps the cut small.
    expect(calibrationFactor(0.5, 1)).toBeGreaterThan(0.85);
  });

  it('counts only answers taken while a forecast was in force, and forgets with time', () => {
    const calibration = createForecastCalibration();
    expect(noteLiveAnswer(calibration, 1_000)).toBeNull();
    noteForecastInForce(calibration, 0.02);
    expect(noteLiveAnswer(calibration, 2_000)).toBe(0.02);
    noteCountedAbandon(calibration, 3_000);
    noteForecastInForce(calibration, null);
    expect(noteLiveAnswer(calibration, 4_000)).toBeNull();
    const now = calibrationNow(calibration, 4_000);
    expect(now.expected).toBeCloseTo(0.02, 3);
    expect(now.abandoned).toBeCloseTo(1, 2);
    const later = calibrationNow(calibration, 3_000 + calibrationTauMs);
    expect(later.abandoned).toBeCloseTo(Math.exp(-1), 3);
  });
});
