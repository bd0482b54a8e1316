// Expected live answers that find no agent over the next half minute, by a small Markov chain on
// the number of free agents. The next seconds are cut into periods; in each, some busy agents
// free up and some calls turn into live answers. Free agents carry over; an answer with no free
// agent is lost. Counting losses period by period is what matters: an answer that comes before
// the agent it was counting on is lost even if that agent frees up a moment later, which a
// comparison of totals at one horizon would miss. Beside the expected losses the chain gives
// the expected pairs of answers lost together, E[L(L-1)]: one bad moment that loses several
// answers at once is what makes a bad quarter hour (see burst-weight.ts).
//
// Per period, frees and answers are sums of many small independent chances, so they are taken
// as Poisson: it slightly overstates their spread, which errs on the side of fewer abandons.

export interface Period {
  /** Expected agents becoming free in the period. */
  frees: number;
  /** Expected live answers in the period from calls already in flight (and waiting calls in the first). */
  answers: number;
  /** Chance that one call launched now becomes a live answer in the period. */
  perLaunch: number;
}

const TAIL = 1e-9;

/** Poisson probabilities up to where the tail is negligible. */
function poissonPmf(mean: number): Float64Array {
  const pmf = new Float64Array(pmfBound(mean));
  return pmf.subarray(0, poissonInto(mean, pmf));
}

/** Room enough for the probabilities of a Poisson draw of this mean. */
function pmfBound(mean: number): number {
  return mean <= 1e-12 ? 1 : Math.ceil(mean + 8 * Math.sqrt(mean) + 4) + 1;
}

/** Writes the Poisson probabilities into `pmf` (at least `pmfBound(mean)` long) and says how many. */
function poissonInto(mean: number, pmf: Float64Array): number {
  if (mean <= 1e-12) {
    pmf[0] = 1;
    return 1;
  }
  const max = Math.ceil(mean + 8 * Math.sqrt(mean) + 4);
  // A mean that is not a number has no probabilities at all.
  if (Number.isNaN(max)) return 0;
  let term = Math.exp(-mean);
  let total = 0;
  for (let k = 0; k <= max; k++) {
    pmf[k] = term;
    total += term;
    if (k > mean && term < TAIL) return k + 1;
    term *= mean / (k + 1);
  }
  if (total < 1) pmf[max] = (pmf[max] ?? 0) + (1 - total);
  return max + 1;
}

/** Lost answers over the periods: their mean, and the mean of L(L-1), the pairs of answers lost
 * together, which is what makes one bad moment several abandons at once. */
export interface LossMoments {
  lost: number;
  pairs: number;
}

/** The chain for a set of periods, asked for many launch counts (what varies is the answers):
 * the losses when `launch` calls are started now with `freeNow` agents free. Free-agent counts
 * above the cap are held at it, which can only overstate losses. */
export interface LossChain {
  moments(freeNow: number, launch: number): LossMoments;
}

/**
 * Beside each state's probability the chain carries the losses so far weighted by it
 * (E[L; state]); a period that loses l more adds 2·L·l + l(l-1) to L(L-1).
 */
export function lossChain(periods: readonly Period[], cap: number): LossChain {
  // Frees and answers both spread over a period: half the frees come before its answers, half
  // after. The half after one period's answers and the half before the next add up to one
  // Poisson draw, and frees after the last answers cannot save any, so one draw per period.
  const freesBefore = periods.map((period, k) => poissonPmf(((periods[k - 1]?.frees ?? 0) + period.frees) / 2));
  const size = cap + 1;
  // Buffers reused by every period of every call: the chain is asked many times per decision.
  // State: [0, size) the probability of each free-agent count, [size, 2·size) E[L; count].
  const scratch = { state: new Float64Array(2 * size), before: new Float64Array(2 * size), answers: new Float64Array(1), tails: new Float64Array(3) };
  return {
    moments(freeNow, launch) {
      const initialLost = Math.max(0, -freeNow);
      const totals: LossMoments = { lost: initialLost, pairs: initialLost * (initialLost - 1) };
      let { state, before } = scratch;
      state.fill(0);
      const start = Math.max(0, Math.min(cap, freeNow));
      state[start] = 1;
      state[size + start] = initialLost;
      for (let k = 0; k < periods.length; k++) {
        const period = periods[k];
        if (!period) continue;
        const n = answerTails(scratch, period.answers + launch * period.perLaunch);
        const frees = freesBefore[k] ?? ONE;
        let moved = state;
        if (frees.length !== 1) {
          addFrees(state, frees, size, before);
          moved = before;
          before = state;
        }
        // The period's answers go from `moved` into the buffer it no longer needs.
        before.fill(0);
        serveAnswers(moved, before, size, scratch.answers, scratch.tails, n, totals);
        state = before;
        before = moved;
      }
      scratch.state = state;
      scratch.before = before;
      return totals;
    },
  };
}

