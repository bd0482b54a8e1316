// A write the record depends on (an attempt's progress or close, an agent's state, a DNC entry,
// evidence) is tried again while the database is away, for a while, rather than lost: the caller
// waits, and writes queued behind it for the same attempt or agent keep their order. An error in
// the statement itself is not tried again.

export interface DurableWriteOptions {
  /** True for errors that may pass (see adapters/pg/transient-error.ts). */
  isTransient: (error: unknown) => boolean;
  /** How long to keep trying before the error is passed on. */
  budgetMs: number;
  /** Told of each failed try that is tried again. */
  onRetry?: (error: unknown, tries: number) => void;
  /** True once the node stops: no more tries, the error passed on (to the spool) at once. */
  givenUp?: () => boolean;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const firstWaitMs = 200;
const longestWaitMs = 5_000;

export async function durably<T>(work: () => Promise<T>, options: DurableWriteOptions): Promise<T> {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = clock() + options.budgetMs;
  for (let tries = 1; ; tries++) {
    try {
      return await work();
    } catch (error: unknown) {
      const wait = Math.min(longestWaitMs, firstWaitMs * 2 ** (tries - 1));
      if (!options.isTransient(error) || clock() + wait > deadline || options.givenUp?.()) throw error;
      options.onRetry?.(error, tries);
      await sleep(wait);
      if (options.givenUp?.()) throw error;
    }
  }
}
