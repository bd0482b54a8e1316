// Expected live answers that find no agent over the next half minute, by a small Markov chain on
// the number of free agents. The next seconds are cut into periods; in each, some busy agents
// free up and some calls turn into live answers. Free agents carry over; an answer with no free
// agent is lost. Counting losses period by period is what matters: an answer that comes before
// the agent it was counting on is lost even if that agent frees up a moment later, which a
// comparison of totals at one horizon would miss.
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
  if (mean <= 1e-12) return new Float64Array([1]);
  const max = Math.ceil(mean + 8 * Math.sqrt(mean) + 4);
  const pmf = new Float64Array(max + 1);
  let term = Math.exp(-mean);
  let total = 0;
  for (let k = 0; k <= max; k++) {
    pmf[k] = term;
    total += term;
    if (k > mean && term < TAIL) return pmf.subarray(0, k + 1);
    term *= mean / (k + 1);
  }
  if (total < 1) pmf[max] = (pmf[max] ?? 0) + (1 - total);
  return pmf;
}

/**
 * Expected lost answers when `launch` calls are started now, starting with `freeNow` agents
 * free. Free-agent counts above `cap` are held at `cap`, which can only overstate losses.
 */
export function expectedLosses(freeNow: number, periods: readonly Period[], launch: number, cap: number): number {
  let lost = 0;
  let free: Float64Array = new Float64Array(cap + 1);
  free[Math.max(0, Math.min(cap, freeNow))] = 1;
  if (freeNow < 0) lost += -freeNow;
  // Frees and answers both spread over a period: half the frees come before its answers, half after.
  for (const period of periods) {
    const halfFrees = poissonPmf(period.frees / 2);
    const withFrees = addFrees(free, halfFrees, cap);
    const answers = poissonPmf(period.answers + launch * period.perLaunch);
    const next = new Float64Array(cap + 1);
    for (let v = 0; v <= cap; v++) {
      const mass = withFrees[v] ?? 0;
      if (mass < TAIL) continue;
      for (let a = 0; a < answers.length; a++) {
        const p = mass * (answers[a] ?? 0);
        if (a <= v) next[v - a] = (next[v - a] ?? 0) + p;
        else {
          next[0] = (next[0] ?? 0) + p;
          lost += p * (a - v);
        }
      }
    }
    free = addFrees(next, halfFrees, cap);
  }
  return lost;
}

function addFrees(free: Float64Array, frees: Float64Array, cap: number): Float64Array {
  if (frees.length === 1) return free;
  const out = new Float64Array(cap + 1);
  for (let v = 0; v <= cap; v++) {
    const mass = free[v] ?? 0;
    if (mass < TAIL) continue;
    for (let f = 0; f < frees.length; f++) {
      const to = Math.min(cap, v + f);
      out[to] = (out[to] ?? 0) + mass * (frees[f] ?? 0);
    }
  }
  return out;
}
