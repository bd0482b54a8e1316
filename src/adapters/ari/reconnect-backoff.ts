// Delay before the next connection attempt: doubling from `minMs` up to `maxMs`, with up to 20%
// jitter taken off so that several engines do not reconnect in lockstep.

export function reconnectDelayMs(failures: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 0), 30);
  const base = Math.min(maxMs, minMs * 2 ** exponent);
  return Math.max(minMs, Math.round(base * (1 - 0.2 * random())));
}
