// Exponential forgetting for decayed counts: what a count brought up to date at `fromMs` still
// weighs at `toMs`, with time constant `tauMs` (1 for a moment not after it).

export function decayFactor(fromMs: number, toMs: number, tauMs: number): number {
  return toMs > fromMs ? Math.exp(-(toMs - fromMs) / tauMs) : 1;
}
