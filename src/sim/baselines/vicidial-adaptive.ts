// A VICIdial-style adaptive ratio controller, re-implemented from its published description
// (reference notes, section 1.3) for the benchmark. Default settings: drop limit 3%, maximum
// level 3.0, intensity 0, difference target 0, latest time 21:00. It samples ready agents,
// logged-in agents and waiting calls every second, averages the last 15 samples and every 15 s
// multiplies its dial level by (1 + (ready - waiting) / logged-in). Every 60 s it checks drops:
// over 50% of the last minute's calls halves the level; today's drop rate over the limit halves
// it (ADAPT_AVERAGE) or scales it by the time left before the latest time (ADAPT_TAPERED). The
// level then dials like a ratio dialler: level x (ready + on-call agents) lines, less calls up.

import { decideWith } from '../../core/pacing/decide.js';
import { powerTarget } from '../../core/pacing/mode-targets.js';
import type { Pacer } from '../../core/pacing/pacer.js';
import type { PacingSnapshot } from '../../core/pacing/pacing-snapshot.js';

export type AdaptMethod = 'ADAPT_AVERAGE' | 'ADAPT_TAPERED';

export interface VicidialSettings {
  method: AdaptMethod;
  dropLimit: number;
  maximumLevel: number;
  /** adaptive_intensity / 100, from -0.4 to 0.4. */
  intensity: number;
  diffTarget: number;
  /** adaptive_latest_server_time as HHMM. */
  latestHhmm: number;
  /** Wall-clock time of day (HHMM) at which the simulation's time zero falls. */
  startHhmm: number;
}

export const vicidialDefaults: Omit<VicidialSettings, 'method'> = {
  dropLimit: 0.03, maximumLevel: 3.0, intensity: 0, diffTarget: 0, latestHhmm: 2100, startHhmm: 900,
};

interface Sample {
  ready: number;
  loggedIn: number;
  waiting: number;
}

const SAMPLES_KEPT = 15;

export function vicidialAdaptive(method: AdaptMethod, overrides: Partial<VicidialSettings> = {}): Pacer {
  const settings: VicidialSettings = { ...vicidialDefaults, method, ...overrides };
  const samples: Sample[] = [];
  let level = 1.0;
  let lastSampleMs = -Infinity;
  let lastLevelMs = 0;
  let lastDropMs = 0;
  let minuteStart = { dials: 0, drops: 0 };
  const label = method === 'ADAPT_AVERAGE' ? 'vicidial-adapt-average' : 'vicidial-adapt-tapered';

  return (snapshot) => {
    const now = snapshot.nowMs;
    if (now - lastSampleMs >= 1_000) {
      lastSampleMs = now;
      samples.push({ ready: snapshot.agentsReady, loggedIn: snapshot.agentsStaffed + snapshot.agentsPaused, waiting: snapshot.callsWaiting });
      if (samples.length > SAMPLES_KEPT) samples.shift();
    }
    if (now - lastLevelMs >= 15_000) {
      lastLevelMs = now;
      level = adjustedLevel(level, samples, settings);
    }
    if (now - lastDropMs >= 60_000) {
      lastDropMs = now;
      const drops = snapshot.abandon.abandoned;
      const dials = snapshot.stats.dials;
      level = dropChecked(level, snapshot, settings, { dials: dials - minuteStart.dials, drops: drops - minuteStart.drops });
      minuteStart = { dials, drops };
    }
    return decideWith(snapshot, powerTarget(snapshot, level), label);
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function adjustedLevel(level: number, samples: readonly Sample[], s: VicidialSettings): number {
  const loggedIn = mean(samples.map((x) => x.loggedIn));
  if (loggedIn <= 0) return level;
  const difference = mean(samples.map((x) => x.ready)) - mean(samples.map((x) => x.waiting));
  const t = difference + s.diffTarget;
  const m = t !== 0 ? t / loggedIn : 0;
  const adjusted = m >= 0 ? m * (1 + s.intensity) : m * Math.abs(s.intensity - 1);
  return Math.max(1, Math.min(s.maximumLevel, level * (1 + adjusted)));
}

function dropChecked(level: number, snapshot: PacingSnapshot, s: VicidialSettings, lastMinute: { dials: number; drops: number }): number {
  let next = level;
  if (lastMinute.dials > 20 && lastMinute.drops / lastMinute.dials > 0.5) next /= 2;
  // The run is shorter than a day, so "today" is the regime window's count so far.
  const { abandon } = snapshot;
  const dropRate = abandon.liveAnswers > 0 ? abandon.abandoned / abandon.liveAnswers : 0;
  if (snapshot.stats.dials > 50 && dropRate > s.dropLimit) {
    if (s.method === 'ADAPT_AVERAGE') next /= 2;
    else {
      const hhmm = clockHhmm(s.startHhmm, snapshot.nowMs);
      next = hhmm >= s.latestHhmm ? 1 : next * Math.min(1, (s.latestHhmm - hhmm) / 1000);
    }
  }
  return Math.max(1, next);
}

/** The wall-clock HHMM integer VICIdial compares against (it subtracts HHMM values, not minutes). */
function clockHhmm(startHhmm: number, nowMs: number): number {
  const startMinutes = Math.floor(startHhmm / 100) * 60 + (startHhmm % 100);
  const minutes = (startMinutes + Math.floor(nowMs / 60_000)) % (24 * 60);
  return Math.floor(minutes / 60) * 100 + (minutes % 60);
}