const ONE = new Float64Array([1]);

/** Fills the scratch answer probabilities and their tail sums for this mean; says how many answer counts. */
function answerTails(scratch: { answers: Float64Array; tails: Float64Array }, mean: number): number {
  const bound = pmfBound(mean);
  if (scratch.answers.length < bound) {
    scratch.answers = new Float64Array(bound);
    scratch.tails = new Float64Array(3 * (bound + 1));
  }
  const n = poissonInto(mean, scratch.answers);
  tailSums(scratch.answers, n, scratch.tails);
  return n;
}

/** One period's answers: up to v take a free agent each, the rest are lost (added to `totals`). */
function serveAnswers(before: Float64Array, next: Float64Array, size: number, answers: Float64Array, tails: Float64Array, n: number, totals: LossMoments): void {
  let { lost, pairs } = totals;
  for (let v = 0; v < size; v++) {
    const mass = before[v] ?? 0;
    if (mass < TAIL) continue;
    const lostBefore = before[size + v] ?? 0;
    // Up to v answers take a free agent each.
    const served = Math.min(v, n - 1);
    for (let a = 0; a <= served; a++) {
      const q = answers[a] ?? 0;
      next[v - a] = (next[v - a] ?? 0) + mass * q;
      next[size + v - a] = (next[size + v - a] ?? 0) + lostBefore * q;
    }
    if (v + 1 >= n) continue;
    // Beyond v every answer is lost, l = a - v: summed in closed form from the tail sums.
    const chance = tails[3 * (v + 1)] ?? 0;
    const sumA = tails[3 * (v + 1) + 1] ?? 0;
    const first = sumA - v * chance;
    const square = (tails[3 * (v + 1) + 2] ?? 0) - 2 * v * sumA + v * v * chance;
    next[0] = (next[0] ?? 0) + mass * chance;
    next[size] = (next[size] ?? 0) + lostBefore * chance + mass * first;
    lost += mass * first;
    pairs += 2 * lostBefore * first + mass * (square - first);
  }
  totals.lost = lost;
  totals.pairs = pairs;
}

/** For each k (stride 3) below `n`: the chance of at least k answers, and the sums of a and a² over them. */
function tailSums(pmf: Float64Array, n: number, tails: Float64Array): void {
  tails[3 * n] = 0;
  tails[3 * n + 1] = 0;
  tails[3 * n + 2] = 0;
  for (let a = n - 1; a >= 0; a--) {
    const q = pmf[a] ?? 0;
    tails[3 * a] = (tails[3 * a + 3] ?? 0) + q;
    tails[3 * a + 1] = (tails[3 * a + 4] ?? 0) + a * q;
    tails[3 * a + 2] = (tails[3 * a + 5] ?? 0) + a * a * q;
  }
}

/** Adds Poisson frees to a chain state (both halves move alike) into `out`, holding counts at the cap. */
function addFrees(state: Float64Array, frees: Float64Array, size: number, out: Float64Array): void {
  out.fill(0);
  const last = size - 1;
  for (let v = 0; v < size; v++) {
    const mass = state[v] ?? 0;
    if (mass < TAIL) continue;
    const lostBefore = state[size + v] ?? 0;
    // Counts that stay under the cap, then the rest held at it, in the same order as before.
    const under = Math.min(frees.length, last - v);
    let f = 0;
    for (; f < under; f++) {
      const q = frees[f] ?? 0;
      out[v + f] = (out[v + f] ?? 0) + mass * q;
      out[size + v + f] = (out[size + v + f] ?? 0) + lostBefore * q;
    }
    for (; f < frees.length; f++) {
      const q = frees[f] ?? 0;
      out[last] = (out[last] ?? 0) + mass * q;
      out[size + last] = (out[size + last] ?? 0) + lostBefore * q;
    }
  }
}
