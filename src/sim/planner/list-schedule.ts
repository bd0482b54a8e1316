// How long a list takes when its retries must wait: the dials flow through the list as a fluid.
// Each step the team makes the dials its rate allows, oldest due first (as lead selection takes
// them: a lead loaded with the list is due before any retry); a dial ends its lead when a person
// answers or the number is invalid, and otherwise the lead comes back after the campaign's wait
// for that outcome, until it has had its dials. A large list keeps the team busy and finishes
// with a tail of retries; a small one is dialled in minutes and then waits on its retries, which
// no team size shortens.

import type { RetryMinutes } from '../../core/recycle-rule.js';

/** Shares of dials by outcome (summing to one). */
export interface DialOutcomeMix {
  live: number;
  machine: number;
  busy: number;
  congestion: number;
  invalid: number;
  noAnswer: number;
}

export interface ListScheduleInput {
  leads: number;
  attemptsPerLead: number;
  mix: DialOutcomeMix;
  retryMinutes: Pick<RetryMinutes, 'busyRetryMinutes' | 'noAnswerRetryMinutes' | 'machineRetryMinutes' | 'congestionRetryMinutes'>;
  dialsPerHour: number;
}

export interface ListSchedule {
  /** From the first dial to the last one the list needs. */
  hours: number;
  /** Of those, the hours' worth of the team's dialling that found nothing due: waiting on retries. */
  waitingHours: number;
}

/** At most this many steps: a long list takes coarser steps, where minutes of waiting do not show. */
const MAX_STEPS = 20_000;
/** Work left under this many leads' dials is the fluid's tail, not a lead. */
const DONE_BELOW = 0.5;

export function listSchedule(input: ListScheduleInput): ListSchedule {
  const { mix, attemptsPerLead: maxAttempts } = input;
  if (!(input.dialsPerHour > 0)) return { hours: Number.POSITIVE_INFINITY, waitingHours: 0 };
  const ends = mix.live + mix.invalid;
  const dialsNeeded = input.leads * (1 - (1 - ends) ** maxAttempts) / Math.max(ends, 1e-9);
  const stepMinutes = Math.max(1, Math.ceil((dialsNeeded / input.dialsPerHour) * 60 / MAX_STEPS));
  const perStep = (input.dialsPerHour * stepMinutes) / 60;
  const waits = [
    { share: mix.busy, minutes: input.retryMinutes.busyRetryMinutes },
    { share: mix.noAnswer, minutes: input.retryMinutes.noAnswerRetryMinutes },
    { share: mix.machine, minutes: input.retryMinutes.machineRetryMinutes },
    { share: mix.congestion, minutes: input.retryMinutes.congestionRetryMinutes },
  ].filter((w) => w.share > 0).map((w) => ({ share: w.share, steps: Math.max(1, Math.ceil(w.minutes / stepMinutes)) }));

  // Leads due, by how many dials each has had: the list itself at step 0, then each step's retries
  // in the order they fall due.
  const first = new Float64Array(maxAttempts);
  first[0] = input.leads;
  const queue: Float64Array[] = [first];
  const later = new Map<number, Float64Array>();
  let left = input.leads;
  let unusedSteps = 0;
  let lastStep = 0;
  let lastShare = 0;
  for (let step = 0; left >= DONE_BELOW; step++) {
    const arriving = later.get(step);
    if (arriving) {
      queue.push(arriving);
      later.delete(step);
    }
    let budget = perStep;
    while (budget > 1e-9 && queue.length > 0) {
      const cohort = queue[0] as Float64Array;
      for (let attempts = 0; attempts < maxAttempts && budget > 1e-9; attempts++) {
        const due = cohort[attempts] ?? 0;
        if (due <= 0) continue;
        const dialled = Math.min(due, budget);
        cohort[attempts] = due - dialled;
        budget -= dialled;
        left -= dialled * ends;
        if (attempts + 1 >= maxAttempts) {
          left -= dialled * (1 - ends); // out of dials
          continue;
        }
        for (const wait of waits) {
          const at = step + wait.steps;
          const bucket = later.get(at) ?? new Float64Array(maxAttempts);
          bucket[attempts + 1] = (bucket[attempts + 1] ?? 0) + dialled * wait.share;
          later.set(at, bucket);
        }
      }
      if (cohort.every((x) => x <= 1e-9)) queue.shift();
    }
    const used = (perStep - budget) / perStep;
    if (used > 1e-9) {
      lastStep = step;
      lastShare = used;
    }
    unusedSteps += 1 - used;
  }
  // The loop ends on the step whose dials leave less than half a lead: its unused part is after the end.
  const hours = ((lastStep + lastShare) * stepMinutes) / 60;
  return { hours, waitingHours: Math.max(0, ((unusedSteps - (1 - lastShare)) * stepMinutes) / 60) };
}
