// Seeded pseudo-random numbers with named streams, so that the core and the simulator are
// reproducible bit for bit and adding a draw to one stream does not reshuffle the others.

/** A source of uniform numbers in [0, 1). The only randomness the core ever sees. */
export type RandomSource = () => number;

/** sfc32: small, fast and good enough for simulation; state is four 32-bit words. */
function sfc32(a: number, b: number, c: number, d: number): RandomSource {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** Hashes a string to 32 bits (FNV-1a), used to derive stream seeds from names. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A generator for `seed`; with `stream`, an independent generator for that named purpose. */
export function seededRandom(seed: number, stream = ''): RandomSource {
  const s = hash32(`${seed}:${stream}`);
  const next = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, s);
  for (let i = 0; i < 12; i++) next(); // warm up: the first outputs of sfc32 correlate with the seed
  return next;
}

/** Standard normal draw by Box-Muller. */
export function normal(random: RandomSource): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Lognormal draw with the given mean and coefficient of variation (both of the result). */
export function lognormal(random: RandomSource, mean: number, cv: number): number {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  return Math.exp(mu + Math.sqrt(sigma2) * normal(random));
}

/** Lognormal draw parameterised by its median and the sigma of the underlying normal. */
export function lognormalByMedian(random: RandomSource, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

/** Exponential draw with the given mean. */
export function exponential(random: RandomSource, mean: number): number {
  return -mean * Math.log(1 - random());
}

/** Uniform draw in [low, high). */
export function uniform(random: RandomSource, low: number, high: number): number {
  return low + (high - low) * random();
}

/** Picks a key with probability proportional to its weight. */
export function pickWeighted<K extends string>(random: RandomSource, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [key, weight] of entries) {
    r -= weight;
    if (r < 0) return key;
  }
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('pickWeighted needs at least one weight');
  return last[0];
}
